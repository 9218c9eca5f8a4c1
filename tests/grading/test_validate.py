"""Does nbgrader's validator judge the notebooks as a student would expect?"""

from __future__ import annotations

import pytest

from dlkit.course.validate import validate
from tests.conftest import ASSIGNMENTS, release_path

pytestmark = pytest.mark.nbgrader


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_version_fails_validation(assignment):
    """Does Validate report that a blank student notebook is not done, with no
    test cell passing?"""
    ok, problems = validate(release_path(assignment), invert=True)
    assert ok, problems


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_blank_student_version_is_not_reported_as_passing(assignment):
    """Does the ordinary validation (what the Validate button runs) fail?"""
    ok, problems = validate(release_path(assignment))
    assert not ok
    assert any("NotImplementedError" in p for p in problems), problems
