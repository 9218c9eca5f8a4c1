"""Tests for dlkit.data.preprocessing: scalers and one-hot labels."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.data import (
    MinMaxScaler,
    NotFittedError,
    StandardScaler,
    one_hot,
)

X = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 60.0]])


# ---------------------------------------------------------------- scalers

def test_standard_scaler_matches_hand_computed_values():
    """Does StandardScaler subtract the column mean and divide by its std?"""
    scaler = StandardScaler().fit(X)
    np.testing.assert_allclose(scaler.mean_, [2.0, 30.0])
    np.testing.assert_allclose(scaler.scale_, [np.sqrt(2 / 3), np.sqrt(1400 / 3)])
    expected = (X - [2.0, 30.0]) / [np.sqrt(2 / 3), np.sqrt(1400 / 3)]
    np.testing.assert_allclose(scaler.transform(X), expected)


def test_minmax_scaler_matches_hand_computed_values():
    """Does MinMaxScaler map each column's min and max onto feature_range?"""
    scaler = MinMaxScaler(feature_range=(-1, 1)).fit(X)
    np.testing.assert_allclose(scaler.transform(X),
                               [[-1.0, -1.0], [0.0, -0.6], [1.0, 1.0]])
    np.testing.assert_allclose(scaler.transform([[4.0, 35.0]]), [[2.0, 0.0]])


@pytest.mark.parametrize("scaler", [StandardScaler(), MinMaxScaler((2, 5))])
def test_inverse_transform_undoes_transform(scaler):
    """Does inverse_transform(transform(x)) give x back?"""
    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 2.0, (20, 4))
    np.testing.assert_allclose(scaler.fit(x).inverse_transform(scaler.transform(x)), x)


@pytest.mark.parametrize("scaler", [StandardScaler(), MinMaxScaler()])
def test_constant_column_does_not_divide_by_zero(scaler):
    """Does a column with one repeated value scale to a finite constant?"""
    x = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    out = scaler.fit_transform(x)
    assert np.isfinite(out).all()
    np.testing.assert_allclose(out[:, 1], out[0, 1])


def test_scaler_statistics_come_from_the_training_split_only():
    """Are test data transformed with the training statistics, not their own?"""
    x_train = np.array([[0.0], [2.0], [4.0]])
    x_test = np.array([[100.0], [102.0]])
    scaler = StandardScaler().fit(x_train)
    before = (scaler.mean_.copy(), scaler.scale_.copy())
    out = scaler.transform(x_test)
    np.testing.assert_allclose(out, (x_test - 2.0) / np.sqrt(8 / 3))
    np.testing.assert_array_equal(scaler.mean_, before[0])
    np.testing.assert_array_equal(scaler.scale_, before[1])
    assert out.mean() > 40                # far from 0: the test mean did not leak


def test_scaler_keeps_float32_and_converts_integers():
    """Does float32 stay float32, and do integers become float64?"""
    out32 = StandardScaler().fit_transform(X.astype(np.float32))
    out_int = MinMaxScaler().fit_transform(X.astype(int))
    assert out32.dtype == np.float32 and out_int.dtype == np.float64


@pytest.mark.parametrize("method", ["transform", "inverse_transform"])
@pytest.mark.parametrize("cls", [StandardScaler, MinMaxScaler])
def test_using_a_scaler_before_fit_says_what_to_do(cls, method):
    """Does transform before fit tell the user to fit on the training split?"""
    with pytest.raises(NotFittedError, match=rf"This {cls.__name__} is not fitted "
                       rf"yet, so it cannot {method}: call fit on the training "
                       r"split first"):
        getattr(cls(), method)(X)


def test_scaler_rejects_a_different_number_of_features():
    """Does transforming data with other columns name both counts?"""
    scaler = StandardScaler().fit(X)
    with pytest.raises(ValueError, match=r"x has 3 features \(columns\) but this "
                                         r"StandardScaler was fitted on 2"):
        scaler.transform(np.ones((4, 3)))


@pytest.mark.parametrize("x, error, message", [
    (np.ones(3), ValueError, r"x must be 2-D, of shape \(N, D\); got shape \(3,\)\. "
                             r"Pass a column with x\[:, None\]"),
    (np.ones((2, 2, 2)), ValueError, r"got shape \(2, 2, 2\)\. Flatten each sample"),
    (np.array([["a", "b"]]), TypeError, r"x must hold numbers; got dtype <U1"),
    (np.array([[1.0, np.nan]]), ValueError, r"x contains NaN in 1 cell\(s\), so "
                                            r"StandardScaler\.fit cannot use it"),
    (np.ones((0, 2)), ValueError, r"x must have at least one row to fit on"),
])
def test_scaler_fit_checks_its_input(x, error, message):
    """Does fit reject data of the wrong shape, type or with NaN?"""
    with pytest.raises(error, match=message):
        StandardScaler().fit(x)


def test_minmax_rejects_an_empty_range():
    """Does a feature_range with low >= high fail at construction?"""
    with pytest.raises(ValueError, match=r"feature_range must be \(low, high\) with "
                                         r"low < high; got \(1, 0\)"):
        MinMaxScaler((1, 0))


# ---------------------------------------------------------------- one-hot

def test_one_hot_puts_a_single_one_per_row():
    """Does one_hot([2, 0, 1]) give the rows of the identity in that order?"""
    out = one_hot([2, 0, 1])
    np.testing.assert_array_equal(out, np.eye(3)[[2, 0, 1]])
    assert out.dtype == np.float64


def test_one_hot_with_explicit_classes_and_dtype():
    """Does num_classes add columns for classes that do not occur?"""
    out = one_hot(np.array([0, 1]), num_classes=4, dtype=np.int8)
    assert out.shape == (2, 4) and out.dtype == np.int8
    np.testing.assert_array_equal(out.sum(axis=1), 1)


@pytest.mark.parametrize("labels, kwargs, error, message", [
    ([0, 3], {"num_classes": 3}, ValueError, r"labels must be smaller than "
                                             r"num_classes=3; got label 3"),
    ([-1, 0], {}, ValueError, r"labels must be non-negative class indices; got -1"),
    ([0.5, 1.0], {}, TypeError, r"labels must hold integer class labels; got dtype "
                                r"float64"),
    ([[0, 1], [1, 0]], {}, ValueError, r"labels must be 1-D, of shape \(N,\); got "
                                       r"shape \(2, 2\)"),
])
def test_one_hot_rejects_bad_labels(labels, kwargs, error, message):
    """Does one_hot name the problem with labels it cannot encode?"""
    with pytest.raises(error, match=message):
        one_hot(labels, **kwargs)
