"""Activation functions as layers, each with its backward pass.

An activation acts element by element (Softmax: along one axis), so it takes
an ndarray of any shape and keeps its shape and floating dtype. Each keeps the
one array its derivative needs: the output for Sigmoid, Tanh and Softmax,
whose derivatives are written in terms of the output, the input for the rest.

The small helpers at the top check inputs for every layer in ``dlkit.nn``.
"""

from __future__ import annotations

import numpy as np

from dlkit.io import register
from dlkit.nn import functional as F
from dlkit.nn.layer import Layer

__all__ = ["GELU", "LeakyReLU", "ReLU", "Sigmoid", "Softmax", "Tanh"]


def _float_input(x, layer: Layer, name: str = "x") -> np.ndarray:
    """``x`` as a floating ndarray, or a TypeError that says how to get one."""
    if type(x) is not np.ndarray:
        x = np.asarray(x)
    if x.dtype.kind != "f":
        kind = "Python objects" if x.dtype == object else x.dtype
        raise TypeError(f"{type(layer).__name__}: {name} must be an array of "
                        f"floats; got {kind}. Convert it with "
                        f"{name}.astype(np.float32) (or np.float64).")
    return x


def _flag(value, name: str, layer: str) -> bool:
    """``value`` as a bool, or a TypeError if it is anything but True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{layer}: {name} must be True or False; got "
                        f"{type(value).__name__} {value!r}.")
    return bool(value)


def _need_forward(cache, layer: Layer):
    """The array kept by ``forward``, or a RuntimeError if there is none."""
    if cache is None:
        raise RuntimeError(f"{type(layer).__name__}.backward was called before "
                           f"forward. Run forward(x) on the batch first.")
    return cache


def _check_grad(grad, shape: tuple, layer: Layer) -> np.ndarray:
    """``grad`` as an ndarray of the forward output's shape, or a ValueError."""
    if type(grad) is not np.ndarray:
        grad = np.asarray(grad)
    if grad.shape != shape:
        raise ValueError(f"{type(layer).__name__}.backward: grad must have the "
                         f"shape of the last forward output, {shape}; got "
                         f"{grad.shape}. Pass the gradient of the loss with "
                         f"respect to this layer's output.")
    return grad


@register
class Sigmoid(Layer):
    """Logistic sigmoid ``1 / (1 + exp(-x))``; derivative ``s (1 - s)``."""

    def __init__(self) -> None:
        super().__init__()
        self._out = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._out = F.sigmoid(_float_input(x, self))
        return self._out

    def backward(self, grad: np.ndarray) -> np.ndarray:
        s = _need_forward(self._out, self)
        grad = _check_grad(grad, s.shape, self)
        return grad * s * (1.0 - s)


@register
class Tanh(Layer):
    """Hyperbolic tangent; derivative ``1 - t**2``."""

    def __init__(self) -> None:
        super().__init__()
        self._out = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._out = np.tanh(_float_input(x, self))
        return self._out

    def backward(self, grad: np.ndarray) -> np.ndarray:
        t = _need_forward(self._out, self)
        grad = _check_grad(grad, t.shape, self)
        return grad * (1.0 - t * t)


@register
class ReLU(Layer):
    """Rectified linear unit ``max(0, x)``; derivative 1 where ``x > 0``, else 0."""

    def __init__(self) -> None:
        super().__init__()
        self._x = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._x = _float_input(x, self)
        return np.maximum(self._x, 0)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        x = _need_forward(self._x, self)
        grad = _check_grad(grad, x.shape, self)
        return grad * (x > 0)          # a boolean mask: cheaper than np.where


@register
class LeakyReLU(Layer):
    """``x`` where positive, ``negative_slope * x`` elsewhere.

    Parameters
    ----------
    negative_slope : float
        The slope for negative inputs, usually small (0.01); it keeps a
        gradient flowing through units that a plain ReLU would switch off.
    """

    def __init__(self, negative_slope: float = 0.01) -> None:
        super().__init__()
        if not isinstance(negative_slope, (int, float)) or isinstance(
                negative_slope, bool):
            raise TypeError(f"LeakyReLU: negative_slope must be a number; got "
                            f"{type(negative_slope).__name__}. Pass e.g. 0.01.")
        self.negative_slope = float(negative_slope)
        self._x = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._x = _float_input(x, self)
        return F.leaky_relu(self._x, self.negative_slope)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        x = _need_forward(self._x, self)
        grad = _check_grad(grad, x.shape, self)
        return np.where(x > 0, grad, grad * self.negative_slope).astype(
            grad.dtype, copy=False)

    def config(self) -> dict:
        return {"negative_slope": self.negative_slope}


@register
class GELU(Layer):
    """Gaussian error linear unit, tanh approximation (see ``functional.gelu``).

    With ``u = c (x + a x**3)``, ``c = sqrt(2 / pi)``, ``a = 0.044715``, the
    output is ``0.5 x (1 + tanh u)`` and its derivative
    ``0.5 (1 + tanh u) + 0.5 x (1 - tanh(u)**2) c (1 + 3 a x**2)``.
    """

    def __init__(self) -> None:
        super().__init__()
        self._x = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = self._x = _float_input(x, self)
        c, a = F._GELU_C, 0.044715
        # x * x * x, not x**3: the power is many times slower on float32 arrays
        self._t = t = np.tanh(c * (x + a * (x * x * x)))
        return 0.5 * x * (1.0 + t)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        x = _need_forward(self._x, self)
        grad = _check_grad(grad, x.shape, self)
        c, a, t = F._GELU_C, 0.044715, self._t
        slope = 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * c * (1.0 + 3 * a * x * x)
        return grad * slope


@register
class Softmax(Layer):
    """Softmax along ``axis``: each slice becomes probabilities summing to one.

    The Jacobian of one slice is ``diag(s) - s s^T``, so the backward pass
    needs no matrix: ``J^T g = s * (g - sum(g * s))``, the sum over ``axis``.
    For a classifier's output, prefer raw scores with ``SoftmaxCrossEntropy``,
    which fuses the two steps and stays stable.

    Parameters
    ----------
    axis : int
        The axis of the classes, the last one by default.
    """

    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise TypeError(f"Softmax: axis must be an int; got "
                            f"{type(axis).__name__}. Pass e.g. axis=-1.")
        self.axis = axis
        self._out = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _float_input(x, self)
        if not -x.ndim <= self.axis < x.ndim:
            raise ValueError(f"Softmax: axis={self.axis} does not exist for an "
                             f"input of shape {x.shape}. Use axis=-1 for the "
                             f"last axis.")
        self._out = F.softmax(x, axis=self.axis)
        return self._out

    def backward(self, grad: np.ndarray) -> np.ndarray:
        s = _need_forward(self._out, self)
        grad = _check_grad(grad, s.shape, self)
        return s * (grad - np.sum(grad * s, axis=self.axis, keepdims=True))

    def config(self) -> dict:
        return {"axis": self.axis}
