"""Tests for dlkit.data.corruptions: shifted, noisy and rescaled images."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.data.corruptions import add_noise, scale_brightness, shift_images

GRID = np.arange(1, 10, dtype=np.float64).reshape(3, 3)     # 1..9, row by row


@pytest.mark.parametrize("dx, dy, expected", [
    (1, 0, [[0, 1, 2], [0, 4, 5], [0, 7, 8]]),
    (-1, 0, [[2, 3, 0], [5, 6, 0], [8, 9, 0]]),
    (0, 1, [[0, 0, 0], [1, 2, 3], [4, 5, 6]]),
    (0, -1, [[4, 5, 6], [7, 8, 9], [0, 0, 0]]),
    (2, -2, [[0, 0, 7], [0, 0, 0], [0, 0, 0]]),
    (0, 0, GRID.tolist()),
])
def test_shift_moves_right_and_down_without_wrapping(dx, dy, expected):
    """Does a positive dx move the content right and a positive dy move it
    down, filling the vacated pixels with zeros?"""
    np.testing.assert_array_equal(shift_images(GRID, dx, dy), expected)


def test_shift_acts_on_the_last_two_axes_of_a_batch():
    """Is every image of a (N, H, W) batch shifted, and the batch axis left?"""
    batch = np.stack([GRID, 10 * GRID])
    out = shift_images(batch, 1, 0)
    assert out.shape == (2, 3, 3)
    np.testing.assert_array_equal(out[1], 10 * shift_images(GRID, 1, 0))


@pytest.mark.parametrize("dx, dy", [(3, 0), (-7, 0), (0, 4), (100, -100)])
def test_shift_beyond_the_frame_leaves_only_fill(dx, dy):
    """Does a shift as large as the image, or larger, leave only fill values?"""
    np.testing.assert_array_equal(shift_images(GRID, dx, dy, fill=-1.0),
                                  np.full((3, 3), -1.0))


def test_shift_keeps_dtype_and_input():
    """Does shift_images keep the dtype and leave its argument unchanged?"""
    images = np.arange(8, dtype=np.uint8).reshape(2, 2, 2)
    before = images.copy()
    out = shift_images(images, 0, 1)
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(images, before)


def test_noise_is_seeded_scaled_and_clipped():
    """Does add_noise draw the same noise from the same seed, with the asked
    spread, inside the clip range?"""
    images = np.full((200, 8, 8), 8.0)
    first = add_noise(images, 2.0, rng=3)
    np.testing.assert_array_equal(first, add_noise(images, 2.0, rng=3))
    assert abs(float((first - images).std()) - 2.0) < 0.05
    clipped = add_noise(images, 20.0, rng=3, clip=(0, 16))
    assert clipped.min() == 0.0 and clipped.max() == 16.0
    np.testing.assert_array_equal(add_noise(images, 0.0), images)


def test_noise_keeps_float32():
    """Does float32 input give float32 noise, and integer input float64?"""
    assert add_noise(np.zeros((2, 2), np.float32), 1.0).dtype == np.float32
    assert add_noise(np.zeros((2, 2), np.int64), 1.0).dtype == np.float64


def test_brightness_scales_then_clips():
    """Does scale_brightness multiply every pixel and clip to the range?"""
    np.testing.assert_array_equal(scale_brightness(GRID, 0.5), GRID / 2)
    np.testing.assert_array_equal(scale_brightness(GRID, 2.0, clip=(0, 10))[2],
                                  [10.0, 10.0, 10.0])


@pytest.mark.parametrize("call, error, message", [
    (lambda: shift_images(np.ones(64), 1, 0), ValueError,
     r"images must have shape \(\.\.\., H, W\), at least 2-D; got shape \(64,\)\. "
     r"Reshape flat rows first"),
    (lambda: shift_images(np.array([["a"]]), 1, 0), TypeError,
     r"images must hold numbers; got dtype <U1"),
    (lambda: shift_images(GRID, 0.5, 0), TypeError,
     r"dx must be a whole number of pixels \(int\); got float 0.5"),
    (lambda: shift_images(GRID, 0, True), TypeError,
     r"dy must be a whole number of pixels \(int\); got bool True"),
    (lambda: add_noise(GRID, -1.0), ValueError, r"std must be at least 0; got -1"),
    (lambda: add_noise(GRID, 1.0, rng="seed"), TypeError,
     r"rng must be an int or a numpy.random.Generator"),
    (lambda: add_noise(GRID, 1.0, clip=(16, 0)), ValueError,
     r"clip must be \(low, high\) with low < high; got \(16, 0\)"),
    (lambda: scale_brightness(GRID, -0.5), ValueError,
     r"factor must be at least 0; got -0.5"),
])
def test_errors_name_the_argument_and_the_fix(call, error, message):
    """Does each wrong argument raise the right error with a message that
    names it?"""
    with pytest.raises(error, match=message):
        call()
