"""Finding and repairing the usual faults of a table before training.

Missing values, duplicated rows, entry errors far outside a column's range,
and wrong labels. Helpers that *find* a fault return a boolean mask and leave
the decision to drop or repair to the caller. Fill values are learned on the
training split, like the statistics of a scaler.

N is the number of rows, D the number of feature columns.
"""

from __future__ import annotations

import numpy as np

from dlkit.data._validate import as_labels, as_matrix, check_float, check_int
from dlkit.data.preprocessing import ColumnTransform

__all__ = ["Imputer", "drop_duplicates", "fill_missing", "find_label_noise",
           "find_outliers"]

_STRATEGIES = ("mean", "median")


class Imputer(ColumnTransform):
    """Replace NaN in each column by that column's mean or median.

    The statistic is computed from the non-missing values of the data passed
    to ``fit`` (the training split); ``transform`` fills every split with it.

    Parameters
    ----------
    strategy : {"mean", "median"}
        The median is not pulled by outliers; the mean is.

    Attributes
    ----------
    statistics_ : ndarray of shape (D,)
        The fill value of each column.
    """

    allow_nan = True

    def __init__(self, strategy: str = "mean") -> None:
        if strategy not in _STRATEGIES:
            raise ValueError(f"strategy must be one of {_STRATEGIES}; got "
                             f"{strategy!r}.")
        self.strategy = strategy

    def _fit(self, x: np.ndarray) -> None:
        empty = np.flatnonzero(np.isnan(x).all(axis=0))
        if empty.size:
            raise ValueError(f"Column {int(empty[0])} of x has no values at all, so "
                             f"it has no {self.strategy} to fill with. Drop the "
                             "column or fit on more rows.")
        stat = np.nanmean if self.strategy == "mean" else np.nanmedian
        self.statistics_ = stat(x, axis=0)

    def _transform(self, x: np.ndarray) -> np.ndarray:
        return np.where(np.isnan(x), self.statistics_, x).astype(x.dtype, copy=False)


def fill_missing(x, strategy: str = "mean", fit_on=None) -> np.ndarray:
    """Return a copy of ``x`` with every NaN replaced by its column's statistic.

    Parameters
    ----------
    x : array-like of shape (N, D)
    strategy : {"mean", "median"}
    fit_on : array-like of shape (M, D), optional
        The data the statistics come from; by default ``x`` itself. To fill a
        validation or test split, pass the training split here.

    Returns
    -------
    ndarray of shape (N, D), float

    Examples
    --------
    >>> x_train = np.array([[1.0], [np.nan], [3.0]])
    >>> fill_missing(x_train).ravel().tolist()
    [1.0, 2.0, 3.0]
    >>> fill_missing(np.array([[np.nan]]), fit_on=x_train).tolist()
    [[2.0]]
    """
    imputer = Imputer(strategy).fit(x if fit_on is None else fit_on)
    return imputer.transform(x)


def drop_duplicates(x, y=None) -> np.ndarray:
    """The rows to keep: the first occurrence of every distinct row.

    Two rows are duplicates when every value is equal; NaN counts as equal to
    NaN here, so copies of a row with a missing value are found too.

    Parameters
    ----------
    x : array-like of shape (N, D)
    y : array-like of shape (N,), optional
        If given, the label is part of the row: equal features with different
        labels are kept (they are conflicting records, not copies).

    Returns
    -------
    ndarray of shape (K,), int64
        Sorted indices of the kept rows; use ``x[keep]`` and ``y[keep]``.
    """
    rows = as_matrix(x).astype(np.float64)
    if y is not None:
        y = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
        if len(y) != len(rows):
            raise ValueError(f"x and y must have the same number of rows; got "
                             f"{len(rows)} and {len(y)}.")
        rows = np.hstack([rows, y])
    rows = np.where(np.isnan(rows), np.nan, rows + 0.0)  # one NaN, and -0.0 == 0.0

    seen: set[bytes] = set()
    keep = []
    for i, row in enumerate(rows):
        key = row.tobytes()
        if key not in seen:
            seen.add(key)
            keep.append(i)
    return np.array(keep, dtype=np.int64)


def find_outliers(x, method: str = "zscore", threshold: float | None = None):
    """Mark values far from the rest of their column.

    ``"zscore"``: more than ``threshold`` (default 3) standard deviations from
    the column mean. ``"iqr"``: more than ``threshold`` (default 1.5)
    interquartile ranges below the first or above the third quartile. NaN is
    ignored and never marked.

    Parameters
    ----------
    x : array-like of shape (N,) or (N, D)
    method : {"zscore", "iqr"}
    threshold : float, optional

    Returns
    -------
    ndarray of the shape of ``x``, bool
        True where a value is an outlier; ``mask.any(axis=1)`` marks rows.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim not in (1, 2):
        raise ValueError(f"x must have shape (N,) or (N, D); got {x.shape}.")
    if method not in ("zscore", "iqr"):
        raise ValueError(f"method must be 'zscore' or 'iqr'; got {method!r}.")
    if threshold is None:
        threshold = 3.0 if method == "zscore" else 1.5
    threshold = check_float(threshold, "threshold", minimum=0.0)
    if np.isnan(x).all(axis=0).any():
        raise ValueError("x has a column with no values at all; drop it first.")

    if method == "zscore":
        std = np.nanstd(x, axis=0)
        z = (x - np.nanmean(x, axis=0)) / np.where(std > 0, std, 1.0)
        far = np.abs(z) > threshold
    else:
        q1, q3 = np.nanpercentile(x, [25, 75], axis=0)
        spread = threshold * (q3 - q1)
        far = (x < q1 - spread) | (x > q3 + spread)
    return far & ~np.isnan(x)


def find_label_noise(x, y, k: int = 9, chunk: int = 1024) -> np.ndarray:
    """Mark samples whose label disagrees with most of their nearest neighbours.

    For each sample, the ``k`` nearest other samples (Euclidean distance) vote;
    the sample is marked when fewer than half of them share its label. Scale
    the features first (every column counts equally in a distance) and fill
    missing values; marked samples are suspects to inspect, not proof.

    Parameters
    ----------
    x : array-like of shape (N, D)
    y : array-like of shape (N,)
        Integer class labels.
    k : int
        Number of neighbours, at least 1 and smaller than N.
    chunk : int
        Rows of the (N, N) distance matrix computed at a time (memory bound).

    Returns
    -------
    ndarray of shape (N,), bool
    """
    x = as_matrix(x).astype(np.float64)
    y = as_labels(y)
    if len(y) != len(x):
        raise ValueError(f"x and y must have the same number of rows; got {len(x)} "
                         f"and {len(y)}.")
    k = check_int(k, "k", minimum=1)
    if k >= len(x):
        raise ValueError(f"k must be smaller than the number of samples "
                         f"({len(x)}); got k={k}.")
    if np.isnan(x).any():
        raise ValueError("x contains NaN, which has no distance. Fill missing "
                         "values first, e.g. with fill_missing.")
    chunk = check_int(chunk, "chunk", minimum=1)

    sq = np.einsum("nd,nd->n", x, x)                      # (N,) squared norms
    agree = np.empty(len(x))
    for start in range(0, len(x), chunk):
        rows = slice(start, start + chunk)
        dist = sq[rows, None] + sq[None, :] - 2 * x[rows] @ x.T   # (B, N)
        dist[np.arange(dist.shape[0]), np.arange(len(x))[rows]] = np.inf
        near = np.argpartition(dist, k - 1, axis=1)[:, :k]        # (B, k)
        agree[rows] = (y[near] == y[rows, None]).mean(axis=1)
    return agree < 0.5
