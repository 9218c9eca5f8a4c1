"""The fully connected (dense, affine) layer ``y = x W + b``.

Letters: N examples in a batch, D input features, M output features.
"""

from __future__ import annotations

import numpy as np

from dlkit.io import register
from dlkit.nn.activations import _check_grad, _flag, _float_input, _need_forward
from dlkit.nn.init import float_dtype, get_initializer, make_rng
from dlkit.nn.layer import Layer

__all__ = ["Dense"]


def _positive_int(value, name: str, layer: str) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
        raise TypeError(f"{layer}: {name} must be an int; got "
                        f"{type(value).__name__} {value!r}.")
    if value < 1:
        raise ValueError(f"{layer}: {name} must be at least 1; got {value}.")
    return int(value)


@register
class Dense(Layer):
    """Fully connected layer: every output is a weighted sum of all inputs.

    Parameters
    ----------
    in_features : int
        D, the number of features of each input example.
    out_features : int
        M, the number of outputs (units) of the layer.
    init : str
        How to draw ``W``: ``"xavier"`` (Glorot uniform, the default, for tanh
        and sigmoid), ``"he"`` (He normal, for ReLU), or another name of
        ``dlkit.nn.init.INITIALIZERS``. ``b`` starts at zero.
    rng : numpy.random.Generator or int
        Source of the initial weights; share one Generator between layers so
        that each draws different numbers.
    dtype : np.float32 or np.float64
        Of the parameters, the output and the gradients. Inputs of another
        floating dtype are converted. Use float64 for gradient checks.
    input_grad : bool
        True (the default): ``backward`` returns the gradient with respect to
        the input, which the layer before needs. False for a model's first
        layer, whose input is the data: nothing needs that gradient, so
        ``backward`` skips its matrix product and returns None.

    Attributes
    ----------
    params : dict
        ``"W"``: ndarray of shape (D, M); ``"b"``: ndarray of shape (M,).
    """

    def __init__(self, in_features: int, out_features: int, *, init: str = "xavier",
                 rng: np.random.Generator | int = 0, dtype=np.float32,
                 input_grad: bool = True) -> None:
        super().__init__()
        self.input_grad = _flag(input_grad, "input_grad", "Dense")
        self.in_features = _positive_int(in_features, "in_features", "Dense")
        self.out_features = _positive_int(out_features, "out_features", "Dense")
        self.init = init
        self.dtype = float_dtype(dtype)
        draw = get_initializer(init)

        shape = (self.in_features, self.out_features)
        self.params = {"W": draw(shape, make_rng(rng), dtype=self.dtype),
                       "b": np.zeros(self.out_features, dtype=self.dtype)}
        self._x = None
        self._ones = None           # (N,) ones: the bias gradient's summing vector

    def _check_input(self, x) -> np.ndarray:
        x = _float_input(x, self)
        if x.ndim != 2 or x.shape[1] != self.in_features:
            d = self.in_features
            if x.ndim == 1 and x.shape[0] == d:
                fix = "Pass a batch of one: x[None, :]"
            elif x.ndim > 2:
                fix = ("Flatten each example first: x.reshape(len(x), -1), or "
                       "put a Flatten layer before this one")
            else:
                fix = (f"The layer was built with in_features={d}; check the "
                       f"previous layer's out_features or the data's columns")
            raise ValueError(f"Dense: x must have shape (N, {d}); got {x.shape}. "
                             f"{fix}.")
        if x.dtype != self.dtype:
            x = x.astype(self.dtype)
        # x . x is NaN exactly when x holds a NaN (a sum of squares cannot meet
        # inf - inf): one BLAS pass, and the search for rows only if needed
        if np.isnan(np.vdot(x, x)):
            rows = np.unique(np.nonzero(np.isnan(x))[0])
            raise ValueError(f"Dense: x contains NaN (in rows {rows[:5].tolist()}"
                             f"{', ...' if rows.size > 5 else ''}). Clean or "
                             f"impute the data, or look for an earlier step that "
                             f"divides by zero.")
        return x

    def forward(self, x: np.ndarray) -> np.ndarray:
        """``x @ W + b``.

        Parameters
        ----------
        x : ndarray of shape (N, D), floating

        Returns
        -------
        ndarray of shape (N, M), of the layer's dtype
        """
        x = self._check_input(x)
        self._x = x
        out = x @ self.params["W"]          # (N, D) @ (D, M) -> (N, M)
        out += self.params["b"]             # in place: no second (N, M) array
        return out

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Fill ``grads["W"]`` and ``grads["b"]``; return the input gradient.

        Parameters
        ----------
        grad : ndarray of shape (N, M)
            Gradient of the loss with respect to the last output.

        Returns
        -------
        ndarray of shape (N, D), or None if the layer was built with
        ``input_grad=False``
        """
        x = _need_forward(self._x, self)
        grad = _check_grad(grad, (x.shape[0], self.out_features), self)
        if grad.dtype != self.dtype:
            grad = grad.astype(self.dtype)

        # the bias gradient is the column sums of grad; ones @ grad computes
        # them by BLAS, about twice as fast as grad.sum(axis=0)
        ones = self._ones
        if ones is None or ones.shape[0] != x.shape[0]:
            ones = self._ones = np.ones(x.shape[0], dtype=self.dtype)
        self.grads = {"W": x.T @ grad,              # (D, N) @ (N, M) -> (D, M)
                      "b": ones @ grad}             # (N,) @ (N, M) -> (M,)
        if not self.input_grad:
            return None
        return grad @ self.params["W"].T            # (N, M) @ (M, D) -> (N, D)

    def config(self) -> dict:
        config = {"in_features": self.in_features, "out_features": self.out_features,
                  "init": self.init, "dtype": self.dtype.name}
        if not self.input_grad:         # only when set: the default stays unsaid
            config["input_grad"] = False
        return config
