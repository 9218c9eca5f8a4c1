"""Does the real nbgrader pipeline grade the course as intended?

One pass per assignment through the nbgrader command line: generate the
student version, submit three notebooks (the solution, the untouched student
version, and one with a catalogue mistake in every exercise), autograde them
in one call, and read the gradebook.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from nbgrader.api import Gradebook

from tests.catalogue import wrong_answers
from tests.conftest import ASSIGNMENTS, copy_course, load

pytestmark = pytest.mark.nbgrader


def nbgrader(root, *args):
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root,
                            capture_output=True, text=True, timeout=600)
    return result


def first_mistakes(release: dict, assignment: str) -> dict:
    """The student version with each exercise answered by its first wrong answer."""
    nb = json.loads(json.dumps(release))
    catalogue = wrong_answers(assignment)
    for cell in nb["cells"]:
        name = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell["cell_type"] == "code" and name in catalogue:
            cell["source"] = next(iter(catalogue[name].values()))
    return nb


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    assignment = request.param
    root = copy_course(tmp_path_factory.mktemp(assignment), [assignment],
                       with_release=False)
    made = nbgrader(root, "generate_assignment", assignment, "--force")
    assert made.returncode == 0, made.stderr[-2000:]
    release = load(root / "course" / assignment / f"{assignment}.ipynb")
    submissions = {
        "solution": load(root / "solutions" / assignment / f"{assignment}.ipynb"),
        "blank": release,
        "mistakes": first_mistakes(release, assignment),
    }
    for student, nb in submissions.items():
        folder = root / "submitted" / student / assignment
        folder.mkdir(parents=True)
        (folder / f"{assignment}.ipynb").write_text(json.dumps(nb))
    run = nbgrader(root, "autograde", assignment, "--force")
    assert run.returncode == 0, run.stderr[-3000:]

    scores = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for student in submissions:
            notebook = gb.find_submission_notebook(assignment, assignment, student)
            scores[student] = {g.name: (g.score, g.max_score, g.cell.cell_type)
                               for g in notebook.grades}
    yield assignment, scores
    shutil.rmtree(root, ignore_errors=True)


def code_grades(scores):
    return {name: (score, top) for name, (score, top, kind) in scores.items()
            if kind == "code"}


def test_solution_earns_every_autograded_point(graded):
    """Does the instructor's solution earn full marks on every test cell?"""
    assignment, scores = graded
    short = {n: s for n, s in code_grades(scores["solution"]).items() if s[0] != s[1]}
    assert code_grades(scores["solution"]), f"{assignment} has no test cells"
    assert not short, f"{assignment}: solution loses points on {short}"


def test_untouched_student_version_earns_nothing(graded):
    """Does the student version, handed in unanswered, earn zero?"""
    assignment, scores = graded
    earned = {n: s for n, s in code_grades(scores["blank"]).items() if s[0] != 0}
    assert not earned, f"{assignment}: blank notebook earns {earned}"
    written = {n: s for n, (s, top, kind) in scores["blank"].items()
               if kind == "markdown" and s != 0}
    assert not written, f"{assignment}: unanswered questions earn {written}"


def test_a_mistake_in_every_exercise_earns_nothing(graded):
    """With a catalogue mistake in every exercise, does real nbgrader give no
    test cell its points?"""
    assignment, scores = graded
    if not wrong_answers(assignment):
        pytest.fail(f"{assignment} has no wrong-answer catalogue")
    earned = {n: s for n, s in code_grades(scores["mistakes"]).items() if s[0] > 0}
    assert not earned, f"{assignment}: mistakes still earn {earned}"
