"""Splitting a data set into training, validation and test parts, and batching it.

A stratified split gives every part each class's share of the samples, to
within one sample: a rare class cannot vanish from the test set by bad luck.
Splits and batch orders are drawn from a seed or a passed Generator.

N is the number of samples, C the number of classes, S the number of splits.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from dlkit.data._validate import as_generator, check_int

__all__ = ["batches", "train_test_split", "train_val_test_split"]


def train_test_split(*arrays, test_size: float | int = 0.25, stratify=None,
                     shuffle: bool = True, seed: int | np.random.Generator = 0):
    """Split arrays into a training and a test part, the same rows for each.

    Parameters
    ----------
    *arrays : array-likes with the same first dimension N
    test_size : float or int
        A fraction of N (rounded) or a number of samples.
    stratify : array-like of shape (N,), optional
        Class labels (integers or names); each class then keeps its share of
        samples in both parts, to within one sample.
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
    return _split(arrays, {"test_size": test_size}, stratify, shuffle, seed)


def train_val_test_split(*arrays, val_size: float | int = 0.15,
                         test_size: float | int = 0.15, stratify=None,
                         shuffle: bool = True, seed: int | np.random.Generator = 0):
    """Split arrays into training, validation and test parts.

    Takes the same arguments as :func:`train_test_split`, plus ``val_size``.
    Without shuffling the order is train, then validation, then test.

    Returns
    -------
    list
        ``[a_train, a_val, a_test, b_train, b_val, b_test, ...]``, e.g.
        ``x_tr, x_val, x_te, y_tr, y_val, y_te = train_val_test_split(x, y,
        stratify=y)``.
    """
    return _split(arrays, {"val_size": val_size, "test_size": test_size},
                  stratify, shuffle, seed)


def _split(arrays, held_out: dict, stratify, shuffle, seed) -> list:
    n = _common_length(arrays)
    sizes = [_split_size(size, n, name) for name, size in held_out.items()]
    if sum(sizes) >= n:
        raise ValueError(f"The held-out splits take {sum(sizes)} of {n} samples, "
                         "leaving none to train on. Pass smaller sizes.")
    if stratify is not None and not shuffle:
        raise ValueError("stratify needs shuffle=True: a split that keeps the "
                         "order cannot also balance the classes.")
    rng = as_generator(seed)

    sizes = [n - sum(sizes), *sizes]                   # train first
    if stratify is None:
        order = rng.permutation(n) if shuffle else np.arange(n)
        index = np.split(order, np.cumsum(sizes)[:-1])
    else:
        index = _stratified_indices(_check_stratify(stratify, n), sizes, rng)
    return [np.asarray(a)[i] for a in arrays for i in index]


def _common_length(arrays) -> int:
    if not arrays:
        raise TypeError("Pass at least one array to split, e.g. split(x, y).")
    lengths = [len(a) for a in arrays]
    if len(set(lengths)) != 1:
        raise ValueError(f"All arrays must have the same number of samples; got "
                         f"lengths {lengths}.")
    return lengths[0]


def _split_size(size, n: int, name: str) -> int:
    """A split size given as a fraction of n or as a count, as a count >= 1."""
    if isinstance(size, (float, np.floating)):
        if not 0.0 < size < 1.0:
            raise ValueError(f"{name} as a fraction must lie strictly between 0 "
                             f"and 1; got {size:g}. Pass e.g. {name}=0.2 or a count.")
        size = int(round(size * n))
    else:
        size = check_int(size, name, minimum=0)
    if size < 1:
        raise ValueError(f"{name} gives an empty split of {n} samples. Pass a "
                         "larger fraction or a count of at least 1.")
    return size


def _check_stratify(stratify, n: int) -> np.ndarray:
    labels = np.asarray(stratify)
    if labels.ndim != 1:
        raise ValueError(f"stratify must be 1-D, of shape (N,); got shape "
                         f"{labels.shape}. For one-hot rows pass y.argmax(axis=1).")
    if len(labels) != n:
        raise ValueError(f"stratify must have one label per sample ({n}); got "
                         f"{len(labels)}. Pass the label array, e.g. stratify=y.")
    return labels


def _stratified_indices(labels: np.ndarray, sizes: list[int],
                        rng: np.random.Generator) -> list[np.ndarray]:
    """One index array per split, each class spread in proportion to ``sizes``."""
    _, members = np.unique(labels, return_inverse=True)
    totals = np.bincount(members)                               # (C,)
    ideal = totals[:, None] * np.array(sizes)[None, :] / len(labels)  # (C, S)
    counts = _round_table(ideal)

    parts: list[list[np.ndarray]] = [[] for _ in sizes]
    for c, row in enumerate(counts):
        pool = rng.permutation(np.flatnonzero(members == c))
        for s, piece in enumerate(np.split(pool, np.cumsum(row)[:-1])):
            parts[s].append(piece)
    return [rng.permutation(np.concatenate(p)) for p in parts]


def _round_table(ideal: np.ndarray) -> np.ndarray:
    """Round a (C, S) table whose row and column sums are whole numbers.

    Every entry becomes its floor or its ceiling and every row and column sum
    stays the same. Largest fractions are rounded up first; where that runs
    into a full column, an alternating path moves a unit elsewhere (such a
    rounding always exists for a table with whole margins).
    """
    counts = np.floor(ideal + 1e-9).astype(np.int64)
    fraction = ideal - counts
    can_rise = fraction > 1e-9
    row_need = np.rint(ideal.sum(axis=1)).astype(np.int64) - counts.sum(axis=1)
    col_need = np.rint(ideal.sum(axis=0)).astype(np.int64) - counts.sum(axis=0)
    risen = np.zeros_like(can_rise)

    for c, s in sorted(zip(*np.nonzero(can_rise), strict=True),
                       key=lambda cell: -fraction[cell]):
        if row_need[c] > 0 and col_need[s] > 0:
            risen[c, s] = True
            row_need[c] -= 1
            col_need[s] -= 1
    while row_need.sum() > 0:
        start = int(np.flatnonzero(row_need > 0)[0])
        path = _alternating_path(start, can_rise, risen, col_need)
        for c, s, rise in path:
            risen[c, s] = rise
        row_need[start] -= 1
        col_need[path[0][1]] -= 1
    return counts + risen


def _alternating_path(start: int, can_rise: np.ndarray, risen: np.ndarray,
                      col_need: np.ndarray) -> list[tuple[int, int, bool]]:
    """Cells to flip so that row ``start`` and one needy column gain a unit each.

    Breadth-first from the row: a column is reached by rounding a cell up, a
    row by undoing another cell of that column. Returned from the needy column
    back to ``start``, as (row, column, new value of risen).
    """
    came_to_col: dict[int, int] = {}
    came_to_row: dict[int, int | None] = {start: None}
    queue = [start]
    while queue:
        r = queue.pop(0)
        for s in np.flatnonzero(can_rise[r] & ~risen[r]).tolist():
            if s in came_to_col:
                continue
            came_to_col[s] = r
            if col_need[s] > 0:
                path = []
                while True:
                    r = came_to_col[s]
                    path.append((r, s, True))
                    if came_to_row[r] is None:
                        return path
                    s = came_to_row[r]
                    path.append((r, s, False))
            for r2 in np.flatnonzero(risen[:, s]).tolist():
                if r2 not in came_to_row:
                    came_to_row[r2] = s
                    queue.append(r2)
    raise AssertionError("no rounding keeps the margins")  # impossible by theory


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
    n = _common_length((x,) if y is None else (x, y))
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
