"""Sinusoidal positional encoding: tells attention where each token sits.

Attention treats its input as a set: shuffle the tokens and each output is
shuffled the same way. Adding a position-dependent vector to every token
breaks that symmetry. Letters: N sequences, T positions, D features
(``d_model``). For position ``p`` and feature pair ``i``::

    PE[p, 2i]     = sin(p / 10000 ** (2i / D))
    PE[p, 2i + 1] = cos(p / 10000 ** (2i / D))

Each pair of features is a sine and cosine of one frequency; frequencies fall
geometrically from 1 to 1/10000 across the features, so nearby positions
differ in the fast features and distant ones in the slow features, and the
encoding of ``p + k`` is a fixed rotation of that of ``p``.
"""

from __future__ import annotations

import numpy as np

from dlkit.io import register
from dlkit.nn.activations import _check_grad, _float_input, _need_forward
from dlkit.nn.conv import _positive_int
from dlkit.nn.init import float_dtype
from dlkit.nn.layer import Layer

__all__ = ["PositionalEncoding", "sinusoidal_encoding"]


def sinusoidal_encoding(length: int, d_model: int, base: float = 10000.0,
                        dtype=np.float64) -> np.ndarray:
    """The table of sinusoidal position vectors.

    Parameters
    ----------
    length : int
        T, the number of positions (0 to T - 1).
    d_model : int
        D, the features per position; with D odd, the last feature is a sine.
    base : float
        The longest wavelength is ``2 pi base``.
    dtype : numpy floating dtype

    Returns
    -------
    ndarray of shape (T, D), values in [-1, 1]
    """
    length = _positive_int(length, "length")
    d_model = _positive_int(d_model, "d_model")
    positions = np.arange(length)[:, None]                          # (T, 1)
    rates = base ** (-np.arange(0, d_model, 2) / d_model)           # (ceil(D/2),)
    angles = positions * rates                                      # (T, ceil(D/2))

    table = np.empty((length, d_model))
    table[:, 0::2] = np.sin(angles)
    table[:, 1::2] = np.cos(angles[:, :d_model // 2])
    return table.astype(dtype)


@register
class PositionalEncoding(Layer):
    """Add the sinusoidal encoding of each position to a batch of sequences.

    The table is computed once for ``max_len`` positions; a batch of T steps
    gets its first T rows. There are no parameters, and the gradient passes
    through unchanged.

    Parameters
    ----------
    d_model : int
        D, the features per position.
    max_len : int
        The longest sequence the layer accepts.
    base : float
        See :func:`sinusoidal_encoding`.
    dtype : np.float32 or np.float64

    Attributes
    ----------
    table : ndarray of shape (max_len, D)
        The encoding, e.g. to plot as a heat map.
    """

    def __init__(self, d_model: int, max_len: int = 512, base: float = 10000.0, *,
                 dtype=np.float32) -> None:
        super().__init__()
        self.d_model = _positive_int(d_model, "d_model")
        self.max_len = _positive_int(max_len, "max_len")
        if not isinstance(base, (int, float)) or isinstance(base, bool):
            raise TypeError(f"PositionalEncoding: base must be a number; got "
                            f"{type(base).__name__}. Use the usual 10000.")
        if base <= 1:
            raise ValueError(f"PositionalEncoding: base must be a number above 1; "
                             f"got {base!r}. Use the usual 10000.")
        self.base = float(base)
        self.dtype = float_dtype(dtype)
        self.table = sinusoidal_encoding(self.max_len, self.d_model, self.base,
                                         self.dtype)
        self._shape = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """``x + table[:T]``, the same table rows for every sequence.

        Parameters
        ----------
        x : ndarray of shape (N, T, D)

        Returns
        -------
        ndarray of shape (N, T, D), of the layer's dtype
        """
        x = _float_input(x, self)
        d = self.d_model
        if x.ndim != 3 or x.shape[2] != d:
            raise ValueError(f"PositionalEncoding: x must have shape (N, T, {d}); "
                             f"got {x.shape}. Embed the tokens first (d_model={d})"
                             f", and pass a batch: x[None] for one sequence.")
        t = x.shape[1]
        if t > self.max_len:
            raise ValueError(f"PositionalEncoding: the sequence has {t} positions, "
                             f"more than max_len={self.max_len}. Build the layer "
                             f"with max_len={t} or more, or cut the sequence.")
        self._shape = x.shape
        return (x + self.table[:t]).astype(self.dtype, copy=False)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """The gradient, unchanged: the added table does not depend on ``x``."""
        shape = _need_forward(self._shape, self)
        return _check_grad(grad, shape, self).astype(self.dtype, copy=False)

    def config(self) -> dict:
        return {"d_model": self.d_model, "max_len": self.max_len,
                "base": self.base, "dtype": self.dtype.name}
