"""Does grading a class survive careless and hostile submissions?

One batch of real submissions of 01_basics, good and bad together, goes through
the real pipeline (collect from a folder, grade on two workers, feedback,
export). Each case asserts the scores it must get, and the good students must
score exactly what they score alone.
"""

from __future__ import annotations

import copy
import html
import json
import re
import zipfile

import pytest
from nbgrader.api import Gradebook

from dlkit.course.collect import collect
from dlkit.course.grade import feedback, grade
from dlkit.course.layout import Course
from dlkit.course.report import export
from tests.conftest import copy_course, load, release_path, solution_path

pytestmark = pytest.mark.nbgrader

A = "01_basics"
FULL = 12.0                      # the autograded points of 01_basics
ALL_TESTS = ["test_weighted_sum", "test_sigmoid", "test_relu", "test_softmax",
             "test_dense", "test_forward", "test_xor_weights"]


def answer_cells(nb):
    return {c["metadata"]["nbgrader"]["grade_id"]: c for c in nb["cells"]
            if c.get("metadata", {}).get("nbgrader", {}).get("solution")}


def solution_with(**answers):
    """The solution notebook, some answers replaced by the given code."""
    nb = copy.deepcopy(load(solution_path(A)))
    cells = answer_cells(nb)
    for name, source in answers.items():
        cells[name]["source"] = source
    return nb


def blank_with(**answers):
    nb = copy.deepcopy(load(release_path(A)))
    cells = answer_cells(nb)
    for name, source in answers.items():
        cells[name]["source"] = source
    return nb


def grade_cell(nb, name):
    return next(c for c in nb["cells"]
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == name)


def deleted_test():
    nb = solution_with()
    nb["cells"].remove(grade_cell(nb, "test_dense"))
    return nb


def edited_test():
    nb = solution_with(softmax="def softmax(z):\n    e = np.exp(z)\n"
                               "    return e / e.sum(axis=-1, keepdims=True)\n")
    grade_cell(nb, "test_softmax")["source"] = "pass"
    return nb


def reordered():
    nb = solution_with()
    cell = grade_cell(nb, "test_relu")
    nb["cells"].remove(cell)
    nb["cells"].insert(1, cell)
    return nb


def duplicated():
    nb = solution_with()
    cell = grade_cell(nb, "test_weighted_sum")
    at = nb["cells"].index(cell)
    for _ in range(2):
        twin = copy.deepcopy(cell)
        twin["id"] = f"{cell['id']}-copy{_}"
        nb["cells"].insert(at, twin)
    return nb


def stripped():
    nb = solution_with()
    for cell in nb["cells"]:
        cell["metadata"].pop("nbgrader", None)
    return nb


WRONG_SOFTMAX = "def softmax(z):\n    return z\n"
TAMPERING = {               # keys become student ids: no underscores
    "numpy-testing": "np.testing.assert_allclose = lambda *a, **k: None\n"
                     + WRONG_SOFTMAX,
    "checks-noop": "checks.expect_array = lambda *a, **k: None\n" + WRONG_SOFTMAX,
    "transformers": "get_ipython().input_transformers_cleanup.append("
                    "lambda lines: ['pass\\n'])\n" + WRONG_SOFTMAX,
    "rebinds-checks": "class Quiet:\n    def __call__(self, *a, **k):\n"
                      "        return None\n"
                      "checks = type('C', (), {'expect_array': Quiet(), "
                      "'call': Quiet(), 'passed': Quiet()})()\n" + WRONG_SOFTMAX,
    "equals-anything": "class Anything:\n    def __eq__(self, other):\n"
                       "        return True\n"
                       "    def __array__(self, dtype=None, copy=None):\n"
                       "        return np.ones((2, 3))\n"
                       "def softmax(z):\n    return Anything()\n",
    "writes-gradebook": "open('../../../gradebook.db', 'w').write('')\n"
                        + WRONG_SOFTMAX,
    "writes-solutions": "np.save('../../../solutions/01_basics/x.npy', 1)\n"
                        + WRONG_SOFTMAX,
}

SUBMISSIONS = {
    "good1": solution_with(),
    "good2": solution_with(),
    "blank": load(release_path(A)),
    "syntax": solution_with(sigmoid="def sigmoid(z)\n    return z\n"),
    "loop": solution_with(relu="while True:\n    pass\n"),
    "flood": solution_with(weighted_sum="for _ in range(250):\n"
                           "    print('x' * 1_000_000)\n"
                           + answer_cells(load(solution_path(A)))
                           ["weighted_sum"]["source"]),
    "deleted-test": deleted_test(),
    "edited-test": edited_test(),
    "reordered": reordered(),
    "duplicated": duplicated(),
    "stripped": stripped(),
    "sys-exit": solution_with(relu="import sys\nsys.exit()\n"),
    "os-exit": solution_with(xor_weights="import os\nos._exit(1)\n"),
    "memory-bomb": solution_with(weighted_sum="hoard = []\nwhile True:\n"
                                 "    hoard.append(bytearray(10**9))\n"),
    **{f"tamper-{k}": blank_with(softmax=v) for k, v in TAMPERING.items()},
}
UNREADABLE = {"broken-json": "{ not a notebook", "empty": ""}

EXPECTED_LOST = {            # the test cells each submission must lose
    "blank": ALL_TESTS,
    "syntax": ["test_sigmoid", "test_forward"],
    "loop": ["test_relu"],
    "flood": [],
    "deleted-test": [],
    "edited-test": ["test_softmax"],
    "reordered": [],
    "duplicated": [],
    "stripped": [],
    "sys-exit": ["test_relu"],
    "os-exit": ["test_xor_weights"],
    "memory-bomb": ["test_weighted_sum"],
    "broken-json": ALL_TESTS,
    "empty": ALL_TESTS,
    "wrong-name": [],
    **{f"tamper-{k}": ALL_TESTS for k in TAMPERING},
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    root = copy_course(tmp, [A])
    with (root / "nbgrader_config.py").open("a") as config:
        config.write("\nc.Execute.timeout = 10\n")     # the infinite loop
    incoming = tmp / "downloads"
    incoming.mkdir()
    # LMS file names: STUDENT_ASSIGNMENT.ipynb, so student ids have no "_"
    for student, nb in SUBMISSIONS.items():
        (incoming / f"{student}_{A}.ipynb").write_text(json.dumps(nb))
    for student, text in UNREADABLE.items():
        (incoming / f"{student}_{A}.ipynb").write_text(text)
    (incoming / f"wrong-name_{A} (2).ipynb").write_text(json.dumps(solution_with()))
    course = Course(root)
    solutions_before = {p.name: p.read_bytes()
                        for p in (root / "solutions" / A).iterdir()}

    collect(course, A, incoming)
    outcomes = grade(course, A, workers=2)
    scores = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for student in gb.students:
            nb = gb.find_submission_notebook(A, A, student.id)
            scores[student.id] = {g.name: g.score for g in nb.grades
                                  if g.cell.cell_type == "code"}
    return course, outcomes, scores, solutions_before


def test_the_batch_completes(batch):
    """Is every submission graded, whatever it did?"""
    _, outcomes, scores, _ = batch
    expected = set(SUBMISSIONS) | set(UNREADABLE) | {"wrong-name"}
    assert {o.student for o in outcomes} == expected
    assert [o for o in outcomes if not o.ok] == []
    assert set(scores) == expected, "the gradebook lacks rows"


def test_good_students_score_full_marks(batch):
    """Do the honest, correct submissions keep every point next to hostile
    ones?"""
    scores = batch[2]
    for student in ("good1", "good2", "wrong-name"):
        assert sum(scores[student].values()) == FULL, (student, scores[student])


@pytest.mark.parametrize("student", sorted(EXPECTED_LOST))
def test_each_case_loses_exactly_its_own_points(batch, student):
    """Does each broken or hostile submission lose the points of what it broke,
    and keep the rest?"""
    scores = batch[2][student.replace("_", "-") if student == "wrong-name"
                      else student]
    lost = sorted(name for name, score in scores.items() if score == 0)
    assert lost == sorted(EXPECTED_LOST[student]), scores


def test_instructor_files_are_untouched(batch):
    """Did no submission change solutions/ or the gradebook?"""
    course, _, scores, before = batch
    after = {p.name: p.read_bytes() for p in (course.root / "solutions" / A).iterdir()}
    assert after == before
    assert (course.root / "gradebook.db").stat().st_size > 0


def test_unreadable_files_are_kept(batch):
    """Is the broken file the student sent kept for the instructor?"""
    course = batch[0]
    kept = list((course.root / "submitted" / "broken-json" / A).glob("*.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{ not a notebook"


def visible_text(path):
    text = html.unescape(re.sub(r"<[^>]+>", "", path.read_text()))
    return re.sub(r"\s+", " ", text)


def test_feedback_never_shows_hidden_tests(batch):
    """Does no feedback page quote a line of a hidden test, even where the
    hidden check failed?"""
    from dlkit.course.feedback import hidden_lines

    course = batch[0]
    files = feedback(course, A)
    assert len(files) == len(batch[2])
    secret = [line for cell in load(solution_path(A))["cells"]
              for line in hidden_lines("".join(cell["source"]))
              if len(line) > 25]
    assert secret
    for name in files:
        text = visible_text(course.root / name)
        leaked = [line for line in secret if re.sub(r"\s+", " ", line) in text]
        assert not leaked, (name, leaked[:2])


def test_regrading_is_idempotent(batch):
    """Does grading again skip graded work, and a forced regrade give the same
    scores with no extra rows?"""
    course, _, scores, _ = batch
    assert grade(course, A, workers=2) == []
    again_students = ["good1", "blank", "syntax", "stripped", "edited-test",
                      "tamper-numpy-testing", "os-exit"]
    outcomes = grade(course, A, workers=1, force=True, students=again_students)
    assert sorted(o.student for o in outcomes) == sorted(again_students)
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        again = {s.id: {g.name: g.score for g in gb.find_submission_notebook(
            A, A, s.id).grades if g.cell.cell_type == "code"} for s in gb.students}
        assert len(gb.find_assignment(A).submissions) == len(scores)
    assert again == scores, "sequential regrading disagrees with the parallel run"


def test_export_summarises_the_class(batch):
    """Do the grade tables hold every student, and the summary every exercise?"""
    course, _, scores, _ = batch
    files = export(course)
    table = (course.root / "grades" / f"{A}.csv").read_text().splitlines()
    assert len(table) == 1 + len(scores)
    summary = (course.root / "grades" / f"{A}-summary.md").read_text()
    for name in ALL_TESTS:
        assert f"| {name} |" in summary
    assert any(p.suffix == ".png" for p in files)


def test_zip_from_an_lms_keeps_its_timestamps(tmp_path):
    """Does a zip named the LMS way import with the minutes of its timestamps?"""
    root = copy_course(tmp_path, [A])
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(f"ann_2026-01-11-09-30-00_{A}.ipynb",
                    json.dumps(load(release_path(A))))
        zf.writestr(f"ben_2026-01-12-17-45-10_{A}.ipynb",
                    json.dumps(load(release_path(A))))
    assert collect(Course(root), A, archive) == ["ann", "ben"]
    stamp = (root / "submitted" / "ann" / A / "timestamp.txt").read_text().strip()
    assert stamp == "2026-01-11 09:30:00"
