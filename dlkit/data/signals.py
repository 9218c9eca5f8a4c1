"""Sequences and sound-like signals, generated from a seed.

Sequence tasks for recurrent networks come as ``x`` of shape (N, T, F): N
sequences of T steps with F features each. Sounds are 1-D arrays of samples
taken ``sample_rate`` times a second. Everything here is made by the code
below; the source is dlkit itself and the licence is dlkit's.
"""

from __future__ import annotations

import numpy as np

from dlkit.data._validate import as_generator, check_float, check_int

__all__ = [
    "VOWELS",
    "chirp",
    "make_adding_problem",
    "make_parity",
    "make_sine_waves",
    "make_vowels",
    "tone",
    "white_noise",
]

# Average first three formant frequencies (Hz) of five vowels spoken by adult
# men, rounded: the resonances of the vocal tract that make an "a" an "a".
_FORMANTS = {
    "a": (730.0, 1090.0, 2440.0),
    "e": (530.0, 1840.0, 2480.0),
    "i": (270.0, 2290.0, 3010.0),
    "o": (570.0, 840.0, 2410.0),
    "u": (300.0, 870.0, 2240.0),
}
VOWELS: tuple[str, ...] = tuple(_FORMANTS)


def _n_samples(duration: float, sample_rate: float) -> int:
    duration = check_float(duration, "duration", minimum=0.0)
    sample_rate = check_float(sample_rate, "sample_rate", minimum=1.0)
    return int(round(duration * sample_rate))


def tone(frequency: float, duration: float = 1.0, sample_rate: float = 8000,
         amplitude: float = 1.0, phase: float = 0.0) -> np.ndarray:
    """A pure tone ``amplitude * sin(2 pi f t + phase)``.

    Returns
    -------
    ndarray of shape (T,), float64, with ``T = round(duration * sample_rate)``
    """
    frequency = check_float(frequency, "frequency", minimum=0.0)
    t = np.arange(_n_samples(duration, sample_rate)) / sample_rate
    return amplitude * np.sin(2 * np.pi * frequency * t + phase)


def chirp(f_start: float, f_end: float, duration: float = 1.0,
          sample_rate: float = 8000, amplitude: float = 1.0) -> np.ndarray:
    """A tone whose frequency moves linearly from ``f_start`` to ``f_end`` Hz.

    Returns
    -------
    ndarray of shape (T,), float64, with ``T = round(duration * sample_rate)``
    """
    f_start = check_float(f_start, "f_start", minimum=0.0)
    f_end = check_float(f_end, "f_end", minimum=0.0)
    t = np.arange(_n_samples(duration, sample_rate)) / sample_rate
    rate = (f_end - f_start) / max(duration, 1e-12)    # Hz per second
    return amplitude * np.sin(2 * np.pi * (f_start * t + 0.5 * rate * t**2))


def white_noise(duration: float = 1.0, sample_rate: float = 8000,
                amplitude: float = 1.0,
                seed: int | np.random.Generator = 0) -> np.ndarray:
    """Gaussian white noise with standard deviation ``amplitude``.

    Returns
    -------
    ndarray of shape (T,), float64, with ``T = round(duration * sample_rate)``
    """
    amplitude = check_float(amplitude, "amplitude", minimum=0.0)
    n = _n_samples(duration, sample_rate)
    return amplitude * as_generator(seed).standard_normal(n)


def make_vowels(n_per_class: int = 40, duration: float = 0.25,
                sample_rate: float = 8000, noise: float = 0.05,
                seed: int | np.random.Generator = 0):
    """A small "speech" set: synthetic vowels a, e, i, o, u from many voices.

    Each sample is a voiced sound: harmonics of a pitch drawn between 90 and
    220 Hz, loud near the vowel's formant frequencies and quiet elsewhere. The
    formants are scaled by a random factor (longer or shorter vocal tracts),
    so no two samples are alike, but the vowel is told by where the energy
    sits in the spectrum, not by the pitch.

    Parameters
    ----------
    n_per_class : int
        Samples of each vowel.
    duration : float
        Length of each sample in seconds.
    sample_rate : float
        Samples per second; formants up to about 3 kHz need at least 6400.
    noise : float
        Standard deviation of background noise, relative to the unit RMS
        level of each vowel.
    seed : int or numpy.random.Generator

    Returns
    -------
    x : ndarray of shape (N, T), float64, N = 5 * n_per_class
    y : ndarray of shape (N,), int64, index into :data:`VOWELS`
    """
    n_per_class = check_int(n_per_class, "n_per_class", minimum=1)
    n_steps = _n_samples(duration, sample_rate)
    noise = check_float(noise, "noise", minimum=0.0)
    rng = as_generator(seed)

    y = rng.permutation(np.repeat(np.arange(len(VOWELS)), n_per_class))
    t = np.arange(n_steps) / sample_rate
    fade = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.01)  # 10 ms ramps at each end
    x = np.empty((len(y), n_steps))
    for i, label in enumerate(y):
        pitch = rng.uniform(90.0, 220.0)
        formants = np.array(_FORMANTS[VOWELS[label]]) * rng.uniform(0.92, 1.12)
        harmonics = pitch * np.arange(1, int(0.45 * sample_rate / pitch) + 1)

        # Resonance peaks of width ~100 Hz at each formant, weaker further up.
        gap = (harmonics[:, None] - formants[None, :]) / 100.0   # (H, 3)
        gain = (1.0 / (1.0 + gap**2)) @ np.array([1.0, 0.6, 0.3])  # (H,)
        phases = rng.uniform(0.0, 2 * np.pi, len(harmonics))
        wave = gain @ np.sin(2 * np.pi * harmonics[:, None] * t + phases[:, None])

        wave /= np.sqrt(np.mean(wave**2))
        x[i] = fade * wave + noise * rng.standard_normal(n_steps)
    return x, y.astype(np.int64)


def make_sine_waves(n_series: int = 200, length: int = 50, noise: float = 0.05,
                    seed: int | np.random.Generator = 0):
    """Noisy sine waves for next-step prediction.

    Each series has its own amplitude (0.5 to 1.5), period (10 to 50 steps)
    and phase. The target at step t is the input at step t + 1, so a model
    that predicts ``y[:, t]`` from ``x[:, :t + 1]`` forecasts one step ahead;
    ``y[:, -1]`` alone gives a many-to-one task.

    Parameters
    ----------
    n_series : int
        Number of sequences N.
    length : int
        Steps per sequence T.
    noise : float
        Standard deviation of the Gaussian noise on every observed value.
    seed : int or numpy.random.Generator

    Returns
    -------
    x : ndarray of shape (N, T, 1), float64
    y : ndarray of shape (N, T, 1), float64, ``y[:, t] == x[:, t + 1]``
    """
    n_series = check_int(n_series, "n_series", minimum=1)
    length = check_int(length, "length", minimum=1)
    noise = check_float(noise, "noise", minimum=0.0)
    rng = as_generator(seed)

    amplitude = rng.uniform(0.5, 1.5, (n_series, 1))
    period = rng.uniform(10.0, 50.0, (n_series, 1))
    phase = rng.uniform(0.0, 2 * np.pi, (n_series, 1))
    steps = np.arange(length + 1)
    series = amplitude * np.sin(2 * np.pi * steps / period + phase)  # (N, T + 1)
    series += noise * rng.standard_normal(series.shape)
    return series[:, :-1, None], series[:, 1:, None]


def make_parity(n_sequences: int = 500, length: int = 8,
                seed: int | np.random.Generator = 0):
    """Bit sequences labelled by parity: 1 when the count of ones is odd.

    A classic test of memory: the label depends on every step, and changing
    any single bit flips it.

    Returns
    -------
    x : ndarray of shape (N, T, 1), float64, values in {0, 1}
    y : ndarray of shape (N,), int64, values in {0, 1}
    """
    n_sequences = check_int(n_sequences, "n_sequences", minimum=1)
    length = check_int(length, "length", minimum=1)
    rng = as_generator(seed)

    bits = rng.integers(0, 2, size=(n_sequences, length))
    return bits[:, :, None].astype(np.float64), (bits.sum(axis=1) % 2).astype(np.int64)


def make_adding_problem(n_sequences: int = 500, length: int = 20,
                        seed: int | np.random.Generator = 0):
    """The adding problem: sum the two numbers that carry a marker.

    Feature 0 holds random numbers in [0, 1); feature 1 is 1 at exactly two
    steps (one in each half of the sequence) and 0 elsewhere. The target is
    the sum of the two marked numbers, so a model must remember the first one
    across many steps: long sequences expose vanishing gradients.

    Returns
    -------
    x : ndarray of shape (N, T, 2), float64
    y : ndarray of shape (N,), float64, values in [0, 2)
    """
    n_sequences = check_int(n_sequences, "n_sequences", minimum=1)
    length = check_int(length, "length", minimum=2)
    rng = as_generator(seed)

    values = rng.uniform(0.0, 1.0, (n_sequences, length))
    half = length // 2
    rows = np.arange(n_sequences)
    first = rng.integers(0, half, n_sequences)
    second = rng.integers(half, length, n_sequences)
    markers = np.zeros_like(values)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    y = values[rows, first] + values[rows, second]
    return np.stack([values, markers], axis=-1), y
