"""Tests for dlkit.widgets.data: the scaling and spectrogram explorers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlkit.data import MinMaxScaler, StandardScaler, chirp  # noqa: E402
from dlkit.widgets.data import (  # noqa: E402
    nearest_neighbour_accuracy,
    scale_pair,
    scaling_explorer,
    spectrogram_explorer,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RNG = np.random.default_rng(0)
Y_TRAIN = np.repeat(np.arange(3), 10)
Y_TEST = np.repeat(np.arange(3), 4)
X_TRAIN = np.column_stack([Y_TRAIN * 0.1 + 0.01 * RNG.standard_normal(30),
                           500 + 100 * RNG.standard_normal(30)])
X_TEST = np.column_stack([Y_TEST * 0.1 + 0.01 * RNG.standard_normal(12),
                          500 + 100 * RNG.standard_normal(12)])
SOUND = chirp(200, 3000, duration=0.25, sample_rate=8000)


def scaling_panel():
    return scaling_explorer(X_TRAIN, Y_TRAIN, X_TEST, Y_TEST,
                            ("length (m)", "weight (g)"), ["a", "b", "c"])


@pytest.mark.parametrize("make", [scaling_panel,
                                  lambda: spectrogram_explorer(SOUND, 8000)])
def test_explorer_builds_with_a_png_image(make):
    """Does each explorer build headless and show a PNG image?"""
    image = make().children[1]
    assert image.value[:8] == PNG_SIGNATURE


def test_moving_each_scaling_control_redraws_the_image():
    """Does changing the scaling, what it is fitted on, or adding the entry
    error each change the picture?"""
    controls, image = scaling_panel().children
    for control, value in ((0, "min-max"), (0, "standardise"),
                           (1, "training + test (leak)"), (2, True)):
        before = image.value
        controls.children[control].value = value
        assert image.value[:8] == PNG_SIGNATURE
        assert image.value != before, (control, value)


def test_moving_each_spectrogram_control_redraws_the_image():
    """Does changing the frame length, the hop or the window each change the
    picture?"""
    controls, image = spectrogram_explorer(SOUND, 8000).children
    for control, value in ((0, 64), (1, 1.0), (2, "rectangular")):
        before = image.value
        controls.children[control].value = value
        assert image.value[:8] == PNG_SIGNATURE
        assert image.value != before, (control, value)


def test_spectrogram_explorer_offers_only_lengths_that_fit():
    """Are frame lengths longer than the signal left out of the choices?"""
    controls, _ = spectrogram_explorer(SOUND[:300], 8000).children
    assert max(controls.children[0].options) <= 300


@pytest.mark.parametrize("scaling, scaler", [("min-max", MinMaxScaler),
                                             ("standardise", StandardScaler)])
@pytest.mark.parametrize("leak", [False, True])
def test_scale_pair_fits_on_what_it_is_told(scaling, scaler, leak):
    """Does scale_pair fit on the training split, or on both splits when it
    leaks, exactly as dlkit's scaler does?"""
    fitted = scaler().fit(np.vstack([X_TRAIN, X_TEST]) if leak else X_TRAIN)
    train, test = scale_pair(X_TRAIN, X_TEST, scaling, leak=leak)
    np.testing.assert_allclose(train, fitted.transform(X_TRAIN), rtol=1e-12)
    np.testing.assert_allclose(test, fitted.transform(X_TEST), rtol=1e-12)


def test_nearest_neighbour_accuracy_on_a_hand_made_case():
    """Does the 1-nearest-neighbour accuracy count the test points whose
    closest training point has their label?"""
    train = np.array([[0.0, 0.0], [10.0, 0.0]])
    test = np.array([[1.0, 0.0], [9.0, 0.0], [4.0, 0.0], [6.0, 0.0]])
    labels = np.array([0, 1])
    assert nearest_neighbour_accuracy(train, labels, test,
                                      np.array([0, 1, 1, 1])) == 0.75


def test_scaling_matters_for_the_nearest_neighbour_rule():
    """With one feature in large units that carries no class, does scaling
    raise the nearest-neighbour accuracy?"""
    raw = nearest_neighbour_accuracy(X_TRAIN, Y_TRAIN, X_TEST, Y_TEST)
    a, b = scale_pair(X_TRAIN, X_TEST, "standardise")
    assert nearest_neighbour_accuracy(a, Y_TRAIN, b, Y_TEST) > raw


@pytest.mark.parametrize("call, match", [
    (lambda: scaling_explorer(X_TRAIN[:, :1], Y_TRAIN, X_TEST, Y_TEST),
     r"x_train must have shape \(N, 2\)"),
    (lambda: scaling_explorer(X_TRAIN, Y_TRAIN[:5], X_TEST, Y_TEST),
     r"y_train must hold one integer label per sample, shape \(30,\)"),
    (lambda: scale_pair(X_TRAIN, X_TEST, "robust"), "scaling must be one of"),
    (lambda: spectrogram_explorer(np.zeros((2, 100)), 8000),
     r"signal must be one sound of shape \(T,\)"),
    (lambda: spectrogram_explorer(np.zeros(10), 8000), "frame_lengths must hold"),
])
def test_bad_input_is_refused_with_a_fix(call, match):
    """Are wrong shapes and unknown options refused with a message that says
    what was expected?"""
    with pytest.raises(ValueError, match=match):
        call()
