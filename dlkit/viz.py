"""Plots for the notebooks. Every function returns a matplotlib Figure.

Figures are closed in pyplot before they are returned, so a notebook shows each
exactly once: as the value of the cell that made it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import numpy as np


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
    for ax, (name, f) in zip(axes[0], functions.items()):
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
