"""Tests of dlkit.nn.losses: values, gradients, stability and input checks."""

import numpy as np
import pytest

from dlkit.gradcheck import numerical_gradient, rel_error
from dlkit.nn import BCEWithLogitsLoss, MSELoss, SoftmaxCrossEntropy
from dlkit.nn.functional import sigmoid, softmax


def _grad_error(loss, pred, target):
    """Relative error between backward() and a numerical gradient wrt pred."""
    loss.forward(pred, target)
    analytic = loss.backward()
    numeric = numerical_gradient(lambda: loss.forward(pred, target), pred)
    return rel_error(analytic, numeric)


RNG = np.random.default_rng(0)
SCORES = RNG.standard_normal((6, 4))
LABELS = np.array([0, 3, 1, 2, 3, 0])


@pytest.mark.parametrize("loss, pred, target", [
    (MSELoss(), SCORES.copy(), RNG.standard_normal((6, 4))),
    (MSELoss(), SCORES[:, 0].copy(), RNG.standard_normal(6)),
    (BCEWithLogitsLoss(), SCORES.copy(), (RNG.random((6, 4)) < 0.5).astype(float)),
    (BCEWithLogitsLoss(), SCORES.copy(), RNG.random((6, 4))),
    (SoftmaxCrossEntropy(), SCORES.copy(), LABELS),
    (SoftmaxCrossEntropy(), SCORES.copy(), np.eye(4)[LABELS]),
    (SoftmaxCrossEntropy(), SCORES.copy(), softmax(RNG.standard_normal((6, 4)))),
    (SoftmaxCrossEntropy(), RNG.standard_normal((2, 3, 4)), np.array([[0, 1, 2],
                                                                     [3, 3, 0]])),
], ids=["mse", "mse-1d", "bce", "bce-soft", "ce-labels", "ce-onehot", "ce-soft",
        "ce-sequence"])
def test_gradient_matches_numerical_one(loss, pred, target):
    """Does backward() agree with central differences of forward()?"""
    assert _grad_error(loss, pred, target) < 1e-6


def test_mse_value():
    """Is MSE the mean of squared differences over all entries?"""
    pred, target = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 0.0],
                                                                 [0.0, 4.0]])
    assert MSELoss()(pred, target) == pytest.approx((4 + 9) / 4)


def test_bce_matches_the_textbook_formula():
    """Does the logit form equal -(y log p + (1-y) log(1-p)) for moderate logits?"""
    z, y = np.array([-2.0, 0.5, 3.0]), np.array([0.0, 1.0, 1.0])
    p = sigmoid(z)
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert BCEWithLogitsLoss()(z, y) == pytest.approx(expected, rel=1e-12)


def test_bce_is_stable_for_huge_logits():
    """Is BCE finite and right (about 1000) for a logit of -1000 with label 1?"""
    loss = BCEWithLogitsLoss()
    assert loss(np.array([-1000.0, 1000.0]), np.array([1.0, 0.0])) == pytest.approx(
        1000.0)
    assert np.all(np.isfinite(loss.backward()))


def test_cross_entropy_value_and_equivalence_of_targets():
    """Do labels and one-hot rows give the same loss, -mean(log p[label])?"""
    p = softmax(SCORES)
    expected = -np.mean(np.log(p[np.arange(6), LABELS]))
    assert SoftmaxCrossEntropy()(SCORES, LABELS) == pytest.approx(expected)
    assert SoftmaxCrossEntropy()(SCORES, np.eye(4)[LABELS]) == pytest.approx(expected)


def test_cross_entropy_is_stable_for_huge_scores():
    """Is cross-entropy finite for scores of 1e4 (no log(0), no overflow)?"""
    loss = SoftmaxCrossEntropy()
    value = loss(np.array([[1e4, 0.0, -1e4]]), np.array([2]))
    assert value == pytest.approx(2e4)
    assert np.all(np.isfinite(loss.backward()))


@pytest.mark.parametrize("loss, target", [
    (MSELoss(), np.zeros((3, 2))),
    (BCEWithLogitsLoss(), np.zeros((3, 2))),
    (SoftmaxCrossEntropy(), np.array([0, 1, 0])),
])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gradient_keeps_the_dtype_of_pred(loss, target, dtype):
    """Does a float32 pred give a float32 gradient (and float64 stay float64)?"""
    pred = np.ones((3, 2), dtype=dtype)
    assert isinstance(loss(pred, target), float)
    grad = loss.backward()
    assert grad.dtype == dtype and grad.shape == pred.shape


def test_gradient_is_a_mean_over_the_batch():
    """Does doubling the batch (same rows twice) halve each row's gradient?"""
    loss = SoftmaxCrossEntropy()
    loss(SCORES, LABELS)
    single = loss.backward()
    loss(np.vstack([SCORES, SCORES]), np.concatenate([LABELS, LABELS]))
    np.testing.assert_allclose(loss.backward()[:6], single / 2)


def test_column_target_against_flat_pred_is_rejected():
    """Does an (N,) target against an (N, 1) pred raise instead of broadcasting?"""
    with pytest.raises(ValueError, match=r"MSELoss: target must have the shape of "
                                         r"pred, \(4, 1\); got \(4,\). Reshape it: "
                                         r"target.reshape\(pred.shape\)"):
        MSELoss()(np.zeros((4, 1)), np.zeros(4))


def test_shape_mismatch_of_different_size():
    """Does a target with another number of entries say to make shapes equal?"""
    with pytest.raises(ValueError, match=r"BCEWithLogitsLoss: target must have the "
                                         r"shape of pred, \(4,\); got \(3,\). Make "
                                         r"both the same shape"):
        BCEWithLogitsLoss()(np.zeros(4), np.zeros(3))


def test_bce_rejects_labels_outside_zero_one():
    """Does a -1/1 target raise a ValueError that names the range?"""
    with pytest.raises(ValueError, match=r"target must hold probabilities in "
                                         r"\[0, 1\]; got values from -1.0 to 1.0"):
        BCEWithLogitsLoss()(np.zeros(2), np.array([-1.0, 1.0]))


@pytest.mark.parametrize("labels, low, high", [([0, 4], 0, 4), ([-1, 2], -1, 2)])
def test_labels_out_of_range(labels, low, high):
    """Do labels outside 0..C-1 raise a ValueError naming the range found?"""
    with pytest.raises(ValueError, match=rf"labels must lie in 0 .. 3 for 4 "
                                         rf"classes; got values from {low} to "
                                         rf"{high}"):
        SoftmaxCrossEntropy()(np.zeros((2, 4)), np.array(labels))


def test_float_labels_are_a_type_error():
    """Do float labels of shape (N,) raise a TypeError suggesting astype(int)?"""
    with pytest.raises(TypeError, match=r"labels must be integers; got float64. "
                                        r"Convert them with y.astype\(np.int64\)"):
        SoftmaxCrossEntropy()(np.zeros((2, 4)), np.array([1.0, 2.0]))


def test_label_column_is_rejected():
    """Does an (N, 1) label column raise a ValueError that suggests ravel()?"""
    with pytest.raises(ValueError, match=r"integer labels of shape \(3,\) or "
                                         r"one-hot rows of shape \(3, 4\); got "
                                         r"\(3, 1\).*y.ravel\(\)"):
        SoftmaxCrossEntropy()(np.zeros((3, 4)), np.zeros((3, 1), dtype=int))


def test_one_hot_rows_must_sum_to_one():
    """Do target rows that are not distributions raise a ValueError?"""
    with pytest.raises(ValueError, match=r"non-negative rows that sum to 1; got "
                                         r"row sums from 2 to 2"):
        SoftmaxCrossEntropy()(np.zeros((2, 2)), np.ones((2, 2)))


def test_pred_must_be_float_and_batched():
    """Do integer scores and an unbatched score vector raise clear errors?"""
    with pytest.raises(TypeError, match=r"MSELoss: pred must be an array of floats; "
                                        r"got int64"):
        MSELoss()(np.array([1, 2]), np.array([1, 2]))
    with pytest.raises(ValueError, match=r"pred must have shape \(N, C\) of class "
                                         r"scores; got \(4,\). Pass a batch"):
        SoftmaxCrossEntropy()(np.zeros(4), np.array(1))


def test_target_must_be_numbers():
    """Does a string target raise a TypeError?"""
    with pytest.raises(TypeError, match=r"MSELoss: target must be numbers; got <U1"):
        MSELoss()(np.zeros(2), np.array(["a", "b"]))


@pytest.mark.parametrize("cls", [MSELoss, BCEWithLogitsLoss, SoftmaxCrossEntropy])
def test_backward_before_forward(cls):
    """Does backward() without forward raise a RuntimeError with the fix?"""
    with pytest.raises(RuntimeError, match=rf"{cls.__name__}.backward was called "
                                           rf"before forward"):
        cls().backward()
