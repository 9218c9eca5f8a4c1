"""Does the text form of a notebook convert back without loss?"""

from __future__ import annotations

import pytest

from dlkit.course.nbtext import NotebookTextError, from_text, to_text
from tests.conftest import ASSIGNMENTS, load, solution_path


def essence(nb):
    """What matters of a notebook: its cells' kind, source and nbgrader data."""
    cells = []
    for cell in nb["cells"]:
        source = cell["source"]
        source = "".join(source) if isinstance(source, list) else source
        cells.append((cell["cell_type"], source,
                      cell.get("metadata", {}).get("nbgrader")))
    return cells


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_round_trip(assignment):
    """Does notebook -> text -> notebook keep every cell and its metadata?"""
    nb = load(solution_path(assignment))
    assert essence(from_text(to_text(nb))) == essence(nb)


@pytest.mark.parametrize("text, message", [
    ("# %% tests check\nx\n", "needs 'points=P'"),
    ("# %% solution\nx\n", "needs a name"),
    ("# %% widget\nx\n", "expected one of markdown"),
    ("stray\n# %% code\nx\n", "text before the first"),
    ("# %% solution a\nx\n\n# %% tests a points=1\ny\n", "used twice"),
    ("# %% tests t points=many\ny\n", "points must be a number"),
])
def test_malformed_text_is_refused(text, message):
    """Does a malformed marker line give an error naming the line?"""
    with pytest.raises(NotebookTextError, match=message):
        from_text(text)
