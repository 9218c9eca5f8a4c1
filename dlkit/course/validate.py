"""A verdict on a notebook, the way nbgrader's Validate button sees it.

``nbgrader validate`` prints its findings but exits 0 whatever they are; the
:func:`validate` here returns a verdict a test or a script can act on.
"""

from __future__ import annotations

from pathlib import Path

from dlkit.course.layout import read_notebook


def validate(path: Path, invert: bool = False) -> tuple[bool, list[str]]:
    """Run nbgrader's validator on one notebook.

    Parameters
    ----------
    path : Path
        The notebook.
    invert : bool
        False: every test cell must pass (a finished notebook).
        True: every test cell must fail (a blank student version).

    Returns
    -------
    (ok, problems) : the verdict, and one line per problem found
    """
    from nbgrader.validator import Validator

    read_notebook(path)
    results = Validator(invert=invert).validate(str(path))
    problems = [f"cell changed type: {c['source'][:60]!r}"
                for c in results.get("type_changed", [])]
    problems += [f"locked cell was edited: {c['source'][:60]!r}"
                 for c in results.get("changed", [])]
    problems += [f"test passes on an unanswered notebook: {c['source'][:60]!r}"
                 for c in results.get("passed", [])]
    problems += [f"test fails: {c['raw_error'].strip().splitlines()[-1][:120]}"
                 for c in results.get("failed", [])]
    return not problems, problems
