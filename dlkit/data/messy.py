"""A clean table of student records, and a way to spoil any table on purpose.

:func:`make_grades` builds a tidy numeric table with class labels;
:func:`corrupt_table` damages a copy of a table in known ways (missing values,
duplicated rows, entry errors, flipped labels) and returns a
:class:`Corruption` record of exactly what it did, so that a cleaning step can
be checked against the truth. Generated here from a seed; the source is dlkit
itself and the licence is dlkit's.

N is the number of rows, D the number of feature columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlkit.data._validate import (
    as_generator,
    as_labels,
    as_matrix,
    check_float,
    check_int,
)

__all__ = ["GRADE_CLASSES", "GRADE_COLUMNS", "Corruption", "corrupt_table",
           "make_grades"]

GRADE_COLUMNS = ("hours_studied", "attendance_pct", "previous_score",
                 "assignments_done", "sleep_hours")
GRADE_CLASSES = ("fail", "pass", "distinction")

# For each class, the (low, high) range of every column, in GRADE_COLUMNS order.
_GRADE_RANGES = np.array([
    [(1.0, 5.0), (45, 65), (25, 45), (1, 4), (4.5, 6.5)],        # fail
    [(8.0, 12.0), (75, 87), (58, 72), (6, 8), (6.0, 8.0)],       # pass
    [(15.0, 19.0), (93, 100), (85, 98), (10, 12), (7.0, 9.0)],   # distinction
], dtype=np.float64)
_GRADE_SHARES = (0.3, 0.5, 0.2)


def make_grades(n_students: int = 200, seed: int | np.random.Generator = 0):
    """A clean table of student records with their course outcome.

    Columns are :data:`GRADE_COLUMNS`: weekly hours of study (one decimal),
    attendance in percent, the previous exam's score, assignments handed in
    (of 12) and nightly hours of sleep (one decimal). The label is the outcome,
    an index into :data:`GRADE_CLASSES` (30 % fail, 50 % pass, 20 %
    distinction). The three outcomes form separate groups, and any two rows
    differ in at least two columns (so a single missing value never makes two
    rows look the same).

    Returns
    -------
    x : ndarray of shape (N, 5), float64
    y : ndarray of shape (N,), int64, values 0..2
    """
    n_students = check_int(n_students, "n_students", minimum=3)
    rng = as_generator(seed)

    sizes = np.floor(np.array(_GRADE_SHARES) * n_students).astype(int)
    sizes[1] += n_students - sizes.sum()
    y = rng.permutation(np.repeat(np.arange(3), sizes))
    low, high = _GRADE_RANGES[y, :, 0], _GRADE_RANGES[y, :, 1]   # (N, D) each
    x = _round_like_records(rng.uniform(low, high))
    while True:         # redraw the rare row that nearly equals an earlier one
        repeated = _near_repeats(x)
        if repeated.size == 0:
            return x, y.astype(np.int64)
        x[repeated] = _round_like_records(rng.uniform(low[repeated], high[repeated]))


def _near_repeats(x: np.ndarray) -> np.ndarray:
    """Rows equal to an earlier row in all columns but at most one."""
    found = []
    for skip in range(x.shape[1]):
        _, first = np.unique(np.delete(x, skip, axis=1), axis=0, return_index=True)
        found.append(np.setdiff1d(np.arange(len(x)), first))
    return np.unique(np.concatenate(found))


def _round_like_records(x: np.ndarray) -> np.ndarray:
    """Round each column as a person would record it."""
    x[:, [0, 4]] = np.round(x[:, [0, 4]], 1)
    x[:, 1:4] = np.round(x[:, 1:4])
    return x


@dataclass(frozen=True)
class Corruption:
    """What :func:`corrupt_table` did. Row indices refer to the messy table.

    Attributes
    ----------
    missing : ndarray of shape (N, D), bool
        Cells set to NaN (at most one per row).
    outliers : ndarray of shape (N, D), bool
        Cells replaced by an entry error far outside the column's range (at
        most one per row).
    flipped : ndarray of shape (n_flipped,), int64
        Rows whose label was changed to another class.
    duplicates : ndarray of shape (n_duplicates,), int64
        Rows that are exact copies of an earlier row, sorted.
    duplicate_of : ndarray of shape (n_duplicates,), int64
        For each entry of ``duplicates``, the row it copies.
    source_row : ndarray of shape (N,), int64
        For each messy row, its row in the clean table.
    clean_x : ndarray of shape (N_clean, D)
    clean_y : ndarray of shape (N_clean,)
        The table before corruption.
    """

    missing: np.ndarray
    outliers: np.ndarray
    flipped: np.ndarray
    duplicates: np.ndarray
    duplicate_of: np.ndarray
    source_row: np.ndarray
    clean_x: np.ndarray
    clean_y: np.ndarray


def corrupt_table(x, y, *, missing: float = 0.05, duplicates: float = 0.03,
                  outliers: float = 0.02, flipped: float = 0.03,
                  seed: int | np.random.Generator = 0):
    """Damage a copy of a table in known ways, and say exactly how.

    Four kinds of damage go to four disjoint sets of rows, so each can be found
    on its own: a NaN in one cell (``missing``); an entry error in one cell,
    3 to 6 column ranges above the maximum or below the minimum
    (``outliers``); a label changed to another class (``flipped``); and exact
    copies of untouched rows, each placed somewhere after its original
    (``duplicates``). Rows that were already repeated in the clean table are
    not part of the record.

    Parameters
    ----------
    x : array-like of shape (N, D)
        The clean features.
    y : array-like of shape (N,)
        The clean integer class labels.
    missing, outliers : float
        Number of damaged cells as a fraction of all N * D cells.
    duplicates, flipped : float
        Number of copied rows, and of relabelled rows, as a fraction of N.
    seed : int or numpy.random.Generator

    Returns
    -------
    x_messy : ndarray of shape (N + n_duplicates, D), float64
    y_messy : ndarray of shape (N + n_duplicates,), int64
    record : Corruption
    """
    x = as_matrix(x).astype(np.float64)
    y = as_labels(y)
    if len(y) != len(x):
        raise ValueError(f"x and y must have the same number of rows; got {len(x)} "
                         f"and {len(y)}.")
    if np.isnan(x).any():
        raise ValueError("x must be a clean table without NaN; got NaN in "
                         f"{int(np.isnan(x).sum())} cell(s).")
    n, d = x.shape
    counts = {name: int(round(check_float(value, name, 0.0, 1.0) * base))
              for name, value, base in (("flipped", flipped, n),
                                        ("outliers", outliers, n * d),
                                        ("missing", missing, n * d),
                                        ("duplicates", duplicates, n))}
    if sum(counts.values()) > n:
        raise ValueError(f"The table has {n} rows but the damage asked for needs "
                         f"{sum(counts.values())} distinct rows ({counts}). Lower "
                         "the fractions or pass a bigger table.")
    classes = np.unique(y)
    if counts["flipped"] and len(classes) < 2:
        raise ValueError("flipped needs at least two classes in y; got only "
                         f"{classes.tolist()}. Pass flipped=0.")
    rng = as_generator(seed)

    # Disjoint row sets, one per kind of damage.
    order = rng.permutation(n)
    ends = np.cumsum(list(counts.values()))
    flip_rows, outlier_rows, missing_rows, copied_rows = np.split(order, ends)[:4]

    x_bad, y_bad = x.copy(), y.astype(np.int64)
    shift = rng.integers(1, len(classes), len(flip_rows)) if len(classes) > 1 else 0
    position = np.searchsorted(classes, y_bad[flip_rows])
    y_bad[flip_rows] = classes[(position + shift) % len(classes)]

    low, high = x.min(axis=0), x.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    outlier_cols = rng.permutation(np.arange(len(outlier_rows)) % d)  # spread out
    distance = rng.uniform(3.0, 6.0, len(outlier_rows)) * span[outlier_cols]
    above = rng.random(len(outlier_rows)) < 0.5
    x_bad[outlier_rows, outlier_cols] = np.where(
        above, high[outlier_cols] + distance, low[outlier_cols] - distance)

    missing_cols = rng.integers(0, d, len(missing_rows))
    x_bad[missing_rows, missing_cols] = np.nan

    # Each copy goes in at a random place after its original.
    rows = list(range(n))
    for source in copied_rows:
        after = rows.index(source) + 1
        rows.insert(int(rng.integers(after, len(rows) + 1)), int(source))
    source_row = np.array(rows, dtype=np.int64)

    return x_bad[source_row], y_bad[source_row], _record(
        source_row, flip_rows, (outlier_rows, outlier_cols),
        (missing_rows, missing_cols), x, y)


def _record(source_row, flip_rows, outlier_cells, missing_cells, x, y) -> Corruption:
    """Translate what was done to the clean rows into messy-table indices."""
    d = x.shape[1]
    seen: dict[int, int] = {}
    copies, originals = [], []
    for i, source in enumerate(source_row.tolist()):
        if source in seen:
            copies.append(i)
            originals.append(seen[source])
        else:
            seen[source] = i
    position = np.array([seen[r] for r in range(len(x))], dtype=np.int64)

    def mask(cells):
        out = np.zeros((len(source_row), d), dtype=bool)
        out[position[cells[0]], cells[1]] = True
        return out

    return Corruption(
        missing=mask(missing_cells),
        outliers=mask(outlier_cells),
        flipped=np.sort(position[flip_rows]),
        duplicates=np.array(copies, dtype=np.int64),
        duplicate_of=np.array(originals, dtype=np.int64),
        source_row=source_row,
        clean_x=x.copy(),
        clean_y=y.copy(),
    )
