"""The mechanism every explorer shares: controls, and a figure redrawn on change.

An explorer draws its figure into an image widget and redraws it whenever a
control moves. No output widget is involved: executed without a browser
(nbval, nbgrader), an explorer draws its first state once and waits for
nothing. (Output widgets can stall headless execution for a whole cell
timeout; image widgets cannot.)
"""

from __future__ import annotations

import io
from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt


def figure_png(fig) -> bytes:
    """The PNG bytes of a matplotlib figure, which is then closed."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    plt.close(fig)
    return buffer.getvalue()


def explorer(controls: dict[str, widgets.ValueWidget],
             draw: Callable[..., object]) -> widgets.Widget:
    """Controls on the left, a figure on the right, redrawn on every change.

    Parameters
    ----------
    controls : dict of name to widget
        Each widget's ``value`` is passed to ``draw`` under its name.
    draw : callable
        Takes the controls' values as keyword arguments and returns a
        matplotlib Figure.

    Returns
    -------
    ipywidgets.HBox
        The panel; its image widget is ``panel.children[1]``.
    """
    image = widgets.Image(format="png")

    def redraw(_change=None) -> None:
        values = {name: control.value for name, control in controls.items()}
        image.value = figure_png(draw(**values))

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    return widgets.HBox([widgets.VBox(list(controls.values())), image])
