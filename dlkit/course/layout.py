"""Where things are in a course root, and the checks that find bad sources."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from dlkit.course import CourseError

ASSIGNMENT = re.compile(r"^\d\d_[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Course:
    """A course root: the folder holding ``nbgrader_config.py``."""

    root: Path

    @classmethod
    def find(cls, root: str | Path | None = None) -> Course:
        """The course at ``root``, or the one this package was installed from."""
        if root is None:
            candidates = [Path.cwd(), *Path.cwd().parents,
                          Path(__file__).resolve().parents[2]]
        else:
            candidates = [Path(root)]
        for folder in candidates:
            if (folder / "nbgrader_config.py").is_file() and (
                    folder / "solutions").is_dir():
                return cls(folder.resolve())
        where = root if root is not None else Path.cwd()
        raise CourseError(f"no course found at {where}: expected a folder with "
                          "nbgrader_config.py and solutions/; pass --root DIR")

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def release(self) -> Path:
        return self.root / "course"

    @property
    def work(self) -> Path:
        return self.root / "work"

    def assignments(self) -> list[str]:
        """Every assignment in solutions/, in course order."""
        return sorted(p.name for p in self.solutions.iterdir()
                      if p.is_dir() and ASSIGNMENT.match(p.name))

    def notebook(self, assignment: str) -> Path:
        """The instructor notebook of ``assignment``."""
        return self.solutions / assignment / f"{assignment}.ipynb"

    def select(self, names: list[str] | None) -> list[str]:
        """Check that each named assignment exists; no names means all."""
        known = self.assignments()
        if not names:
            return known
        unknown = [n for n in names if n not in known]
        if unknown:
            raise CourseError(f"no assignment {unknown[0]!r} in {self.solutions}; "
                              f"known: {', '.join(known) or 'none'}")
        return list(names)


def read_notebook(path: Path) -> dict:
    """Parse a notebook file, with a one-line error when it is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CourseError(f"{path}: no such notebook") from None
    except (OSError, UnicodeDecodeError) as err:
        raise CourseError(f"{path}: cannot be read ({err})") from None
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as err:
        raise CourseError(f"{path}: not valid notebook JSON (line {err.lineno}, "
                          f"column {err.colno}: {err.msg})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise CourseError(f"{path}: not a notebook (no list of cells)")
    if nb.get("nbformat") != 4:
        raise CourseError(f"{path}: nbformat {nb.get('nbformat')!r} is not "
                          "supported; expected 4")
    return nb


def check_source(path: Path) -> dict:
    """Read an instructor notebook and check its nbgrader cells."""
    nb = read_notebook(path)
    seen = set()
    for index, cell in enumerate(nb["cells"]):
        meta = cell.get("metadata", {}).get("nbgrader")
        if not meta:
            continue
        name = meta.get("grade_id")
        if not name:
            raise CourseError(f"{path}: cell {index} has nbgrader metadata but "
                              "no grade_id")
        if name in seen:
            raise CourseError(f"{path}: grade_id {name!r} is used twice; "
                              "each graded cell needs its own")
        seen.add(name)
    return nb
