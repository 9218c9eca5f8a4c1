"""Tests for dlkit.widgets.convolution: the window and filter explorers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlkit.widgets.convolution import (  # noqa: E402
    CUSTOM,
    PRESETS,
    _same_filter,
    filter_explorer,
    window_explorer,
)

PNG = b"\x89PNG\r\n\x1a\n"
PHOTO = np.random.default_rng(0).random((20, 24))


@pytest.fixture(autouse=True)
def no_figure_left_open():
    """Every redraw must close its figure in pyplot."""
    yield
    assert plt.get_fignums() == [], "an explorer left a figure open in pyplot"


def controls_of(panel):
    return panel.children[0].children


def test_window_explorer_builds_a_png():
    """Does the window explorer show a PNG as soon as it is built?"""
    panel = window_explorer()
    assert bytes(panel.children[1].value).startswith(PNG)


@pytest.mark.parametrize("position", [0, 1, 2])
def test_moving_a_window_control_changes_the_picture(position):
    """Do the padding, stride and window controls each redraw the figure?"""
    panel = window_explorer()
    before = panel.children[1].value
    control = controls_of(panel)[position]
    control.value = control.value + 1
    assert panel.children[1].value != before


def test_window_past_the_last_one_shows_the_last_window():
    """Is a window number beyond the output's size clamped, not an error?"""
    panel = window_explorer()
    padding, stride, window = controls_of(panel)
    stride.value = 3
    window.value = window.max
    last = panel.children[1].value
    window.value = window.max - 1
    assert panel.children[1].value == last      # both show window 4 of 4


def test_window_explorer_takes_its_own_grid_and_kernel():
    """Does the window explorer accept a custom image and kernel?"""
    panel = window_explorer(np.arange(16).reshape(4, 4), np.ones((2, 2)))
    assert bytes(panel.children[1].value).startswith(PNG)


@pytest.mark.parametrize(("image", "kernel", "match"), [
    (np.zeros((3, 3, 3)), None, r"image must have shape \(H, W\).*grey"),
    (np.zeros((9, 9)), None, r"between 3 and 8 pixels"),
    (np.zeros((4, 4)), np.ones((5, 5)), r"kernel must be between 1 and 4"),
    (np.array([["a"]]), None, r"image must hold numbers"),
])
def test_window_explorer_refuses_unusable_inputs(image, kernel, match):
    """Is an image or kernel the explorer cannot draw a clear error?"""
    with pytest.raises((ValueError, TypeError), match=match):
        window_explorer(image, kernel)


def test_filter_explorer_builds_a_png_with_nine_sliders():
    """Does the filter explorer show a PNG, a preset menu and nine sliders?"""
    panel = filter_explorer(PHOTO)
    choice, _note, grid = controls_of(panel)
    assert bytes(panel.children[1].value).startswith(PNG)
    assert len(grid.children) == 9
    assert CUSTOM in choice.options


def test_moving_a_slider_redraws_and_makes_the_kernel_custom():
    """Does moving one weight change the picture and mark the kernel as the
    student's own?"""
    panel = filter_explorer(PHOTO)
    choice, _note, grid = controls_of(panel)
    before = panel.children[1].value
    grid.children[4].value = 3.0
    assert panel.children[1].value != before
    assert choice.value == CUSTOM


def test_a_preset_sets_every_slider_and_redraws_once():
    """Does picking a preset move all nine sliders but draw only once?"""
    panel = filter_explorer(PHOTO, preset="identity")
    choice, _note, grid = controls_of(panel)
    draws = []
    panel.children[1].observe(draws.append, names="value")
    choice.value = "sharpen"
    assert [s.value for s in grid.children] == pytest.approx(
        np.ravel(PRESETS["sharpen"]))
    assert len(draws) == 1
    assert choice.value == "sharpen"


def test_filter_explorer_refuses_an_unknown_preset():
    """Is a misspelt preset an error that lists the known ones?"""
    with pytest.raises(ValueError, match=r"preset must be one of .*identity"):
        filter_explorer(PHOTO, preset="blurr")


def test_filter_keeps_the_size_and_the_identity_keeps_the_image():
    """Does the explorer's filter keep H x W, and does the identity kernel
    return the photo unchanged?"""
    out = _same_filter(PHOTO, np.array(PRESETS["identity"], dtype=float))
    np.testing.assert_allclose(out, PHOTO, atol=1e-12)


def test_filter_matches_a_window_loop():
    """Is the explorer's filter the cross-correlation a loop over windows
    computes, zero padding included?"""
    kernel = np.array(PRESETS["emboss"], dtype=float)
    padded = np.pad(PHOTO, 1)
    loop = np.array([[np.sum(padded[r:r + 3, c:c + 3] * kernel)
                      for c in range(PHOTO.shape[1])]
                     for r in range(PHOTO.shape[0])])
    np.testing.assert_allclose(_same_filter(PHOTO, kernel), loop, atol=1e-12)
