"""What every plot shares: making axes, laying out, closing in pyplot.

A returned Figure is closed in pyplot, so a notebook shows it exactly once, as
the value of the cell that made it, and no figure is left open in a loop.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np


def finish(fig):
    """Lay out ``fig``, close it in pyplot and return it."""
    if fig.get_layout_engine() is None:
        fig.tight_layout()
    plt.close(fig)
    return fig


def axes_for(ax, figsize: tuple[float, float]):
    """``(fig, ax, own)``: a new figure when ``ax`` is None, else ``ax``'s figure."""
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax, True
    return ax.figure, ax, False


def done(fig, own: bool):
    """Finish a figure this plot made; leave a caller's figure to the caller."""
    return finish(fig) if own else fig


def panel_grid(n: int, ncols: int, panel: float = 1.2, extra_width: float = 0.9):
    """A constrained-layout grid for ``n`` panels; returns (fig, flat axes).

    Panels beyond ``n`` are hidden; every panel has its ticks removed.
    """
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False, layout="constrained",
                             figsize=(panel * ncols + extra_width, panel * nrows + 0.5))
    axes = axes.ravel()
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes[:n]


def check_array(values, name: str, ndims: tuple[int, ...], shape_text: str):
    """``values`` as a float ndarray with one of ``ndims`` dimensions, or an error."""
    array = np.asarray(values)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers; got dtype {array.dtype}.")
    if array.ndim not in ndims:
        raise ValueError(f"{name} must have shape {shape_text}; got {array.shape}.")
    return array.astype(np.float64)
