"""Tests for dlkit.data.features: frames, spectrograms and decibels."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.data import frame_signal, power_to_db, spectrogram, tone


def test_frames_are_hop_apart_slices():
    """Does frame_signal cut [0..9] into length-4 frames starting every 3 samples?"""
    frames = frame_signal(np.arange(10), frame_length=4, hop=3)
    np.testing.assert_array_equal(frames, [[0, 1, 2, 3], [3, 4, 5, 6], [6, 7, 8, 9]])


def test_frames_of_a_batch_keep_the_batch_axis():
    """Does a (N, T) batch give (N, M, L) frames?"""
    assert frame_signal(np.zeros((3, 100)), 20, 10).shape == (3, 9, 20)


def test_frames_need_a_long_enough_signal():
    """Does a signal shorter than one frame raise an error naming both lengths?"""
    with pytest.raises(ValueError, match=r"signal must have at least "
                                         r"frame_length=16 samples on its last axis; "
                                         r"got shape \(10,\)"):
        frame_signal(np.zeros(10), 16, 8)


@pytest.mark.parametrize("frequency", [250.0, 440.0, 1000.0, 3125.0])
def test_spectrogram_peaks_at_the_tone_frequency(frequency):
    """Is the loudest bin of every frame the tone's frequency (within one bin)?"""
    freqs, times, power = spectrogram(tone(frequency, 0.5, 8000), 8000,
                                      frame_length=256)
    assert power.shape == (len(freqs), len(times)) == (129, 30)
    step = freqs[1] - freqs[0]
    assert step == pytest.approx(8000 / 256)
    np.testing.assert_allclose(freqs[power.argmax(axis=0)], frequency, atol=step)


def test_spectrogram_peak_height_follows_the_amplitude():
    """Does a tone of amplitude A on a bin give a peak of A**2 / 4?"""
    _, _, power = spectrogram(tone(1000, 0.5, 8000, amplitude=3.0), 8000,
                              frame_length=256, window="hann")
    np.testing.assert_allclose(power.max(axis=0), 9 / 4, rtol=1e-5)


def test_spectrogram_axes_and_batches():
    """Are the frequency and time axes right, and does a batch add a leading axis?"""
    signals = np.zeros((4, 1000))
    freqs, times, power = spectrogram(signals, 1000, frame_length=100, hop=50)
    assert power.shape == (4, 51, 19)
    assert freqs[0] == 0 and freqs[-1] == 500
    np.testing.assert_allclose(times[:2], [0.05, 0.1])


def test_spectrogram_accepts_a_window_array():
    """Does an explicit rectangular window equal the named one?"""
    signal = tone(300, 0.2, 4000)
    a = spectrogram(signal, 4000, frame_length=64, window="rectangular")[2]
    b = spectrogram(signal, 4000, frame_length=64, window=np.ones(64))[2]
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("kwargs, message", [
    ({"window": "kaiser"}, r"window must be one of \['hamming', 'hann', "
                           r"'rectangular'\] or an array of 64 weights"),
    ({"window": np.ones(10)}, r"window must have shape \(64,\) to match "
                              r"frame_length; got \(10,\)"),
    ({"window": np.zeros(64)}, r"window weights must have a positive sum"),
    ({"hop": 0}, r"hop must be at least 1; got 0"),
])
def test_spectrogram_argument_errors(kwargs, message):
    """Does each wrong window or hop raise an error that names it?"""
    with pytest.raises(ValueError, match=message):
        spectrogram(np.zeros(256), 8000, frame_length=64, **kwargs)


def test_power_to_db_by_hand():
    """Are 1, 10, 0.01 and 0 in power 0, 10, -20 and the floor in dB?"""
    np.testing.assert_allclose(power_to_db([1.0, 10.0, 0.01, 0.0]),
                               [0.0, 10.0, -20.0, -100.0])
    np.testing.assert_allclose(power_to_db([4.0], ref=4.0), [0.0])
    with pytest.raises(ValueError, match=r"floor and ref must be positive; got "
                                         r"floor=0"):
        power_to_db([1.0], floor=0.0)
