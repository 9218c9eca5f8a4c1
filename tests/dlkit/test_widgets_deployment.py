"""Tests for dlkit.widgets.deployment: the new-data explorer."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.data import load_digits
from dlkit.widgets.deployment import shift_explorer

PNG = b"\x89PNG\r\n\x1a\n"


def _images():
    x, y = load_digits(return_images=True)
    return x[:40], y[:40]


def _centre_of_ink(flat):
    """A stand-in model: class = column of the ink's centre (0..7), as proba."""
    images = flat.reshape(len(flat), 8, 8)
    weights = images.sum(axis=1)                                  # (N, 8)
    centre = (weights * np.arange(8)).sum(1) / np.maximum(weights.sum(1), 1e-9)
    return np.eye(10)[np.clip(np.round(centre).astype(int), 0, 9)]


def test_explorer_builds_draws_a_png_and_redraws_on_every_control():
    """Does the explorer build with six controls and a PNG image, and does
    moving each control (the model dropdown too) change the picture?"""
    x, y = _images()
    models = {"centre": _centre_of_ink,
              "always zero": lambda flat: np.eye(10)[np.zeros(len(flat), int)]}
    panel = shift_explorer(models, x, y)
    controls, image = panel.children
    assert len(controls.children) == 6
    assert bytes(image.value).startswith(PNG)
    for control, value in zip(controls.children,
                              ["always zero", 5, 1, -1, 2.0, 0.5], strict=True):
        before = bytes(image.value)
        control.value = value
        assert bytes(image.value) != before, control.description


@pytest.mark.parametrize("args, error, message", [
    (({}, np.zeros((2, 8, 8)), np.zeros(2)), TypeError,
     r"models must be a non-empty dict of name -> function"),
    (({"m": _centre_of_ink}, np.zeros((2, 64)), np.zeros(2)), ValueError,
     r"images must have shape \(N, H, W\); got \(2, 64\)"),
    (({"m": _centre_of_ink}, np.zeros((2, 8, 8)), np.zeros(3)), ValueError,
     r"labels must have shape \(2,\), one per image; got \(3,\)"),
])
def test_wrong_arguments_are_named(args, error, message):
    """Does a wrong argument raise an error that names it?"""
    with pytest.raises(error, match=message):
        shift_explorer(*args)
