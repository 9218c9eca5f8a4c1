"""Tests for dlkit.widgets.continual: the drift explorer."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.data import load_digits
from dlkit.widgets.continual import default_changes, drift_explorer

PNG = b"\x89PNG\r\n\x1a\n"


def _images():
    x, y = load_digits(return_images=True)
    return x[:60], x[60:100], y[60:100]


def _centre_of_ink(flat):
    """A stand-in model: class = column of the ink's centre, soft probabilities."""
    images = flat.reshape(len(flat), 8, 8)
    weights = images.sum(axis=1)                                  # (N, 8)
    centre = (weights * np.arange(8)).sum(1) / np.maximum(weights.sum(1), 1e-9)
    scores = -(np.arange(10)[None, :] - centre[:, None]) ** 2     # (N, 10)
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_explorer_builds_draws_a_png_and_redraws_on_every_control():
    """Does the explorer build with two controls and a PNG image, and does
    moving each control change the picture?"""
    reference, images, labels = _images()
    panel = drift_explorer(_centre_of_ink, reference, images, labels)
    controls, image = panel.children
    assert len(controls.children) == 2
    assert bytes(image.value).startswith(PNG)
    change, share = controls.children
    before = bytes(image.value)
    share.value = 0.5
    assert bytes(image.value) != before
    before = bytes(image.value)
    change.value = list(default_changes())[1]
    assert bytes(image.value) != before


def test_default_changes_keep_the_shape_and_change_the_images():
    """Does every default change return images of the same shape that differ
    from the input?"""
    _, images, _ = _images()
    noise = np.random.default_rng(0).standard_normal(images.shape)
    for name, change in default_changes().items():
        out = change(images, noise)
        assert out.shape == images.shape, name
        assert not np.array_equal(out, images), name


@pytest.mark.parametrize("args, error, message", [
    ((None, np.zeros((2, 8, 8)), np.zeros((2, 8, 8)), np.zeros(2)), TypeError,
     r"predict must be a function"),
    ((_centre_of_ink, np.zeros((2, 64)), np.zeros((2, 8, 8)), np.zeros(2)),
     ValueError, r"reference must have shape \(N, H, W\); got \(2, 64\)"),
    ((_centre_of_ink, np.zeros((2, 8, 8)), np.zeros((2, 4, 4)), np.zeros(2)),
     ValueError, r"images of one size"),
    ((_centre_of_ink, np.zeros((2, 8, 8)), np.zeros((2, 8, 8)), np.zeros(3)),
     ValueError, r"labels must have shape \(2,\), one per image; got \(3,\)"),
])
def test_wrong_arguments_are_named(args, error, message):
    """Does a wrong argument raise an error that names it?"""
    with pytest.raises(error, match=message):
        drift_explorer(*args)


def test_changes_must_be_a_dict_of_functions():
    """Is a changes argument that is not a dict of functions refused by name?"""
    reference, images, labels = _images()
    with pytest.raises(TypeError, match=r"changes must be a non-empty dict"):
        drift_explorer(_centre_of_ink, reference, images, labels, changes={})
