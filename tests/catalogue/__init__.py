"""Wrong answers students really write, one module per assignment.

Each module defines ``WRONG``: a mapping from the grade_id of a solution cell
to ``{description: source}``, where ``source`` replaces the whole solution
cell. The grading tests prove that every entry loses points on its exercise.
"""

import importlib


def wrong_answers(assignment: str) -> dict[str, dict[str, str]]:
    """The catalogue of ``assignment`` (empty when it has none yet)."""
    try:
        module = importlib.import_module(f"tests.catalogue.a{assignment}")
    except ModuleNotFoundError:
        return {}
    return module.WRONG
