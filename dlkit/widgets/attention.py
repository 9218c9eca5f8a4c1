"""The attention explorer: pick an input, a block and a head, see where it looks.

Letters: S inputs, B blocks (attention layers), H heads, T positions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ipywidgets as widgets
import numpy as np

from dlkit.viz import plot_attention
from dlkit.widgets.base import explorer

__all__ = ["ALL_HEADS", "attention_explorer"]

ALL_HEADS = -1   # the head dropdown's value for "every head side by side"


def _check_maps(maps: Mapping[str, np.ndarray], n_inputs: int) -> dict:
    if not isinstance(maps, Mapping) or not maps:
        raise TypeError(f"maps must be a non-empty dict of name to array of shape "
                        f"(S, B, H, T, T); got {type(maps).__name__}. Pass "
                        f"{{'trained': weights}} for a single model.")
    checked = {}
    for name, weights in maps.items():
        w = np.asarray(weights, dtype=float)
        if w.ndim != 5 or w.shape[-1] != w.shape[-2]:
            raise ValueError(f"maps[{name!r}] must have shape (S, B, H, T, T): "
                             f"inputs, blocks, heads, queries, keys; got "
                             f"{w.shape}. Stack the (N, H, T, T) weights of each "
                             f"block on axis 1.")
        if w.shape[0] != n_inputs:
            raise ValueError(f"maps[{name!r}] holds {w.shape[0]} inputs but "
                             f"{n_inputs} token lists were given; pass one list "
                             f"of tokens per input.")
        checked[str(name)] = w
    shapes = {w.shape[1:3] for w in checked.values()}
    if len(shapes) > 1:
        raise ValueError(f"every entry of maps needs the same blocks and heads "
                         f"(B, H); got {sorted(shapes)}.")
    return checked


def attention_explorer(maps: Mapping[str, np.ndarray],
                       tokens: Sequence[Sequence[str]]) -> widgets.Widget:
    """Dropdowns for the model, the input, the block and the head; a heat map.

    Parameters
    ----------
    maps : dict of str to ndarray of shape (S, B, H, T, T)
        For each model (e.g. "trained", "untrained"), the attention weights of
        every input, block and head: row = query position, column = key.
    tokens : sequence of S sequences of str
        The tokens of each input. A list shorter than T crops the map to its
        length (the rest is padding, which no query attends to).

    Returns
    -------
    ipywidgets.HBox
        The panel; its image widget is ``panel.children[1]``.
    """
    tokens = [[str(t) for t in seq] for seq in tokens]
    maps = _check_maps(maps, len(tokens))
    n_blocks, n_heads, length = next(iter(maps.values())).shape[1:4]
    if any(not 0 < len(seq) <= length for seq in tokens):
        raise ValueError(f"each input needs 1 to T={length} tokens; got lengths "
                         f"{[len(seq) for seq in tokens]}.")

    style = {"description_width": "60px"}
    inputs = [(" ".join(seq), i) for i, seq in enumerate(tokens)]
    heads = [(f"head {h}", h) for h in range(n_heads)] + [("all heads", ALL_HEADS)]
    controls = {
        "model": widgets.Dropdown(options=list(maps), description="model",
                                  style=style),
        "sample": widgets.Dropdown(options=inputs, value=0, description="input",
                                   style=style),
        "block": widgets.Dropdown(options=[(f"block {b}", b)
                                           for b in range(n_blocks)],
                                  value=n_blocks - 1, description="block",
                                  style=style),
        "head": widgets.Dropdown(options=heads, value=0, description="head",
                                 style=style),
    }

    def draw(model, sample, block, head):
        seq = tokens[sample]
        t = len(seq)
        weights = maps[model][sample, block, :, :t, :t]          # (H, t, t)
        labels = [f"{i}:{tok}" for i, tok in enumerate(seq)]
        which = "all heads" if head == ALL_HEADS else f"head {head}"
        if head != ALL_HEADS:
            weights = weights[head]
        return plot_attention(weights, labels,
                              title=f"{model}, block {block}, {which}")

    return explorer(controls, draw)
