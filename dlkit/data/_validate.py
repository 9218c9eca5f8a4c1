"""Argument checks shared by the data generators and preprocessing helpers.

Each raises ``TypeError`` for a wrong kind of value and ``ValueError`` for a
value out of range, with a message that names the argument, says what was
expected and what came, and how to fix it.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_generator(seed, name: str = "seed") -> np.random.Generator:
    """Turn an int seed or a Generator into a ``numpy.random.Generator``.

    A Generator is returned as it is (so that repeated calls draw fresh
    numbers from it); an int makes a new Generator seeded with it.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        if seed < 0:
            raise ValueError(f"{name} must be a non-negative int; got {seed}. "
                             f"Pass e.g. {name}=0.")
        return np.random.default_rng(int(seed))
    raise TypeError(f"{name} must be an int or a numpy.random.Generator; got "
                    f"{type(seed).__name__}. Pass e.g. {name}=0 or "
                    f"{name}=np.random.default_rng(0).")


def check_int(value, name: str, minimum: int = 0) -> int:
    """Return ``value`` as an int after checking it is an integer >= minimum."""
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int; got {type(value).__name__} "
                        f"{value!r}. Pass a whole number such as {max(minimum, 1)}.")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}.")
    return int(value)


def check_float(value, name: str, minimum: float | None = None,
                maximum: float | None = None) -> float:
    """Return ``value`` as a float after checking it is a real number in range."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"{name} must be a real number; got "
                        f"{type(value).__name__} {value!r}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite; got {value}.")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum:g}; got {value:g}.")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:g}; got {value:g}.")
    return value


def check_dtype(dtype, name: str = "dtype") -> np.dtype:
    """Return ``np.dtype(dtype)`` after checking it is an integer or float type."""
    try:
        result = np.dtype(dtype)
    except TypeError as err:
        raise TypeError(f"{name} must be a NumPy number type such as np.float32; "
                        f"got {dtype!r}.") from err
    if result.kind not in "iuf":
        raise TypeError(f"{name} must be an integer or floating type such as "
                        f"np.float32; got {result}.")
    return result


def as_matrix(x, name: str = "x") -> np.ndarray:
    """Return ``x`` as a 2-D ndarray of shape (N, D), or say how to reshape it."""
    x = np.asarray(x)
    if x.ndim != 2:
        fix = (f"Pass a column with {name}[:, None] or a single row with "
               f"{name}[None, :]." if x.ndim == 1 else
               f"Flatten each sample first: {name}.reshape(len({name}), -1).")
        raise ValueError(f"{name} must be 2-D, of shape (N, D); got shape "
                         f"{x.shape}. {fix}")
    if x.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers; got dtype {x.dtype}.")
    return x


def as_labels(y, name: str = "y") -> np.ndarray:
    """Return ``y`` as a 1-D integer ndarray of shape (N,) of class labels."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D, of shape (N,); got shape {y.shape}. "
                         f"For one-hot rows pass {name}.argmax(axis=1).")
    if y.dtype.kind not in "iu":
        if y.dtype.kind == "f" and y.size and np.all(y == np.round(y)):
            return y.astype(np.int64)
        raise TypeError(f"{name} must hold integer class labels; got dtype "
                        f"{y.dtype}. Convert with {name}.astype(int).")
    return y
