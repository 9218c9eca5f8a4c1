"""Does the command line report a user's mistakes in one line, changing nothing?"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, copy_course


def dlcourse(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "dlkit.course", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_unknown_assignment_gives_one_line():
    """Is 'build 99_nothing' one line on stderr with exit status 2?"""
    result = dlcourse("build", "99_nothing", "--check")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert result.stderr.startswith("dlcourse: error: no assignment '99_nothing'")


def test_invalid_notebook_gives_one_line(tmp_path):
    """Is validating a file that is not JSON one line, not a traceback?"""
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{ not json")
    result = dlcourse("validate", str(broken))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "not valid notebook JSON (line 1, column 3" in result.stderr


def test_a_folder_that_is_no_course(tmp_path):
    """Does --root pointing at an empty folder say what a course root holds?"""
    result = dlcourse("--root", str(tmp_path), "build")
    assert result.returncode == 2
    assert "expected a folder with nbgrader_config.py and solutions/" in result.stderr


@pytest.mark.nbgrader
def test_check_reports_stale_course(tmp_path):
    """Does 'build --check' exit 1 and name the stale file?"""
    root = copy_course(tmp_path, ["01_basics"])
    (root / "course" / "01_basics" / "01_basics.ipynb").write_text("{}")
    result = dlcourse("--root", str(root), "build", "--check")
    assert result.returncode == 1
    assert "differs: 01_basics/01_basics.ipynb" in result.stdout


def test_lab_command_line(tmp_path):
    """Does the lab verb open the student's copy, headless when asked?"""
    from dlkit.course.lab import lab
    from dlkit.course.layout import Course

    root = copy_course(tmp_path, ["01_basics"])
    command, report = lab(Course(root), open_browser=False, port=8899)
    assert f"--ServerApp.root_dir={root / 'work'}" in command
    assert "--no-browser" in command and "--port=8899" in command
    assert report == ["added 01_basics/01_basics.ipynb"]
    assert (root / "work" / "01_basics" / "01_basics.ipynb").exists()
