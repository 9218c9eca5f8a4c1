"""The one-neuron explorer of the basics notebook."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from dlkit.nn import functional as F
from dlkit.viz import plot_plane
from dlkit.widgets.base import explorer

ACTIVATIONS = {
    "sigmoid": F.sigmoid,
    "tanh": F.tanh,
    "ReLU": F.relu,
    "none (identity)": lambda z: z,
    "step": lambda z: (z > 0).astype(float),
}

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([0, 1, 1, 0])


def neuron_explorer(w1: float = 1.0, w2: float = 1.0, b: float = -0.5,
                    resolution: int = 121) -> widgets.Widget:
    """Sliders for one neuron's two weights and bias, and a choice of activation.

    The plot shows the neuron's output ``activation(w1*x1 + w2*x2 + b)`` over
    the input plane, with the four XOR inputs on top.
    """
    style = {"description_width": "70px"}
    controls = {
        "w1": widgets.FloatSlider(value=w1, min=-10, max=10, step=0.5,
                                  description="weight w1", style=style),
        "w2": widgets.FloatSlider(value=w2, min=-10, max=10, step=0.5,
                                  description="weight w2", style=style),
        "b": widgets.FloatSlider(value=b, min=-10, max=10, step=0.5,
                                 description="bias b", style=style),
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value="sigmoid",
                                       description="activation", style=style),
    }
    grid = np.linspace(-0.5, 1.5, resolution)
    x1, x2 = np.meshgrid(grid, grid)                # (H, W) each

    def draw(w1, w2, b, activation):
        out = ACTIVATIONS[activation](w1 * x1 + w2 * x2 + b)
        bounded = activation in ("sigmoid", "step")
        fig, ax = plt.subplots(figsize=(5, 3.8))
        plot_plane(out, (-0.5, 1.5, -0.5, 1.5), XOR_X, XOR_Y, ax=ax,
                   title=f"{activation}({w1:g}·x1 + {w2:g}·x2 + {b:g})",
                   colorbar_label="neuron output",
                   vmin=0 if bounded else None, vmax=1 if bounded else None)
        fig.tight_layout()
        return fig

    return explorer(controls, draw)
