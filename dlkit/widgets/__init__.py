"""Interactive explorers for the notebooks, built on ipywidgets.

Every explorer is made with :func:`dlkit.widgets.base.explorer`; each topic's
explorers live in a module of their own.
"""

from dlkit.widgets.base import explorer, figure_png
from dlkit.widgets.neuron import neuron_explorer

__all__ = ["explorer", "figure_png", "neuron_explorer"]
