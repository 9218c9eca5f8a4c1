"""Grids of small pictures: images, convolution filters and feature maps.

A grid is drawn as one mosaic picture in one Axes (fast even for a hundred
tiles), all tiles on one colour scale so that they can be compared, with one
colour bar saying what the colours mean.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

from dlkit._viz._figure import check_array, finish


def _mosaic(tiles: np.ndarray, ncols: int, label_room: int):
    """Tiles (n, h, w[, 3]) laid out in a grid, NaN between them.

    Returns the mosaic and the (top, left) pixel of each tile. ``label_room``
    blank rows above each row of tiles leave space for a label.
    """
    n, h, w = tiles.shape[:3]
    gap = max(1, round(0.15 * max(h, w)))
    rows = math.ceil(n / ncols)
    cell_h, cell_w = h + gap + label_room, w + gap
    out = np.full((rows * cell_h - gap, ncols * cell_w - gap, *tiles.shape[3:]),
                  np.nan)
    corners = []
    for i in range(n):
        r, c = divmod(i, ncols)
        top, left = r * cell_h + label_room, c * cell_w
        out[top:top + h, left:left + w] = tiles[i]
        corners.append((top, left))
    return out, corners


def _draw_mosaic(tiles: np.ndarray, ncols: int, labels: Sequence[str] | None,
                 colours: Sequence[str] | None, cmap: str, vmin, vmax,
                 gap_colour: str = "white", tile_inches: float = 0.8):
    """One Axes holding all tiles, each with its label above it."""
    ncols = max(1, min(ncols, len(tiles)))
    h, w = tiles.shape[1:3]
    room = 0 if labels is None else max(2, round(0.45 * h))
    picture, corners = _mosaic(tiles, ncols, room)
    if picture.ndim == 3:                       # colour: white gaps instead of NaN
        picture = np.where(np.isnan(picture), 1.0, picture)

    scale = tile_inches / (w + 1)
    fig, ax = plt.subplots(figsize=(picture.shape[1] * scale + 1.6,
                                    picture.shape[0] * scale + 0.8))
    colour_map = plt.get_cmap(cmap).with_extremes(bad=gap_colour)
    image = ax.imshow(picture, cmap=colour_map, vmin=vmin, vmax=vmax,
                      interpolation="nearest")
    for i, (top, left) in enumerate(corners if labels is not None else []):
        ax.text(left + (w - 1) / 2, top - 0.7, labels[i], ha="center",
                va="bottom", fontsize=8,
                color="black" if colours is None else colours[i])
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    return fig, ax, image, corners


def _as_images(images, shape) -> np.ndarray:
    """Images as (N, H, W) or (N, H, W, 3), unflattening rows when needed."""
    array = check_array(images, "images", (2, 3, 4), "(N, H, W), (N, H, W, 3) or "
                        "(N, D) with shape=(H, W)")
    if array.ndim == 2:
        if shape is None:
            side = int(round(np.sqrt(array.shape[1])))
            if side * side != array.shape[1]:
                raise ValueError(f"images of shape {array.shape} are flat rows of "
                                 f"{array.shape[1]} values, not square images. Pass "
                                 "shape=(H, W).")
            shape = (side, side)
        array = array.reshape(len(array), *shape)
    if array.ndim == 4 and array.shape[-1] != 3:
        raise ValueError(f"images with 4 axes must be (N, H, W, 3) colour images; "
                         f"got {array.shape}. For (N, C, H, W) pass "
                         "images[:, 0] or images.transpose(0, 2, 3, 1).")
    if len(array) == 0:
        raise ValueError("images must hold at least one image; got none.")
    return array


def plot_images(images, labels=None, predictions=None, *, shape=None,
                ncols: int = 10, max_images: int = 100,
                class_names: Sequence[str] | None = None, title: str = "Images",
                cmap: str = "gray_r", colorbar_label: str = "pixel value"):
    """Show images in a grid, each headed by its label (and prediction).

    Parameters
    ----------
    images : array-like of shape (N, H, W), (N, H, W, 3) or (N, H*W)
        Colour images hold values in [0, 1] (or 0..255).
    labels : array-like of shape (N,), optional
        Written above each image.
    predictions : array-like of shape (N,), optional
        Written as "label → prediction", in red where they differ.
    shape : (int, int), optional
        (H, W) of flat rows; square rows are unflattened without it.
    ncols : int
    max_images : int
        Only the first ``max_images`` are drawn.
    class_names : sequence of str, optional
    title : str
    cmap : str
        Colour map of single-channel images (``gray_r``: ink is dark).
    colorbar_label : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    array = _as_images(images, shape)[:max_images]
    n = len(array)
    if array.ndim == 4 and array.max() > 1:
        array = array / 255.0

    def name(value) -> str:
        value = int(value)
        return class_names[value] if class_names is not None else str(value)

    texts = colours = None
    if labels is not None:
        texts = [name(labels[i]) for i in range(n)]
        if predictions is not None:
            texts = [f"{t} → {name(predictions[i])}" for i, t in enumerate(texts)]
            colours = ["black" if int(labels[i]) == int(predictions[i]) else "red"
                       for i in range(n)]
    fig, ax, image, _ = _draw_mosaic(array, ncols, texts, colours, cmap,
                                     float(array.min()), float(array.max()))
    if array.ndim == 3:
        fig.colorbar(image, ax=ax, label=colorbar_label, shrink=0.8)
    suffix = " (label → prediction)" if predictions is not None else ""
    ax.set_title(title + suffix)
    return finish(fig)


def plot_filters(weights, *, max_filters: int = 32, max_channels: int = 8,
                 title: str = "Convolution filters"):
    """Show convolution kernels on one colour scale centred on zero.

    Parameters
    ----------
    weights : array-like of shape (F, C, KH, KW) or (F, KH, KW)
        A Conv2D layer's ``params["W"]``. With C > 1 each row of the grid is
        one filter and each column one input channel.
    max_filters, max_channels : int
        Draw at most this many filters (rows) and channels (columns).
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        Red is a positive weight, blue a negative one, white zero.
    """
    w = check_array(weights, "weights", (3, 4), "(F, C, KH, KW) or (F, KH, KW)")
    if w.ndim == 3:
        w = w[:, None]
    w = w[:max_filters, :max_channels]                  # (F, C, KH, KW)
    f, c, kh, kw = w.shape
    limit = float(np.abs(w).max()) or 1.0

    if c == 1:
        names = [f"filter {i}" for i in range(f)]
        fig, ax, image, _ = _draw_mosaic(w[:, 0], 8, names, None, "RdBu_r", -limit,
                                         limit, gap_colour="0.75")
    else:
        fig, ax, image, corners = _draw_mosaic(w.reshape(f * c, kh, kw), c, None,
                                               None, "RdBu_r", -limit, limit,
                                               gap_colour="0.75")
        ax.set_xticks([left + (kw - 1) / 2 for _, left in corners[:c]],
                      [str(i) for i in range(c)])
        ax.set_yticks([top + (kh - 1) / 2 for top, _ in corners[::c]],
                      [str(i) for i in range(f)])
        ax.set_xlabel("input channel")
        ax.set_ylabel("filter")
        ax.tick_params(length=0)
    fig.colorbar(image, ax=ax, label="weight", shrink=0.8)
    ax.set_title(title)
    return finish(fig)


def plot_feature_maps(maps, *, max_maps: int = 32, ncols: int = 8,
                      title: str = "Feature maps", cmap: str = "viridis"):
    """Show what each channel of a layer's output responds to, for one input.

    Parameters
    ----------
    maps : array-like of shape (C, H, W), or (1, C, H, W) for a batch of one
        One image's activations, e.g. ``conv.forward(x[:1])``.
    max_maps, ncols : int
    title : str
    cmap : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    a = check_array(maps, "maps", (3, 4), "(C, H, W) or (1, C, H, W)")
    if a.ndim == 4:
        if len(a) != 1:
            raise ValueError(f"maps must be the activations of one image; got a "
                             f"batch of {len(a)}. Pass maps[:1] or maps[0].")
        a = a[0]
    a = a[:max_maps]

    names = [f"channel {i}" for i in range(len(a))]
    fig, ax, image, _ = _draw_mosaic(a, ncols, names, None, cmap, float(a.min()),
                                     float(a.max()), gap_colour="0.75")
    fig.colorbar(image, ax=ax, label="activation", shrink=0.8)
    ax.set_title(title)
    return finish(fig)
