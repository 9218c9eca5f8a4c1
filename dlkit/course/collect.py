"""Bring submissions into submitted/<student>/<assignment>/, ready to grade.

Two sources, one mechanism: a zip downloaded from a learning-management system
is unpacked by nbgrader's ``zip_collect``; a folder of notebooks is copied to
where ``zip_collect`` would have unpacked it, and collected the same way. File
names follow the pattern in ``nbgrader_config.py``
(``STUDENT_ASSIGNMENT.ipynb`` or ``STUDENT_TIMESTAMP_ASSIGNMENT.ipynb``).

Then :func:`prepare` makes every submission gradable without losing anything:
a notebook under the wrong name is renamed (the original is kept), and a file
that is not a readable notebook is kept aside and replaced by the unanswered
student version with a note, so the student still gets a row and a reason.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from nbgrader.plugins import FileNameCollectorPlugin

from dlkit.course import CourseError, put_environment_on_path
from dlkit.course.layout import Course

_DASHED = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[-_ T](\d\d)-(\d\d)-(\d\d)$")


class TimestampCollector(FileNameCollectorPlugin):
    """nbgrader's file-name collector, reading LMS timestamps correctly.

    dateutil reads ``2026-01-11-09-30-00`` as 09:00:00 (the minutes are lost);
    such stamps are rewritten as ``2026-01-11 09:30:00`` before nbgrader sees
    them.
    """

    def collect(self, submitted_file):
        info = super().collect(submitted_file)
        if info and info.get("timestamp"):
            info["timestamp"] = normalise_timestamp(info["timestamp"])
        return info


def normalise_timestamp(stamp: str) -> str:
    """``YYYY-MM-DD-hh-mm-ss`` as ``YYYY-MM-DD hh:mm:ss``; other forms unchanged."""
    found = _DASHED.match(stamp.strip())
    if not found:
        return stamp
    year, month, day, hour, minute, second = found.groups()
    return f"{year}-{month}-{day} {hour}:{minute}:{second}"


def collect(course: Course, assignment: str, source: Path) -> list[str]:
    """Import a zip or a folder of submissions for ``assignment``.

    Returns the ids of students new to submitted/. Nothing there is deleted: a
    student's newer submission replaces the older one (nbgrader keeps the
    latest by timestamp), and the imported files stay in downloaded/.
    """
    course.select([assignment])
    source = Path(source)
    if not source.exists():
        raise CourseError(f"{source}: no such file or folder")
    downloaded = course.root / "downloaded" / assignment
    archive = downloaded / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    if source.is_dir():         # zip_collect copies plain files from archive/
        for path in sorted(source.rglob("*.ipynb")):
            shutil.copy2(path, archive / path.name)
    elif zipfile.is_zipfile(source):
        shutil.copy2(source, archive / source.name)
    else:
        raise CourseError(f"{source}: expected a .zip file or a folder of "
                          "notebooks")

    before = submitted_students(course, assignment)
    put_environment_on_path()
    run = subprocess.run([sys.executable, "-m", "nbgrader", "zip_collect", assignment,
                          "--force"], cwd=course.root, capture_output=True,
                         text=True)
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["no details"])[-1]
        raise CourseError(f"nbgrader zip_collect failed for {source}: {last}")
    prepare(course, assignment)
    return sorted(submitted_students(course, assignment) - before)


def submitted_students(course: Course, assignment: str) -> set[str]:
    """Students with a folder for ``assignment`` in submitted/."""
    submitted = course.root / "submitted"
    if not submitted.is_dir():
        return set()
    return {p.name for p in submitted.iterdir() if (p / assignment).is_dir()}


def prepare(course: Course, assignment: str) -> list[str]:
    """Make every submission of ``assignment`` gradable; return what was done."""
    release = course.release / assignment / f"{assignment}.ipynb"
    expected = f"{assignment}.ipynb"
    done = []
    for student in sorted(submitted_students(course, assignment)):
        folder = course.root / "submitted" / student / assignment
        target = folder / expected
        if not target.exists():
            others = sorted(p for p in folder.glob("*.ipynb"))
            if len(others) == 1:
                shutil.copy2(others[0], folder / (others[0].name + ".original"))
                others[0].rename(target)
                done.append(f"{student}: renamed {others[0].name} to {expected}")
        if not target.exists():
            continue
        problem = _unreadable(target)
        if problem:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = folder / f"{expected}.unreadable-{stamp}"
            target.rename(kept)
            nb = json.loads(release.read_text(encoding="utf-8"))
            nb.setdefault("metadata", {})["dlcourse"] = {
                "notes": [f"the submitted file was not a readable notebook "
                          f"({problem}); it is kept as {kept.name}"]}
            target.write_text(json.dumps(nb, indent=1), encoding="utf-8")
            done.append(f"{student}: {problem}; kept as {kept.name}, graded as "
                        "unanswered")
    return done


def _unreadable(path: Path) -> str | None:
    """Why ``path`` is not a notebook nbgrader can read, or None."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return f"cannot be read: {err}"
    if not text.strip():
        return "the file is empty"
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as err:
        return f"not valid JSON (line {err.lineno}: {err.msg})"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list) or (
            nb.get("nbformat") != 4):
        return "not a version-4 notebook"
    if any(not isinstance(c, dict) or "cell_type" not in c for c in nb["cells"]):
        return "a cell without a type"
    return None
