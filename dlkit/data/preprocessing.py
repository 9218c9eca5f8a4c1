"""Scaling, one-hot labels, splits and mini-batches.

Scalers learn their statistics with ``fit`` on the training split only, then
``transform`` every split with those same numbers: the validation and test
splits must not leak into training, not even through a mean.

N is the number of samples, D the number of features, C the number of classes.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from dlkit.data._validate import (
    as_generator,
    as_labels,
    as_matrix,
    check_dtype,
    check_int,
)

__all__ = [
    "MinMaxScaler",
    "NotFittedError",
    "StandardScaler",
    "batches",
    "one_hot",
    "train_test_split",
    "train_val_test_split",
]


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
    >>> scaler = StandardScaler().fit(x_train)
    >>> x_train_s, x_test_s = scaler.transform(x_train), scaler.transform(x_test)
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


def _split_size(size, n: int, name: str) -> int:
    """A split size given as a fraction of n or a count, as a count."""
    if isinstance(size, (float, np.floating)):
        if not 0.0 < size < 1.0:
            raise ValueError(f"{name} as a fraction must lie strictly between 0 "
                             f"and 1; got {size:g}. Pass e.g. {name}=0.2 or a count.")
        return int(round(size * n))
    return check_int(size, name, minimum=0)


def _allocate(ideal: np.ndarray, capacity: np.ndarray, total: int) -> np.ndarray:
    """Integer counts near ``ideal``, each <= capacity, summing to ``total``."""
    counts = np.minimum(np.floor(ideal).astype(np.int64), capacity)
    by_remainder = np.argsort(-(ideal - counts), kind="stable")
    while counts.sum() < total:
        for c in by_remainder:
            if counts.sum() < total and counts[c] < capacity[c]:
                counts[c] += 1
    return counts


def _split_indices(n: int, sizes: list[int], stratify, shuffle: bool,
                   rng: np.random.Generator) -> list[np.ndarray]:
    """Index arrays for the held-out splits of ``sizes``, then the rest (train)."""
    if stratify is None:
        order = rng.permutation(n) if shuffle else np.arange(n)
        held_out = np.split(order[n - sum(sizes):], np.cumsum(sizes)[:-1])
        return [order[: n - sum(sizes)], *held_out]

    labels = np.asarray(stratify)
    if labels.ndim != 1:
        raise ValueError(f"stratify must be 1-D, of shape (N,); got shape "
                         f"{labels.shape}. For one-hot rows pass y.argmax(axis=1).")
    if len(labels) != n:
        raise ValueError(f"stratify must have one label per sample ({n}); got "
                         f"{len(labels)}. Pass the label array, e.g. stratify=y.")
    classes, members = np.unique(labels, return_inverse=True)
    totals = np.bincount(members, minlength=len(classes))     # (C,)
    left, counts = totals, []
    for size in sizes:                          # (C,) class counts per split
        counts.append(_allocate(totals * size / n, left, size))
        left = left - counts[-1]

    parts: list[list[np.ndarray]] = [[] for _ in range(len(sizes) + 1)]
    for c in range(len(classes)):
        pool = rng.permutation(np.flatnonzero(members == c))
        cuts = np.cumsum([counts[s][c] for s in range(len(sizes))])
        pieces = np.split(pool, cuts)
        parts[0].append(pieces[-1])
        for s in range(len(sizes)):
            parts[s + 1].append(pieces[s])
    return [rng.permutation(np.concatenate(p)) for p in parts]


def _check_arrays(arrays) -> int:
    if not arrays:
        raise TypeError("Pass at least one array to split, e.g. split(x, y).")
    lengths = [len(a) for a in arrays]
    if len(set(lengths)) != 1:
        raise ValueError(f"All arrays must have the same number of samples; got "
                         f"lengths {lengths}.")
    return lengths[0]


def train_test_split(*arrays, test_size: float | int = 0.25, stratify=None,
                     shuffle: bool = True, seed: int | np.random.Generator = 0):
    """Split arrays into a training and a test part, the same rows for each.

    Parameters
    ----------
    *arrays : array-likes with the same first dimension N
    test_size : float or int
        A fraction of N (rounded) or a number of samples.
    stratify : array-like of shape (N,), optional
        Class labels; each class then keeps its share of samples in both parts
        (to within one sample).
    shuffle : bool
        False keeps the order: the last samples form the test part (for time
        series). Stratifying needs shuffling.
    seed : int or numpy.random.Generator

    Returns
    -------
    list
        ``[a_train, a_test, b_train, b_test, ...]`` for ``arrays = (a, b, ...)``,
        e.g. ``x_train, x_test, y_train, y_test = train_test_split(x, y)``.
    """
    return _split(arrays, [test_size], ["test_size"], stratify, shuffle, seed)


def train_val_test_split(*arrays, val_size: float | int = 0.15,
                         test_size: float | int = 0.15, stratify=None,
                         shuffle: bool = True, seed: int | np.random.Generator = 0):
    """Split arrays into training, validation and test parts.

    Takes the same arguments as :func:`train_test_split`, plus ``val_size``.

    Returns
    -------
    list
        ``[a_train, a_val, a_test, b_train, b_val, b_test, ...]``, e.g.
        ``x_tr, x_val, x_te, y_tr, y_val, y_te = train_val_test_split(x, y,
        stratify=y)``.
    """
    return _split(arrays, [val_size, test_size], ["val_size", "test_size"],
                  stratify, shuffle, seed)


def _split(arrays, sizes, names, stratify, shuffle, seed) -> list:
    n = _check_arrays(arrays)
    sizes = [_split_size(s, n, name) for s, name in zip(sizes, names, strict=True)]
    for size, name in zip(sizes, names, strict=True):
        if size < 1:
            raise ValueError(f"{name} gives an empty split of {n} samples. Pass a "
                             "larger fraction or a count of at least 1.")
    if sum(sizes) >= n:
        raise ValueError(f"The held-out splits take {sum(sizes)} of {n} samples, "
                         "leaving none to train on. Pass smaller sizes.")
    if stratify is not None and not shuffle:
        raise ValueError("stratify needs shuffle=True: a split that keeps the "
                         "order cannot also balance the classes.")
    rng = as_generator(seed)

    index = _split_indices(n, sizes, stratify, shuffle, rng)
    return [np.asarray(a)[i] for a in arrays for i in index]


def batches(x, y=None, batch_size: int = 32, shuffle: bool = False,
            rng: int | np.random.Generator | None = None,
            drop_last: bool = False) -> Iterator:
    """Iterate over one epoch of mini-batches.

    Every sample appears in exactly one batch per epoch; only the last batch
    may be smaller than ``batch_size`` (or is dropped with ``drop_last``).

    Parameters
    ----------
    x : ndarray of shape (N, ...)
    y : ndarray of shape (N, ...), optional
    batch_size : int
    shuffle : bool
        Visit the samples in a new random order. Needs ``rng``.
    rng : numpy.random.Generator or int, optional
        Create one Generator before the epoch loop and pass it every epoch, so
        each epoch gets a new order and the whole run is reproducible.
    drop_last : bool

    Yields
    ------
    x_batch : ndarray of shape (B, ...), or ``(x_batch, y_batch)`` when y is given
    """
    x = np.asarray(x)
    y = None if y is None else np.asarray(y)
    n = _check_arrays((x,) if y is None else (x, y))
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    if shuffle and rng is None:
        raise ValueError("batches(shuffle=True) needs rng. Create "
                         "rng = np.random.default_rng(0) before the epoch loop "
                         "and pass rng=rng.")
    order = as_generator(rng, "rng").permutation(n) if shuffle else None
    return _iterate(x, y, order, n, batch_size, drop_last)


def _iterate(x, y, order, n, batch_size, drop_last):
    stop = n - n % batch_size if drop_last else n
    for start in range(0, stop, batch_size):
        take = (slice(start, start + batch_size) if order is None
                else order[start:start + batch_size])
        yield x[take] if y is None else (x[take], y[take])
