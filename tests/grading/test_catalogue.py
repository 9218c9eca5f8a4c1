"""Does every wrong answer in the catalogue lose points on its own exercise?"""

from __future__ import annotations

import pytest

from tests.catalogue import wrong_answers
from tests.conftest import ASSIGNMENTS, load, solution_path
from tests.grading.kernel import NotebookSession, exercises

CASES = [(a, ex, what) for a in ASSIGNMENTS
         for ex, entries in wrong_answers(a).items() for what in entries]


@pytest.fixture(scope="session")
def sessions():
    opened: dict[str, NotebookSession] = {}

    def get(assignment: str) -> NotebookSession:
        if assignment not in opened:
            opened[assignment] = NotebookSession(solution_path(assignment))
        return opened[assignment]

    yield get
    for session in opened.values():
        session.close()


def _ids(case):
    return "-".join(case)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_exercise_has_three_wrong_answers(assignment):
    """Does the catalogue hold at least three wrong answers per exercise, and
    only for exercises that exist?"""
    import nbformat

    nb = nbformat.from_dict(load(solution_path(assignment)))
    names = set(exercises(nb))
    catalogue = wrong_answers(assignment)
    assert set(catalogue) <= names, f"unknown exercises: {set(catalogue) - names}"
    thin = {n: len(catalogue.get(n, {})) for n in names
            if len(catalogue.get(n, {})) < 3}
    assert not thin, f"exercises with fewer than 3 wrong answers: {thin}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_earns_every_point_in_the_shared_kernel(assignment, sessions):
    """Does the solution notebook earn full points on every test cell when run
    the way the catalogue check runs it?"""
    session = sessions(assignment)
    lost = {name: grade for name, grade in session.baseline.items()
            if grade[0] != grade[1]}
    assert not lost, f"test cells that do not pass on the solution: {lost}"


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_wrong_answer_loses_points(case, sessions):
    """Does the grader take points away for this wrong answer?"""
    assignment, exercise, what = case
    source = wrong_answers(assignment)[exercise][what]
    earned, possible, outputs = sessions(assignment).score_with(exercise, source)
    assert possible > 0, f"{exercise} has no test cells"
    assert earned < possible, (f"{assignment}/{exercise}: the wrong answer "
                               f"'{what}' still earns {earned}/{possible}")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_putting_the_solution_back_earns_full_points(assignment, sessions):
    """Can the substitution itself award points, so that a lost point above
    is the wrong answer's doing and not the mechanism's?"""
    session = sessions(assignment)
    for name, exercise in session.exercises.items():
        source = session.nb.cells[exercise.solution_index].source
        earned, possible, _ = session.score_with(name, source)
        assert earned == possible > 0, f"{name}: {earned}/{possible}"
