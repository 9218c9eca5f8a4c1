"""Tests for dlkit.widgets.evaluation: the threshold explorer and its curve."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlkit.widgets.evaluation import (  # noqa: E402
    precision_recall_points,
    threshold_explorer,
)

Y = np.array([0, 0, 1, 1, 0, 1, 0, 1])
S = np.array([0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.6, 0.7])
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_explorer_builds_and_shows_a_png():
    """Does the explorer build, and is its picture a PNG image?"""
    panel = threshold_explorer(Y, S)
    image = panel.children[1]
    assert image.value[:8] == PNG_MAGIC
    assert plt.get_fignums() == [], "the explorer left a figure open"


def test_moving_the_threshold_redraws_the_picture():
    """Does moving the slider change the image?"""
    panel = threshold_explorer(Y, S, threshold=0.5)
    slider = panel.children[0].children[0]
    before = panel.children[1].value
    slider.value = 0.3
    assert panel.children[1].value != before
    assert panel.children[1].value[:8] == PNG_MAGIC


def test_the_slider_starts_inside_the_range_of_the_scores():
    """Is a starting threshold outside the scores clipped to their range?"""
    slider = threshold_explorer(Y, S, threshold=5.0).children[0].children[0]
    assert slider.value == pytest.approx(S.max())


def test_precision_recall_points_match_counting_by_hand():
    """Are precision and recall at each distinct score those of counting
    the examples with a score at least that high?"""
    thresholds, precision, recall = precision_recall_points(Y, S)
    np.testing.assert_array_equal(thresholds, np.sort(S)[::-1])
    for t, p, r in zip(thresholds, precision, recall, strict=True):
        pred = S >= t
        tp = np.sum(pred & (Y == 1))
        assert p == pytest.approx(tp / pred.sum())
        assert r == pytest.approx(tp / Y.sum())


def test_tied_scores_give_one_point():
    """Do tied scores count as one threshold, with all of the tie predicted
    positive together?"""
    thresholds, precision, recall = precision_recall_points(
        [1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1])
    np.testing.assert_array_equal(thresholds, [0.9, 0.5, 0.1])
    np.testing.assert_allclose(precision, [1.0, 2 / 3, 0.5])
    np.testing.assert_allclose(recall, [0.5, 1.0, 1.0])


@pytest.mark.parametrize("y, s, error, match", [
    (Y[:, None], S, ValueError, "1-D arrays of shape"),
    (Y, S[:-1], ValueError, "same length"),
    (Y * 2, S, ValueError, "labels 0 and 1 only"),
    (np.ones(8, int), S, ValueError, "both classes"),
    (Y, np.where(Y, np.nan, 0.5), ValueError, "finite"),
    (Y, S.astype(str), TypeError, "must hold numbers"),
])
def test_bad_input_is_refused_with_a_fix(y, s, error, match):
    """Is input the explorer cannot use refused with a message that says why?"""
    with pytest.raises(error, match=match):
        threshold_explorer(y, s)
