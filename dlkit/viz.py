"""Plots for the notebooks. Every function returns a matplotlib Figure.

Figures are closed in pyplot before they are returned, so a notebook shows each
exactly once: as the value of the cell that made it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import numpy as np

# The plots of later lessons live in dlkit._viz, one module per kind of figure.
from dlkit._viz.boundary import plot_decision_boundary as plot_decision_boundary
from dlkit._viz.graph import plot_graph as plot_graph
from dlkit._viz.images import plot_feature_maps as plot_feature_maps
from dlkit._viz.images import plot_filters as plot_filters
from dlkit._viz.images import plot_images as plot_images
from dlkit._viz.recurrent import plot_unrolled_rnn as plot_unrolled_rnn
from dlkit._viz.sequences import plot_attention as plot_attention
from dlkit._viz.sequences import plot_spectrogram as plot_spectrogram
from dlkit._viz.sequences import plot_waveform as plot_waveform
from dlkit._viz.surfaces import plot_surface as plot_surface
from dlkit._viz.training import plot_confusion_matrix as plot_confusion_matrix
from dlkit._viz.training import plot_history as plot_history


def _finish(fig):
    fig.tight_layout()
    plt.close(fig)
    return fig


def plot_activations(functions: Mapping[str, Callable[[np.ndarray], np.ndarray]],
                     z_range: tuple[float, float] = (-5.0, 5.0),
                     derivatives: bool = False):
    """Plot activation functions side by side on one input range.

    Parameters
    ----------
    functions : mapping of name to function
        Each maps an ndarray of shape (K,) to one of shape (K,).
    z_range : (float, float)
        The input interval on the horizontal axis.
    derivatives : bool
        Also draw each function's slope, estimated by central differences.
    """
    z = np.linspace(*z_range, 401)
    fig, axes = plt.subplots(1, len(functions), figsize=(3.2 * len(functions), 3),
                             squeeze=False)
    for ax, (name, f) in zip(axes[0], functions.items(), strict=True):
        a = f(z)
        ax.plot(z, a, label=f"{name}(z)", lw=2)
        if derivatives:
            slope = np.gradient(a, z)
            ax.plot(z, slope, "--", label="slope", lw=1.5)
        ax.axhline(0, color="grey", lw=0.5)
        ax.axvline(0, color="grey", lw=0.5)
        ax.set_title(name)
        ax.set_xlabel("input z")
        ax.set_ylabel("output")
        ax.legend(loc="upper left", fontsize=8)
    return _finish(fig)


def plot_plane(values: np.ndarray, extent: tuple[float, float, float, float],
               points: np.ndarray | None = None, labels: np.ndarray | None = None,
               title: str = "", colorbar_label: str = "output", ax=None,
               vmin: float | None = None, vmax: float | None = None):
    """Show a function of two inputs as a colour map, with labelled points on top.

    Parameters
    ----------
    values : ndarray of shape (H, W)
        The function on a grid; row 0 is the lowest x2.
    extent : (x1_min, x1_max, x2_min, x2_max)
    points : ndarray of shape (N, 2), optional
    labels : ndarray of shape (N,), optional
        0 or 1 for each point: drawn as circles and crosses.
    """
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=(4.6, 3.8))
    else:
        fig = ax.figure
    image = ax.imshow(values, origin="lower", extent=extent, cmap="RdBu_r",
                      vmin=vmin, vmax=vmax, aspect="auto")
    fig.colorbar(image, ax=ax, label=colorbar_label)
    if points is not None:
        labels = np.zeros(len(points)) if labels is None else np.ravel(labels)
        for value, marker, name in ((0, "o", "target 0"), (1, "X", "target 1")):
            chosen = points[labels == value]
            ax.scatter(chosen[:, 0], chosen[:, 1], marker=marker, s=90,
                       edgecolor="black", facecolor="white", label=name)
        ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    ax.set_xlabel("input x1")
    ax.set_ylabel("input x2")
    ax.set_title(title)
    return _finish(fig) if own else fig


def plot_neuron(weights=(0.5, -0.25), bias: float = 0.1,
                activation: str = "f"):
    """Draw one neuron: inputs, weighted arrows, the sum with its bias, the
    activation and the output.

    Parameters
    ----------
    weights : sequence of float
        One weight per input; each labels its arrow.
    bias : float
    activation : str
        The name written in the activation box.
    """
    n = len(weights)
    fig, ax = plt.subplots(figsize=(6.4, 0.9 + 0.9 * n))
    ys = np.linspace(0.85, 0.15, n) if n > 1 else np.array([0.5])
    for i, (y, w) in enumerate(zip(ys, weights, strict=True), 1):
        ax.annotate("", xy=(0.47, 0.5), xytext=(0.12, y),
                    arrowprops=dict(arrowstyle="->", lw=1.4, color="#336"))
        ax.text(0.07, y, f"$x_{i}$", ha="center", va="center", fontsize=13,
                bbox=dict(boxstyle="circle", fc="#e8eefc", ec="#336"))
        ax.text(0.29, (y + 0.5) / 2 + 0.05, f"$w_{i}={w:g}$", ha="center",
                fontsize=10, color="#336")
    ax.text(0.52, 0.5, r"$\Sigma$", ha="center", va="center", fontsize=16,
            bbox=dict(boxstyle="circle", fc="#fdf1d6", ec="#a60"))
    ax.text(0.52, 0.2, f"bias $b={bias:g}$", ha="center", fontsize=10, color="#a60")
    ax.annotate("", xy=(0.68, 0.5), xytext=(0.57, 0.5),
                arrowprops=dict(arrowstyle="->", lw=1.4))
    ax.text(0.625, 0.58, "$z$", ha="center", fontsize=12)
    ax.text(0.73, 0.5, activation, ha="center", va="center", fontsize=12,
            bbox=dict(boxstyle="round", fc="#e6f5e6", ec="#393"))
    ax.annotate("", xy=(0.93, 0.5), xytext=(0.79, 0.5),
                arrowprops=dict(arrowstyle="->", lw=1.4))
    ax.text(0.96, 0.5, "$a$", ha="center", va="center", fontsize=13)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    ax.set_title(r"one neuron: $z = w \cdot x + b$, output $a = f(z)$")
    return _finish(fig)
