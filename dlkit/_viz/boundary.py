"""The decision boundary of a classifier with two inputs."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from dlkit._viz._figure import axes_for, check_array, done


def plot_decision_boundary(predict: Callable[[np.ndarray], np.ndarray], x, y=None,
                           *, resolution: int = 150, margin: float = 0.15,
                           class_names: Sequence[str] | None = None,
                           title: str = "Decision boundary",
                           xlabel: str = "input x1", ylabel: str = "input x2",
                           ax=None):
    """Colour the input plane by what a classifier predicts, with the data on top.

    ``predict`` is called once, on a grid of ``resolution**2`` points covering
    the data. What it returns decides the picture:

    - shape (M,) or (M, 1) of floats in [0, 1]: the probability of class 1,
      shown as a colour scale with the 0.5 contour (the boundary);
    - shape (M,) or (M, 1) of other floats (scores): a colour scale with the
      0 contour;
    - shape (M, C) with C >= 2 (probabilities or scores): the arg-max class;
    - integers, or floats that are all whole numbers: the predicted class.

    Parameters
    ----------
    predict : callable
        Maps an ndarray of shape (M, 2) to predictions for its M rows.
    x : array-like of shape (N, 2)
        The data, drawn as points; the plotted area covers it.
    y : array-like of shape (N,), optional
        Integer class labels of ``x``, one colour and marker each.
    resolution : int
        Grid points along each axis.
    margin : float
        Extra room around the data, as a fraction of its range.
    class_names : sequence of str, optional
        Names for the legend and colour bar, by class index.
    title, xlabel, ylabel : str
    ax : matplotlib Axes, optional
        Draw into this Axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    x = check_array(x, "x", (2,), "(N, 2)")
    if x.shape[1] != 2:
        raise ValueError(f"x must have shape (N, 2): two inputs per point; got "
                         f"{x.shape}. A boundary can be drawn for two inputs only.")
    labels = None if y is None else np.asarray(y).reshape(-1).astype(np.int64)
    if labels is not None and len(labels) != len(x):
        raise ValueError(f"y must have one label per point ({len(x)}); got "
                         f"{len(labels)}.")

    low, high = x.min(axis=0), x.max(axis=0)
    pad = margin * np.where(high > low, high - low, 1.0)
    g1 = np.linspace(low[0] - pad[0], high[0] + pad[0], resolution)
    g2 = np.linspace(low[1] - pad[1], high[1] + pad[1], resolution)
    x1, x2 = np.meshgrid(g1, g2)                                # (R, R) each
    grid = np.column_stack([x1.ravel(), x2.ravel()])            # (R*R, 2)
    out = np.asarray(predict(grid))
    if out.ndim not in (1, 2) or len(out) != len(grid):
        raise ValueError(f"predict must return one prediction per row of its input: "
                         f"shape ({len(grid)},), ({len(grid)}, 1) or ({len(grid)}, "
                         f"C); got {out.shape}.")
    extent = (g1[0], g1[-1], g2[0], g2[-1])

    fig, ax, own = axes_for(ax, (5.2, 4.2))
    n_classes = _n_classes(out, labels)
    colours = plt.get_cmap("tab10")(np.arange(n_classes) % 10)
    names = [str(c) for c in range(n_classes)] if class_names is None else \
        list(class_names)
    if out.ndim == 2 and out.shape[1] == 1:
        out = out[:, 0]
    if out.ndim == 1 and out.dtype.kind == "f" and not np.all(out == np.round(out)):
        _draw_scores(fig, ax, out.reshape(x1.shape), extent, names)
    else:
        classes = out.argmax(axis=1) if out.ndim == 2 else out.astype(np.int64)
        _draw_classes(fig, ax, classes.reshape(x1.shape), extent, colours, names)

    if labels is not None:
        for c in np.unique(labels):
            chosen = x[labels == c]
            ax.scatter(chosen[:, 0], chosen[:, 1], s=22, color=colours[c % 10],
                       marker="oXs^Dv<>Pp"[c % 10], edgecolor="black", lw=0.6,
                       label=names[c] if c < len(names) else str(c))
        ax.legend(loc="upper right", fontsize=8, framealpha=0.9, title="class")
    else:
        ax.scatter(x[:, 0], x[:, 1], s=18, color="white", edgecolor="black", lw=0.6)
    ax.set_xlim(extent[:2])
    ax.set_ylim(extent[2:])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return done(fig, own)


def _n_classes(out: np.ndarray, labels) -> int:
    """The number of classes to colour: from the predictions and the labels."""
    counts = [2]
    if out.ndim == 2 and out.shape[1] > 1:
        counts.append(out.shape[1])
    elif out.size and np.all(out == np.round(out)):
        counts.append(int(out.max()) + 1)
    if labels is not None and labels.size:
        counts.append(int(labels.max()) + 1)
    return max(counts)


def _draw_scores(fig, ax, values, extent, names) -> None:
    probability = values.min() >= 0 and values.max() <= 1
    image = ax.imshow(values, origin="lower", extent=extent, aspect="auto",
                      cmap="RdBu_r", alpha=0.8, vmin=0 if probability else None,
                      vmax=1 if probability else None)
    level = 0.5 if probability else 0.0
    if values.min() < level < values.max():
        ax.contour(values, levels=[level], extent=extent, colors="black",
                   linewidths=1.2)
    label = (f"P(class {names[1] if len(names) > 1 else 1})" if probability
             else "model score (boundary at 0)")
    fig.colorbar(image, ax=ax, label=label)


def _draw_classes(fig, ax, classes, extent, colours, names) -> None:
    k = len(colours)
    image = ax.imshow(classes, origin="lower", extent=extent, aspect="auto",
                      cmap=ListedColormap(colours), alpha=0.35, vmin=-0.5,
                      vmax=k - 0.5, interpolation="nearest")
    bar = fig.colorbar(image, ax=ax, label="predicted class", ticks=range(k))
    bar.ax.set_yticklabels(names[:k] + [str(c) for c in range(len(names), k)])
