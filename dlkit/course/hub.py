"""A class on a shared server: JupyterHub, one account per person, nbgrader's exchange.

:func:`prepare` lays a class out on this machine, as root::

    STATE/exchange/                 the exchange: root's, mode 1777
    STATE/etc/jupyter/nbgrader_config.py    the class's nbgrader settings, for all
    STATE/hub/                      JupyterHub's database and secrets (0700)
    STATE/class.json                the class, as hub/jupyterhub_config.py reads it
    ~INSTRUCTOR/dlcourse/           the instructor's course root (0700)
    ~INSTRUCTOR/.jupyter/nbgrader_config.py points formgrader at that root

:func:`hub_command` is the JupyterHub command line that serves the class.
Every account runs the Python of this environment, so :func:`grant_traverse`
lets other accounts pass through (never list) the folders that lead to it.
"""

from __future__ import annotations

import functools
import json
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from string import Template

from dlkit.course import CourseError
from dlkit.course.layout import Course

PROXY = Path("node_modules") / ".bin" / "configurable-http-proxy"


@dataclass(frozen=True)
class HubClass:
    """Who is in the class, where its files live, where the hub listens."""

    state: Path
    instructor: str = "dlc-instructor"
    students: tuple[str, ...] = ("dlc-student1", "dlc-student2")
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_port: int = 8001

    @property
    def members(self) -> tuple[str, ...]:
        return (self.instructor, *self.students)

    @property
    def exchange(self) -> Path:
        return self.state / "exchange"

    @property
    def config_dir(self) -> Path:
        return self.state / "etc" / "jupyter"

    @property
    def hub_dir(self) -> Path:
        return self.state / "hub"

    @property
    def class_file(self) -> Path:
        return self.state / "class.json"

    def course_root(self) -> Path:
        """The instructor's course root, in their home folder."""
        return home_of(self.instructor) / "dlcourse"


def require_root() -> None:
    if os.geteuid() != 0:
        raise CourseError("the class hub must run as root: it makes the exchange, "
                          "and JupyterHub starts each user's server as that "
                          "user's account; run it with sudo")


def home_of(user: str) -> Path:
    try:
        return Path(pwd.getpwnam(user).pw_dir)
    except KeyError:
        raise CourseError(f"no account {user!r} on this machine; create it "
                          "(useradd) or pass --create-users") from None


def create_account(user: str, home: Path | None = None) -> None:
    """Make a login-less account with a private home folder (0700)."""
    command = ["useradd", "--create-home", "--user-group", "--shell",
               "/usr/sbin/nologin", "--comment", "dlcourse class"]
    if home is not None:
        command += ["--home-dir", str(home)]
    done = subprocess.run([*command, user], capture_output=True, text=True)
    if done.returncode != 0:
        raise CourseError(f"could not create account {user!r}: "
                          f"{done.stderr.strip() or done.returncode}")
    os.chmod(home_of(user), 0o700)


def processes_of(user: str) -> list[int]:
    """Ids of the processes running as ``user``."""
    uid = pwd.getpwnam(user).pw_uid
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    found.append(int(entry.name))
            except FileNotFoundError:
                continue
    return found


def remove_account(user: str, remove_home: bool = False) -> None:
    """Stop what runs as ``user``, then delete the account (and its home)."""
    home = home_of(user)
    for pid in processes_of(user):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    subprocess.run(["userdel", user], capture_output=True, check=False)
    if remove_home:
        shutil.rmtree(home, ignore_errors=True)


def remove_created_accounts(klass: HubClass) -> list[str]:
    """Delete the accounts (and homes) that preparing this class created."""
    if not klass.class_file.exists():
        return []
    settings = json.loads(klass.class_file.read_text())
    removed = []
    for user in settings.get("created_accounts", []):
        try:
            remove_account(user, remove_home=True)
        except CourseError:
            continue                    # already gone
        removed.append(user)
    settings["created_accounts"] = []
    _write(klass.class_file, json.dumps(settings, indent=2) + "\n", 0o644)
    return removed


def grant_traverse(paths: list[Path]) -> list[Path]:
    """Give other accounts passage (o+x, never o+r) through every folder that
    leads to ``paths`` and to what their symbolic links point at.

    Returns the folders that changed. A Python installed under /root (pyenv)
    needs this, or no other account can start it.
    """
    changed = []
    for path in paths:
        for target in dict.fromkeys([Path(os.path.abspath(path)),
                                     Path(os.path.realpath(path))]):
            folders = [target] if target.is_dir() else []
            for folder in [*folders, *target.parents]:
                mode = folder.stat().st_mode
                if not mode & stat.S_IXOTH:
                    os.chmod(folder, stat.S_IMODE(mode) | stat.S_IXOTH)
                    changed.append(folder)
    return changed


def render(course: Course, template: str, **values: str) -> str:
    """A file of the course's hub/ with its ${name} placeholders filled in."""
    for name, value in values.items():
        if any(ch in value for ch in "\"\\\n"):
            raise CourseError(f"{name} may not contain quotes, backslashes or "
                              f"line breaks; got {value!r}")
    return Template((course.root / "hub" / template).read_text()).substitute(values)


@functools.lru_cache
def course_id(course: Course) -> str:
    """The course id of the course's own nbgrader settings."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course.root))
    return config.load_config().CourseDirectory.course_id


def _write(path: Path, text: str, mode: int, owner: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    os.chmod(path, mode)
    if owner is not None:
        shutil.chown(path, owner, owner)


def _chown_tree(top: Path, user: str) -> None:
    for folder, dirs, files in os.walk(top):
        for name in [*dirs, *files]:
            shutil.chown(os.path.join(folder, name), user, user)
    shutil.chown(top, user, user)


def make_course_root(course: Course, klass: HubClass) -> Path:
    """The instructor's course root: solutions/ and course/ as in the course,
    its nbgrader settings, the shared exchange. Gradebook and submissions of
    an earlier run are kept."""
    root = klass.course_root()
    root.mkdir(mode=0o700, exist_ok=True)
    for folder in (course.solutions, course.release):
        target = root / folder.name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns(
            ".ipynb_checkpoints", "__pycache__"))
    shutil.copy2(course.root / "nbgrader_config.py", root / "course_config.py")
    _write(root / "nbgrader_config.py",
           render(course, "course_nbgrader_config.py",
                  exchange=str(klass.exchange)), 0o644)
    _chown_tree(root, klass.instructor)
    user_config = root.parent / ".jupyter" / "nbgrader_config.py"
    _write(user_config,
           f'"""nbgrader settings of {klass.instructor}: the course root '
           f'{root} (written by dlcourse hub)."""\n\n'
           "c = get_config()  # noqa: F821\n"
           f'load_subconfig("nbgrader_config.py", path="{root}")  # noqa: F821\n',
           0o644)
    _chown_tree(user_config.parent, klass.instructor)
    return root


def write_class_file(course: Course, klass: HubClass, created: list[str]) -> None:
    """The class as hub/jupyterhub_config.py reads it; ``created`` adds to the
    accounts that earlier runs created."""
    if klass.class_file.exists():
        earlier = json.loads(klass.class_file.read_text()).get("created_accounts", [])
        created = list(dict.fromkeys([*earlier, *created]))
    settings = {
        "course_id": course_id(course), "instructor": klass.instructor,
        "students": list(klass.students), "ip": klass.ip, "port": klass.port,
        "hub_port": klass.hub_port, "proxy_port": klass.proxy_port,
        "exchange": str(klass.exchange), "config_dir": str(klass.config_dir),
        "hub_dir": str(klass.hub_dir), "course_root": str(klass.course_root()),
        "venv_bin": os.path.dirname(sys.executable),
        "proxy": str(proxy_path(course)), "created_accounts": created,
    }
    _write(klass.class_file, json.dumps(settings, indent=2) + "\n", 0o644)


def proxy_path(course: Course) -> Path:
    return course.root / "hub" / PROXY


def prepare(course: Course, klass: HubClass, create_users: bool = False,
            homes: Path | None = None) -> list[str]:
    """Lay the class out on this machine; return what was done, line by line.

    Accounts of the class that do not exist are created with ``create_users``
    (their homes in ``homes``, default /home), otherwise reported as missing.
    """
    require_root()
    report, created = [], []
    for user in klass.members:
        try:
            pwd.getpwnam(user)
        except KeyError:
            if not create_users:
                home_of(user)           # raises: says how to create it
            create_account(user, homes / user if homes else None)
            created.append(user)
    if created:
        report.append(f"created the accounts {', '.join(created)} (no login shell, "
                      "no password: they log in through the hub only)")

    opened = grant_traverse([Path(sys.executable), Path(sys.base_prefix),
                             course.root])
    if opened:
        report.append("let other accounts pass through (o+x, no listing) "
                      + ", ".join(map(str, opened)))

    klass.state.mkdir(parents=True, exist_ok=True)
    os.chmod(klass.state, 0o755)
    klass.exchange.mkdir(exist_ok=True)
    os.chown(klass.exchange, 0, 0)
    os.chmod(klass.exchange, 0o1777)
    klass.hub_dir.mkdir(exist_ok=True)
    os.chmod(klass.hub_dir, 0o700)
    _write(klass.config_dir / "nbgrader_config.py",
           render(course, "nbgrader_config.py", exchange=str(klass.exchange),
                  course_id=course_id(course)), 0o644)
    os.chmod(klass.config_dir, 0o755)
    os.chmod(klass.config_dir.parent, 0o755)
    root = make_course_root(course, klass)
    write_class_file(course, klass, created)
    report += [f"exchange: {klass.exchange} (root's, 1777)",
               f"class settings: {klass.config_dir / 'nbgrader_config.py'}",
               f"course root of {klass.instructor}: {root}"]
    return report


def free_port(ip: str, preferred: int = 0) -> int:
    """``preferred`` if nothing listens there, otherwise a free port."""
    for port in (preferred, 0) if preferred else (0,):
        with socket.socket() as probe:
            try:
                probe.bind((ip, port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise CourseError(f"no free port on {ip}")


def hub_command(course: Course, klass: HubClass, password: str,
                service_token: str | None = None) -> tuple[list[str], dict[str, str]]:
    """The JupyterHub command line for a prepared class, and its environment."""
    if not proxy_path(course).exists():
        raise CourseError(f"the hub's proxy is not installed ({proxy_path(course)} "
                          "is missing); run 'make hub-proxy' (npm install)")
    if len(password) < 8:
        raise CourseError(f"the hub password must have at least 8 characters; got "
                          f"{len(password)}")
    jupyterhub = Path(sys.executable).with_name("jupyterhub")
    env = {**os.environ, "DLCOURSE_HUB_CLASS": str(klass.class_file),
           "DLCOURSE_HUB_PASSWORD": password}
    if service_token:
        env["DLCOURSE_HUB_SERVICE_TOKEN"] = service_token
    config = course.root / "hub" / "jupyterhub_config.py"
    return [str(jupyterhub), "-f", str(config)], env
