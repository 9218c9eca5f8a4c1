"""Student-facing checks behind the notebooks' test cells.

Each check raises :class:`CheckFailed` (an ``AssertionError``) whose message
says what was expected, what came, and the likely mistake. Type, shape and
dtype are checked before values, and values are compared on a private float64
copy, so an object that claims to equal everything still fails.

>>> expect_array(np.array([0.5]), [0.5], name="sigmoid(0)")
"""

from __future__ import annotations

import warnings

import numpy as np

__all__ = [
    "CheckFailed",
    "call",
    "expect_array",
    "expect_scalar",
    "expect_true",
    "expect_unchanged",
    "passed",
]


class CheckFailed(AssertionError):
    """A check in a notebook's test cell found a wrong answer."""


def _fail(message: str, hint: str | None) -> None:
    if hint:
        message += f"\nLikely mistake: {hint}"
    raise CheckFailed(message)


def _short(values: np.ndarray) -> str:
    return np.array2string(np.asarray(values), precision=6, separator=", ",
                           threshold=12, edgeitems=3)


def call(func, *args, name: str | None = None, hint: str | None = None, **kwargs):
    """Call ``func`` with NumPy warnings turned into errors, and return its result.

    A floating-point overflow or an invalid operation (``inf / inf``) inside
    ``func`` fails the check instead of printing a warning.
    """
    label = name or f"{getattr(func, '__name__', 'the function')}(...)"
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                return func(*args, **kwargs)
        except (FloatingPointError, RuntimeWarning) as err:
            _fail(f"{label} hit a floating-point problem: {err}.", hint)
    raise AssertionError("unreachable")  # pragma: no cover


def expect_array(got, expected, name: str, *, rtol: float = 1e-6,
                 atol: float = 1e-8, dtype: str = "float",
                 hint: str | None = None) -> None:
    """Check that ``got`` is an ndarray of ``expected``'s shape and values.

    Parameters
    ----------
    got : object
        What the student's code returned.
    expected : array-like
        The right answer.
    name : str
        How to call ``got`` in a message, e.g. ``"softmax(z)"``.
    rtol, atol : float
        Values match where ``|got - expected| <= atol + rtol * |expected|``.
    dtype : {"float", "int", "bool", "any"}
        The kind of number ``got`` must hold.
    hint : str, optional
        The likely mistake, said when the values are wrong.
    """
    expected = np.asarray(expected, dtype=np.float64)
    if type(got) is not np.ndarray:
        kind = type(got).__name__
        _fail(f"{name} should be a NumPy array (numpy.ndarray); got {kind}. "
              "Build the result with NumPy operations, or wrap it in np.asarray.",
              None)
    if got.shape != expected.shape:
        _fail(f"{name} should have shape {expected.shape}; got {got.shape}.",
              hint or _shape_hint(got.shape, expected.shape))
    kinds = {"float": "f", "int": "iu", "bool": "b", "any": "fiub"}[dtype]
    if got.dtype.kind not in kinds:
        _fail(f"{name} should hold {dtype} numbers; got dtype {got.dtype}.",
              "integer inputs give integer results unless you compute with floats"
              if dtype == "float" else None)

    values = np.array(got, dtype=np.float64, copy=True)
    bad = ~(np.abs(values - expected) <= atol + rtol * np.abs(expected))
    bad |= np.isnan(values) != np.isnan(expected)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        at = f" at index {where}" if values.ndim else ""
        _fail(f"{name} is wrong{at}: expected {expected[where]:.6g}, got "
              f"{values[where]:.6g} ({int(bad.sum())} of {values.size} values "
              f"differ).\nExpected: {_short(expected)}\nGot:      {_short(values)}",
              hint)


def _shape_hint(got: tuple, expected: tuple) -> str | None:
    if sorted(got) == sorted(expected) and got != expected:
        return "the axes are in the wrong order (a transpose somewhere?)"
    if len(got) != len(expected):
        return "an axis is missing or extra; check keepdims and reshapes"
    return None


def expect_scalar(got, expected: float, name: str, *, rtol: float = 1e-6,
                  atol: float = 1e-8, hint: str | None = None) -> None:
    """Check that ``got`` is a real number (Python or NumPy) close to ``expected``."""
    if isinstance(got, np.ndarray) and got.shape == ():
        got = got[()]
    if isinstance(got, (bool, np.bool_)) or not isinstance(
            got, (int, float, np.integer, np.floating)):
        _fail(f"{name} should be a single number; got {type(got).__name__}.",
              "return a float, e.g. float(x.sum()), not an array or a list")
    value = float(got)
    if not abs(value - expected) <= atol + rtol * abs(expected):
        _fail(f"{name} should be {expected:.6g}; got {value:.6g}.", hint)


def expect_true(condition: bool, message: str, hint: str | None = None) -> None:
    """Fail with ``message`` unless ``condition`` is the boolean True."""
    if condition is not True and condition is not np.True_:
        _fail(message, hint)


def expect_unchanged(before: np.ndarray, after: np.ndarray, name: str) -> None:
    """Check that an input array was not modified in place."""
    if before.shape != after.shape or not np.array_equal(before, after,
                                                         equal_nan=True):
        _fail(f"{name} changed its input array. A function should return a new "
              "array and leave its argument as it was.",
              "assigning into the argument (z[z < 0] = 0) edits the caller's data; "
              "compute a new array instead")


class Passed:
    """What a test cell shows when its visible checks pass."""

    def __init__(self, exercise: str):
        self.exercise = exercise

    def __repr__(self) -> str:
        return (f"{self.exercise}: visible checks passed. More checks run at "
                "grading.")

    def _repr_html_(self) -> str:
        return (f"<p style='color:#1a7f37'>&#10004; <b>{self.exercise}</b>: "
                "visible checks passed. More checks run at grading.</p>")


def passed(exercise: str) -> None:
    """Show that the visible checks of ``exercise`` passed.

    The message is displayed, never returned: nbgrader reads a test cell's
    value as a partial score, so a test cell must end without one.
    """
    import logging

    from IPython import get_ipython
    from IPython.display import display

    if get_ipython() is None:
        logging.getLogger(__name__).info("%r", Passed(exercise))
        return
    display(Passed(exercise))
