"""Max and average pooling over KH x KW windows of each channel.

Letters as in :mod:`dlkit.nn.conv`: N images, C channels, H x W input size,
KH x KW window, S stride, OH x OW output size. Layout NCHW. There is no
padding; rows or columns that the last window would only partly cover are
left out::

    OH = (H - KH) // S + 1        OW = (W - KW) // S + 1

Pooling has no parameters: it shrinks each channel and keeps, per window,
the largest value (max) or the mean (average). Both loop over the KH*KW
window offsets only, each offset being one strided slice of the whole batch.
"""

from __future__ import annotations

import numpy as np

from dlkit.io import register
from dlkit.nn.activations import _check_grad, _float_input, _need_forward
from dlkit.nn.conv import _pair, conv_output_size
from dlkit.nn.layer import Layer

__all__ = ["AvgPool2D", "MaxPool2D"]


class _Pool2D(Layer):
    """What both poolings share: settings, shape checks, the window slices."""

    def __init__(self, kernel_size=2, stride=None) -> None:
        super().__init__()
        self.kernel_size = _pair(kernel_size, "kernel_size", 1)
        self.stride = self.kernel_size if stride is None else _pair(stride,
                                                                    "stride", 1)
        self._x_shape = None

    def output_shape(self, x_shape) -> tuple[int, int, int, int]:
        """(N, C, OH, OW) for an input of shape (N, C, H, W)."""
        name = type(self).__name__
        if len(x_shape) != 4:
            raise ValueError(f"{name}: x must have shape (N, C, H, W); got "
                             f"{tuple(x_shape)}. Add the missing axes: x[None] "
                             f"for a single image, x[:, None] for one channel.")
        n, c, h, w = x_shape
        (kh, kw), (sh, sw) = self.kernel_size, self.stride
        try:
            oh, ow = conv_output_size(h, kh, sh), conv_output_size(w, kw, sw)
        except ValueError:
            raise ValueError(f"{name}: the {kh}x{kw} window does not fit an input "
                             f"of {h}x{w}. Use a smaller kernel_size, or pool "
                             f"earlier in the network.") from None
        return n, c, oh, ow

    def _slices(self, oh: int, ow: int):
        """For each window offset (i, j): the index of the pixels it sees."""
        (kh, kw), (sh, sw) = self.kernel_size, self.stride
        for i in range(kh):
            for j in range(kw):
                yield (slice(None), slice(None), slice(i, i + sh * oh, sh),
                       slice(j, j + sw * ow, sw))

    def config(self) -> dict:
        return {"kernel_size": self.kernel_size, "stride": self.stride}


@register
class MaxPool2D(_Pool2D):
    """Keep the largest value of every window, channel by channel.

    The gradient flows only to the pixel that held the maximum; if several
    pixels of a window tie, the first of them (in row-major window order)
    gets it all, so that the gradient still sums to the output gradient.

    Parameters
    ----------
    kernel_size : int or (int, int)
        KH, KW, the window size.
    stride : int or (int, int), optional
        Step between windows; by default the window size (windows that touch
        but do not overlap).
    """

    def __init__(self, kernel_size=2, stride=None) -> None:
        super().__init__(kernel_size, stride)
        self._x = None
        self._out = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """The maximum of every window.

        Parameters
        ----------
        x : ndarray of shape (N, C, H, W), floating

        Returns
        -------
        ndarray of shape (N, C, OH, OW), of the dtype of ``x``
        """
        x = _float_input(x, self)
        _, _, oh, ow = self.output_shape(x.shape)

        slices = self._slices(oh, ow)
        out = x[next(slices)].copy()                    # (N, C, OH, OW)
        for index in slices:
            np.maximum(out, x[index], out=out)

        self._x, self._out = x, out
        return out

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Route each output gradient to the pixel that won its window.

        Parameters
        ----------
        grad : ndarray of shape (N, C, OH, OW)

        Returns
        -------
        ndarray of shape (N, C, H, W)
        """
        x = _need_forward(self._x, self)
        out = self._out
        grad = _check_grad(grad, out.shape, self)
        _, _, oh, ow = out.shape

        dx = np.zeros(x.shape, dtype=np.result_type(grad, x))
        open_ = np.ones(out.shape, dtype=bool)      # windows not yet routed
        for index in self._slices(oh, ow):
            winner = x[index] == out
            winner &= open_                         # ties: the first pixel only
            open_ &= ~winner
            dx[index] += grad * winner
        return dx


@register
class AvgPool2D(_Pool2D):
    """Replace every window by its mean, channel by channel.

    Each pixel of a window receives ``1 / (KH * KW)`` of the window's output
    gradient.

    Parameters
    ----------
    kernel_size : int or (int, int)
        KH, KW, the window size.
    stride : int or (int, int), optional
        Step between windows; by default the window size.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        """The mean of every window.

        Parameters
        ----------
        x : ndarray of shape (N, C, H, W), floating

        Returns
        -------
        ndarray of shape (N, C, OH, OW), of the dtype of ``x``
        """
        x = _float_input(x, self)
        n, c, oh, ow = self.output_shape(x.shape)

        out = np.zeros((n, c, oh, ow), dtype=x.dtype)
        for index in self._slices(oh, ow):
            out += x[index]
        out *= 1.0 / (self.kernel_size[0] * self.kernel_size[1])

        self._x_shape = x.shape
        return out

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Spread each output gradient evenly over its window.

        Parameters
        ----------
        grad : ndarray of shape (N, C, OH, OW)

        Returns
        -------
        ndarray of shape (N, C, H, W)
        """
        x_shape = _need_forward(self._x_shape, self)
        n, c, oh, ow = self.output_shape(x_shape)
        grad = _check_grad(grad, (n, c, oh, ow), self)

        share = grad * (1.0 / (self.kernel_size[0] * self.kernel_size[1]))
        dx = np.zeros(x_shape, dtype=share.dtype)
        for index in self._slices(oh, ow):
            dx[index] += share
        return dx
