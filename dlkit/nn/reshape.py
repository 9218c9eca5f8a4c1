"""Flatten: each example's axes joined into one, e.g. images into vectors.

An input of shape (N, C, H, W) becomes (N, C*H*W), ready for a Dense layer;
the backward pass reshapes the gradient back. No numbers change.
"""

from __future__ import annotations

import math

import numpy as np

from dlkit.io import register
from dlkit.nn.activations import _check_grad, _need_forward
from dlkit.nn.layer import Layer

__all__ = ["Flatten"]


@register
class Flatten(Layer):
    """Reshape (N, d1, d2, ...) to (N, d1 * d2 * ...), keeping the batch axis."""

    def __init__(self) -> None:
        super().__init__()
        self._shape = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """
        Parameters
        ----------
        x : ndarray of shape (N, ...), at least 2 axes

        Returns
        -------
        ndarray of shape (N, prod(...)), a view of ``x`` where possible
        """
        x = np.asarray(x)
        if x.ndim < 2:
            raise ValueError(f"Flatten: x must have a batch axis and at least one "
                             f"more, shape (N, ...); got {x.shape}. Pass a batch "
                             f"of one: x[None, ...].")
        self._shape = x.shape
        return x.reshape(x.shape[0], math.prod(x.shape[1:]))   # (N, ...) -> (N, D)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """The gradient reshaped to the last input's shape."""
        shape = _need_forward(self._shape, self)
        grad = _check_grad(grad, (shape[0], math.prod(shape[1:])), self)
        return grad.reshape(shape)
