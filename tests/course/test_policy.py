"""Does the answer policy refuse tampering and accept every honest answer?"""

from __future__ import annotations

import pytest

from dlkit.course.policy import check_answer, names_imported_by
from tests.catalogue import wrong_answers
from tests.conftest import ASSIGNMENTS, load, solution_path

PROTECTED = frozenset({"np", "checks"})


def answers(assignment):
    nb = load(solution_path(assignment))
    protected = set()
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and not meta.get("solution"):
            protected |= names_imported_by("".join(cell["source"]))
    return [("".join(c["source"]), frozenset(protected)) for c in nb["cells"]
            if c["cell_type"] == "code"
            and c.get("metadata", {}).get("nbgrader", {}).get("solution")]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_solution_answer_is_allowed(assignment):
    """Would grading run every answer of the instructor's solution?"""
    refused = {source.splitlines()[0]: [str(v) for v in check_answer(source, p)]
               for source, p in answers(assignment) if check_answer(source, p)}
    assert not refused


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_catalogue_mistakes_are_honest_mistakes(assignment):
    """Are the catalogue's wrong answers ordinary code (they must lose points
    for being wrong, not for being refused)?"""
    refused = [what for entries in wrong_answers(assignment).values()
               for what, source in entries.items() if check_answer(source)]
    assert not refused


@pytest.mark.parametrize("source, reason", [
    ("np.testing.assert_allclose = lambda *a, **k: None", "sets an attribute"),
    ("alias = np\nalias.testing = None", "sets an attribute"),
    ("checks.expect_array = print", "sets an attribute"),
    ("np = None", "rebinds 'np'"),
    ("def type(x):\n    return 1", "rebinds 'type'"),
    ("def f():\n    global np\n    np = 1", "declares 'np' global"),
    ("import os\nos._exit(1)", "imports 'os'"),
    ("import sys\nsys.exit()", "imports 'sys'"),
    ("exit()", "uses 'exit'"),
    ("get_ipython().input_transformers_cleanup.append(len)", "get_ipython"),
    ("%time x = 1", "get_ipython"),
    ("!ls", "get_ipython"),
    ("open('gradebook.db', 'w')", "uses 'open'"),
    ("np.save('x.npy', 1)", "attribute 'save'"),
    ("x = ().__class__.__base__", "attribute '__class__'"),
    ("f = getattr(np, 'testing')", "uses 'getattr'"),
    ("from dlkit import checks as c", "imports 'dlkit.checks'"),
    ("from numpy import *", "import *"),
])
def test_tampering_is_refused(source, reason):
    """Is each route to the tests, the kernel or the files refused, with why?"""
    found = check_answer(source, PROTECTED)
    assert any(reason in str(v) for v in found), found


def test_ordinary_code_is_allowed():
    """Do classes, closures, imports of allowed modules and self attributes
    pass?"""
    source = ("import math\nfrom collections import defaultdict\n"
              "class Layer:\n    def __init__(self, n):\n        self.w = np.ones(n)\n"
              "        self.params = {'w': self.w}\n"
              "    def __call__(self, x):\n        return x @ self.w\n"
              "def relu(z):\n    out = np.maximum(z, 0)\n    return out\n")
    assert check_answer(source, PROTECTED) == []
