"""The student's own copy of the course, which updates never overwrite.

``work/`` holds the notebooks a student opens. :func:`sync` copies into it what
course/ has and work/ lacks. A file the student has not touched since it was
copied is brought up to date; a file they edited is left alone, and the new
version is put beside it, so that nothing they wrote is ever lost.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from dlkit.course import CourseError
from dlkit.course.layout import Course

MANIFEST = ".course-copy.json"
SKIP = {".ipynb_checkpoints", "__pycache__"}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _updated_name(path: Path) -> Path:
    return path.with_name(f"{path.stem} (course update){path.suffix}")


@dataclass
class SyncReport:
    """What :func:`sync` did, file by file (paths relative to work/)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"added {p}" for p in self.added]
        out += [f"updated {p} (you had not changed it)" for p in self.updated]
        out += [f"kept your {p}; the course's new version is in "
                f"{_updated_name(Path(p)).name}" for p in self.kept]
        return out


def _course_files(release: Path) -> list[Path]:
    return sorted(p for p in release.rglob("*")
                  if p.is_file() and not SKIP & set(p.relative_to(release).parts))


def sync(course: Course, work: Path | None = None) -> SyncReport:
    """Bring the student's copy up to date with course/ without losing work."""
    work = work or course.work
    if not course.release.is_dir():
        raise CourseError(f"{course.release} is missing; run 'make course' first")
    work.mkdir(parents=True, exist_ok=True)
    manifest_path = work / MANIFEST
    try:
        copied = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    except json.JSONDecodeError:
        copied = {}     # an unreadable record only means: treat files as edited

    report = SyncReport()
    for source in _course_files(course.release):
        rel = source.relative_to(course.release).as_posix()
        target = work / rel
        new = _digest(source)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            copied[rel] = new
            report.added.append(rel)
            continue
        mine = _digest(target)
        if mine == new:
            copied[rel] = new
        elif copied.get(rel) == mine:
            shutil.copy2(source, target)
            copied[rel] = new
            report.updated.append(rel)
        else:
            beside = _updated_name(target)
            if not beside.exists() or _digest(beside) != new:
                shutil.copy2(source, beside)
                report.kept.append(rel)

    manifest_path.write_text(json.dumps(copied, indent=1, sort_keys=True) + "\n")
    return report
