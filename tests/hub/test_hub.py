"""Does the class's JupyterHub let a student in, and give them a server that runs
as their own account and sees the class's assignments?

The real hub, started from hub/jupyterhub_config.py on free loopback ports,
with its proxy; stopped afterwards, also when a test fails.
"""

from __future__ import annotations

import dataclasses
import http.cookiejar
import json
import os
import pwd
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from dlkit.course import hub
from tests.hub.conftest import COURSE, nbgrader_as, run_as

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "01_basics"


@dataclasses.dataclass
class RunningHub:
    klass: hub.HubClass
    url: str
    password: str
    token: str
    log: Path

    def api(self, method: str, path: str, data: dict | None = None):
        """A hub or user-server API call with the roster token: (status, JSON)."""
        body = json.dumps(data).encode() if data is not None else None
        request = urllib.request.Request(
            self.url + path, data=body, method=method,
            headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                text = reply.read().decode()
                return reply.status, json.loads(text) if text.strip() else None
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def log_tail(self) -> str:
        return self.log.read_text()[-3000:]


def wait_for(check, what: str, hub_process, log: Path, limit: float = 120):
    """Poll ``check`` until it returns something true; fail with the hub's log
    if the hub exits or ``limit`` seconds pass."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if hub_process is not None and hub_process.poll() is not None:
            pytest.fail(f"the hub exited ({hub_process.returncode}) while waiting "
                        f"for {what}:\n{log.read_text()[-3000:]}")
        found = check()
        if found:
            return found
        time.sleep(0.5)
    pytest.fail(f"gave up waiting for {what}:\n{log.read_text()[-3000:]}")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="module")
def running_hub(module_class):
    """JupyterHub serving the class on loopback; stopped at the end."""
    ports = {name: hub.free_port("127.0.0.1")
             for name in ("port", "hub_port", "proxy_port")}
    klass = dataclasses.replace(module_class, **ports)
    hub.write_class_file(COURSE, klass, [])
    password, token = secrets.token_urlsafe(12), secrets.token_hex(24)
    command, env = hub.hub_command(COURSE, klass, password, token)
    log = klass.hub_dir / "jupyterhub.log"
    with open(log, "w") as out:
        process = subprocess.Popen(command, cwd=klass.hub_dir, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{klass.port}"
    try:
        wait_for(lambda: answers(f"{url}/hub/api"), "the hub to answer", process, log)
        yield RunningHub(klass, url, password, token, log)
    finally:
        process.send_signal(signal.SIGTERM)     # stops the users' servers and proxy
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        try:
            os.killpg(process.pid, signal.SIGKILL)  # a proxy left in its session
        except ProcessLookupError:
            pass


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def log_in(running: RunningHub, user: str, password: str):
    """Post the hub's login form; return the status and the cookies it set."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                          NoRedirect)
    with browser.open(f"{running.url}/hub/login", timeout=30) as page:
        form = page.read().decode()
    xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', form)
    assert xsrf, "no _xsrf field in the login form"
    data = urllib.parse.urlencode({"username": user, "password": password,
                                   "_xsrf": xsrf.group(1)}).encode()
    try:
        with browser.open(f"{running.url}/hub/login", data, timeout=30) as reply:
            return reply.status, jar
    except urllib.error.HTTPError as err:
        return err.code, jar


def whoami(running: RunningHub, jar) -> str:
    """Who the hub takes the holder of these login cookies for."""
    xsrf = next(c.value for c in jar if c.name == "_xsrf")
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    request = urllib.request.Request(f"{running.url}/hub/api/user",
                                     headers={"X-XSRFToken": xsrf})
    with browser.open(request, timeout=30) as reply:
        return json.loads(reply.read())["name"]


def test_a_student_logs_in_with_the_class_password(running_hub):
    """Is a wrong password refused, the right one let in, and does the hub's
    API list the whole class?"""
    student = running_hub.klass.students[0]

    status, jar = log_in(running_hub, student, "not-the-password")
    assert status == 403, running_hub.log_tail()
    assert not any(c.name.startswith("jupyterhub-session") for c in jar)

    status, jar = log_in(running_hub, student, running_hub.password)
    assert status == 302, running_hub.log_tail()
    assert any(c.name == "jupyterhub-hub-login" for c in jar), list(jar)

    assert whoami(running_hub, jar) == student

    status, users = running_hub.api("GET", "/hub/api/users")
    assert status == 200, users
    assert set(running_hub.klass.members) <= {u["name"] for u in users}, users


def test_a_students_server_runs_as_their_account(running_hub):
    """Does the hub start a student's server as the student's own account, and
    does it fetch the released assignment from the class's exchange?"""
    klass = running_hub.klass
    student = klass.students[1]
    nbgrader_as(klass, klass.instructor, "release_assignment", ASSIGNMENT,
                "--force", cwd=klass.course_root())

    status, reply = running_hub.api("POST", f"/hub/api/users/{student}/server")
    assert status in (201, 202), reply

    def ready():
        _, user = running_hub.api("GET", f"/hub/api/users/{student}")
        return user["servers"].get("", {}).get("ready")
    wait_for(ready, f"{student}'s server", None, running_hub.log)

    commands = []
    for pid in hub.processes_of(student):
        try:
            commands.append(Path(f"/proc/{pid}/cmdline").read_bytes())
        except FileNotFoundError:
            continue
    assert any(b"jupyterhub-singleuser" in c for c in commands), commands

    base = f"/user/{student}"
    status, listed = running_hub.api(
        "GET", f"{base}/assignments?course_id=dlcourse")
    assert status == 200, listed
    assert listed["success"], listed
    assert [a["assignment_id"] for a in listed["value"]] == [ASSIGNMENT], listed

    status, fetched = running_hub.api(
        "POST", f"{base}/assignments/fetch",
        {"course_id": "dlcourse", "assignment_id": ASSIGNMENT})
    assert status == 200 and fetched["success"], fetched
    copy = hub.home_of(student) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert copy.stat().st_uid == pwd.getpwnam(student).pw_uid, "not the student's"

    status, _ = running_hub.api("DELETE", f"/hub/api/users/{student}/server")
    assert status in (202, 204)

    def stopped():
        _, user = running_hub.api("GET", f"/hub/api/users/{student}")
        return not user["servers"]
    wait_for(stopped, f"{student}'s server to stop", None, running_hub.log)


def test_the_hub_verb_needs_root(module_class):
    """Run by an ordinary account, does 'dlcourse hub' say in one line that it
    needs root, and change nothing?"""
    student = module_class.students[0]
    state = hub.home_of(student) / "state"
    done = run_as(module_class, student, sys.executable, "-m", "dlkit.course",
                  "--root", str(COURSE.root), "hub", "--setup-only",
                  "--state", str(state))
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "must run as root" in done.stderr
    assert not state.exists()
