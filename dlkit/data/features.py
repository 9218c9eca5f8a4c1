"""Feature extraction for sound: frames, spectrograms and decibels.

A spectrogram cuts a signal into short overlapping frames, multiplies each by
a window that fades its edges, and takes the Fourier transform of each. The
result says how much energy each frequency carries at each moment, a picture
of the sound that a network can read like an image.

T is the number of samples, L the frame length, M the number of frames and
F = L // 2 + 1 the number of frequency bins.
"""

from __future__ import annotations

import numpy as np

from dlkit.data._validate import check_float, check_int

__all__ = ["frame_signal", "power_to_db", "spectrogram"]

_WINDOWS = {
    "hann": np.hanning,
    "hamming": np.hamming,
    "rectangular": np.ones,
}


def frame_signal(signal, frame_length: int, hop: int) -> np.ndarray:
    """Cut a signal into frames of ``frame_length`` samples, ``hop`` apart.

    Samples after the last whole frame are left out.

    Parameters
    ----------
    signal : array-like of shape (..., T)
        One signal, or a batch of them along the leading axes.
    frame_length : int
        L, samples per frame.
    hop : int
        Samples from the start of one frame to the start of the next.

    Returns
    -------
    ndarray of shape (..., M, L), with ``M = 1 + (T - L) // hop``
    """
    signal = np.asarray(signal, dtype=np.float64)
    frame_length = check_int(frame_length, "frame_length", minimum=1)
    hop = check_int(hop, "hop", minimum=1)
    if signal.ndim == 0 or signal.shape[-1] < frame_length:
        raise ValueError(f"signal must have at least frame_length={frame_length} "
                         f"samples on its last axis; got shape {signal.shape}. "
                         "Pass a longer signal or a shorter frame_length.")

    windows = np.lib.stride_tricks.sliding_window_view(signal, frame_length, axis=-1)
    return windows[..., ::hop, :].copy()              # (..., M, L)


def spectrogram(signal, sample_rate: float, frame_length: int = 256,
                hop: int | None = None, window="hann"):
    """The power spectrogram of a signal, by NumPy's real FFT of each frame.

    The power is ``|FFT(frame * window)|**2 / sum(window)**2``, so a tone of
    amplitude A that falls on a frequency bin shows a peak of about A**2 / 4.

    Parameters
    ----------
    signal : array-like of shape (..., T)
    sample_rate : float
        Samples per second.
    frame_length : int
        L; the frequency resolution is ``sample_rate / L`` Hz.
    hop : int, optional
        Samples between frame starts; by default ``frame_length // 2``.
    window : {"hann", "hamming", "rectangular"} or array-like of shape (L,)

    Returns
    -------
    freqs : ndarray of shape (F,)
        The centre frequency of each bin in Hz, from 0 to ``sample_rate / 2``.
    times : ndarray of shape (M,)
        The centre of each frame in seconds.
    power : ndarray of shape (..., F, M)
        Frequencies along rows, time along columns, as the picture is drawn.

    Examples
    --------
    >>> from dlkit.data import tone
    >>> freqs, times, power = spectrogram(tone(440, 1.0, 8000), 8000,
    ...                                   frame_length=400)
    >>> float(freqs[power.mean(axis=1).argmax()])
    440.0
    """
    sample_rate = check_float(sample_rate, "sample_rate", minimum=1.0)
    frame_length = check_int(frame_length, "frame_length", minimum=2)
    hop = frame_length // 2 if hop is None else hop
    if isinstance(window, str):
        if window not in _WINDOWS:
            raise ValueError(f"window must be one of {sorted(_WINDOWS)} or an array "
                             f"of {frame_length} weights; got {window!r}.")
        weights = _WINDOWS[window](frame_length)
    else:
        weights = np.asarray(window, dtype=np.float64)
        if weights.shape != (frame_length,):
            raise ValueError(f"window must have shape ({frame_length},) to match "
                             f"frame_length; got {weights.shape}.")
        if not weights.sum() > 0:
            raise ValueError("window weights must have a positive sum; got "
                             f"{weights.sum():g}.")

    frames = frame_signal(signal, frame_length, hop)            # (..., M, L)
    spectrum = np.fft.rfft(frames * weights, axis=-1)           # (..., M, F)
    power = np.abs(spectrum) ** 2 / weights.sum() ** 2

    freqs = np.fft.rfftfreq(frame_length, d=1.0 / sample_rate)
    times = (np.arange(frames.shape[-2]) * hop + frame_length / 2) / sample_rate
    return freqs, times, np.swapaxes(power, -1, -2)             # (..., F, M)


def power_to_db(power, floor: float = 1e-10, ref: float = 1.0) -> np.ndarray:
    """Express power in decibels: ``10 * log10(max(power, floor) / ref)``.

    ``floor`` keeps silence (power 0) at a finite -100 dB instead of -inf.
    """
    floor = check_float(floor, "floor", minimum=0.0)
    ref = check_float(ref, "ref", minimum=0.0)
    if floor <= 0 or ref <= 0:
        raise ValueError(f"floor and ref must be positive; got floor={floor:g}, "
                         f"ref={ref:g}.")
    return 10.0 * np.log10(np.maximum(np.asarray(power, dtype=np.float64), floor) / ref)
