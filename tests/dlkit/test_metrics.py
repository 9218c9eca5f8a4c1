"""Metrics against scikit-learn on many random cases, and their error messages."""

import warnings

import numpy as np
import pytest
from sklearn import metrics as skm

from dlkit import metrics
from dlkit.metrics import UndefinedMetricWarning

SEEDS = range(8)
CLASS_COUNTS = (2, 3, 5)


def random_labels(seed: int, k: int, n: int = 14):
    """Labels where predictions are often right, and some classes are rare.

    Small n leaves some classes out of y_true or y_pred by chance; one class
    is never predicted in half of the cases.
    """
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, k, n)
    y_pred = np.where(rng.random(n) < 0.5, y_true, rng.integers(0, k, n))
    if seed % 2:
        y_pred[y_pred == k - 1] = 0
    return y_true, y_pred


def quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("k", CLASS_COUNTS)
def test_accuracy_matches_sklearn(seed, k):
    """Is accuracy the fraction of matches, as scikit-learn computes it?"""
    y_true, y_pred = random_labels(seed, k)
    assert metrics.accuracy(y_true, y_pred) == pytest.approx(
        skm.accuracy_score(y_true, y_pred), abs=1e-12)


@pytest.mark.parametrize("zero_division", [0.0, 1.0])
@pytest.mark.parametrize("average", ["macro", "micro", "weighted", None])
@pytest.mark.parametrize("k", CLASS_COUNTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_averaged_scores_match_sklearn_with_a_class_that_never_occurs(
        seed, k, average, zero_division):
    """With num_classes one above the data, do all three scores match sklearn?"""
    y_true, y_pred = random_labels(seed, k)
    labels = list(range(k + 1))                 # class k occurs nowhere
    ours = {"precision": metrics.precision, "recall": metrics.recall,
            "f1": metrics.f1}
    theirs = {"precision": skm.precision_score, "recall": skm.recall_score,
              "f1": skm.f1_score}
    for name in ours:
        got = ours[name](y_true, y_pred, average=average, num_classes=k + 1,
                         zero_division=zero_division)
        expected = theirs[name](y_true, y_pred, average=average, labels=labels,
                                zero_division=zero_division)
        np.testing.assert_allclose(got, expected, atol=1e-12, err_msg=name)
        if average is None:
            assert got.shape == (k + 1,)
        else:
            assert isinstance(got, float)


@pytest.mark.parametrize("average", ["macro", "micro", "weighted", None])
@pytest.mark.parametrize("seed", SEEDS)
def test_default_labels_and_a_chosen_subset_match_sklearn(seed, average):
    """With labels left out, or a reordered subset, do the scores match sklearn?"""
    y_true, y_pred = random_labels(seed, 4)
    for labels in (None, [3, 1]):
        got = quiet(metrics.f1, y_true, y_pred, average=average, labels=labels)
        expected = quiet(skm.f1_score, y_true, y_pred, average=average,
                         labels=labels)
        np.testing.assert_allclose(got, expected, atol=1e-12)


@pytest.mark.parametrize("pos_label", [0, 1])
@pytest.mark.parametrize("seed", SEEDS)
def test_binary_scores_match_sklearn(seed, pos_label):
    """For two classes, do the scores of pos_label match sklearn's?"""
    y_true, y_pred = random_labels(seed, 2, n=9)
    for ours, theirs in ((metrics.precision, skm.precision_score),
                         (metrics.recall, skm.recall_score),
                         (metrics.f1, skm.f1_score)):
        got = quiet(ours, y_true, y_pred, pos_label=pos_label)
        expected = quiet(theirs, y_true, y_pred, pos_label=pos_label)
        assert got == pytest.approx(expected, abs=1e-12)


def test_binary_with_minus_one_and_one_labels():
    """Do labels -1 and 1 work, with pos_label=1 by default?"""
    y_true, y_pred = [-1, 1, 1, -1, 1], [-1, 1, -1, 1, 1]
    assert metrics.precision(y_true, y_pred) == pytest.approx(2 / 3)
    assert metrics.recall(y_true, y_pred) == pytest.approx(2 / 3)
    np.testing.assert_array_equal(metrics.confusion_matrix(y_true, y_pred),
                                  [[1, 1], [1, 2]])


def test_hand_computed_binary_example():
    """For tp=2, fp=1, fn=2, are P = 2/3, R = 1/2 and F1 = 4/7?"""
    y_true = [1, 1, 1, 1, 0, 0]
    y_pred = [1, 1, 0, 0, 1, 0]
    assert metrics.precision(y_true, y_pred) == pytest.approx(2 / 3)
    assert metrics.recall(y_true, y_pred) == pytest.approx(1 / 2)
    assert metrics.f1(y_true, y_pred) == pytest.approx(2 * 2 / (2 * 2 + 1 + 2))


@pytest.mark.parametrize("normalize", [None, "true", "pred", "all"])
@pytest.mark.parametrize("k", CLASS_COUNTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_confusion_matrix_matches_sklearn(seed, k, normalize):
    """Does the matrix match sklearn's, by default and with absent classes?"""
    y_true, y_pred = random_labels(seed, k)
    got = metrics.confusion_matrix(y_true, y_pred, normalize=normalize)
    np.testing.assert_allclose(got, skm.confusion_matrix(y_true, y_pred,
                                                         normalize=normalize))
    got = metrics.confusion_matrix(y_true, y_pred, num_classes=k + 2,
                                   normalize=normalize)
    expected = quiet(skm.confusion_matrix, y_true, y_pred,
                     labels=list(range(k + 2)), normalize=normalize)
    np.testing.assert_allclose(got, expected)
    assert got.dtype == (np.int64 if normalize is None else np.float64)


@pytest.mark.parametrize("seed", SEEDS)
def test_confusion_matrix_with_reordered_labels_drops_unlisted_ones(seed):
    """With labels [2, 0, 7], are rows in that order and other labels left out?"""
    y_true, y_pred = random_labels(seed, 4)
    labels = [2, 0, 7]
    np.testing.assert_array_equal(
        metrics.confusion_matrix(y_true, y_pred, labels=labels),
        skm.confusion_matrix(y_true, y_pred, labels=labels))


def test_confusion_matrix_rows_are_true_labels():
    """Is entry [i, j] the count of class i predicted as class j?"""
    matrix = metrics.confusion_matrix([0, 0, 1, 2], [1, 1, 1, 0])
    np.testing.assert_array_equal(matrix, [[0, 2, 0], [0, 1, 0], [1, 0, 0]])


@pytest.mark.parametrize("k", CLASS_COUNTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_classification_report_dict_matches_sklearn(seed, k):
    """Does every row of the report dict match sklearn's output_dict?"""
    y_true, y_pred = random_labels(seed, k)
    for labels in (None, list(range(k + 1)), [0, 1]):
        ours = metrics.classification_report(y_true, y_pred, labels=labels,
                                             output_dict=True, zero_division=0.0)
        theirs = skm.classification_report(y_true, y_pred, labels=labels,
                                           output_dict=True, zero_division=0.0)
        assert list(ours) == list(theirs)
        for name, row in theirs.items():
            if name == "accuracy":
                assert ours[name] == pytest.approx(row, abs=1e-12)
                continue
            assert ours[name]["support"] == row["support"]
            for key in ("precision", "recall"):
                assert ours[name][key] == pytest.approx(row[key], abs=1e-12)
            assert ours[name]["f1"] == pytest.approx(row["f1-score"], abs=1e-12)


def test_classification_report_text_shows_every_row():
    """Does the text table name each class, the accuracy and both averages?"""
    report = metrics.classification_report([0, 1, 1, 0], [0, 1, 0, 0],
                                           target_names=["cat", "dog"])
    assert isinstance(report, str)
    lines = report.splitlines()
    assert lines[0].split() == ["precision", "recall", "f1", "support"]
    assert lines[2].split() == ["cat", "0.67", "1.00", "0.80", "2"]
    assert lines[3].split() == ["dog", "1.00", "0.50", "0.67", "2"]
    assert lines[5].split() == ["accuracy", "0.75", "4"]
    assert lines[6].split()[:2] == ["macro", "avg"]
    assert lines[7].split()[:2] == ["weighted", "avg"]
    assert repr(report) == str(report)           # a notebook shows the table


def test_classification_report_digits():
    """Does digits=4 print four decimals?"""
    report = metrics.classification_report([0, 1, 1], [0, 1, 0], digits=4)
    assert "0.6667" in report


def test_undefined_precision_warns_and_gives_zero():
    """With a class never predicted, is precision 0.0 with a dlkit warning?"""
    assert issubclass(UndefinedMetricWarning, UserWarning)
    with pytest.warns(UndefinedMetricWarning,
                      match=r"precision is undefined for label\(s\) \[2\]: no "
                            r"example was predicted as that class; it is set to "
                            r"0.0. Pass zero_division=0.0"):
        got = metrics.precision([0, 1, 2], [0, 1, 1], average=None)
    np.testing.assert_array_equal(got, [1.0, 0.5, 0.0])


def test_undefined_f1_only_when_a_class_is_nowhere():
    """Is F1 defined (0.0, no warning) when only precision is undefined?"""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = metrics.f1([0, 1, 2], [0, 1, 1], average=None)
    np.testing.assert_allclose(got, [1.0, 2 / 3, 0.0])
    with pytest.warns(UndefinedMetricWarning, match=r"label\(s\) \[3\]: that class "
                                                    "is in neither"):
        metrics.f1([0, 1, 2], [0, 1, 1], average="macro", num_classes=4)


def test_undefined_micro_average_warns():
    """Does a micro average over labels that never occur warn and give 0.0?"""
    with pytest.warns(UndefinedMetricWarning,
                      match="micro-averaged recall is undefined: no example of "
                            "any of the labels is in y_true"):
        assert metrics.recall([0, 1], [0, 1], average="micro", labels=[5]) == 0.0


def test_warning_points_at_the_caller():
    """Is the warning attributed to the line that called the metric?"""
    with pytest.warns(UndefinedMetricWarning) as record:
        metrics.recall([0, 0], [0, 0])
    assert record[0].filename == __file__


@pytest.mark.parametrize("zero_division", [0.0, 1.0])
def test_explicit_zero_division_is_silent(zero_division):
    """With zero_division given, is the value used without a warning?"""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = metrics.recall([0, 0], [0, 0], zero_division=zero_division)
        report = metrics.classification_report([0, 0], [0, 1], output_dict=True,
                                               zero_division=zero_division)
    assert got == zero_division
    assert report["1"]["recall"] == zero_division


def test_float_labels_holding_whole_numbers_and_columns_are_accepted():
    """Are 0.0/1.0 floats and (N, 1) columns taken as labels?"""
    y_true = np.array([[0.0], [1.0], [1.0]])
    assert metrics.accuracy(y_true, np.array([0, 1, 0])) == pytest.approx(2 / 3)
    assert metrics.f1(y_true, [True, True, False]) == pytest.approx(0.5)


def test_predicted_labels_from_scores():
    """Does predicted_labels take argmax of rows and threshold single outputs?"""
    np.testing.assert_array_equal(
        metrics.predicted_labels(np.array([[0.1, 2.0, -1.0], [3.0, 0.0, 0.5]])),
        [1, 0])
    probs = np.array([[0.2], [0.7], [0.5]])
    np.testing.assert_array_equal(metrics.predicted_labels(probs), [0, 1, 0])
    np.testing.assert_array_equal(
        metrics.predicted_labels(np.array([-0.3, 0.2]), threshold=0.0), [0, 1])
    assert metrics.predicted_labels(probs).dtype == np.int64


@pytest.mark.parametrize("call, error, message", [
    (lambda: metrics.accuracy([0, 1, 1], [0, 1]), ValueError,
     "y_true and y_pred must have the same length; got 3 and 2 labels"),
    (lambda: metrics.f1([0, 1], [0.7, 0.2]), ValueError,
     r"y_pred must hold integer class labels; got non-integer values such as 0.7"
     r"\. Turn scores into labels first: predicted_labels"),
    (lambda: metrics.accuracy(["cat", "dog"], [0, 1]), TypeError,
     "y_true must hold integer class labels; got dtype <U3"),
    (lambda: metrics.accuracy([0, 1], np.eye(2)), ValueError,
     r"y_pred must be a 1-D array of class labels, shape \(N,\); got shape "
     r"\(2, 2\)\. For scores or one-hot rows, take y_pred.argmax\(axis=1\)"),
    (lambda: metrics.accuracy([], []), ValueError, "y_true and y_pred are empty"),
    (lambda: metrics.precision([0, 1, 2], [0, 1, 2]), ValueError,
     r"average='binary' needs two classes, but y_true and y_pred hold 3: "
     r"\[0, 1, 2\]\. Pass average='macro'"),
    (lambda: metrics.recall([0, 2], [2, 0]), ValueError,
     r"pos_label=1 is not one of the labels \[0, 2\]\. Pass pos_label=2"),
    (lambda: metrics.f1([0, 1], [0, 1], num_classes=2), ValueError,
     "average='binary' uses pos_label alone"),
    (lambda: metrics.f1([0, 1], [0, 1], average="mean"), ValueError,
     "average must be one of .*; got 'mean'"),
    (lambda: metrics.f1([0, 1], [0, 1], zero_division=2), ValueError,
     "zero_division must be 'warn', 0.0 or 1.0; got 2"),
    (lambda: metrics.confusion_matrix([0, 3], [0, 1], num_classes=3), ValueError,
     r"y_true holds label 3, outside 0 \.\. 2 for num_classes=3"),
    (lambda: metrics.confusion_matrix([0, 1], [0, 1], num_classes=2,
                                      labels=[0, 1]), ValueError,
     "pass labels or num_classes, not both"),
    (lambda: metrics.confusion_matrix([0, 1], [0, 1], labels=[1, 1]), ValueError,
     r"labels must be a non-empty list of distinct class labels; got \[1, 1\]"),
    (lambda: metrics.confusion_matrix([0, 1], [0, 1], normalize="rows"),
     ValueError, "normalize must be 'true', 'pred', 'all' or None; got 'rows'"),
    (lambda: metrics.classification_report([0, 1], [0, 1], target_names=["a"]),
     ValueError, r"target_names must name each of the 2 classes \[0, 1\]; got 1"),
    (lambda: metrics.predicted_labels(np.zeros((2, 2, 2))), ValueError,
     r"scores must have shape \(N,\), \(N, 1\) or \(N, C\); got \(2, 2, 2\)"),
])
def test_errors_say_what_came_and_how_to_fix_it(call, error, message):
    """Is each misuse refused with a message that names it?"""
    with pytest.raises(error, match=message):
        call()
