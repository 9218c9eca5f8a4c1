"""Scaling features and one-hot labels.

Scalers learn their statistics with ``fit`` on the training split only, then
``transform`` every split with those same numbers: the validation and test
splits must not leak into training, not even through a mean.

N is the number of samples, D the number of features, C the number of classes.
"""

from __future__ import annotations

import numpy as np

from dlkit.data._validate import (
    as_labels,
    as_matrix,
    check_dtype,
    check_int,
)

__all__ = ["ColumnTransform", "MinMaxScaler", "NotFittedError", "StandardScaler",
           "one_hot"]


class NotFittedError(ValueError):
    """A transformer was used before ``fit`` gave it its statistics."""


class ColumnTransform:
    """Base of transformers that learn one statistic per column with ``fit``.

    Subclasses implement ``_fit(x)`` and ``_transform(x)``; this class checks
    shapes, dtypes, NaN and the fitted state, and names the fix when a check
    fails.

    Attributes
    ----------
    n_features_ : int
        The number of columns D seen by ``fit`` (absent before ``fit``).
    """

    allow_nan = False

    def fit(self, x) -> ColumnTransform:
        """Learn the statistics of ``x``, ndarray of shape (N, D); return self."""
        x = self._check(x, "fit")
        if len(x) == 0:
            raise ValueError("x must have at least one row to fit on; got shape "
                             f"{x.shape}.")
        self._fit(x)
        self.n_features_ = x.shape[1]
        return self

    def transform(self, x) -> np.ndarray:
        """Apply the fitted statistics to ``x`` of shape (N, D); a new array."""
        return self._transform(self._check(x, "transform"))

    def fit_transform(self, x) -> np.ndarray:
        """``fit(x)`` then ``transform(x)``: use on the training split only."""
        return self.fit(x).transform(x)

    def _check(self, x, method: str) -> np.ndarray:
        name = type(self).__name__
        if method != "fit" and not hasattr(self, "n_features_"):
            raise NotFittedError(f"This {name} is not fitted yet, so it cannot "
                                 f"{method}: call fit on the training split first, "
                                 "then transform every split with it.")
        x = as_matrix(x)
        if x.dtype.kind != "f":
            x = x.astype(np.float64)
        if method != "fit" and x.shape[1] != self.n_features_:
            raise ValueError(f"x has {x.shape[1]} features (columns) but this {name} "
                             f"was fitted on {self.n_features_}. Pass data with the "
                             "same columns as the training split.")
        if not self.allow_nan and np.isnan(x).any():
            raise ValueError(f"x contains NaN in {int(np.isnan(x).sum())} cell(s), "
                             f"so {name}.{method} cannot use it. Fill missing values "
                             "first, e.g. with dlkit.data.fill_missing.")
        return x

    def _fit(self, x: np.ndarray) -> None:
        raise NotImplementedError

    def _transform(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError


class StandardScaler(ColumnTransform):
    """Shift and scale each column to mean 0 and standard deviation 1.

    ``transform(x) = (x - mean_) / scale_``, with the statistics of the data
    passed to ``fit``. A constant column keeps ``scale_ = 1`` (it becomes 0).

    Attributes
    ----------
    mean_ : ndarray of shape (D,)
    scale_ : ndarray of shape (D,)
        The population standard deviation of each column (``ddof=0``).

    Examples
    --------
    >>> scaler = StandardScaler().fit(np.array([[0.0], [2.0], [4.0]]))   # train
    >>> scaler.transform(np.array([[2.0], [6.0]])).ravel().round(3).tolist()
    [0.0, 2.449]
    """

    def _fit(self, x: np.ndarray) -> None:
        self.mean_ = x.mean(axis=0)
        std = x.std(axis=0)
        self.scale_ = np.where(std > 0, std, 1.0)

    def _transform(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean_) / self.scale_).astype(x.dtype, copy=False)

    def inverse_transform(self, x) -> np.ndarray:
        """Undo ``transform``: ``x * scale_ + mean_``."""
        x = self._check(x, "inverse_transform")
        return (x * self.scale_ + self.mean_).astype(x.dtype, copy=False)


class MinMaxScaler(ColumnTransform):
    """Map each column's training range linearly onto ``feature_range``.

    ``transform(x) = low + (x - data_min_) / data_range_ * (high - low)``.
    Values outside the training range land outside ``feature_range``; a
    constant column keeps ``data_range_ = 1``.

    Parameters
    ----------
    feature_range : (float, float)
        The target interval (low, high), low < high.

    Attributes
    ----------
    data_min_, data_max_, data_range_ : ndarray of shape (D,)
    """

    def __init__(self, feature_range: tuple[float, float] = (0.0, 1.0)) -> None:
        low, high = (float(v) for v in feature_range)
        if not low < high:
            raise ValueError(f"feature_range must be (low, high) with low < high; "
                             f"got {tuple(feature_range)}.")
        self.feature_range = (low, high)

    def _fit(self, x: np.ndarray) -> None:
        self.data_min_ = x.min(axis=0)
        self.data_max_ = x.max(axis=0)
        spread = self.data_max_ - self.data_min_
        self.data_range_ = np.where(spread > 0, spread, 1.0)

    def _transform(self, x: np.ndarray) -> np.ndarray:
        low, high = self.feature_range
        unit = (x - self.data_min_) / self.data_range_
        return (low + unit * (high - low)).astype(x.dtype, copy=False)

    def inverse_transform(self, x) -> np.ndarray:
        """Undo ``transform``: map ``feature_range`` back onto the data range."""
        x = self._check(x, "inverse_transform")
        low, high = self.feature_range
        unit = (x - low) / (high - low)
        return (unit * self.data_range_ + self.data_min_).astype(x.dtype, copy=False)


def one_hot(labels, num_classes: int | None = None, dtype=np.float64) -> np.ndarray:
    """Turn integer class labels into one-hot rows.

    Parameters
    ----------
    labels : array-like of shape (N,)
        Integers in 0..C-1.
    num_classes : int, optional
        C; by default one more than the largest label. Pass it explicitly when
        a split might miss the last class.
    dtype : NumPy number type

    Returns
    -------
    ndarray of shape (N, C)
        Row ``i`` is all zeros except a 1 in column ``labels[i]``.
    """
    labels = as_labels(labels, "labels")
    dtype = check_dtype(dtype)
    if labels.size and labels.min() < 0:
        raise ValueError(f"labels must be non-negative class indices; got "
                         f"{int(labels.min())}. Map class names to 0..C-1 first.")
    largest = int(labels.max()) if labels.size else -1
    if num_classes is None:
        num_classes = largest + 1
    num_classes = check_int(num_classes, "num_classes", minimum=1)
    if largest >= num_classes:
        raise ValueError(f"labels must be smaller than num_classes={num_classes}; "
                         f"got label {largest}. Pass num_classes={largest + 1} or "
                         "check the labels.")

    out = np.zeros((len(labels), num_classes), dtype=dtype)
    out[np.arange(len(labels)), labels] = 1
    return out
