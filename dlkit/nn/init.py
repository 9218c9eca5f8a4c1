"""Weight initialisers: random starting values scaled to the layer's size.

A weight matrix of shape (D, M) maps D inputs ("fan in") to M outputs ("fan
out"). If its entries are too large, activations grow from layer to layer; if
too small, they shrink to nothing. The schemes here choose the spread from the
fans so that the variance of the signal stays about the same:

- Glorot (Xavier): variance ``2 / (fan_in + fan_out)``, for tanh and sigmoid;
- He (Kaiming): variance ``2 / fan_in``, for ReLU, which zeroes half its inputs.

Every function takes the shape, a ``numpy.random.Generator`` (or an int seed)
and a dtype, and returns a new array. Draws are made in float64 and then cast,
so a float32 and a float64 layer built from the same seed hold the same values
up to rounding.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "INITIALIZERS",
    "fans",
    "float_dtype",
    "get_initializer",
    "he_normal",
    "he_uniform",
    "make_rng",
    "xavier_normal",
    "xavier_uniform",
    "zeros",
]


def make_rng(rng, name: str = "rng") -> np.random.Generator:
    """A Generator from a Generator (returned as is) or an int seed."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise TypeError(f"{name} must be a numpy.random.Generator or an int seed; got "
                    f"{type(rng).__name__}. Pass e.g. np.random.default_rng(0) "
                    f"or 0.")


def float_dtype(dtype, name: str = "dtype") -> np.dtype:
    """``dtype`` as a NumPy dtype, which must be float32 or float64."""
    try:
        result = np.dtype(dtype)
    except TypeError:
        result = None
    if result not in (np.float32, np.float64):
        raise TypeError(f"{name} must be np.float32 or np.float64; got {dtype!r}. "
                        f"Pass dtype=np.float64 for gradient checks, np.float32 "
                        f"for speed.")
    return result


def fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """The fan in and fan out of a weight array of ``shape``.

    ``(D, M)``: a dense weight from D inputs to M outputs, fans ``(D, M)``.
    ``(F, C, kh, kw)`` (or any rank above 2): a convolution kernel of F filters
    over C channels; each output sees ``C * kh * kw`` inputs, so the fans are
    ``(C * kh * kw, F * kh * kw)``. ``(n,)``: fans ``(n, n)``.
    """
    shape = tuple(int(s) for s in shape)
    if len(shape) == 0:
        raise ValueError("shape must have at least one axis to have fans; got (). "
                         "Pass e.g. (in_features, out_features).")
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = int(np.prod(shape[2:]))
    return shape[1] * receptive, shape[0] * receptive


def _fans(shape, fan_in, fan_out) -> tuple[int, int]:
    default_in, default_out = fans(shape)
    return (default_in if fan_in is None else fan_in,
            default_out if fan_out is None else fan_out)


def xavier_uniform(shape, rng, *, gain: float = 1.0, fan_in: int | None = None,
                   fan_out: int | None = None, dtype=np.float64) -> np.ndarray:
    """Glorot uniform: ``U(-a, a)`` with ``a = gain * sqrt(6 / (fan_in + fan_out))``.

    Parameters
    ----------
    shape : tuple of int, e.g. (D, M)
    rng : numpy.random.Generator or int seed
    gain : float
        Extra factor on the spread (e.g. 5/3 for tanh).
    fan_in, fan_out : int, optional
        Override the fans that :func:`fans` reads from ``shape``.
    dtype : numpy floating dtype

    Returns
    -------
    ndarray of ``shape`` and ``dtype``
    """
    n_in, n_out = _fans(shape, fan_in, fan_out)
    limit = gain * np.sqrt(6.0 / (n_in + n_out))
    return make_rng(rng).uniform(-limit, limit, size=shape).astype(dtype)


def xavier_normal(shape, rng, *, gain: float = 1.0, fan_in: int | None = None,
                  fan_out: int | None = None, dtype=np.float64) -> np.ndarray:
    """Glorot normal: ``N(0, s**2)`` with ``s = gain * sqrt(2 / (fan_in + fan_out))``.

    Parameters as in :func:`xavier_uniform`.
    """
    n_in, n_out = _fans(shape, fan_in, fan_out)
    std = gain * np.sqrt(2.0 / (n_in + n_out))
    return (std * make_rng(rng).standard_normal(shape)).astype(dtype)


def he_normal(shape, rng, *, gain: float = 1.0, fan_in: int | None = None,
              dtype=np.float64) -> np.ndarray:
    """He normal: ``N(0, std**2)`` with ``std = gain * sqrt(2 / fan_in)``.

    Parameters as in :func:`xavier_uniform`; only the fan in matters.
    """
    n_in, _ = _fans(shape, fan_in, None)
    std = gain * np.sqrt(2.0 / n_in)
    return (std * make_rng(rng).standard_normal(shape)).astype(dtype)


def he_uniform(shape, rng, *, gain: float = 1.0, fan_in: int | None = None,
               dtype=np.float64) -> np.ndarray:
    """He uniform: ``U(-a, a)`` with ``a = gain * sqrt(6 / fan_in)``.

    Same variance as :func:`he_normal`. Parameters as in :func:`xavier_uniform`.
    """
    n_in, _ = _fans(shape, fan_in, None)
    limit = gain * np.sqrt(6.0 / n_in)
    return make_rng(rng).uniform(-limit, limit, size=shape).astype(dtype)


def zeros(shape, rng=None, *, dtype=np.float64) -> np.ndarray:
    """All zeros. ``rng`` is accepted for a uniform signature and not used.

    Right for biases. For weights it is a classic mistake: every unit of a
    layer then computes the same thing and receives the same gradient, so the
    units never become different.
    """
    return np.zeros(shape, dtype=dtype)


INITIALIZERS: dict[str, Callable[..., np.ndarray]] = {
    "xavier": xavier_uniform,
    "xavier_uniform": xavier_uniform,
    "xavier_normal": xavier_normal,
    "glorot": xavier_uniform,
    "he": he_normal,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
    "zeros": zeros,
}
"""Initialiser names accepted by layers: ``"xavier"`` and ``"glorot"`` mean
Glorot uniform, ``"he"`` means He normal."""


def get_initializer(name: str) -> Callable[..., np.ndarray]:
    """The initialiser called ``name`` (a key of :data:`INITIALIZERS`)."""
    if not isinstance(name, str):
        raise TypeError(f"init must be the name of an initialiser; got "
                        f"{type(name).__name__}. Choose one of "
                        f"{sorted(INITIALIZERS)}.")
    try:
        return INITIALIZERS[name]
    except KeyError:
        raise ValueError(f"init must be one of {sorted(INITIALIZERS)}; got "
                         f"{name!r}.") from None
