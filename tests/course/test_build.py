"""Is course/ generated from solutions/, and do bad sources leave it alone?"""

from __future__ import annotations

import json

import pytest

from dlkit.course import CourseError
from dlkit.course.build import build
from dlkit.course.layout import Course
from tests.conftest import ROOT, copy_course

pytestmark = pytest.mark.nbgrader


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def test_committed_course_matches_solutions():
    """Is the committed course/ exactly what nbgrader makes from solutions/?"""
    stale = build(Course(ROOT), check=True)
    assert not stale, f"course/ is out of date; run 'make course'. Differs: {stale}"


def test_check_notices_a_changed_solution(tmp_path):
    """Does the staleness check fail when a solution changes after course/ was
    made?"""
    root = copy_course(tmp_path, ["01_basics"])
    path = root / "solutions" / "01_basics" / "01_basics.ipynb"
    nb = json.loads(path.read_text())
    nb["cells"][0]["source"] += "\n\nA sentence added later."
    path.write_text(json.dumps(nb))
    assert build(Course(root), ["01_basics"], check=True) == [
        "01_basics/01_basics.ipynb"]


def test_build_regenerates_a_missing_release(tmp_path):
    """Does build recreate a deleted student notebook, byte for byte?"""
    root = copy_course(tmp_path, ["01_basics"])
    release = root / "course" / "01_basics" / "01_basics.ipynb"
    original = release.read_bytes()
    release.unlink()
    assert build(Course(root), ["01_basics"]) == ["01_basics/01_basics.ipynb"]
    assert release.read_bytes() == original


def test_unknown_assignment_is_an_error_that_changes_nothing(tmp_path):
    """Is asking for an assignment that does not exist a clear error?"""
    root = copy_course(tmp_path, ["01_basics"])
    before = snapshot(root)
    with pytest.raises(CourseError, match=r"no assignment '99_nothing'.*known: "
                                          r"01_basics"):
        build(Course(root), ["99_nothing"])
    assert snapshot(root) == before


def test_invalid_json_is_an_error_that_changes_nothing(tmp_path):
    """Does a broken solution notebook stop the build before anything is
    written, with the line of the fault?"""
    root = copy_course(tmp_path, ["01_basics"])
    path = root / "solutions" / "01_basics" / "01_basics.ipynb"
    path.write_text(path.read_text()[:500])
    before = snapshot(root)
    with pytest.raises(CourseError, match=r"01_basics.ipynb: not valid notebook "
                                          r"JSON \(line \d+, column \d+"):
        build(Course(root))
    assert snapshot(root) == before


def test_duplicate_grade_ids_are_refused(tmp_path):
    """Are two graded cells with one name caught before nbgrader sees them?"""
    root = copy_course(tmp_path, ["01_basics"])
    path = root / "solutions" / "01_basics" / "01_basics.ipynb"
    nb = json.loads(path.read_text())
    graded = [c for c in nb["cells"] if "nbgrader" in c["metadata"]]
    graded[1]["metadata"]["nbgrader"]["grade_id"] = graded[0]["metadata"][
        "nbgrader"]["grade_id"]
    path.write_text(json.dumps(nb))
    with pytest.raises(CourseError, match="is used twice"):
        build(Course(root), check=True)
