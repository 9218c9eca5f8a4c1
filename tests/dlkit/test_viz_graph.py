"""Tests for dlkit.viz.plot_graph: computational graphs with values and gradients."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from dlkit.viz import plot_graph  # noqa: E402

NODES = {"x": (0, 0), "u": (2, 0), "y": (4, 0)}
EDGES = [("x", "u"), ("u", "y")]


@pytest.fixture(autouse=True)
def no_figure_left_open():
    """A plot must close its figure in pyplot before returning it."""
    yield
    assert plt.get_fignums() == [], "a plot left a figure open in pyplot"


def texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_graph_writes_labels_values_gradients_and_edge_labels():
    """Does every box, value, gradient and edge label appear as text?"""
    fig = plot_graph(NODES, EDGES, labels={"u": "$u = 2x + 1$"},
                     values={"x": "1.5", "u": "4", "y": "16"},
                     grads={"x": "16", "u": "8", "y": "1"},
                     edge_labels={("x", "u"): "du/dx = 2"},
                     kinds={"x": "input", "y": "loss"}, title="chain rule")
    assert isinstance(fig, Figure)
    written = texts(fig)
    for text in ("x", "$u = 2x + 1$", "y", "1.5", "16", "8", "du/dx = 2"):
        assert text in written
    assert fig.axes[0].get_title() == "chain rule"
    arrows = [c for c in fig.axes[0].get_children()
              if type(c).__name__ == "Annotation" and c.get_text() == ""]
    assert len(arrows) == len(EDGES)


def test_legend_names_the_directions_and_the_kinds_used():
    """Does the legend explain forward, backward and each box colour shown?"""
    fig = plot_graph(NODES, EDGES, values={"x": "1"}, grads={"y": "1"},
                     kinds={"x": "param"})
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["forward: value below", "backward: gradient above",
                      "param", "op"]


def test_graph_renders_to_png():
    """Can the figure be saved, arrows clipped at the boxes included?"""
    buffer = io.BytesIO()
    plot_graph(NODES, EDGES, grads={"x": "2"}).savefig(buffer, format="png")
    assert buffer.getvalue()[:4] == b"\x89PNG"


def test_graph_into_a_given_axes_leaves_the_figure_to_the_caller():
    """With ax given, is the caller's figure returned and left open?"""
    fig, ax = plt.subplots()
    assert plot_graph(NODES, EDGES, ax=ax) is fig
    assert plt.fignum_exists(fig.number)
    plt.close(fig)


@pytest.mark.parametrize("kwargs, message", [
    ({"edges": [("x", "z")]}, "pair of node names"),
    ({"values": {"z": "1"}}, "values names nodes that do not exist"),
    ({"kinds": {"x": "weight"}}, "kinds must be among"),
    ({"edge_labels": {("y", "x"): "?"}}, "edge_labels names edges"),
    ({"nodes": {"x": (0,)}}, r"must be an \(x, y\) position"),
])
def test_graph_errors(kwargs, message):
    """Do unknown names and malformed positions raise errors that say which?"""
    args = {"nodes": NODES, "edges": EDGES, **kwargs}
    with pytest.raises(ValueError, match=message):
        plot_graph(args.pop("nodes"), args.pop("edges"), **args)


def test_graph_needs_a_dict_of_nodes():
    """Is a list of names instead of positions refused with a TypeError?"""
    with pytest.raises(TypeError, match="nodes must be a non-empty dict"):
        plot_graph(["x", "y"], [])
