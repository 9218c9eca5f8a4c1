"""The learning-rate explorer of the training notebook.

It trains the course's XOR network, the 2-2-1 sigmoid network of the basics
notebook, by full-batch gradient descent on the binary cross-entropy of its
output logit: weights drawn from a standard normal by a seeded Generator,
biases starting at zero. One run per learning rate is trained when that rate
is first chosen and kept, so moving back to it redraws at once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, NullFormatter

from dlkit.data import load_xor
from dlkit.nn import BCEWithLogitsLoss, Dense, Sequential, Sigmoid
from dlkit.nn import functional as F
from dlkit.optim import SGD
from dlkit.viz import plot_plane
from dlkit.widgets.base import explorer

__all__ = ["XorRun", "learning_rate_explorer", "train_xor_run"]

RATES = (0.03, 0.1, 0.3, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0)
EXTENT = (-0.5, 1.5, -0.5, 1.5)


@dataclass
class XorRun:
    """The record of one training run of the XOR network.

    Letters: T the number of steps; entry t of every array is the state
    after t updates (t = 0 is the start).

    Attributes
    ----------
    lr : float
    losses : ndarray of shape (T + 1,)
        The loss over the four XOR points after each number of steps; NaN
        after the loss stopped being finite.
    W1 : ndarray of shape (T + 1, 2, 2)
    b1 : ndarray of shape (T + 1, 2)
    W2 : ndarray of shape (T + 1, 2, 1)
    b2 : ndarray of shape (T + 1, 1)
    """

    lr: float
    losses: np.ndarray
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray

    def output(self, x: np.ndarray, step: int) -> np.ndarray:
        """The network's output (a probability) for ``x`` after ``step`` steps.

        Parameters
        ----------
        x : ndarray of shape (N, 2)
        step : int, 0 to T

        Returns
        -------
        ndarray of shape (N,)
        """
        hidden = F.sigmoid(x @ self.W1[step] + self.b1[step])    # (N, 2)
        return F.sigmoid(hidden @ self.W2[step] + self.b2[step])[:, 0]


def _check_rate(lr) -> float:
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.integer,
                                                   np.floating)):
        raise TypeError(f"lr must be a number; got {type(lr).__name__}.")
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive number; got {lr!r}. Try 2.0.")
    return float(lr)


def train_xor_run(lr: float, steps: int = 1000, seed: int = 4) -> XorRun:
    """Train the XOR network for ``steps`` full-batch steps at rate ``lr``.

    Parameters
    ----------
    lr : float, above 0
    steps : int, at least 1
    seed : int
        Seeds the Generator that draws ``W1`` (2, 2), then ``W2`` (2, 1),
        from a standard normal.

    Returns
    -------
    XorRun
    """
    lr = _check_rate(lr)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) \
            or steps < 1:
        raise ValueError(f"steps must be an int of at least 1; got {steps!r}.")
    x, labels = load_xor()
    y = labels[:, None].astype(np.float64)                 # (4, 1)
    start = np.random.default_rng(seed)
    model = Sequential(Dense(2, 2, dtype=np.float64), Sigmoid(),
                       Dense(2, 1, dtype=np.float64))
    model[0].params["W"][...] = start.standard_normal((2, 2))
    model[2].params["W"][...] = start.standard_normal((2, 1))
    loss, optimizer = BCEWithLogitsLoss(), SGD(model, lr=lr)

    losses = np.full(steps + 1, np.nan)
    kept = {key: np.empty((steps + 1, *shape)) for key, shape in
            (("W1", (2, 2)), ("b1", (2,)), ("W2", (2, 1)), ("b2", (1,)))}
    for t in range(steps + 1):
        for key, (layer, name) in {"W1": (0, "W"), "b1": (0, "b"),
                                   "W2": (2, "W"), "b2": (2, "b")}.items():
            kept[key][t] = model[layer].params[name]
        value = loss.forward(model.forward(x), y)
        if not math.isfinite(value):
            kept = {k: v[: t + 1] for k, v in kept.items()}
            losses = losses[: t + 1]
            break
        losses[t] = value
        if t < steps:
            model.backward(loss.backward())
            optimizer.step()
    return XorRun(lr, losses, **kept)


def learning_rate_explorer(rates: Sequence[float] = RATES, lr: float = 2.0,
                           steps: int = 1000, seed: int = 4,
                           resolution: int = 61) -> widgets.Widget:
    """Pick a learning rate and an epoch; see the loss curve and the boundary.

    Left: the loss of every step at the chosen rate (rates tried before in
    grey). Right: the network's output over the input plane at the chosen
    epoch, with the four XOR points on top.

    Parameters
    ----------
    rates : sequence of float
        The learning rates offered, each above 0.
    lr : float
        The rate shown first; must be one of ``rates``.
    steps : int
        Full-batch steps (epochs) per run.
    seed : int
        Seeds the starting weights, the same for every rate.
    resolution : int
        Grid points along each axis of the plane.
    """
    rates = [_check_rate(r) for r in rates]
    if _check_rate(lr) not in rates:
        raise ValueError(f"lr must be one of rates {rates}; got {lr!r}.")
    runs: dict[float, XorRun] = {}
    grid = np.linspace(EXTENT[0], EXTENT[1], resolution)
    g1, g2 = np.meshgrid(grid, grid)
    plane = np.column_stack([g1.ravel(), g2.ravel()])      # (R * R, 2)
    x, labels = load_xor()

    def draw(lr, epoch):
        if lr not in runs:
            runs[lr] = train_xor_run(lr, steps, seed)
        run = runs[lr]
        shown = min(epoch, len(run.losses) - 1)
        fig, (left, right) = plt.subplots(1, 2, figsize=(9.6, 3.7))
        for other in runs.values():
            if other is not run:
                left.plot(other.losses, color="0.75", lw=1)
        left.plot(run.losses, color="C0", lw=1.8, label=f"lr = {lr:g}")
        left.plot([shown], [run.losses[shown]], "o", color="C3",
                  label=f"epoch {shown}: loss {run.losses[shown]:.3f}")
        left.set_yscale("log")
        left.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        left.yaxis.set_minor_formatter(NullFormatter())    # no mathtext: faster
        left.set(xlabel="epoch (one full-batch step each)",
                 ylabel="loss (binary cross-entropy)",
                 title="loss curve (grey: rates tried before)")
        left.grid(alpha=0.3)
        left.legend(fontsize=8, loc="lower left")
        surface = run.output(plane, shown).reshape(g1.shape)
        plot_plane(surface, EXTENT, x, labels, ax=right, vmin=0, vmax=1,
                   title=f"output after {shown} epochs",
                   colorbar_label="network output")
        fig.subplots_adjust(left=0.08, right=0.97, bottom=0.14, top=0.91,
                            wspace=0.3)          # fixed: cheaper than tight_layout
        return fig

    style = {"description_width": "95px"}
    controls = {
        "lr": widgets.SelectionSlider(options=[(f"{r:g}", r) for r in rates],
                                      value=float(lr),
                                      description="learning rate",
                                      continuous_update=False, style=style),
        "epoch": widgets.IntSlider(value=steps, min=0, max=steps,
                                   step=max(1, steps // 100),
                                   description="epoch shown",
                                   continuous_update=False, style=style),
    }
    return explorer(controls, draw)
