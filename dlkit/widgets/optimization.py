"""The optimiser explorer of the optimisation notebook.

Pick a loss surface, an optimiser and its hyperparameters: the explorer runs
the dlkit optimiser from the surface's start and draws its path on the
contour map, next to the loss after every step. A run of a few hundred steps
takes milliseconds, so every change is recomputed from scratch.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, NullFormatter

from dlkit._viz.surfaces import plot_surface
from dlkit.nn.layer import Layer
from dlkit.optim import SGD, Adam, RMSProp
from dlkit.optim.surfaces import SURFACES, descend, distance_to_minimum
from dlkit.widgets.base import explorer

__all__ = ["OPTIMIZERS", "make_optimizer", "optimizer_explorer"]

OPTIMIZERS = ("SGD", "momentum", "Nesterov", "RMSProp", "Adam")
"""The optimisers the explorer offers, by the names the notebook uses."""

SECOND_RATES = (0.5, 0.9, 0.99, 0.999)


def make_optimizer(name: str, model: Layer, lr: float, beta1: float = 0.9,
                   beta2: float = 0.999):
    """A dlkit optimiser on ``model``, by the explorer's name for it.

    Parameters
    ----------
    name : str
        One of :data:`OPTIMIZERS`.
    model : Layer
    lr : float
    beta1 : float in [0, 1)
        The momentum of ``"momentum"`` and ``"Nesterov"`` (at 0 both are plain
        SGD), Adam's ``b1``; not used by ``"SGD"`` and ``"RMSProp"``.
    beta2 : float in [0, 1)
        RMSProp's ``rho`` and Adam's ``b2``.
    """
    if name == "SGD":
        return SGD(model, lr=lr)
    if name in ("momentum", "Nesterov"):
        return SGD(model, lr=lr, momentum=beta1,
                   nesterov=name == "Nesterov" and beta1 > 0)
    if name == "RMSProp":
        return RMSProp(model, lr=lr, rho=beta2)
    if name == "Adam":
        return Adam(model, lr=lr, betas=(beta1, beta2))
    raise ValueError(f"name must be one of {list(OPTIMIZERS)}; got {name!r}.")


def _settings(name: str, lr: float, beta1: float, beta2: float) -> str:
    if name == "SGD":
        return f"SGD, lr {lr:.3g}"
    if name in ("momentum", "Nesterov"):
        return f"{name}, lr {lr:.3g}, momentum {beta1:g}"
    if name == "RMSProp":
        return f"RMSProp, lr {lr:.3g}, rho {beta2:g}"
    return f"Adam, lr {lr:.3g}, betas ({beta1:g}, {beta2:g})"


def optimizer_explorer(surface: str = "valley", optimizer: str = "momentum",
                       lr: float = 0.02, beta1: float = 0.8, beta2: float = 0.99,
                       steps: int = 100) -> widgets.Widget:
    """Controls for surface, optimiser and hyperparameters; the path they give.

    Left: the contour map of the surface with the optimiser's path from the
    surface's start. Right: the loss above its lowest value after every step,
    on a log scale.

    Parameters
    ----------
    surface : str
        A name in :data:`dlkit.optim.surfaces.SURFACES`, shown first.
    optimizer : str
        One of :data:`OPTIMIZERS`.
    lr : float, in [1e-4, 3]
    beta1 : float in [0, 0.99]
        Momentum, or Adam's first beta.
    beta2 : float
        One of (0.5, 0.9, 0.99, 0.999): RMSProp's rho or Adam's second beta.
    steps : int, 10 to 1000
    """
    if surface not in SURFACES:
        raise ValueError(f"surface must be one of {sorted(SURFACES)}; got "
                         f"{surface!r}.")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {list(OPTIMIZERS)}; got "
                         f"{optimizer!r}.")
    if beta2 not in SECOND_RATES:
        raise ValueError(f"beta2 must be one of {list(SECOND_RATES)}; got "
                         f"{beta2!r}.")

    def draw(surface, optimizer, lr, beta1, beta2, steps):
        chosen = SURFACES[surface]
        path = descend(chosen, lambda model: make_optimizer(
            optimizer, model, lr, beta1, beta2), steps)
        with np.errstate(over="ignore", invalid="ignore"):
            above = chosen(path) - chosen.lowest
        above = np.where(np.isfinite(above), np.maximum(above, 1e-12), np.nan)
        settings = _settings(optimizer, lr, beta1, beta2)

        fig, (left, right) = plt.subplots(1, 2, figsize=(10.4, 4.0),
                                          width_ratios=(1.25, 1))
        plot_surface(chosen, {settings: path}, ax=left, resolution=90,
                     title=f"{surface}: the path of {optimizer}")
        right.plot(np.arange(len(above)), above, color="C1", lw=1.6)
        right.set_yscale("log")
        right.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        right.yaxis.set_minor_formatter(NullFormatter())
        right.set_xlim(0, steps)
        if len(path) < steps + 1:
            verdict = f"diverged: left the picture at step {len(path) - 1}"
        else:
            gap = distance_to_minimum(chosen, path[-1])
            verdict = f"after {steps} steps: {gap:.2g} from a minimum"
        right.set(xlabel="step", ylabel="loss minus its lowest value",
                  title=verdict)
        right.grid(alpha=0.3)
        fig.subplots_adjust(left=0.07, right=0.97, bottom=0.13, top=0.91,
                            wspace=0.32)
        return fig

    style = {"description_width": "110px"}
    layout = widgets.Layout(width="330px")
    controls = {
        "surface": widgets.Dropdown(options=list(SURFACES), value=surface,
                                    description="surface", style=style,
                                    layout=layout),
        "optimizer": widgets.Dropdown(options=list(OPTIMIZERS), value=optimizer,
                                      description="optimiser", style=style,
                                      layout=layout),
        "lr": widgets.FloatLogSlider(value=lr, base=10, min=-4, max=0.5,
                                     step=0.05, description="learning rate",
                                     readout_format=".2g",
                                     continuous_update=False, style=style,
                                     layout=layout),
        "beta1": widgets.FloatSlider(value=beta1, min=0.0, max=0.99, step=0.01,
                                     description="momentum / β1",
                                     continuous_update=False, style=style,
                                     layout=layout),
        "beta2": widgets.SelectionSlider(options=list(SECOND_RATES), value=beta2,
                                         description="ρ / β2",
                                         continuous_update=False, style=style,
                                         layout=layout),
        "steps": widgets.IntSlider(value=steps, min=10, max=1000, step=10,
                                   description="steps",
                                   continuous_update=False, style=style,
                                   layout=layout),
    }
    return explorer(controls, draw)
