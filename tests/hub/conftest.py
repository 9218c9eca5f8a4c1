"""A class on this machine: real accounts, the exchange, commands run as each user.

Each class gets fresh accounts with a random tag in their names (so that two
runs at once never share one), homes and the exchange in a temporary folder,
and is removed afterwards, also when a test fails. Making accounts needs
root: without root the tests are skipped, unless CI is set, where that is a
failure.

Preparing the class lets other accounts pass through the folders that lead to
this environment's Python (o+x, never listing): with a Python under /root
nobody else could start it. The change is kept; it opens no folder to reading.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dlkit.course import CourseError, hub
from dlkit.course.layout import Course
from tests.conftest import ROOT

COURSE = Course(ROOT)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def need_root() -> None:
    if os.geteuid() == 0:
        return
    reason = ("the class tests create OS accounts (useradd) and run nbgrader as "
              "them (runuser), which needs root")
    if _in_ci():
        pytest.fail(f"CI is set but the suite does not run as root: {reason}")
    pytest.skip(f"{reason}; run the suite as root (CI=true makes this a failure)")


@contextlib.contextmanager
def class_on_this_machine():
    need_root()
    base = Path(tempfile.mkdtemp(prefix="dlcourse-class-"))
    os.chmod(base, 0o755)
    hub.grant_traverse([base])
    homes = base / "home"
    homes.mkdir()
    os.chmod(homes, 0o755)
    tag = secrets.token_hex(3)
    klass = hub.HubClass(state=base / "state", instructor=f"dlc{tag}-teacher",
                         students=(f"dlc{tag}-s1", f"dlc{tag}-s2"))
    try:
        hub.prepare(COURSE, klass, create_users=True, homes=homes)
        yield klass
    finally:
        for user in klass.members:
            with contextlib.suppress(CourseError, KeyError):
                hub.remove_account(user)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def klass():
    """A fresh class: an instructor and two students, each a real account."""
    with class_on_this_machine() as made:
        yield made


@pytest.fixture(scope="module")
def module_class():
    """One class for the tests of a module."""
    with class_on_this_machine() as made:
        yield made


def run_as(klass: hub.HubClass, user: str, *command: str, cwd: Path | None = None,
           stdin: str | None = None, timeout: int = 300):
    """Run ``command`` as ``user``, in their home (or ``cwd``), with the
    environment a single-user server of the hub gives them."""
    home = hub.home_of(user)
    env = [f"HOME={home}", f"USER={user}", "LANG=C.UTF-8",
           f"PATH={os.path.dirname(sys.executable)}:/usr/bin:/bin",
           f"JUPYTER_CONFIG_PATH={klass.config_dir}",
           "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1",
           "PYTHONDONTWRITEBYTECODE=1"]
    return subprocess.run(["runuser", "-u", user, "--", "env", "-i", *env, *command],
                          cwd=cwd or home, input=stdin, capture_output=True,
                          text=True, timeout=timeout)


def nbgrader_as(klass: hub.HubClass, user: str, *args: str, cwd: Path | None = None):
    """An nbgrader command run as ``user``; fails the test when it fails."""
    done = run_as(klass, user, sys.executable, "-m", "nbgrader", *args, cwd=cwd)
    assert done.returncode == 0, (
        f"nbgrader {' '.join(args)} as {user} exited {done.returncode}:\n"
        f"{done.stderr[-3000:]}")
    return done


def at_once(*calls):
    """Run the zero-argument ``calls`` side by side; return their results."""
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [f.result() for f in [pool.submit(call) for call in calls]]
