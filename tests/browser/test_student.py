"""What does a student see in the browser when working through a notebook?

The student version of the first notebook is opened in JupyterLab: run as
handed out, it stops at the first unanswered exercise; a wrong answer gets
the check's message, a right one the "passed" line; the toolbar's Validate
button runs every check.
"""

from __future__ import annotations

import pytest

from tests.browser.lab import (
    cell_sources,
    cell_text,
    open_notebook,
    run_all,
    run_cell,
    set_source,
)
from tests.catalogue import wrong_answers
from tests.conftest import load, release_path, solution_path

pytestmark = pytest.mark.browser

ASSIGNMENT = "01_basics"
NOTEBOOK = f"course/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"


def first_exercise() -> tuple[int, int, str]:
    """The cell index of the first exercise, of the test cell after it, and
    the exercise's grade_id."""
    cells = load(release_path(ASSIGNMENT))["cells"]
    for index, cell in enumerate(cells):
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if grading.get("solution") and cell["cell_type"] == "code":
            test = next(i for i in range(index + 1, len(cells))
                        if cells[i]["cell_type"] == "code")
            return index, test, grading["grade_id"]
    raise AssertionError(f"{NOTEBOOK} has no exercise")


def solution_source(grade_id: str) -> str:
    cells = load(solution_path(ASSIGNMENT))["cells"]
    return next("".join(cell["source"]) for cell in cells
                if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                == grade_id)


def test_running_the_notebook_stops_at_the_first_unanswered_exercise(lab, page):
    """Run as handed out, does the notebook run up to the first exercise and
    stop in the test cell after it with a NotImplementedError?"""
    exercise, test, _ = first_exercise()
    open_notebook(page, lab, NOTEBOOK)
    state = run_all(page, lab, NOTEBOOK)

    assert [error["cell"] for error in state["errors"]] == [test], state["errors"]
    assert state["errors"][0]["ename"] == "NotImplementedError"
    shown = cell_text(page, test)
    assert "NotImplementedError" in shown and "raise NotImplementedError()" in shown
    assert "# YOUR CODE HERE" in cell_sources(page)[exercise][1]


def test_the_test_cell_explains_a_wrong_answer_and_confirms_a_right_one(lab, page):
    """Does the test cell show the check's message for a catalogue mistake,
    and the "passed" line once the answer is right?"""
    exercise, test, grade_id = first_exercise()
    wrong = next(iter(wrong_answers(ASSIGNMENT)[grade_id].values()))
    open_notebook(page, lab, NOTEBOOK)
    for index, (kind, _) in enumerate(cell_sources(page)[:exercise]):
        if kind == "code":
            run_cell(page, lab, NOTEBOOK, index)

    set_source(page, exercise, wrong)
    run_cell(page, lab, NOTEBOOK, exercise)
    errors = [out for out in run_cell(page, lab, NOTEBOOK, test)
              if out["output_type"] == "error"]
    assert [error["ename"] for error in errors] == ["CheckFailed"], errors
    message = errors[0]["evalue"].splitlines()[0]
    assert message in cell_text(page, test)

    set_source(page, exercise, solution_source(grade_id))
    run_cell(page, lab, NOTEBOOK, exercise)
    outputs = run_cell(page, lab, NOTEBOOK, test)
    assert not [out for out in outputs if out["output_type"] == "error"], outputs
    assert f"{grade_id}: visible checks passed" in cell_text(page, test)


def test_the_validate_button_runs_every_check(lab, page):
    """Is nbgrader's Validate button in the notebook toolbar, and does it
    report the unanswered exercises?"""
    from playwright.sync_api import expect

    open_notebook(page, lab, NOTEBOOK)
    button = page.locator(".jp-NotebookPanel-toolbar .validate-button")
    expect(button).to_be_visible()
    expect(button).to_have_text("Validate")

    button.click()
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("Validation Results", timeout=120_000)
    expect(dialog).to_contain_text("failed")
    expect(dialog).to_contain_text("NotImplementedError")
