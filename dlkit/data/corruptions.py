"""Changes that new data brings: images moved, noisy, lighter or darker.

A model is tested on data like its training data; in use it meets data that
differs. These functions make such data from a test set, so that its accuracy
can be measured before anyone relies on it. Each returns a new array and
leaves its input as it was.

Images are arrays of shape (..., H, W): one image (H, W), a batch (N, H, W),
or more leading axes; only the last two axes are moved. Flat rows of shape
(N, H*W) must be reshaped first, e.g. ``x.reshape(-1, 8, 8)``.
"""

from __future__ import annotations

import numbers

import numpy as np

from dlkit.data._validate import as_generator, check_float

__all__ = ["add_noise", "scale_brightness", "shift_images"]


def _as_images(images, name: str = "images") -> np.ndarray:
    array = np.asarray(images)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers; got dtype {array.dtype}.")
    if array.ndim < 2:
        raise ValueError(f"{name} must have shape (..., H, W), at least 2-D; got "
                         f"shape {array.shape}. Reshape flat rows first, e.g. "
                         f"x.reshape(-1, 8, 8).")
    return array


def _check_offset(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number of pixels (int); got "
                        f"{type(value).__name__} {value!r}.")
    return int(value)


def _clip(array: np.ndarray, clip) -> np.ndarray:
    if clip is None:
        return array
    low, high = (float(v) for v in clip)
    if not low < high:
        raise ValueError(f"clip must be (low, high) with low < high; got "
                         f"{tuple(clip)}.")
    return np.clip(array, low, high)


def shift_images(images, dx: int, dy: int, fill: float = 0.0) -> np.ndarray:
    """Move every image ``dx`` pixels right and ``dy`` pixels down.

    Negative offsets move left and up. Pixels moved out of the frame are lost;
    pixels moved in are ``fill``. Nothing wraps around.

    Parameters
    ----------
    images : array-like of shape (..., H, W)
    dx, dy : int
        The offsets along the columns (W) and the rows (H).
    fill : float
        The value of the pixels that enter the frame.

    Returns
    -------
    ndarray of the same shape and dtype as ``images``

    Examples
    --------
    >>> shift_images(np.array([[1, 2], [3, 4]]), dx=1, dy=0).tolist()
    [[0, 1], [0, 3]]
    """
    array = _as_images(images)
    dx, dy = _check_offset(dx, "dx"), _check_offset(dy, "dy")
    height, width = array.shape[-2:]
    dx = max(-width, min(width, dx))        # farther than the frame: all fill
    dy = max(-height, min(height, dy))

    out = np.full_like(array, fill)
    rows_to = slice(max(dy, 0), height + min(dy, 0))
    rows_from = slice(max(-dy, 0), height + min(-dy, 0))
    cols_to = slice(max(dx, 0), width + min(dx, 0))
    cols_from = slice(max(-dx, 0), width + min(-dx, 0))
    out[..., rows_to, cols_to] = array[..., rows_from, cols_from]
    return out


def add_noise(images, std: float, rng: int | np.random.Generator = 0, *,
              clip: tuple[float, float] | None = None) -> np.ndarray:
    """Add Gaussian noise of standard deviation ``std`` to every pixel.

    Parameters
    ----------
    images : array-like of shape (..., H, W)
    std : float, at least 0
        In the units of the pixels (e.g. grey levels 0..16 for the digits).
    rng : int or numpy.random.Generator
        The source of the noise.
    clip : (low, high), optional
        Keep the result in the valid pixel range, e.g. ``(0, 16)``.

    Returns
    -------
    ndarray of shape ``images.shape``, float64 (or the input's float dtype)
    """
    array = _as_images(images)
    std = check_float(std, "std", minimum=0.0)
    gen = as_generator(rng, "rng")

    dtype = array.dtype if array.dtype.kind == "f" else np.float64
    noisy = array + std * gen.standard_normal(array.shape)
    return _clip(noisy, clip).astype(dtype, copy=False)


def scale_brightness(images, factor: float, *,
                     clip: tuple[float, float] | None = None) -> np.ndarray:
    """Multiply every pixel by ``factor``: below 1 fainter ink, above 1 stronger.

    Parameters
    ----------
    images : array-like of shape (..., H, W)
    factor : float, at least 0
    clip : (low, high), optional
        Keep the result in the valid pixel range, e.g. ``(0, 16)``.

    Returns
    -------
    ndarray of shape ``images.shape``, float64 (or the input's float dtype)
    """
    array = _as_images(images)
    factor = check_float(factor, "factor", minimum=0.0)

    dtype = array.dtype if array.dtype.kind == "f" else np.float64
    return _clip(array * factor, clip).astype(dtype, copy=False)
