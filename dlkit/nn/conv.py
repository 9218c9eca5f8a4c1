"""Two-dimensional convolution, computed as one matrix product by im2col.

Letters: N images in a batch, C input channels, H x W input size, F filters
(output channels), KH x KW kernel size, S stride, P zero padding on every side,
OH x OW output size. Images are laid out NCHW: ndarray of shape (N, C, H, W).

Output size along each axis (floor division: rows or columns that the last
window would only partly cover are left out)::

    OH = (H + 2 P - KH) // S + 1        OW = (W + 2 P - KW) // S + 1

How it works: :func:`im2col` copies every KH x KW window of the (padded)
input into one column of a matrix of shape (C*KH*KW, N*OH*OW). The kernel
reshaped to (F, C*KH*KW) times that matrix is the whole convolution, for the
whole batch, in one large matrix product. The backward pass is two more
products and :func:`col2im`, which adds each column back onto the window it
came from. Both loop over the KH*KW kernel offsets only, never over images or
pixels: each offset is one strided slice of the whole batch.
"""

from __future__ import annotations

import numpy as np

from dlkit.io import register
from dlkit.nn.activations import _check_grad, _float_input, _need_forward
from dlkit.nn.init import float_dtype, get_initializer, make_rng
from dlkit.nn.layer import Layer

__all__ = ["Conv2D", "col2im", "conv_output_size", "im2col"]


def _pair(value, name: str, minimum: int) -> tuple[int, int]:
    """An int or a pair of ints as a pair, each at least ``minimum``."""
    items = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if len(items) != 2 or not all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool)
            for v in items):
        raise TypeError(f"{name} must be an int or a pair of ints; got {value!r}. "
                        f"Pass e.g. {name}=3 or {name}=(3, 3).")
    if min(items) < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value!r}.")
    return int(items[0]), int(items[1])


def _positive_int(value, name: str) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int; got {type(value).__name__} "
                        f"{value!r}.")
    if value < 1:
        raise ValueError(f"{name} must be at least 1; got {value}.")
    return int(value)


def conv_output_size(size: int, kernel: int, stride: int = 1,
                     padding: int = 0) -> int:
    """Length of the output along one axis: ``(size + 2 P - K) // S + 1``.

    Raises
    ------
    ValueError
        If the kernel is larger than the padded input.
    """
    padded = size + 2 * padding
    if kernel > padded:
        raise ValueError(f"the kernel ({kernel}) does not fit in the padded input "
                         f"({size} + 2*{padding} = {padded}). Use a smaller "
                         f"kernel, more padding, or a larger input.")
    return (padded - kernel) // stride + 1


def _geometry(x_shape, kernel_size, stride, padding):
    """``(KH, KW), (S, S), (P, P), (OH, OW)`` for an input of ``x_shape``."""
    kh, kw = _pair(kernel_size, "kernel_size", 1)
    sh, sw = _pair(stride, "stride", 1)
    ph, pw = _pair(padding, "padding", 0)
    if len(x_shape) != 4:
        raise ValueError(f"x must have shape (N, C, H, W); got {tuple(x_shape)}. "
                         f"Add the missing axes: x[None] for a single image, "
                         f"x[:, None] for a batch of one-channel images.")
    _, _, h, w = x_shape
    try:
        oh = conv_output_size(h, kh, sh, ph)
        ow = conv_output_size(w, kw, sw, pw)
    except ValueError as err:
        raise ValueError(f"kernel {kh}x{kw} with padding {(ph, pw)} does not fit "
                         f"an input of {h}x{w}: {err}") from None
    return (kh, kw), (sh, sw), (ph, pw), (oh, ow)


def im2col(x: np.ndarray, kernel_size, stride=1, padding=0, *,
           out: np.ndarray | None = None) -> np.ndarray:
    """Unfold every kernel window of a batch of images into one column.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    kernel_size : int or (int, int)
        KH, KW.
    stride : int or (int, int)
    padding : int or (int, int)
        Zeros added on each side of H and W.
    out : ndarray of shape (C*KH*KW, N*OH*OW), optional
        A C-contiguous array of the dtype of ``x`` to write the columns into,
        so that a layer can reuse one buffer from batch to batch.

    Returns
    -------
    ndarray of shape (C*KH*KW, N*OH*OW)
        Row ``(c, i, j)`` (in that order, matching ``W.reshape(F, -1)`` for a
        kernel ``W`` of shape (F, C, KH, KW)) holds input channel ``c`` at
        kernel offset ``(i, j)``; column ``(n, oh, ow)`` is the window of
        output pixel ``(oh, ow)`` of image ``n``.
    """
    x = np.asarray(x)
    (kh, kw), (sh, sw), (ph, pw), (oh, ow) = _geometry(x.shape, kernel_size,
                                                       stride, padding)
    n, c = x.shape[:2]
    if ph or pw:
        x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))

    shape = (c * kh * kw, n * oh * ow)
    if out is None:
        out = np.empty(shape, dtype=x.dtype)
    elif out.shape != shape or out.dtype != x.dtype or not out.flags.c_contiguous:
        raise ValueError(f"out must be a C-contiguous {x.dtype} array of shape "
                         f"{shape}; got {out.dtype} {out.shape}. Pass out=None.")
    cols = out.reshape(c, kh, kw, n, oh, ow)
    xt = x.transpose(1, 0, 2, 3)                        # (C, N, H+2P, W+2P), a view
    for i in range(kh):
        for j in range(kw):
            # all the pixels that kernel offset (i, j) sees, for every window
            cols[:, i, j] = xt[:, :, i:i + sh * oh:sh, j:j + sw * ow:sw]
    return out


def col2im(cols: np.ndarray, x_shape, kernel_size, stride=1,
           padding=0) -> np.ndarray:
    """Add every column back onto the window it came from: the adjoint of im2col.

    Where windows overlap, their values add up, which is what the gradient of
    a convolution needs; ``col2im(im2col(x))`` is ``x`` times the number of
    windows that cover each pixel.

    Parameters
    ----------
    cols : ndarray of shape (C*KH*KW, N*OH*OW)
        In the layout that :func:`im2col` returns.
    x_shape : tuple (N, C, H, W)
        The shape of the images the columns came from.
    kernel_size, stride, padding
        As given to :func:`im2col`.

    Returns
    -------
    ndarray of shape (N, C, H, W)
    """
    (kh, kw), (sh, sw), (ph, pw), (oh, ow) = _geometry(x_shape, kernel_size,
                                                       stride, padding)
    n, c, h, w = x_shape
    if cols.shape != (c * kh * kw, n * oh * ow):
        raise ValueError(f"cols must have shape (C*KH*KW, N*OH*OW) = "
                         f"{(c * kh * kw, n * oh * ow)} for images of shape "
                         f"{tuple(x_shape)}; got {cols.shape}. Pass the same "
                         f"kernel_size, stride and padding as to im2col.")

    cols = cols.reshape(c, kh, kw, n, oh, ow)
    # accumulate in (C, N, ...) order, the order of the columns, so that each
    # addition below reads and writes whole image rows
    padded = np.zeros((c, n, h + 2 * ph, w + 2 * pw), dtype=cols.dtype)
    for i in range(kh):
        for j in range(kw):
            padded[:, :, i:i + sh * oh:sh, j:j + sw * ow:sw] += cols[:, i, j]
    inner = padded[:, :, ph:ph + h, pw:pw + w]
    return np.ascontiguousarray(inner.transpose(1, 0, 2, 3))   # (N, C, H, W)


@register
class Conv2D(Layer):
    """Convolution of a batch of images with F learned filters.

    Each output pixel is the sum over the C input channels and the KH x KW
    window under it of input times kernel, plus the filter's bias. (Like every
    deep-learning library this is cross-correlation: the kernel is not
    flipped.)

    Parameters
    ----------
    in_channels : int
        C, the channels of each input image (1 for grey, 3 for colour).
    out_channels : int
        F, the number of filters, which is the number of output channels.
    kernel_size : int or (int, int)
        KH, KW.
    stride : int or (int, int)
        Step between neighbouring windows.
    padding : int or (int, int)
        Zeros added on each side; ``padding=(K - 1) // 2`` with stride 1 and
        an odd kernel keeps H and W unchanged.
    init : str
        How to draw ``W``: ``"he"`` (the default, for ReLU networks),
        ``"xavier"``, or another name of ``dlkit.nn.init.INITIALIZERS``; the
        fan in is C*KH*KW. ``b`` starts at zero.
    rng : numpy.random.Generator or int
        Source of the initial weights.
    dtype : np.float32 or np.float64
        Of the parameters, the output and the gradients; inputs are converted.

    Attributes
    ----------
    params : dict
        ``"W"``: ndarray of shape (F, C, KH, KW); ``"b"``: ndarray of shape (F,).
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size=3,
                 stride=1, padding=0, *, init: str = "he",
                 rng: np.random.Generator | int = 0, dtype=np.float32) -> None:
        super().__init__()
        self.in_channels = _positive_int(in_channels, "in_channels")
        self.out_channels = _positive_int(out_channels, "out_channels")
        self.kernel_size = _pair(kernel_size, "kernel_size", 1)
        self.stride = _pair(stride, "stride", 1)
        self.padding = _pair(padding, "padding", 0)
        self.init = init
        self.dtype = float_dtype(dtype)
        draw = get_initializer(init)

        shape = (self.out_channels, self.in_channels, *self.kernel_size)
        self.params = {"W": draw(shape, make_rng(rng), dtype=self.dtype),
                       "b": np.zeros(self.out_channels, dtype=self.dtype)}
        self._cols = None
        self._x_shape = None
        self._buffers: dict[str, np.ndarray] = {}

    def _buffer(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A private scratch array, kept from call to call while ``shape`` holds.

        Large fresh arrays are costly: the operating system hands out and
        zeroes their memory page by page. Intermediate results that never
        leave the layer reuse one buffer each; outputs are always new arrays.
        """
        buf = self._buffers.get(name)
        if buf is None or buf.shape != shape:
            buf = self._buffers[name] = np.empty(shape, dtype=self.dtype)
        return buf

    def output_shape(self, x_shape) -> tuple[int, int, int, int]:
        """(N, F, OH, OW) for an input of shape (N, C, H, W)."""
        _, _, _, (oh, ow) = _geometry(tuple(x_shape), self.kernel_size,
                                      self.stride, self.padding)
        return (x_shape[0], self.out_channels, oh, ow)

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Convolve the batch with every filter and add the biases.

        Parameters
        ----------
        x : ndarray of shape (N, C, H, W), floating

        Returns
        -------
        ndarray of shape (N, F, OH, OW), of the layer's dtype
        """
        x = _float_input(x, self)
        if x.ndim == 4 and x.shape[1] != self.in_channels:
            raise ValueError(f"Conv2D: expected {self.in_channels} channels; got "
                             f"{x.shape[1]} (x has shape {x.shape}, read as "
                             f"(N, C, H, W)). Images must be NCHW; for NHWC data "
                             f"use x.transpose(0, 3, 1, 2).")
        n, f, oh, ow = self.output_shape(x.shape)
        if x.dtype != self.dtype:
            x = x.astype(self.dtype)
        w = self.params["W"].reshape(f, -1)                     # (F, C*KH*KW)

        cols = self._buffer("cols", (w.shape[1], n * oh * ow))
        self._cols = im2col(x, self.kernel_size, self.stride, self.padding,
                            out=cols)
        self._x_shape = x.shape
        prod = self._buffer("prod", (f, n * oh * ow))
        np.matmul(w, cols, out=prod)        # (F, CKK) @ (CKK, N*OH*OW)
        prod += self.params["b"][:, None]

        out = np.empty((n, f, oh, ow), dtype=self.dtype)
        out[...] = prod.reshape(f, n, oh, ow).transpose(1, 0, 2, 3)
        return out

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Fill ``grads["W"]`` and ``grads["b"]``; return the input gradient.

        Parameters
        ----------
        grad : ndarray of shape (N, F, OH, OW)

        Returns
        -------
        ndarray of shape (N, C, H, W)
        """
        cols = _need_forward(self._cols, self)
        n, f, oh, ow = self.output_shape(self._x_shape)
        grad = _check_grad(grad, (n, f, oh, ow), self)
        w = self.params["W"]

        g = self._buffer("grad", (f, n * oh * ow))    # grad in the columns' order
        g.reshape(f, n, oh, ow)[...] = grad.transpose(1, 0, 2, 3)
        # (CKK, NP) @ (NP, F) -> (CKK, F), then transposed to (F, CKK): the same
        # numbers as g @ cols.T, but BLAS runs this orientation of the long
        # reduction over NP faster
        self.grads = {
            "W": (cols @ g.T).T.reshape(w.shape),
            "b": g.sum(axis=1),                     # (F,)
        }
        dcols = self._buffer("dcols", cols.shape)
        np.matmul(w.reshape(f, -1).T, g, out=dcols)     # (CKK, F) @ (F, NP)
        return col2im(dcols, self._x_shape, self.kernel_size, self.stride,
                      self.padding)

    def config(self) -> dict:
        return {"in_channels": self.in_channels, "out_channels": self.out_channels,
                "kernel_size": self.kernel_size, "stride": self.stride,
                "padding": self.padding, "init": self.init,
                "dtype": self.dtype.name}
