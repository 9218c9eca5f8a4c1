"""Is a student's own copy of the course safe from course updates?"""

from __future__ import annotations

import json

from dlkit.course.layout import Course
from dlkit.course.student import sync
from tests.conftest import copy_course


def release_update(root, assignment="01_basics", text="A new hint."):
    """Change the course's version of a notebook, as a git pull would."""
    path = root / "course" / assignment / f"{assignment}.ipynb"
    nb = json.loads(path.read_text())
    nb["cells"][0]["source"] = "".join(nb["cells"][0]["source"]) + "\n\n" + text
    path.write_text(json.dumps(nb))
    return path


def test_first_sync_copies_everything(tmp_path):
    """Does the first sync give the student every notebook of the course?"""
    course = Course(copy_course(tmp_path))
    report = sync(course)
    assert "01_basics/01_basics.ipynb" in report.added
    assert (course.work / "01_basics" / "01_basics.ipynb").read_bytes() == (
        course.release / "01_basics" / "01_basics.ipynb").read_bytes()


def test_edited_notebook_survives_an_update(tmp_path):
    """After a course update, is the student's edited notebook untouched, with
    the new version put beside it?"""
    course = Course(copy_course(tmp_path))
    sync(course)
    mine = course.work / "01_basics" / "01_basics.ipynb"
    nb = json.loads(mine.read_text())
    nb["cells"][3]["source"] = "my own work"
    mine.write_text(json.dumps(nb))
    edited = mine.read_bytes()

    release_update(course.root)
    report = sync(course)

    assert mine.read_bytes() == edited
    assert report.kept == ["01_basics/01_basics.ipynb"]
    beside = mine.with_name("01_basics (course update).ipynb")
    assert "A new hint." in beside.read_text()
    assert sync(course).kept == []            # said once, not at every sync
    assert mine.read_bytes() == edited


def test_untouched_notebook_is_updated(tmp_path):
    """Does a notebook the student never changed follow the course?"""
    course = Course(copy_course(tmp_path))
    sync(course)
    new = release_update(course.root)
    report = sync(course)
    assert report.updated == ["01_basics/01_basics.ipynb"]
    assert (course.work / "01_basics" / "01_basics.ipynb").read_bytes() == (
        new.read_bytes())


def test_new_notebooks_appear(tmp_path):
    """Does a notebook added to the course later show up in the copy?"""
    course = Course(copy_course(tmp_path))
    sync(course)
    extra = course.release / "99_extra"
    extra.mkdir()
    (extra / "99_extra.ipynb").write_text("{}")
    (extra / "data.csv").write_text("a,b\n")
    report = sync(course)
    assert sorted(report.added) == ["99_extra/99_extra.ipynb", "99_extra/data.csv"]


def test_lost_record_never_overwrites(tmp_path):
    """If the record of copied files is damaged, is every differing file
    treated as the student's own?"""
    course = Course(copy_course(tmp_path))
    sync(course)
    (course.work / ".course-copy.json").write_text("{ damaged")
    release_update(course.root)
    report = sync(course)
    assert report.kept == ["01_basics/01_basics.ipynb"]
