"""Fixtures shared by the whole suite: where the course is, and its notebooks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dlkit.course import put_environment_on_path

put_environment_on_path()   # nbgrader runs alembic by name

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir()
                     if p.is_dir() and (p / f"{p.name}.ipynb").exists())


def solution_path(assignment: str) -> Path:
    return ROOT / "solutions" / assignment / f"{assignment}.ipynb"


def release_path(assignment: str) -> Path:
    return ROOT / "course" / assignment / f"{assignment}.ipynb"


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def copy_course(into: Path, assignments=None, with_release: bool = True) -> Path:
    """A scratch copy of the course root (config, solutions, course) in ``into``."""
    root = into / "course-root"
    root.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    for folder in ("solutions", "course") if with_release else ("solutions",):
        (root / folder).mkdir()
        for name in assignments or ASSIGNMENTS:
            if (ROOT / folder / name).exists():
                shutil.copytree(ROOT / folder / name, root / folder / name)
    return root


@pytest.fixture
def scratch_course(tmp_path):
    """A scratch copy of the whole course root."""
    return copy_course(tmp_path)
