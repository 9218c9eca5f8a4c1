"""Layer normalisation: each example's features rescaled to mean 0, variance 1.

For one example's feature vector ``x`` of length F:
``xhat = (x - mean(x)) / sqrt(var(x) + eps)`` and ``y = gamma * xhat + beta``,
with ``gamma`` and ``beta`` learned, one number per feature. Unlike batch
normalisation, the statistics come from the example itself, so the layer
acts the same in training and evaluation and for a batch of one.

Letters: F features (the last axis); ``...`` any leading axes, e.g. (N, T).
"""

from __future__ import annotations

import numpy as np

from dlkit.io import register
from dlkit.nn.activations import _check_grad, _float_input, _need_forward
from dlkit.nn.dense import _positive_int
from dlkit.nn.init import float_dtype
from dlkit.nn.layer import Layer

__all__ = ["LayerNorm"]


@register
class LayerNorm(Layer):
    """Normalise the last axis of the input, then scale and shift it.

    Parameters
    ----------
    features : int
        F, the size of the last axis.
    eps : float
        Added to the variance so that a constant input does not divide by 0.
    dtype : np.float32 or np.float64

    Attributes
    ----------
    params : dict
        ``"gamma"`` (ones) and ``"beta"`` (zeros), each of shape (F,).
    """

    def __init__(self, features: int, eps: float = 1e-5, *,
                 dtype=np.float32) -> None:
        super().__init__()
        self.features = _positive_int(features, "features", "LayerNorm")
        if not isinstance(eps, (int, float)) or isinstance(eps, bool):
            raise TypeError(f"LayerNorm: eps must be a number; got "
                            f"{type(eps).__name__}. Use e.g. eps=1e-5.")
        if eps <= 0:
            raise ValueError(f"LayerNorm: eps must be a small positive number; "
                             f"got {eps!r}. Use e.g. eps=1e-5.")
        self.eps = float(eps)
        self.dtype = float_dtype(dtype)
        self.params = {"gamma": np.ones(self.features, dtype=self.dtype),
                       "beta": np.zeros(self.features, dtype=self.dtype)}
        self._cache = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Normalise over the last axis.

        Parameters
        ----------
        x : ndarray of shape (..., F), floating

        Returns
        -------
        ndarray of shape (..., F), of the layer's dtype
        """
        x = _float_input(x, self)
        if x.ndim == 0 or x.shape[-1] != self.features:
            raise ValueError(f"LayerNorm: x must have shape (..., {self.features}) "
                             f"(features on the last axis); got {x.shape}. Build "
                             f"the layer with features={x.shape[-1] if x.ndim else 1}"
                             f" or move the feature axis last.")
        if x.dtype != self.dtype:
            x = x.astype(self.dtype)

        centred = x - x.mean(axis=-1, keepdims=True)
        rstd = 1.0 / np.sqrt(np.mean(centred * centred, axis=-1, keepdims=True)
                             + self.eps)                               # (..., 1)
        xhat = centred * rstd                                          # (..., F)
        self._cache = (xhat, rstd)
        return xhat * self.params["gamma"] + self.params["beta"]

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Fill ``grads["gamma"]`` and ``grads["beta"]``; return the input gradient.

        With ``g = grad * gamma``, the input gradient of each example is
        ``rstd * (g - mean(g) - xhat * mean(g * xhat))``: the part of ``g``
        left after removing what changes the mean and what changes the spread.
        """
        xhat, rstd = _need_forward(self._cache, self)
        grad = _check_grad(grad, xhat.shape, self)
        if grad.dtype != self.dtype:
            grad = grad.astype(self.dtype)

        lead = tuple(range(grad.ndim - 1))             # every axis but features
        self.grads = {"gamma": np.sum(grad * xhat, axis=lead),
                      "beta": np.sum(grad, axis=lead)}
        g = grad * self.params["gamma"]
        return rstd * (g - g.mean(axis=-1, keepdims=True)
                       - xhat * np.mean(g * xhat, axis=-1, keepdims=True))

    def config(self) -> dict:
        return {"features": self.features, "eps": self.eps,
                "dtype": self.dtype.name}
