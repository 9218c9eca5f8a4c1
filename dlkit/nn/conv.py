"""Two-dimensional convolution, computed as matrix products by im2col.

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

The Conv2D layer uses exactly this for strides above 1. For stride 1 it
builds the same columns faster, from "shifted rows" of the padded images, and
goes through the batch in cache-sized chunks (see the comment in the class).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from dlkit.io import register
from dlkit.nn.activations import _check_grad, _flag, _float_input, _need_forward
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
        An array of the dtype of ``x`` whose rows are contiguous (a slice of
        wider rows is fine) to write the columns into, so that a layer can
        reuse one buffer from batch to batch.

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
    elif (out.shape != shape or out.dtype != x.dtype
          or out.strides[1] != out.itemsize
          or out.strides[0] < shape[1] * out.itemsize):
        raise ValueError(f"out must be a {x.dtype} array of shape {shape} with "
                         f"contiguous rows; got {out.dtype} {out.shape}. Pass "
                         f"out=None.")
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
    input_grad : bool
        True (the default): ``backward`` returns the gradient with respect to
        the input images. False for a model's first layer, fed the data:
        ``backward`` then skips that product and :func:`col2im` and returns
        None.

    Attributes
    ----------
    params : dict
        ``"W"``: ndarray of shape (F, C, KH, KW); ``"b"``: ndarray of shape (F,).
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size=3,
                 stride=1, padding=0, *, init: str = "he",
                 rng: np.random.Generator | int = 0, dtype=np.float32,
                 input_grad: bool = True) -> None:
        super().__init__()
        self.input_grad = _flag(input_grad, "input_grad", "Conv2D")
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
        self._saved = None          # for backward: the columns, or the padded input
        self._x_shape = None
        self._buffers: dict[str, np.ndarray] = {}

    def _buffer(self, name: str, shape: tuple[int, ...], *,
                zeros: bool = False) -> np.ndarray:
        """A private scratch array, kept from call to call while ``shape`` holds.

        Large fresh arrays are costly: the operating system hands out and
        zeroes their memory page by page. Intermediate results that never
        leave the layer reuse one buffer each; outputs are always new arrays.
        ``zeros=True`` makes a new buffer start at zero (the shifted rows
        below rely on borders that stay zero and are never written).
        """
        buf = self._buffers.get(name)
        if buf is None or buf.shape != shape:
            make = np.zeros if zeros else np.empty
            buf = self._buffers[name] = make(shape, dtype=self.dtype)
        return buf

    def _rows(self, name: str, rows: int, length: int, *,
              zeros: bool = False) -> np.ndarray:
        """A (rows, length) scratch matrix whose rows start a little apart.

        When a row's size in bytes is a multiple of 4 KiB (14336 float32
        numbers, for 64 images of 14 x 16), consecutive rows compete for the
        same few cache sets and the matrix products run up to twice as
        slowly. Each row is therefore padded by 16 numbers (more if that
        lands on such a multiple again); the matrix is a view of the first
        ``length`` columns.
        """
        stride = length + 16
        while (stride * self.dtype.itemsize) % 4096 == 0:
            stride += 16
        return self._buffer(name, (rows, stride), zeros=zeros)[:, :length]

    def output_shape(self, x_shape) -> tuple[int, int, int, int]:
        """(N, F, OH, OW) for an input of shape (N, C, H, W)."""
        _, _, _, (oh, ow) = _geometry(tuple(x_shape), self.kernel_size,
                                      self.stride, self.padding)
        return (x_shape[0], self.out_channels, oh, ow)

    # With stride 1 the layer uses "shifted rows", a form of im2col with long
    # copies. Pad every image and lay the images of one channel end to end
    # in one long row, each image Hp x Wp. Kernel offset (i, j) then sees the
    # pixel i * Wp + j places further along the row than the window's corner,
    # for every window at once: the offset's row of the column matrix is one
    # slice of the long row, copied in runs of OH * Wp numbers (one run per
    # image) instead of runs of OW. The price is Wp - OW extra columns per
    # output row, windows that wrap past the right edge: their outputs are
    # dropped and their gradients are zero, so they change no result, but
    # they make the products Wp / OW times larger (16/14 for 14x14 images
    # padded by 1). The batch goes through in chunks of whole images, about
    # 4096 columns each: a chunk's matrices (a few MiB) stay in the
    # processor's cache between the steps that use them, and BLAS computes
    # the kernel gradient (a product whose inner length is the number of
    # columns) several times faster in such pieces than in one long product.
    # Backward copies a chunk's columns again rather than keeping the whole
    # matrix, which is faster than reading it back from memory. Other strides
    # use im2col and col2im.

    _CHUNK_COLUMNS = 4096           # columns of one chunk's column matrix

    def _shifted_geometry(self, x_shape):
        """``Hp, Wp, OH, images per chunk`` for an input of ``x_shape``."""
        _, _, h, w = x_shape
        kh, (ph, pw) = self.kernel_size[0], self.padding
        hp, wp = h + 2 * ph, w + 2 * pw
        oh = hp - kh + 1
        per_image = oh * wp
        return hp, wp, oh, max(1, self._CHUNK_COLUMNS // per_image)

    def _padded(self, name: str, x: np.ndarray) -> np.ndarray:
        """``x`` (N, C, H, W) padded, as (C, N + 1, Hp, Wp) in a kept buffer.

        The extra image is zeros, for the windows that wrap past the last
        image; the borders are zeros too, and only the inside is written.
        """
        n, c, h, w = x.shape
        (ph, pw), (hp, wp) = self.padding, self._shifted_geometry(x.shape)[:2]
        padded = self._buffer(name, (c, n + 1, hp, wp), zeros=True)
        padded[:, :n, ph:ph + h, pw:pw + w] = x.transpose(1, 0, 2, 3)
        return padded

    def _shifted_columns(self, padded: np.ndarray, first: int, count: int,
                         oh: int, step: int, *, copy: bool = True) -> np.ndarray:
        """The column matrix of images ``first .. first + count - 1``.

        Returns a (C*KH*KW, count*OH*Wp) view of the layer's "cols" buffer,
        which holds ``step`` images; row (c, i, j) is channel c shifted by
        kernel offset (i, j). ``copy=False`` returns the view as it is: the
        columns that the last call copied.
        """
        c, n1, hp, wp = padded.shape
        (kh, kw), image = self.kernel_size, hp * wp
        flat = padded.reshape(c, n1 * image)
        cols = self._rows("cols", c * kh * kw, min(step, n1 - 1) * oh * wp)
        cols = cols[:, :count * oh * wp]
        if not copy:
            return cols
        # every offset's slices at once: a read-only view whose (i, j) axes
        # step i * Wp + j numbers along the long row; it never reaches past
        # the zero image at the end
        step_c, step_n = flat.strides
        shifted = as_strided(flat[:, first * image:], writeable=False,
                             shape=(c, kh, kw, count, oh * wp),
                             strides=(step_c, wp * step_n, step_n, image * step_n,
                                      step_n))
        cols.reshape(c, kh, kw, count, oh * wp)[...] = shifted
        return cols

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
        b = self.params["b"][:, None]
        out = np.empty((n, f, oh, ow), dtype=self.dtype)
        self._x_shape = x.shape

        if self.stride != (1, 1):
            cols = self._rows("cols", w.shape[1], n * oh * ow)
            self._saved = im2col(x, self.kernel_size, self.stride, self.padding,
                                 out=cols)
            prod = self._rows("prod", f, n * oh * ow)
            np.matmul(w, cols, out=prod)        # (F, CKK) @ (CKK, N*OH*OW)
            prod += b
            out[...] = prod.reshape(f, n, oh, ow).transpose(1, 0, 2, 3)
            return out

        self._saved = padded = self._padded("padded", x)
        _, wp, _, step = self._shifted_geometry(x.shape)
        prods = self._rows("prod", f, min(step, n) * oh * wp)
        for first in range(0, n, step):
            count = min(step, n - first)
            cols = self._shifted_columns(padded, first, count, oh, step)
            prod = prods[:, :count * oh * wp]
            np.matmul(w, cols, out=prod)        # (F, CKK) @ (CKK, chunk)
            prod += b
            chunk = prod.reshape(f, count, oh, wp)[:, :, :, :ow]
            out[first:first + count] = chunk.transpose(1, 0, 2, 3)
        return out

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Fill ``grads["W"]`` and ``grads["b"]``; return the input gradient.

        Parameters
        ----------
        grad : ndarray of shape (N, F, OH, OW)

        Returns
        -------
        ndarray of shape (N, C, H, W), or None if the layer was built with
        ``input_grad=False``
        """
        saved = _need_forward(self._saved, self)
        n, f, oh, ow = self.output_shape(self._x_shape)
        grad = _check_grad(grad, (n, f, oh, ow), self)
        if grad.dtype != self.dtype:
            grad = grad.astype(self.dtype)
        if self.stride != (1, 1):
            return self._backward_im2col(saved, grad)
        return self._backward_shifted(saved, grad)

    def _backward_im2col(self, cols: np.ndarray, grad: np.ndarray):
        n, f, oh, ow = grad.shape
        w = self.params["W"]
        g = self._rows("grad", f, n * oh * ow)       # grad in the columns' order
        g.reshape(f, n, oh, ow)[...] = grad.transpose(1, 0, 2, 3)
        # (CKK, NP) @ (NP, F) -> (CKK, F), then transposed to (F, CKK): the same
        # numbers as g @ cols.T, but BLAS runs this orientation faster, and
        # faster still in pieces of the long reduction over NP
        piece = self._CHUNK_COLUMNS
        dw_t = np.zeros((cols.shape[0], f), dtype=self.dtype)
        for start in range(0, cols.shape[1], piece):
            dw_t += cols[:, start:start + piece] @ g[:, start:start + piece].T
        self.grads = {"W": dw_t.T.reshape(w.shape),
                      "b": g.sum(axis=1)}                         # (F,)
        if not self.input_grad:
            return None
        dcols = self._rows("dcols", *cols.shape)
        np.matmul(w.reshape(f, -1).T, g, out=dcols)     # (CKK, F) @ (F, NP)
        return col2im(dcols, self._x_shape, self.kernel_size, self.stride,
                      self.padding)

    def _backward_shifted(self, padded: np.ndarray, grad: np.ndarray):
        n, f, oh, ow = grad.shape
        _, c, h, width = self._x_shape
        (kh, kw), (ph, pw) = self.kernel_size, self.padding
        hp, wp, _, step = self._shifted_geometry(self._x_shape)
        w = self.params["W"]
        w_t = w.reshape(f, -1).T                                 # (CKK, F)

        # grad in the columns' order; the wrapped windows' columns stay zero
        # (a zeroed buffer whose last columns are never written)
        gs = self._rows("grad", f, min(step, n) * oh * wp, zeros=True)
        dcols = self._rows("dcols", c * kh * kw, min(step, n) * oh * wp)
        dw_t = np.zeros((c * kh * kw, f), dtype=self.dtype)
        db = np.zeros(f, dtype=self.dtype)
        ones = self._buffer("ones", (gs.shape[1],))
        ones.fill(1)
        if self.input_grad:
            dpadded = self._buffer("dpadded", padded.shape)
            dpadded.fill(0)
            dflat = dpadded.reshape(c, -1)
        for first in range(0, n, step):
            count, span = min(step, n - first), min(step, n - first) * oh * wp
            # a batch in one chunk still has its columns from forward
            cols = self._shifted_columns(padded, first, count, oh, step,
                                         copy=n > step)
            g = gs[:, :span]
            g.reshape(f, count, oh, wp)[:, :, :, :ow] = \
                grad[first:first + count].transpose(1, 0, 2, 3)
            # (CKK, chunk) @ (chunk, F): BLAS runs this orientation of the long
            # reduction faster than g @ cols.T
            dw_t += cols @ g.T
            db += g @ ones[:span]           # the row sums (zeros add nothing)
            if not self.input_grad:
                continue
            d = dcols[:, :span]
            np.matmul(w_t, g, out=d)                 # (CKK, F) @ (F, chunk)
            # col2im for shifted rows: each offset's row adds back onto the
            # slice of the long row it was copied from
            by_offset = d.reshape(c, kh, kw, count, oh * wp)
            for i in range(kh):
                for j in range(kw):
                    start = first * hp * wp + i * wp + j
                    rows = dflat[:, start:start + count * hp * wp]
                    rows = rows.reshape(c, count, hp * wp)[:, :, :oh * wp]
                    rows += by_offset[:, i, j]
        self.grads = {"W": dw_t.T.reshape(w.shape), "b": db}
        if not self.input_grad:
            return None
        inner = dpadded[:, :n, ph:ph + h, pw:pw + width]
        return np.ascontiguousarray(inner.transpose(1, 0, 2, 3))   # (N, C, H, W)

    def config(self) -> dict:
        config = {"in_channels": self.in_channels,
                  "out_channels": self.out_channels,
                  "kernel_size": self.kernel_size, "stride": self.stride,
                  "padding": self.padding, "init": self.init,
                  "dtype": self.dtype.name}
        if not self.input_grad:         # only when set: the default stays unsaid
            config["input_grad"] = False
        return config
