"""Numerical gradients by central differences, and the relative error.

The ground truth against which every backward pass in dlkit is tested: for a
scalar function ``f``, ``(f(x + eps) - f(x - eps)) / (2 eps)`` approximates
the derivative with an error of order ``eps**2``. Work in float64.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlkit.nn.layer import Layer


def numerical_gradient(f: Callable[[], float], x: np.ndarray,
                       eps: float = 1e-6) -> np.ndarray:
    """Gradient of the scalar ``f()`` with respect to the array ``x``.

    ``x`` is perturbed in place, one entry at a time, and restored; ``f``
    takes no arguments and must read ``x`` itself (a closure over it).

    Parameters
    ----------
    f : callable returning float
    x : ndarray of any shape, float64
    eps : float
        The step of the central difference.

    Returns
    -------
    ndarray of the shape of ``x``
    """
    if x.dtype != np.float64:
        raise TypeError(f"x must be float64 for a numerical gradient; got "
                        f"{x.dtype}. Convert with x.astype(np.float64).")
    grad = np.zeros_like(x)
    flat, out = x.reshape(-1), grad.reshape(-1)     # views sharing memory
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = f()
        flat[i] = old - eps
        down = f()
        flat[i] = old
        out[i] = (up - down) / (2 * eps)
    return grad


def rel_error(a: np.ndarray, b: np.ndarray, floor: float = 1e-8) -> float:
    """Largest relative difference ``|a - b| / max(|a| + |b|, floor)``."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor),
                        initial=0.0))


def check_layer(layer: Layer, x: np.ndarray, seed: int = 0,
                eps: float = 1e-6) -> dict[str, float]:
    """Compare a layer's backward pass with numerical gradients.

    The loss is ``sum(forward(x) * R)`` for a fixed random ``R``, so that every
    output entry matters with its own weight.

    Returns
    -------
    dict
        ``"input"`` (left out if ``backward`` returns None) and every key of
        ``layer.params``, each mapped to the relative error of its analytic
        gradient.
    """
    rng = np.random.default_rng(seed)
    x = np.array(x, dtype=np.float64)
    weights = rng.standard_normal(layer.forward(x).shape)

    def loss() -> float:
        return float(np.sum(layer.forward(x) * weights))

    layer.forward(x)
    analytic_input = layer.backward(weights.copy())
    analytic = {name: g.copy() for name, g in layer.grads.items()}

    errors = {}
    if analytic_input is not None:      # None: the layer passes no gradient back
        errors["input"] = rel_error(analytic_input, numerical_gradient(loss, x, eps))
    for name, param in layer.params.items():
        if name not in analytic:
            raise KeyError(f"backward did not fill grads[{name!r}]")
        errors[name] = rel_error(analytic[name],
                                 numerical_gradient(loss, param, eps))
    return errors
