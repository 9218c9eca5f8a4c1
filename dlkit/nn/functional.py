"""Activation functions as plain array functions, numerically stable.

Each takes an ndarray of any shape and returns a new array of the same shape
and floating dtype; none modifies its input.
"""

from __future__ import annotations

import numpy as np


def _as_float(z) -> np.ndarray:
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    return z


def sigmoid(z) -> np.ndarray:
    """Logistic function ``1 / (1 + exp(-z))`` without overflow.

    ``exp`` is only ever taken of non-positive numbers, so no value of ``z``
    overflows: for ``z >= 0`` the usual form is used, for ``z < 0`` the
    equivalent ``exp(z) / (1 + exp(z))``.

    Parameters
    ----------
    z : array-like of any shape

    Returns
    -------
    ndarray of the same shape, values in [0, 1]
    """
    z = _as_float(z)
    e = np.exp(-np.abs(z))                      # in (0, 1], never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(z.dtype, copy=False)


def relu(z) -> np.ndarray:
    """Rectified linear unit ``max(0, z)``, element-wise."""
    z = _as_float(z)
    return np.maximum(z, 0.0, dtype=z.dtype)


def tanh(z) -> np.ndarray:
    """Hyperbolic tangent, element-wise; values in [-1, 1]."""
    return np.tanh(_as_float(z))


def softmax(z, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``: exponentials normalised to sum to one.

    The maximum along ``axis`` is subtracted first; this leaves the result
    unchanged and keeps ``exp`` from overflowing.

    Parameters
    ----------
    z : array-like of any shape, e.g. ndarray of shape (N, C) of scores
    axis : int
        The axis along which the probabilities sum to one (the classes).

    Returns
    -------
    ndarray of the same shape as ``z``
    """
    z = _as_float(z)
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def leaky_relu(z, negative_slope: float = 0.01) -> np.ndarray:
    """Leaky ReLU: ``z`` where positive, ``negative_slope * z`` elsewhere."""
    z = _as_float(z)
    return np.where(z > 0, z, z * negative_slope).astype(z.dtype, copy=False)


_GELU_C = float(np.sqrt(2.0 / np.pi))


def gelu(z) -> np.ndarray:
    """Gaussian error linear unit, in its tanh approximation.

    ``0.5 z (1 + tanh(sqrt(2 / pi) (z + 0.044715 z**3)))``, within about 1e-3
    of the exact ``z * Phi(z)`` and cheaper to compute.
    """
    z = _as_float(z)
    return 0.5 * z * (1.0 + np.tanh(_GELU_C * (z + 0.044715 * (z * z * z))))


def log_softmax(z, axis: int = -1) -> np.ndarray:
    """Logarithm of :func:`softmax`, computed without taking ``log(0)``.

    ``z - max - log(sum(exp(z - max)))``: the exponentials are of
    non-positive numbers and their sum is at least one, so large scores
    neither overflow nor give ``-inf``.
    """
    z = _as_float(z)
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
