"""Loss surfaces of two parameters as contour maps, with optimisers' paths."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.colors import LogNorm, Normalize
from matplotlib.ticker import MaxNLocator

from dlkit._viz._figure import axes_for, check_array, done

MARKERS = {"minimum": ("*", 180), "saddle": ("X", 110)}


def plot_surface(surface, paths: Mapping[str, np.ndarray] | None = None, *,
                 ax=None, title: str | None = None, resolution: int = 120,
                 colorbar: bool = True, markers: bool = True,
                 legend: bool = True):
    """Contour map of a two-parameter loss, with paths drawn on top.

    Parameters
    ----------
    surface : dlkit.optim.surfaces.Surface
        The loss; its ``extent`` sets the window. Surfaces with
        ``log_levels`` get contour levels spaced on a log scale.
    paths : mapping of label to ndarray of shape (T + 1, 2), optional
        Each path is drawn as a line through its points, its start as a
        circle and its end as a square.
    ax : matplotlib Axes, optional
        Draw into it; by default a new figure is made, closed and returned.
    title : str, optional
        By default the surface's name.
    resolution : int
        Grid points along each axis.
    colorbar : bool
        Add a colour bar labelled "loss".
    markers : bool
        Mark minima (stars) and saddle points (crosses).
    legend : bool
        Name the paths and markers in a legend.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax, own = axes_for(ax, (5.2, 4.0))
    xs, ys, loss = surface.grid(resolution)
    low, high = float(loss.min()), float(loss.max())
    if surface.log_levels:
        low = max(low, 1e-3)
        loss = np.maximum(loss, low)
        norm, levels = LogNorm(low, high), np.geomspace(low, high, 14)
    else:
        norm, levels = Normalize(low, high), np.linspace(low, high, 14)
    # A raster and a few contour lines: far cheaper to draw than filled contours.
    image = ax.imshow(loss, origin="lower", extent=surface.extent, cmap="viridis",
                      norm=norm, aspect="auto", interpolation="bilinear")
    ax.contour(xs, ys, loss, levels=levels, colors="white", linewidths=0.5,
               alpha=0.55)
    if colorbar:
        bar = fig.colorbar(image, ax=ax, label="loss")
        if surface.log_levels:
            decades = 10.0 ** np.arange(np.ceil(np.log10(low)),
                                        np.floor(np.log10(high)) + 1)
            bar.set_ticks(decades, labels=[f"{d:g}" for d in decades])
            bar.minorticks_off()
            bar.set_label("loss (log scale)")
        else:
            bar.set_ticks(MaxNLocator(5).tick_values(low, high)[1:-1])
    if markers:
        for points, kind in ((surface.minima, "minimum"), (surface.saddles, "saddle")):
            if points:
                shape, size = MARKERS[kind]
                pts = np.array(points)
                ax.scatter(pts[:, 0], pts[:, 1], marker=shape, s=size, c="white",
                           edgecolors="black", zorder=5, label=kind)

    for i, (label, path) in enumerate((paths or {}).items()):
        path = check_array(path, f"paths[{label!r}]", (2,), "(T + 1, 2)")
        if path.shape[1] != 2:
            raise ValueError(f"paths[{label!r}] must have shape (T + 1, 2); got "
                             f"{path.shape}.")
        colour = f"C{(i + 1) % 10}"
        ax.plot(path[:, 0], path[:, 1], "-", color=colour, lw=1.6, label=label,
                marker="." if len(path) <= 80 else None, ms=4, zorder=6)
        ax.plot(*path[0], "o", color=colour, mec="black", ms=7, zorder=7)
        ax.plot(*path[-1], "s", color=colour, mec="black", ms=6, zorder=7)

    x0, x1, y0, y1 = surface.extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("parameter $w_1$")
    ax.set_ylabel("parameter $w_2$")
    ax.set_title(surface.name if title is None else title)
    if legend and (paths or markers and (surface.minima or surface.saddles)):
        ax.legend(fontsize=7, loc="lower left", framealpha=0.85)
    return done(fig, own)
