"""Explorers of the convolution notebook: a sliding window and a filter bench.

:func:`window_explorer` steps a kernel over a small grid of numbers, with the
padding and the stride as controls, and shows which window makes which output
value. :func:`filter_explorer` applies an editable 3x3 kernel (nine sliders, or
a preset) to a grey photograph.

Letters: H x W image, KH x KW kernel, P padding, S stride, OH x OW output.
Like every deep-learning library, "convolution" here is cross-correlation:
the kernel is not flipped.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from dlkit.nn.conv import conv_output_size, im2col
from dlkit.widgets.base import explorer

__all__ = ["PRESETS", "filter_explorer", "window_explorer"]

CUSTOM = "(your own kernel)"

PRESETS: dict[str, tuple[tuple[float, float, float], ...]] = {
    "identity": ((0, 0, 0), (0, 1, 0), (0, 0, 0)),
    "box blur": ((1 / 9,) * 3,) * 3,
    "Gaussian blur": ((1 / 16, 2 / 16, 1 / 16), (2 / 16, 4 / 16, 2 / 16),
                      (1 / 16, 2 / 16, 1 / 16)),
    "sharpen": ((0, -1, 0), (-1, 5, -1), (0, -1, 0)),
    "edges: Sobel x (vertical edges)": ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1)),
    "edges: Sobel y (horizontal edges)": ((-1, -2, -1), (0, 0, 0), (1, 2, 1)),
    "edges: Laplacian (all directions)": ((0, 1, 0), (1, -4, 1), (0, 1, 0)),
    "emboss": ((-2, -1, 0), (-1, 1, 1), (0, 1, 2)),
}

_PADDING = (0.82, 0.82, 0.82)      # cell colours of the window explorer
_WINDOW = (1.0, 0.78, 0.72)
_DONE = (0.85, 0.91, 1.0)
_KERNEL = (0.93, 0.96, 0.9)

_DEFAULT_GRID = np.array([[1, 0, 2, 3, 1],
                          [0, 1, 3, 1, 0],
                          [2, 1, 0, 1, 2],
                          [3, 0, 1, 2, 1],
                          [1, 2, 0, 1, 3]], dtype=float)
_DEFAULT_KERNEL = np.array([[1, 0, -1],
                            [2, 0, -2],
                            [1, 0, -1]], dtype=float)


def _grey_image(image, name: str, smallest: int, largest: int | None = None):
    """``image`` as a float (H, W) array within the size limits, or an error."""
    array = np.asarray(image)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers; got dtype {array.dtype}.")
    if array.ndim != 2:
        fix = (" For a colour image pass a grey one, e.g. image.mean(axis=-1)."
               if array.ndim == 3 else "")
        raise ValueError(f"{name} must have shape (H, W); got {array.shape}.{fix}")
    if min(array.shape) < smallest or (largest and max(array.shape) > largest):
        limit = f"between {smallest} and {largest}" if largest else \
            f"at least {smallest}"
        raise ValueError(f"{name} must be {limit} pixels on each side; got "
                         f"{array.shape}.")
    return array.astype(np.float64)


def _same_filter(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Cross-correlate (H, W) with (3, 3), zero padding 1: an (H, W) result."""
    cols = im2col(image[None, None], kernel.shape, padding=1)   # (9, H*W)
    return (kernel.reshape(1, -1) @ cols).reshape(image.shape)  # (1, 9) @ (9, H*W)


def _number_grid(ax, values: np.ndarray, colours: np.ndarray, title: str) -> None:
    """Draw a small matrix as a table of numbers on cells of the given colours.

    ``colours`` is an RGB array of shape (rows, columns, 3).
    """
    ax.imshow(colours, interpolation="nearest")
    for (r, c), value in np.ndenumerate(values):
        if np.isfinite(value):
            ax.text(c, r, f"{value:.3g}", ha="center", va="center", fontsize=9)
    ax.set_xticks(range(values.shape[1]))
    ax.set_yticks(range(values.shape[0]))
    ax.tick_params(labelsize=7, length=0)
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    ax.set_title(title, fontsize=10)


def window_explorer(image=None, kernel=None) -> widgets.Widget:
    """Step a kernel over a grid of numbers, window by window.

    Controls: the padding P, the stride S, and which window to show. The
    figure shows the padded input (padding in grey) with the window framed,
    the kernel, and the output filled in up to that window.

    Parameters
    ----------
    image : array-like of shape (H, W), optional
        Between 3 and 8 pixels on each side; a 5 x 5 grid of small whole
        numbers by default.
    kernel : array-like of shape (KH, KW), optional
        Not larger than ``image``; a 3 x 3 vertical-edge kernel by default.

    Returns
    -------
    ipywidgets.HBox
        The panel; its image widget is ``panel.children[1]``.
    """
    x = _grey_image(_DEFAULT_GRID if image is None else image, "image", 3, 8)
    k = _grey_image(_DEFAULT_KERNEL if kernel is None else kernel, "kernel", 1,
                    min(x.shape))
    (h, w), (kh, kw) = x.shape, k.shape
    most = conv_output_size(h, kh, 1, 2) * conv_output_size(w, kw, 1, 2)
    style = {"description_width": "70px"}
    controls = {
        "padding": widgets.IntSlider(value=0, min=0, max=2, description="padding P",
                                     style=style),
        "stride": widgets.IntSlider(value=1, min=1, max=3, description="stride S",
                                    style=style),
        "window": widgets.IntSlider(value=0, min=0, max=most - 1,
                                    description="window", style=style),
    }

    def draw(padding, stride, window):
        padded = np.pad(x, padding)
        oh = conv_output_size(h, kh, stride, padding)
        ow = conv_output_size(w, kw, stride, padding)
        cols = im2col(x[None, None], k.shape, stride, padding)     # (KH*KW, OH*OW)
        out = (k.reshape(1, -1) @ cols).reshape(oh, ow)            # (1, K) @ (K, OH*OW)
        current = min(window, oh * ow - 1)
        r, c = divmod(current, ow)
        top, left = r * stride, c * stride

        ph, pw = padded.shape
        colours = np.ones((ph, pw, 3))
        colours[:padding] = colours[ph - padding:] = _PADDING
        colours[:, :padding] = colours[:, pw - padding:] = _PADDING
        colours[top:top + kh, left:left + kw] *= _WINDOW
        shown = np.where(np.arange(oh * ow).reshape(oh, ow) <= current, out, np.nan)
        out_colours = np.ones((oh, ow, 3))
        out_colours[np.isfinite(shown)] = _DONE
        out_colours[r, c] = _WINDOW

        fig, (a_in, a_k, a_out) = plt.subplots(
            1, 3, figsize=(10, 3.9), gridspec_kw={"width_ratios": [pw, kw, ow]})
        _number_grid(a_in, padded, colours,
                     f"input {h}x{w}, padded by {padding} (grey)")
        a_in.add_patch(Rectangle((left - 0.5, top - 0.5), kw, kh, fill=False,
                                 ec="red", lw=2.5))
        _number_grid(a_k, k, np.full((kh, kw, 3), _KERNEL), "kernel")
        _number_grid(a_out, shown, out_colours, f"output {oh}x{ow}")
        a_out.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, ec="red",
                                  lw=2.5))
        patch = padded[top:top + kh, left:left + kw]
        fig.suptitle(
            f"window {current + 1} of {oh * ow}: output[{r}, {c}] = sum of "
            f"window x kernel = {float(np.sum(patch * k)):g}\n"
            f"output height = ({h} + 2*{padding} - {kh}) // {stride} + 1 = {oh}",
            fontsize=10)
        fig.subplots_adjust(left=0.05, right=0.98, bottom=0.13, top=0.8,
                            wspace=0.25)
        return fig

    return explorer(controls, draw)


def filter_explorer(image, preset: str = "edges: Sobel x (vertical edges)"
                    ) -> widgets.Widget:
    """Edit a 3x3 kernel with nine sliders (or pick a preset); see the photo
    filtered by it.

    The filter keeps the image's size (zero padding of one pixel). Picking a
    preset moves all nine sliders and redraws once; moving a slider afterwards
    makes the kernel your own.

    Parameters
    ----------
    image : array-like of shape (H, W)
        A grey image, at least 3 x 3; keep it small (about 150 x 150) so that
        every redraw is quick.
    preset : str
        The starting kernel, a key of :data:`PRESETS`.

    Returns
    -------
    ipywidgets.HBox
        The panel; its image widget is ``panel.children[1]``.
    """
    photo = _grey_image(image, "image", 3)
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {list(PRESETS)}; got {preset!r}.")

    start = np.array(PRESETS[preset], dtype=float).ravel()
    sliders = [widgets.FloatSlider(value=v, min=-5, max=5, step=0.01,
                                   readout_format=".2f", continuous_update=False,
                                   layout=widgets.Layout(width="190px"))
               for v in start]
    choice = widgets.Dropdown(options=[*PRESETS, CUSTOM], value=preset,
                              description="preset")
    # The figure follows one value, the whole kernel, so that a preset moving
    # nine sliders causes one redraw rather than nine.
    kernel = widgets.ValueWidget(value=tuple(start))
    syncing = [False]

    def slider_moved(_change) -> None:
        if syncing[0]:
            return
        kernel.value = tuple(s.value for s in sliders)
        syncing[0] = True
        choice.value = CUSTOM
        syncing[0] = False

    def preset_picked(change) -> None:
        if syncing[0] or change["new"] == CUSTOM:
            return
        values = np.array(PRESETS[change["new"]], dtype=float).ravel()
        syncing[0] = True
        for s, v in zip(sliders, values, strict=True):
            s.value = float(v)
        syncing[0] = False
        kernel.value = tuple(values)

    for s in sliders:
        s.observe(slider_moved, names="value")
    choice.observe(preset_picked, names="value")

    def draw(kernel):
        k = np.array(kernel, dtype=float).reshape(3, 3)
        out = _same_filter(photo, k)
        limit = float(np.abs(k).max()) or 1.0

        fig, (a_in, a_k, a_out) = plt.subplots(
            1, 3, figsize=(11, 3.8), gridspec_kw={"width_ratios": [4, 2.4, 4.8]})
        a_in.imshow(photo, cmap="gray", interpolation="nearest")
        a_in.set(title="the photo", xlabel="column", ylabel="row")
        shown = a_k.imshow(k, cmap="RdBu_r", vmin=-limit, vmax=limit)
        for (r, c), value in np.ndenumerate(k):
            a_k.text(c, r, f"{value:.2f}", ha="center", va="center", fontsize=9,
                     color="white" if abs(value) > 0.6 * limit else "black")
        a_k.set(title=f"kernel (sum {k.sum():.2f})", xlabel="column",
                ylabel="row", xticks=range(3), yticks=range(3))
        fig.colorbar(shown, ax=a_k, label="weight", shrink=0.7)
        # weights summing to 1 keep the brightness: show it on the photo's scale
        keeps = abs(k.sum() - 1.0) < 0.05
        filtered = a_out.imshow(out, cmap="gray", interpolation="nearest",
                                vmin=photo.min() if keeps else None,
                                vmax=photo.max() if keeps else None)
        a_out.set(title="filtered" + (", on the photo's scale" if keeps else ""),
                  xlabel="column", ylabel="row")
        fig.colorbar(filtered, ax=a_out, label="filtered value", shrink=0.8)
        fig.subplots_adjust(left=0.05, right=0.97, bottom=0.13, top=0.88,
                            wspace=0.3)      # tight_layout would double the time
        return fig

    panel = explorer({"kernel": kernel}, draw)
    grid = widgets.GridBox(sliders, layout=widgets.Layout(
        grid_template_columns="repeat(3, 195px)"))
    note = widgets.HTML("<small>the nine weights, laid out like the kernel</small>")
    panel.children[0].children = (choice, note, grid)
    return panel
