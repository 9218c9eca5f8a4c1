"""The loss explorer of the models notebook: how each loss answers a prediction.

One yes/no prediction is made from a logit z: the model's probability for
class 1 is ``p = sigmoid(z)``. For a target y in {0, 1} the explorer draws

- binary cross-entropy ``-(y log p + (1 - y) log(1 - p))`` and the squared
  error ``(p - y)**2`` against p, and
- their slopes with respect to z: ``p - y`` for cross-entropy and
  ``2 (p - y) p (1 - p)`` for the squared error of the sigmoid,

each with a marker at the current prediction. The second panel shows why
cross-entropy, not squared error, belongs with a sigmoid: the squared error's
slope dies away exactly when the prediction is confidently wrong.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from dlkit.nn import functional as F
from dlkit.widgets.base import explorer

__all__ = ["binary_losses", "loss_explorer"]

Z_RANGE = (-8.0, 8.0)


def binary_losses(z, target: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Cross-entropy and squared error of ``sigmoid(z)``, with their z-slopes.

    Parameters
    ----------
    z : array-like of any shape
        Logits.
    target : {0, 1}

    Returns
    -------
    dict
        ``"cross-entropy"`` and ``"squared error"``, each mapped to
        ``(loss, slope)``, two ndarrays of the shape of ``z``.
    """
    if target not in (0, 1):
        raise ValueError(f"target must be 0 or 1; got {target!r}.")
    z = np.asarray(z, dtype=np.float64)
    p = F.sigmoid(z)
    # cross-entropy from the logit: max(z, 0) - z y + log(1 + exp(-|z|))
    bce = np.maximum(z, 0) - z * target + np.log1p(np.exp(-np.abs(z)))
    return {"cross-entropy": (bce, p - target),
            "squared error": ((p - target) ** 2,
                              2 * (p - target) * p * (1 - p))}


def loss_explorer(z: float = -2.0, target: int = 1) -> widgets.Widget:
    """A slider for the logit of one prediction and a choice of its target.

    Parameters
    ----------
    z : float
        The starting logit, within [-8, 8].
    target : {0, 1}
        The starting target.

    Returns
    -------
    ipywidgets.HBox
        The controls and the figure (see :func:`dlkit.widgets.base.explorer`).
    """
    if target not in (0, 1):
        raise ValueError(f"target must be 0 or 1; got {target!r}.")
    if not Z_RANGE[0] <= z <= Z_RANGE[1]:
        raise ValueError(f"z must lie in {list(Z_RANGE)}; got {z!r}.")
    style = {"description_width": "70px"}
    controls = {
        "z": widgets.FloatSlider(value=z, min=Z_RANGE[0], max=Z_RANGE[1],
                                 step=0.25, description="logit z", style=style),
        "target": widgets.ToggleButtons(options=[1, 0], value=target,
                                        description="target y", style=style),
    }
    grid = np.linspace(*Z_RANGE, 401)
    colours = {"cross-entropy": "tab:blue", "squared error": "tab:orange"}

    def draw(z, target):
        curves = binary_losses(grid, target)
        here = binary_losses(np.array([z]), target)
        p_grid, p = F.sigmoid(grid), float(F.sigmoid(z))
        fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 3.6))
        for name, (loss, slope) in curves.items():
            value, push = (float(a[0]) for a in here[name])
            c = colours[name]
            left.plot(p_grid, loss, color=c, label=f"{name}: {value:.3f}")
            left.plot([p], [value], "o", color=c, ms=8)
            right.plot(grid, slope, color=c, label=f"{name}: {push:+.3f}")
            right.plot([z], [push], "o", color=c, ms=8)
        left.axvline(target, color="grey", ls=":", lw=1)
        left.set(xlabel="predicted probability p = sigmoid(z)", ylabel="loss",
                 title=f"loss for target y = {target} (p = {p:.3f})",
                 xlim=(0, 1), ylim=(0, 8.5))
        right.axhline(0, color="grey", lw=0.5)
        right.set(xlabel="logit z", ylabel="slope d loss / d z",
                  title="how hard each loss pushes z", ylim=(-1.05, 1.05))
        left.legend(loc="upper center", fontsize=8)
        right.legend(loc="upper left", fontsize=8)
        fig.tight_layout()
        return fig

    return explorer(controls, draw)
