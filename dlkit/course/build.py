"""Generate the student notebooks of course/ from solutions/ with nbgrader.

nbgrader runs on a scratch copy of the sources, so a failure leaves course/
as it was, and ``check`` can compare without touching anything.
"""

from __future__ import annotations

import filecmp
import logging
import shutil
import tempfile
from pathlib import Path

from dlkit.course import CourseError, put_environment_on_path
from dlkit.course.layout import Course, check_source

log = logging.getLogger(__name__)

IGNORED = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc")


def nbgrader_api(root: Path):
    """An in-process nbgrader API for the course at ``root`` (saves a start-up
    of about five seconds per call over the command line)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    # nbgrader looks at the exchange on start-up and complains if it is missing.
    Path(config.Exchange.root).mkdir(parents=True, exist_ok=True)
    coursedir = CourseDirectory(config=config)
    put_environment_on_path()
    quiet = logging.getLogger("traitlets")
    quiet.setLevel(logging.WARNING)
    quiet.propagate = False     # failures are reported by the caller, in one line
    api = NbGraderAPI(coursedir=coursedir, config=config)
    api.log.setLevel(logging.WARNING)
    return api


def generate(course: Course, names: list[str], into: Path) -> Path:
    """Generate ``names`` in a scratch course under ``into``; return its course/."""
    scratch = into / "root"
    (scratch / "solutions").mkdir(parents=True)
    shutil.copy2(course.root / "nbgrader_config.py", scratch)
    for name in names:
        shutil.copytree(course.solutions / name, scratch / "solutions" / name,
                        ignore=IGNORED)
    api = nbgrader_api(scratch)
    for name in names:
        result = api.generate_assignment(name, force=True, create=True)
        if not result["success"]:
            detail = (result.get("error") or result.get("log") or "").strip()
            last = detail.splitlines()[-1] if detail else "no details"
            raise CourseError(f"nbgrader could not generate {name}: {last}")
    return scratch / "course"


def _differences(left: Path, right: Path) -> list[str]:
    """Relative paths that differ between two folder trees."""
    found = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + n for n in cmp.left_only + cmp.right_only)
        found.extend(prefix + n for n in cmp.diff_files + cmp.funny_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=[".ipynb_checkpoints"]), "")
    return sorted(found)


def build(course: Course, names: list[str] | None = None,
          check: bool = False) -> list[str]:
    """Regenerate course/ for ``names`` (all when empty).

    Returns the files that changed (with ``check``: that would change), as
    paths relative to course/. With ``check``, nothing is written.
    """
    names = course.select(names)
    for name in names:
        check_source(course.notebook(name))

    with tempfile.TemporaryDirectory(prefix="dlcourse-build-") as tmp:
        fresh = generate(course, names, Path(tmp))
        changed = []
        for name in names:
            target = course.release / name
            if not target.exists():
                changed.append(f"{name}/")
            else:
                changed += [f"{name}/{p}" for p in _differences(fresh / name, target)]
        if check or not changed:
            return changed
        for name in names:
            target = course.release / name
            staged = course.release / f".{name}.new"
            shutil.rmtree(staged, ignore_errors=True)
            shutil.copytree(fresh / name, staged)
            if target.exists():
                shutil.rmtree(target)
            staged.rename(target)
    return changed
