"""Pictures of recurrent networks: a cell unrolled over time."""

from __future__ import annotations

import matplotlib.pyplot as plt

from dlkit._viz._figure import finish


def _arrow(ax, start, end, text: str = "", offset=(0.0, 0.0)) -> None:
    ax.annotate("", xy=end, xytext=start,
                arrowprops=dict(arrowstyle="->", lw=1.4, color="#333"))
    if text:
        middle = ((start[0] + end[0]) / 2 + offset[0],
                  (start[1] + end[1]) / 2 + offset[1])
        ax.text(*middle, text, ha="center", va="center", fontsize=10,
                color="#a33")


def plot_unrolled_rnn(steps: int = 4, cell: str = "tanh",
                      title: str = "one recurrent cell, unrolled over time"):
    """Draw a recurrent cell applied at ``steps`` time steps, one after another.

    Each step reads its input ``x_t`` (through ``W_x``) and the previous
    hidden state ``h_{t-1}`` (through ``W_h``), and passes ``h_t`` both up, as
    its output, and right, to the next step. The same weights are written at
    every step because they are the same weights.

    Parameters
    ----------
    steps : int
        How many time steps to draw, 1 to 8.
    cell : str
        The name written in each cell's box.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(steps, int) or isinstance(steps, bool) or not 1 <= steps <= 8:
        raise ValueError(f"steps must be an int from 1 to 8; got {steps!r}.")
    fig, ax = plt.subplots(figsize=(1.9 * steps + 1.6, 3.3))
    gap = 1.9
    ax.text(0.0, 1.0, "$h_0$", ha="center", va="center", fontsize=12)
    for k in range(1, steps + 1):
        cx = k * gap
        ax.text(cx, 1.0, cell, ha="center", va="center", fontsize=11,
                bbox=dict(boxstyle="round,pad=0.5", fc="#e6f5e6", ec="#393"))
        ax.text(cx, -0.45, f"$x_{k}$", ha="center", va="center", fontsize=12,
                bbox=dict(boxstyle="circle", fc="#e8eefc", ec="#336"))
        ax.text(cx, 2.35, f"$h_{k}$", ha="center", va="center", fontsize=12,
                bbox=dict(boxstyle="circle", fc="#fdf1d6", ec="#a60"))
        _arrow(ax, (cx, -0.2), (cx, 0.72), "$W_x$", (0.28, 0.0))
        _arrow(ax, (cx, 1.3), (cx, 2.1))
        _arrow(ax, (cx - gap + 0.32, 1.0), (cx - 0.45, 1.0), "$W_h$", (0.0, 0.22))
    _arrow(ax, (steps * gap + 0.45, 1.0), (steps * gap + 1.2, 1.0))
    ax.text(steps * gap + 1.45, 1.0, "...", ha="center", va="center", fontsize=14)
    ax.set_xlim(-0.5, steps * gap + 1.7)
    ax.set_ylim(-0.9, 2.8)
    ax.axis("off")
    ax.set_title(title + r": $h_t = \tanh(x_t W_x + h_{t-1} W_h + b)$, "
                 "the same weights at every step", fontsize=10)
    return finish(fig)
