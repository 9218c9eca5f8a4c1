"""Gradient clipping: keep one bad mini-batch from throwing the weights far.

Both functions change ``layer.grads`` in place for every layer of the model;
call them between ``backward`` and ``optimizer.step()``.
"""

from __future__ import annotations

import math

import numpy as np

from dlkit.nn.layer import Layer
from dlkit.optim.optimizers import _check_number

__all__ = ["clip_grad_norm", "clip_grad_value"]


def _all_grads(model: Layer) -> list[np.ndarray]:
    if not isinstance(model, Layer):
        raise TypeError(f"model must be a dlkit Layer; got {type(model).__name__}.")
    return [g for layer in model.layers() for g in layer.grads.values()]


def clip_grad_norm(model: Layer, max_norm: float) -> float:
    """Scale all gradients together so that their global norm is at most ``max_norm``.

    The global norm is ``sqrt(sum of g**2 over every entry of every gradient)``.
    When it exceeds ``max_norm``, every gradient is multiplied by
    ``max_norm / norm``: the direction of the whole update is kept and only its
    length shrinks. A non-finite norm (an overflow somewhere) leaves the
    gradients as they are, so that the caller can see it and skip the step.

    Parameters
    ----------
    model : Layer
    max_norm : float, above 0

    Returns
    -------
    float
        The global norm before clipping.
    """
    max_norm = _check_number("max_norm", max_norm, 0.0, low_open=True)
    grads = _all_grads(model)

    total = 0.0
    for g in grads:
        flat = g.reshape(-1)                    # a view for contiguous arrays
        total += float(np.dot(flat, flat))
    norm = math.sqrt(total)

    if math.isfinite(norm) and norm > max_norm:
        scale = max_norm / norm
        for g in grads:
            g *= scale
    return norm


def clip_grad_value(model: Layer, limit: float) -> None:
    """Clip every gradient entry to the interval ``[-limit, limit]``, in place.

    Unlike :func:`clip_grad_norm` this changes the direction of the update.

    Parameters
    ----------
    model : Layer
    limit : float, above 0
    """
    limit = _check_number("limit", limit, 0.0, low_open=True)
    for g in _all_grads(model):
        np.clip(g, -limit, limit, out=g)
