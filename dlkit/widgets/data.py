"""Explorers of the data notebook: feature scaling, and spectrogram settings.

:func:`scaling_explorer` shows two features of a data set after no scaling,
min-max scaling or standardisation, with statistics fitted on the training
split or (leaking) on all data, and the nearest-neighbour test accuracy that
results. :func:`spectrogram_explorer` redraws a sound's spectrogram for a
chosen frame length, hop and window.

N is the number of samples; a feature matrix has shape (N, 2).
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from dlkit.data import MinMaxScaler, StandardScaler, spectrogram
from dlkit.viz import plot_spectrogram
from dlkit.widgets.base import explorer

__all__ = ["SCALINGS", "nearest_neighbour_accuracy", "scale_pair",
           "scaling_explorer", "spectrogram_explorer"]

SCALINGS = ("none", "min-max", "standardise")
FIT_ON = ("training split", "training + test (leak)")
WINDOWS = ("hann", "hamming", "rectangular")
_STYLE = {"description_width": "90px"}


def scale_pair(x_train: np.ndarray, x_test: np.ndarray, scaling: str,
               leak: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Scale a training and a test split with one scaler.

    Parameters
    ----------
    x_train : ndarray of shape (N, D)
    x_test : ndarray of shape (M, D)
    scaling : {"none", "min-max", "standardise"}
    leak : bool
        Fit the scaler on both splits together instead of the training split.

    Returns
    -------
    (ndarray of shape (N, D), ndarray of shape (M, D))
    """
    if scaling not in SCALINGS:
        raise ValueError(f"scaling must be one of {SCALINGS}; got {scaling!r}.")
    if scaling == "none":
        return x_train.astype(np.float64), x_test.astype(np.float64)

    scaler = MinMaxScaler() if scaling == "min-max" else StandardScaler()
    scaler.fit(np.vstack([x_train, x_test]) if leak else x_train)
    return scaler.transform(x_train), scaler.transform(x_test)


def nearest_neighbour_accuracy(x_train: np.ndarray, y_train: np.ndarray,
                               x_test: np.ndarray, y_test: np.ndarray) -> float:
    """Test accuracy of the 1-nearest-neighbour rule (Euclidean distance).

    Parameters
    ----------
    x_train : ndarray of shape (N, D)
    y_train : ndarray of shape (N,)
    x_test : ndarray of shape (M, D)
    y_test : ndarray of shape (M,)
    """
    gaps = x_test[:, None, :] - x_train[None, :, :]           # (M, N, D)
    nearest = np.einsum("mnd,mnd->mn", gaps, gaps).argmin(axis=1)
    return float(np.mean(y_train[nearest] == y_test))


def _as_pair(x, name: str) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != 2 or len(x) == 0:
        raise ValueError(f"{name} must have shape (N, 2), two features per sample; "
                         f"got {x.shape}. Pick two columns, e.g. x[:, [0, 1]].")
    return x


def _as_labels(y, n: int, name: str) -> np.ndarray:
    y = np.asarray(y)
    if y.shape != (n,) or y.dtype.kind not in "iu":
        raise ValueError(f"{name} must hold one integer label per sample, shape "
                         f"({n},); got shape {y.shape} and dtype {y.dtype}.")
    return y


def scaling_explorer(x_train, y_train, x_test, y_test,
                     feature_names: tuple[str, str] = ("feature 1", "feature 2"),
                     class_names=None) -> widgets.Widget:
    """Two features drawn on equal axes after the scaling of one's choice.

    Equal axes draw distances as a nearest-neighbour rule measures them, so
    the picture shows which feature a distance listens to. The title gives
    the 1-nearest-neighbour accuracy on the test split. The "entry error"
    box adds one training sample whose first feature is wildly off, to show
    how one bad value squeezes a min-max scale.

    Parameters
    ----------
    x_train : array-like of shape (N, 2)
    y_train : array-like of shape (N,), int
    x_test : array-like of shape (M, 2)
    y_test : array-like of shape (M,), int
    feature_names : (str, str)
        Axis labels, with units where they matter.
    class_names : sequence of str, optional
        Legend names of the classes 0..K-1.

    Returns
    -------
    ipywidgets.HBox
    """
    x_train, x_test = _as_pair(x_train, "x_train"), _as_pair(x_test, "x_test")
    y_train = _as_labels(y_train, len(x_train), "y_train")
    y_test = _as_labels(y_test, len(x_test), "y_test")
    classes = np.unique(np.concatenate([y_train, y_test]))
    names = ([str(c) for c in classes] if class_names is None
             else [class_names[int(c)] for c in classes])

    span = x_train.max(axis=0) - x_train.min(axis=0)
    wrong_row = x_train[:1].copy()
    wrong_row[0, 0] = x_train[:, 0].max() + 20 * span[0]    # one entry error

    controls = {
        "scaling": widgets.Dropdown(options=SCALINGS, value="none",
                                    description="scaling", style=_STYLE),
        "fit_on": widgets.Dropdown(options=FIT_ON, value=FIT_ON[0],
                                   description="fit on", style=_STYLE),
        "entry_error": widgets.Checkbox(value=False, description="entry error "
                                        "in the training split", indent=False),
    }

    def draw(scaling, fit_on, entry_error):
        train, labels = x_train, y_train
        if entry_error:
            train = np.vstack([x_train, wrong_row])
            labels = np.append(y_train, y_train[0])
        a, b = scale_pair(train, x_test, scaling, leak=fit_on != FIT_ON[0])
        accuracy = nearest_neighbour_accuracy(a, labels, b, y_test)

        fig, ax = plt.subplots(figsize=(5.6, 4.4))
        for i, (c, name) in enumerate(zip(classes, names, strict=True)):
            colour = plt.cm.tab10(i % 10)
            ax.scatter(*a[labels == c].T, s=18, color=colour, alpha=0.6,
                       label=f"{name} (train)")
            ax.scatter(*b[y_test == c].T, s=40, color=colour, marker="x",
                       label=f"{name} (test)")
        ax.set_aspect("equal", adjustable="datalim")
        unit = "" if scaling == "none" else f" ({scaling})"
        ax.set_xlabel(feature_names[0] + unit)
        ax.set_ylabel(feature_names[1] + unit)
        ax.set_title(f"scaling: {scaling}, fitted on the {fit_on}\n"
                     f"1-nearest-neighbour test accuracy {accuracy:.3f}",
                     fontsize=10)
        ax.legend(fontsize=7, loc="upper right", ncol=2)
        ax.grid(alpha=0.3)
        fig.tight_layout()
        return fig

    return explorer(controls, draw)


def spectrogram_explorer(signal, sample_rate: float,
                         frame_lengths: tuple[int, ...] = (32, 64, 128, 256, 512,
                                                           1024),
                         title: str = "Spectrogram") -> widgets.Widget:
    """A sound's spectrogram for a chosen frame length, hop and window.

    Long frames resolve close frequencies but blur when things happen; short
    frames do the opposite. The title says how many frames and frequency
    bins the choice gives, and the width of one bin in Hz.

    Parameters
    ----------
    signal : array-like of shape (T,)
    sample_rate : float
        Samples per second.
    frame_lengths : tuple of int
        The frame lengths L to choose from; each must be at most T.
    title : str

    Returns
    -------
    ipywidgets.HBox
    """
    signal = np.asarray(signal, dtype=np.float64)
    if signal.ndim != 1:
        raise ValueError(f"signal must be one sound of shape (T,); got shape "
                         f"{signal.shape}. Pick one row, e.g. x[0].")
    usable = [int(n) for n in frame_lengths if 2 <= int(n) <= len(signal)]
    if not usable:
        raise ValueError(f"frame_lengths must hold a length between 2 and the "
                         f"signal's {len(signal)} samples; got {frame_lengths}.")

    controls = {
        "frame_length": widgets.SelectionSlider(
            options=usable, value=usable[len(usable) // 2],
            description="frame length", style=_STYLE),
        "hop_fraction": widgets.SelectionSlider(
            options=[("L/4", 0.25), ("L/2", 0.5), ("L", 1.0)], value=0.5,
            description="hop", style=_STYLE),
        "window": widgets.Dropdown(options=WINDOWS, value="hann",
                                   description="window", style=_STYLE),
    }

    def draw(frame_length, hop_fraction, window):
        hop = max(1, int(frame_length * hop_fraction))
        freqs, times, power = spectrogram(signal, sample_rate, frame_length,
                                          hop=hop, window=window)
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        plot_spectrogram(freqs, times, power, ax=ax,
                         title=f"{title}: L = {frame_length} "
                               f"({1000 * frame_length / sample_rate:.0f} ms), "
                               f"hop {hop}, {window}\n{len(times)} frames x "
                               f"{len(freqs)} bins of "
                               f"{sample_rate / frame_length:.1f} Hz")
        ax.title.set_fontsize(10)
        fig.tight_layout()
        return fig

    return explorer(controls, draw)
