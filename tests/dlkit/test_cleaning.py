"""Tests for dlkit.data.cleaning, ending with the messy grades table."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.data import (
    Imputer,
    NotFittedError,
    StandardScaler,
    corrupt_table,
    drop_duplicates,
    fill_missing,
    find_label_noise,
    find_outliers,
    make_blobs,
    make_grades,
)

NAN = np.nan


# ---------------------------------------------------------------- missing values

@pytest.mark.parametrize("strategy, fill", [("mean", [3.0, 20.0]),
                                            ("median", [2.0, 20.0])])
def test_imputer_fills_with_the_column_statistic(strategy, fill):
    """Does each NaN become its column's mean or median of the known values?"""
    x = np.array([[1.0, NAN], [2.0, 10.0], [6.0, 30.0], [NAN, 20.0]])
    out = Imputer(strategy).fit_transform(x)
    np.testing.assert_allclose(out[[3, 0], [0, 1]], fill)
    np.testing.assert_array_equal(out[~np.isnan(x)], x[~np.isnan(x)])


def test_fill_missing_uses_the_training_statistics():
    """With fit_on=x_train, are test gaps filled with the training mean?"""
    x_train = np.array([[0.0], [4.0]])
    x_test = np.array([[NAN], [100.0], [102.0]])
    np.testing.assert_array_equal(fill_missing(x_test, fit_on=x_train)[:, 0],
                                  [2.0, 100.0, 102.0])
    np.testing.assert_array_equal(fill_missing(x_test)[:, 0], [101.0, 100.0, 102.0])


def test_imputer_before_fit_says_what_to_do():
    """Does an unfitted Imputer point to fitting on the training split?"""
    with pytest.raises(NotFittedError, match=r"This Imputer is not fitted yet, so it "
                                             r"cannot transform: call fit on the "
                                             r"training split first"):
        Imputer().transform(np.ones((2, 2)))


@pytest.mark.parametrize("call, message", [
    (lambda: Imputer("mode"), r"strategy must be one of \('mean', 'median'\); got "
                              r"'mode'"),
    (lambda: fill_missing(np.array([[1.0, NAN], [2.0, NAN]])),
     r"Column 1 of x has no values at all, so it has no mean to fill with"),
    (lambda: Imputer().fit(np.ones((3, 2))).transform(np.ones((3, 1))),
     r"x has 1 features \(columns\) but this Imputer was fitted on 2"),
])
def test_imputer_argument_errors(call, message):
    """Does the imputer name a bad strategy, an empty column or a column mismatch?"""
    with pytest.raises(ValueError, match=message):
        call()


# ---------------------------------------------------------------- duplicates

def test_drop_duplicates_keeps_first_occurrences():
    """Are later copies dropped and first occurrences kept, in order?"""
    x = np.array([[1, 2], [3, 4], [1, 2], [5, 6], [3, 4], [1, 2]])
    np.testing.assert_array_equal(drop_duplicates(x), [0, 1, 3])


def test_drop_duplicates_treats_nan_and_signed_zero_as_equal():
    """Are copies of a row with NaN, or with -0.0 for 0.0, found too?"""
    x = np.array([[NAN, 1.0], [0.0, 2.0], [NAN, 1.0], [-0.0, 2.0], [NAN, 3.0]])
    np.testing.assert_array_equal(drop_duplicates(x), [0, 1, 4])


def test_drop_duplicates_with_labels_keeps_conflicting_records():
    """With y given, are equal features with different labels both kept?"""
    x = np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]])
    np.testing.assert_array_equal(drop_duplicates(x, np.array([0, 1, 0])), [0, 1])
    with pytest.raises(ValueError, match=r"x and y must have the same number of "
                                         r"rows; got 3 and 2"):
        drop_duplicates(x, np.array([0, 1]))


# ---------------------------------------------------------------- outliers

@pytest.mark.parametrize("method", ["zscore", "iqr"])
def test_find_outliers_marks_the_far_value_only(method):
    """In a column of ordinary values and one entry error, is only the error marked?"""
    column = np.concatenate([np.linspace(10, 20, 30), [500.0]])
    x = np.column_stack([column, np.linspace(0, 1, 31)])
    mask = find_outliers(x, method=method)
    assert mask.shape == x.shape and mask.dtype == bool
    np.testing.assert_array_equal(np.argwhere(mask), [[30, 0]])


def test_find_outliers_thresholds_by_hand():
    """Do the z-score and IQR rules use the documented fences?"""
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 9.0])
    # mean 4, std sqrt(20 / 3) ~ 2.58: z of 9 is 1.94
    np.testing.assert_array_equal(find_outliers(x, "zscore", threshold=1.9),
                                  [0, 0, 0, 0, 0, 1])
    assert not find_outliers(x, "zscore", threshold=2.0).any()
    # quartiles 2.25 and 4.75, IQR 2.5: upper fence at threshold 1 is 7.25
    np.testing.assert_array_equal(find_outliers(x, "iqr", threshold=1.0),
                                  [0, 0, 0, 0, 0, 1])


def test_find_outliers_ignores_nan():
    """Is NaN neither marked nor allowed to spoil the statistics?"""
    x = np.array([1.0, 2.0, NAN, 2.0, 1.0, 2.0, 1.0, 40.0])
    np.testing.assert_array_equal(find_outliers(x, "iqr"),
                                  [0, 0, 0, 0, 0, 0, 0, 1])


@pytest.mark.parametrize("kwargs, error, message", [
    ({"method": "mad"}, ValueError, r"method must be 'zscore' or 'iqr'; got 'mad'"),
    ({"threshold": -1.0}, ValueError, r"threshold must be at least 0; got -1"),
    ({"threshold": "3"}, TypeError, r"threshold must be a real number; got str"),
])
def test_find_outliers_argument_errors(kwargs, error, message):
    """Does find_outliers name a wrong method or threshold?"""
    with pytest.raises(error, match=message):
        find_outliers(np.ones((3, 2)), **kwargs)


@pytest.mark.parametrize("x, message", [
    (np.ones((2, 2, 2)), r"x must have shape \(N,\) or \(N, D\); got \(2, 2, 2\)"),
    (np.array([[1.0, NAN], [2.0, NAN]]), r"x has a column with no values at all"),
])
def test_find_outliers_data_errors(x, message):
    """Does find_outliers reject data of the wrong shape or an empty column?"""
    with pytest.raises(ValueError, match=message):
        find_outliers(x)


# ---------------------------------------------------------------- label noise

def test_find_label_noise_marks_a_flipped_label_in_a_cluster():
    """In well-separated clusters, is exactly the relabelled point marked?"""
    x, y = make_blobs(90, centers=[[0, 0], [10, 0], [0, 10]], std=1.0, seed=0)
    y_noisy = y.copy()
    y_noisy[[4, 17]] = (y[[4, 17]] + 1) % 3
    mask = find_label_noise(x, y_noisy, k=5)
    assert mask.shape == (90,) and mask.dtype == bool
    np.testing.assert_array_equal(np.flatnonzero(mask), [4, 17])
    assert not find_label_noise(x, y, k=5).any()


def test_find_label_noise_chunks_give_the_same_answer():
    """Does computing distances in small chunks change nothing?"""
    x, y = make_blobs(60, centers=3, std=1.5, seed=2)
    np.testing.assert_array_equal(find_label_noise(x, y, chunk=7),
                                  find_label_noise(x, y))


@pytest.mark.parametrize("x, y, kwargs, message", [
    (np.ones((5, 2)), np.zeros(5, int), {"k": 5}, r"k must be smaller than the "
                                                  r"number of samples \(5\); got k=5"),
    (np.array([[NAN, 1.0], [1.0, 1.0], [2.0, 2.0]]), np.zeros(3, int), {"k": 1},
     r"x contains NaN, which has no distance\. Fill missing values first"),
    (np.ones((5, 2)), np.zeros(4, int), {"k": 1}, r"x and y must have the same "
                                                  r"number of rows; got 5 and 4"),
])
def test_find_label_noise_argument_errors(x, y, kwargs, message):
    """Does the label-noise finder reject data it cannot measure?"""
    with pytest.raises(ValueError, match=message):
        find_label_noise(x, y, **kwargs)


# ---------------------------------------------------------------- the messy table

@pytest.fixture(params=range(6), ids=lambda s: f"seed{s}")
def messy(request):
    x, y = make_grades(200, seed=request.param)
    return corrupt_table(x, y, seed=request.param)


def test_cleaning_finds_exactly_the_duplicates(messy):
    """Does drop_duplicates drop exactly the rows the record calls copies?"""
    x, _, record = messy
    keep = drop_duplicates(x)
    np.testing.assert_array_equal(np.setdiff1d(np.arange(len(x)), keep),
                                  record.duplicates)


@pytest.mark.parametrize("method", ["zscore", "iqr"])
def test_cleaning_finds_exactly_the_outliers(messy, method):
    """After dropping copies, does find_outliers mark exactly the entry errors?"""
    x, _, record = messy
    keep = drop_duplicates(x)
    np.testing.assert_array_equal(find_outliers(x[keep], method=method),
                                  record.outliers[keep])


def test_cleaning_fills_exactly_the_missing_cells(messy):
    """Does fill_missing change the NaN cells and only those?"""
    x, _, record = messy
    filled = fill_missing(x, strategy="median")
    changed = ~np.isclose(filled, x, equal_nan=False)
    np.testing.assert_array_equal(changed, record.missing)
    assert not np.isnan(filled).any()


def test_cleaning_finds_exactly_the_flipped_labels(messy):
    """On the complete, scaled rows, does find_label_noise mark exactly the flips?"""
    x, y, record = messy
    keep = drop_duplicates(x)
    x, y = x[keep], y[keep]
    complete = ~(find_outliers(x) | np.isnan(x)).any(axis=1)
    scaled = StandardScaler().fit_transform(x[complete])
    suspects = keep[complete][find_label_noise(scaled, y[complete])]
    np.testing.assert_array_equal(suspects, record.flipped)
