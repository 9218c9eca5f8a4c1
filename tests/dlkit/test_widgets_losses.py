"""Tests for dlkit.widgets.losses: the loss explorer and the numbers it draws."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlkit.gradcheck import numerical_gradient  # noqa: E402
from dlkit.nn import BCEWithLogitsLoss, MSELoss  # noqa: E402
from dlkit.nn import functional as F  # noqa: E402
from dlkit.widgets.losses import binary_losses, loss_explorer  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_explorer_builds_with_a_png_image():
    """Does the explorer build headless and show a PNG image?"""
    panel = loss_explorer()
    image = panel.children[1]
    assert image.value[:8] == PNG_SIGNATURE


@pytest.mark.parametrize("control, value", [(0, 3.0), (1, 0)])
def test_moving_a_control_redraws_the_image(control, value):
    """Does moving the logit slider or the target toggle change the picture?"""
    panel = loss_explorer(z=-2.0, target=1)
    controls, image = panel.children
    before = image.value
    controls.children[control].value = value
    assert image.value[:8] == PNG_SIGNATURE
    assert image.value != before


@pytest.mark.parametrize("target", [0, 1])
def test_losses_match_dlkit_losses(target):
    """Are the drawn losses those of BCEWithLogitsLoss and of MSELoss on
    sigmoid(z), entry by entry?"""
    z = np.array([-30.0, -2.0, 0.0, 0.5, 4.0, 30.0])
    curves = binary_losses(z, target)
    y = np.full(1, float(target))
    for i, zi in enumerate(z):
        bce = BCEWithLogitsLoss()(np.array([zi]), y)
        mse = MSELoss()(F.sigmoid(np.array([zi])), y)
        assert curves["cross-entropy"][0][i] == pytest.approx(bce, rel=1e-12)
        assert curves["squared error"][0][i] == pytest.approx(mse, rel=1e-12,
                                                              abs=1e-300)


@pytest.mark.parametrize("target", [0, 1])
def test_slopes_are_the_derivatives_of_the_losses(target):
    """Is each drawn slope the numerical derivative of its loss in z?"""
    z = np.array([-3.0, -0.7, 0.0, 1.2, 2.5])
    curves = binary_losses(z, target)
    for name, (_, slope) in curves.items():
        for i in range(z.size):
            point = z[i:i + 1].copy()
            numeric = numerical_gradient(
                lambda p=point, n=name: float(binary_losses(p, target)[n][0][0]),
                point)
            assert slope[i] == pytest.approx(numeric[0], abs=1e-7)


def test_squared_error_slope_vanishes_when_confidently_wrong():
    """Does the squared error of a sigmoid barely push a confidently wrong
    logit, while cross-entropy pushes it at full strength?"""
    curves = binary_losses(np.array([-8.0]), 1)
    assert abs(curves["squared error"][1][0]) < 1e-3
    assert curves["cross-entropy"][1][0] == pytest.approx(-1.0, abs=1e-3)


@pytest.mark.parametrize("kwargs, match", [
    ({"target": 2}, "target must be 0 or 1; got 2"),
    ({"z": 12.0}, r"z must lie in \[-8.0, 8.0\]; got 12.0"),
])
def test_explorer_rejects_bad_starting_values(kwargs, match):
    """Does a starting value outside the controls' range raise a clear error?"""
    with pytest.raises(ValueError, match=match):
        loss_explorer(**kwargs)


def test_binary_losses_rejects_a_class_index_target():
    """Is a target other than 0 or 1 refused with the accepted values named?"""
    with pytest.raises(ValueError, match="target must be 0 or 1; got 3"):
        binary_losses(np.zeros(2), 3)
