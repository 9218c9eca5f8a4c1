"""Watching a deployed model: has the data it meets drifted from the reference?

A model is deployed with a **reference** sample, data like the data it was
validated on (its inputs, or a statistic of its predictions such as the
confidence). In use, each new batch is compared with that reference. The
**population stability index** (PSI) does it with bins: cut the reference's
range into K bins, find the fraction of reference values and of current values
in each, and add up how far the fractions moved::

    PSI = sum_k (a_k - e_k) * ln(a_k / e_k)

with ``e_k`` the reference's fraction in bin k and ``a_k`` the current one,
each raised to at least ``eps`` so that an empty bin does not give ln(0). It
is 0 for identical fractions and grows as they part. A common reading: below
0.1 no real change, 0.1 to 0.25 a moderate one, above 0.25 a large one.

Bin k holds the values v with ``edges[k] <= v < edges[k + 1]``; values below
the first edge count in the first bin, values at or above the last edge in the
last bin.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["bin_fractions", "population_stability_index", "quantile_edges"]


def _values(values, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers; got dtype {array.dtype}.")
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of shape (N,); "
                         f"got shape {array.shape}. Flatten it first, e.g. "
                         f"{name}.ravel(), or compute one statistic per sample.")
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values; drop or impute "
                         "them before comparing distributions.")
    return array


def _edges(edges) -> np.ndarray:
    array = _values(edges, "edges")
    if array.size < 2 or not np.all(np.diff(array) > 0):
        raise ValueError(f"edges must be at least two strictly increasing numbers; "
                         f"got {np.round(array, 6).tolist()}. Make them with "
                         "quantile_edges(reference).")
    return array


def quantile_edges(reference, n_bins: int = 10) -> np.ndarray:
    """Bin edges at the quantiles of ``reference``: equally filled bins.

    Parameters
    ----------
    reference : array-like of shape (N,)
    n_bins : int, at least 1
        K, the number of bins wanted. Repeated quantiles (many equal values)
        are merged, so fewer bins may come back.

    Returns
    -------
    ndarray of shape (K' + 1,), strictly increasing, K' <= K
        From the smallest to the largest reference value.
    """
    reference = _values(reference, "reference")
    if isinstance(n_bins, bool) or not isinstance(n_bins, numbers.Integral) \
            or n_bins < 1:
        raise ValueError(f"n_bins must be an int of at least 1; got {n_bins!r}.")
    edges = np.unique(np.quantile(reference, np.linspace(0.0, 1.0, n_bins + 1)))
    if edges.size < 2:
        raise ValueError(f"reference holds a single value ({edges[0]:g}), so it has "
                         "no range to cut into bins. Monitor a statistic that "
                         "varies, or give the edges yourself.")
    return edges


def bin_fractions(values, edges) -> np.ndarray:
    """The fraction of ``values`` in each bin of ``edges``.

    Parameters
    ----------
    values : array-like of shape (N,)
    edges : array-like of shape (K + 1,), strictly increasing

    Returns
    -------
    ndarray of shape (K,), float64, summing to 1
        Values outside the edges count in the first or the last bin.
    """
    values, edges = _values(values, "values"), _edges(edges)
    clipped = np.clip(values, edges[0], edges[-1])
    counts, _ = np.histogram(clipped, bins=edges)
    return counts / len(values)


def population_stability_index(reference, current, edges,
                               eps: float = 1e-4) -> float:
    """How far the distribution of ``current`` moved from ``reference``.

    Parameters
    ----------
    reference, current : array-like of shape (N,) and (M,)
        Samples of one quantity (a feature, or the model's confidence).
    edges : array-like of shape (K + 1,), strictly increasing
        Usually ``quantile_edges(reference)``.
    eps : float, above 0
        The least fraction a bin counts with, so that empty bins stay finite.

    Returns
    -------
    float, at least 0
        0 for identical bin fractions; the larger, the larger the shift.
    """
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not eps > 0:
        raise ValueError(f"eps must be a number above 0; got {eps!r}. The usual "
                         "value is 1e-4.")
    expected = np.maximum(bin_fractions(reference, edges), eps)     # (K,)
    actual = np.maximum(bin_fractions(current, edges), eps)         # (K,)
    return float(np.sum((actual - expected) * np.log(actual / expected)))
