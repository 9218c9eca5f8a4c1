"""Inverted dropout: a regulariser that silences random units while training.

In training mode each entry is kept with probability ``1 - p`` and scaled by
``1 / (1 - p)``, so its expected value is unchanged and evaluation needs no
rescaling: in evaluation mode the layer is the identity. The backward pass
multiplies by the same mask as the forward pass.
"""

from __future__ import annotations

import numpy as np

from dlkit.io import register
from dlkit.nn.activations import _check_grad, _float_input, _need_forward
from dlkit.nn.init import make_rng
from dlkit.nn.layer import Layer

__all__ = ["Dropout"]


@register
class Dropout(Layer):
    """Zero each entry with probability ``p`` in training mode.

    Parameters
    ----------
    p : float
        Probability of dropping an entry, in [0, 1).
    rng : numpy.random.Generator or int
        Source of the masks; each training-mode forward draws a new mask.

    Attributes
    ----------
    mask : ndarray or None
        After a training-mode forward: the array the input was multiplied by
        (0 or ``1 / (1 - p)`` in each entry); None after an evaluation pass.

    Notes
    -----
    A model file keeps ``p`` but not the Generator's state; a loaded Dropout
    draws its masks from seed 0 unless given a new ``rng``.
    """

    def __init__(self, p: float = 0.5, *, rng: np.random.Generator | int = 0) -> None:
        super().__init__()
        if not isinstance(p, (int, float, np.floating)) or isinstance(p, bool):
            raise TypeError(f"Dropout: p must be a float in [0, 1); got "
                            f"{type(p).__name__}. Pass e.g. p=0.5.")
        if not 0 <= p < 1:
            raise ValueError(f"Dropout: p must be in [0, 1) (the probability of "
                             f"dropping an entry); got {p}. p=1 would drop "
                             f"everything; use e.g. p=0.5.")
        self.p = float(p)
        self.rng = make_rng(rng)
        self.mask = None
        self._shape = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Apply a fresh random mask (training) or pass ``x`` through (evaluation).

        Parameters
        ----------
        x : ndarray of any shape, floating

        Returns
        -------
        ndarray of the shape and dtype of ``x``
        """
        x = _float_input(x, self)
        self._shape = x.shape
        if not self.training or self.p == 0:
            self.mask = None
            return x
        keep = self.rng.random(x.shape, dtype=np.float32) >= self.p
        self.mask = keep * np.asarray(1.0 / (1.0 - self.p), dtype=x.dtype)
        return x * self.mask

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """The output gradient times the forward pass's mask (or unchanged)."""
        shape = _need_forward(self._shape, self)
        grad = _check_grad(grad, shape, self)
        return grad if self.mask is None else grad * self.mask

    def config(self) -> dict:
        return {"p": self.p}
