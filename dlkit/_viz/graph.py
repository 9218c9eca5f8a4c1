"""A computational graph: boxes for values and operations, arrows for data flow.

Forward values are written under each box in black, gradients of the loss
above it in red, local derivatives on the arrows. This is the picture behind
backpropagation: values flow left to right, gradients right to left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from dlkit._viz._figure import axes_for, done

__all__ = ["plot_graph"]

KINDS = {
    "input": ("#e8eefc", "#336"),      # data fed in
    "param": ("#fdf1d6", "#a60"),      # weights and biases, what learning changes
    "op": ("#e6f5e6", "#393"),         # a computed value
    "loss": ("#fbe3e3", "#a33"),       # the number training makes small
}
GRAD_COLOUR = "#c0392b"


def _check_nodes(nodes) -> dict[str, tuple[float, float]]:
    if not isinstance(nodes, Mapping) or not nodes:
        raise TypeError("nodes must be a non-empty dict of name to (x, y) position; "
                        f"got {type(nodes).__name__}.")
    out = {}
    for name, where in nodes.items():
        pos = np.asarray(where, dtype=float) if np.ndim(where) == 1 else None
        if pos is None or pos.shape != (2,) or not np.all(np.isfinite(pos)):
            raise ValueError(f"nodes[{name!r}] must be an (x, y) position; got "
                             f"{where!r}.")
        out[str(name)] = (float(pos[0]), float(pos[1]))
    return out


def _check_names(mapping, nodes: dict, what: str) -> dict:
    mapping = dict(mapping or {})
    unknown = [k for k in mapping if k not in nodes]
    if unknown:
        raise ValueError(f"{what} names nodes that do not exist: {unknown}; the "
                         f"nodes are {list(nodes)}.")
    return mapping


def plot_graph(nodes: Mapping[str, tuple[float, float]],
               edges: Sequence[tuple[str, str]], *,
               labels: Mapping[str, str] | None = None,
               values: Mapping[str, str] | None = None,
               grads: Mapping[str, str] | None = None,
               edge_labels: Mapping[tuple[str, str], str] | None = None,
               kinds: Mapping[str, str] | None = None,
               title: str = "Computational graph",
               figsize: tuple[float, float] | None = None, ax=None):
    """Draw a computational graph with its forward values and gradients.

    Parameters
    ----------
    nodes : dict of str to (float, float)
        Each node's name and its position; x grows to the right.
    edges : sequence of (str, str)
        Arrows from an input node to the node computed from it.
    labels : dict of str to str, optional
        The text in each box (default: the node's name). Mathtext works:
        ``"$u = 2x + 1$"``.
    values : dict of str to str, optional
        The forward value of a node, written under its box.
    grads : dict of str to str, optional
        The gradient of the loss with respect to a node, written above its
        box in red.
    edge_labels : dict of (str, str) to str, optional
        Text on an arrow, e.g. its local derivative.
    kinds : dict of str to str, optional
        ``"input"``, ``"param"``, ``"op"`` (the default) or ``"loss"``: the
        colour of the box.
    title : str
    figsize : (float, float), optional
        Default: wide enough for the graph's extent.
    ax : matplotlib Axes, optional
        Draw into this Axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    nodes = _check_nodes(nodes)
    labels = _check_names(labels, nodes, "labels")
    values = _check_names(values, nodes, "values")
    grads = _check_names(grads, nodes, "grads")
    kinds = _check_names(kinds, nodes, "kinds")
    bad = {k: v for k, v in kinds.items() if v not in KINDS}
    if bad:
        raise ValueError(f"kinds must be among {sorted(KINDS)}; got {bad}.")
    edges = [tuple(e) for e in edges]
    for edge in edges:
        if len(edge) != 2 or edge[0] not in nodes or edge[1] not in nodes:
            raise ValueError(f"each edge must be a pair of node names; got "
                             f"{edge!r}. The nodes are {list(nodes)}.")
    edge_labels = dict(edge_labels or {})
    stray = [e for e in edge_labels if tuple(e) not in edges]
    if stray:
        raise ValueError(f"edge_labels names edges that do not exist: {stray}.")

    xs = np.array([p[0] for p in nodes.values()])
    ys = np.array([p[1] for p in nodes.values()])
    if figsize is None:
        figsize = (max(4.0, 1.7 * (np.ptp(xs) + 1.6)),
                   max(2.2, 1.3 * (np.ptp(ys) + 1.7)))
    fig, ax, own = axes_for(ax, figsize)

    boxes = {}
    for name, (x, y) in nodes.items():
        face, edge = KINDS[kinds.get(name, "op")]
        boxes[name] = ax.text(x, y, labels.get(name, name), ha="center",
                              va="center", fontsize=11, zorder=3,
                              bbox=dict(boxstyle="round,pad=0.45", fc=face, ec=edge))
    for source, target in edges:
        ax.annotate("", xy=(0.5, 0.5), xycoords=boxes[target], xytext=(0.5, 0.5),
                    textcoords=boxes[source], zorder=2,
                    arrowprops=dict(arrowstyle="-|>", lw=1.3, color="#333",
                                    shrinkA=2, shrinkB=2,
                                    patchA=boxes[source].get_bbox_patch(),
                                    patchB=boxes[target].get_bbox_patch()))
    for (source, target), text in edge_labels.items():
        (x0, y0), (x1, y1) = nodes[source], nodes[target]
        ax.text((x0 + x1) / 2, (y0 + y1) / 2, text, ha="center", va="center",
                fontsize=9, color="#555", zorder=4,
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none",
                          alpha=0.9))
    for name, text in values.items():
        ax.annotate(text, xy=(0.5, 0.0), xycoords=boxes[name], xytext=(0, -5),
                    textcoords="offset points", ha="center", va="top", fontsize=9)
    for name, text in grads.items():
        ax.annotate(text, xy=(0.5, 1.0), xycoords=boxes[name], xytext=(0, 5),
                    textcoords="offset points", ha="center", va="bottom",
                    fontsize=9, color=GRAD_COLOUR)

    ax.set_xlim(xs.min() - 0.8, xs.max() + 0.8)
    ax.set_ylim(ys.min() - 0.85, ys.max() + 0.85)
    ax.axis("off")
    ax.set_title(title)
    forward = "forward: value below" if values else "forward"
    handles = [Line2D([], [], color="#333", marker=">", lw=1.3, label=forward)]
    if grads:
        handles.append(Patch(color=GRAD_COLOUR, label="backward: gradient above"))
    used = sorted({kinds.get(n, "op") for n in nodes}, key=list(KINDS).index)
    handles += [Patch(fc=KINDS[k][0], ec=KINDS[k][1], label=k) for k in used]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
              ncol=len(handles), fontsize=8, frameon=False)
    return done(fig, own)
