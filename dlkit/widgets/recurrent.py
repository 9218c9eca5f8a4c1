"""Explorers of the recurrent-networks notebook.

- :func:`hidden_state_explorer`: a slider over the time steps of one
  sequence; the hidden states of all steps as a heat map, the current one as
  bars.
- :func:`temperature_explorer`: a slider for the sampling temperature; the
  next-token probabilities it gives, and a text sampled with it.

Letters: T time steps, H hidden units, V tokens in the vocabulary.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from dlkit.nn import functional as F
from dlkit.widgets.base import explorer

__all__ = ["hidden_state_explorer", "show_token", "temperature_explorer"]

_STYLE = {"description_width": "90px"}
_VISIBLE = {"\n": "\u23ce", " ": "\u2423", "\t": "\u21e5"}


def show_token(token) -> str:
    """A token as printable text: newline, space and tab as visible symbols."""
    text = str(token)
    return "".join(_VISIBLE.get(c, c) for c in text)


def _states(states) -> np.ndarray:
    array = np.asarray(states)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"states must hold numbers; got dtype {array.dtype}.")
    if array.ndim != 2 or array.shape[0] < 1 or array.shape[1] < 1:
        raise ValueError(f"states must have shape (T, H), one hidden vector per "
                         f"time step; got {array.shape}. For a batch of shape "
                         f"(N, T, H) pass one sequence: states[0].")
    return array.astype(np.float64)


def hidden_state_explorer(states, inputs: Sequence, *, step: int = 1,
                          title: str = "hidden state") -> widgets.Widget:
    """Step through a sequence and watch its hidden state.

    Parameters
    ----------
    states : array-like of shape (T, H)
        ``states[t - 1]`` is the hidden state after reading input ``t``.
    inputs : sequence of length T
        What was read at each step (characters, numbers), for the labels.
    step : int
        The step shown first, 1 to T.
    title : str
        Names the sequence in the figure's title.

    Returns
    -------
    ipywidgets.HBox
        A slider ``time step t`` and the figure: on top every hidden unit
        (rows) over time (columns), the current step framed; below, the bars
        of the current hidden vector.
    """
    h = _states(states)
    n_steps, n_units = h.shape
    labels = [show_token(s) for s in inputs]
    if len(labels) != n_steps:
        raise ValueError(f"inputs must name one input per time step, {n_steps} "
                         f"(the first axis of states); got {len(labels)}.")
    if not isinstance(step, (int, np.integer)) or not 1 <= step <= n_steps:
        raise ValueError(f"step must be an int from 1 to T={n_steps}; got "
                         f"{step!r}.")
    limit = max(1.0, float(np.abs(h).max()))
    controls = {"t": widgets.IntSlider(value=int(step), min=1, max=n_steps,
                                       description="time step t", style=_STYLE,
                                       continuous_update=False)}
    tick_every = 1 if n_steps <= 80 else int(np.ceil(n_steps / 40))
    tick_size = 8 if n_steps <= 40 else 7
    characters = all(len(label) == 1 for label in labels)

    def draw(t):
        fig, (top, bottom) = plt.subplots(
            2, 1, figsize=(max(6.0, 0.16 * n_steps + 2.0), 5.6),
            gridspec_kw={"height_ratios": [1.3, 1.0]})
        image = top.imshow(h.T, aspect="auto", cmap="RdBu_r", vmin=-limit,
                           vmax=limit, interpolation="nearest",
                           extent=(0.5, n_steps + 0.5, n_units - 0.5, -0.5))
        top.axvspan(t - 0.5, t + 0.5, facecolor="none", edgecolor="black", lw=2)
        ticks = np.arange(1, n_steps + 1, tick_every)
        top.set_xticks(ticks, [labels[i - 1] for i in ticks], fontsize=tick_size,
                       family="monospace")
        top.set_xlabel("input read at each time step")
        top.set_ylabel("hidden unit")
        head = f"{title}: all {n_steps} steps, step {t} framed"
        if characters:
            head += f"; read so far: ...{''.join(labels[max(0, t - 30):t])}"
        top.set_title(head, fontsize=10)
        fig.colorbar(image, ax=top, label="hidden value", pad=0.01)

        values = h[t - 1]
        colours = np.where(values >= 0, "#c0392b", "#2c6fbb")
        bottom.bar(np.arange(n_units), values, color=colours)
        bottom.axhline(0, color="grey", lw=0.6)
        bottom.set_ylim(-limit, limit)
        bottom.set_xlim(-0.6, n_units - 0.4)
        bottom.set_xlabel("hidden unit")
        bottom.set_ylabel(f"$h_{{{t}}}$")
        bottom.set_title(f"hidden state after step {t}, which read "
                         f"{labels[t - 1]!r}")
        fig.tight_layout()
        return fig

    return explorer(controls, draw)


def temperature_explorer(logits, tokens: Sequence, sample: Callable[[float], str],
                         *, temperature: float = 1.0, top: int = 12,
                         context: str = "") -> widgets.Widget:
    """A slider for the sampling temperature: probabilities and a sampled text.

    Parameters
    ----------
    logits : array-like of shape (V,)
        A model's scores for the next token (after ``context``).
    tokens : sequence of length V
        The token of each score, e.g. ``vocab.chars``.
    sample : callable
        ``sample(temperature)`` returns a text generated at that temperature;
        seed it inside, so that one temperature always gives the same text.
    temperature : float
        Where the slider starts, 0.1 to 2.5.
    top : int
        How many of the most likely tokens the bar chart shows.
    context : str
        The text the logits follow, for the title.

    Returns
    -------
    ipywidgets.HBox
        A slider ``temperature`` and the figure: the probabilities
        ``softmax(logits / temperature)`` of the ``top`` most likely tokens,
        and below them the sampled text.
    """
    z = np.asarray(logits)
    if z.dtype.kind not in "biuf" or z.ndim != 1 or z.size < 2:
        raise ValueError(f"logits must be a 1-D array of V >= 2 scores, one per "
                         f"token; got shape {z.shape}. For a batch pass one row: "
                         f"logits[0, -1].")
    z = z.astype(np.float64)
    names = [show_token(t) for t in tokens]
    if len(names) != z.size:
        raise ValueError(f"tokens must name all V={z.size} scores; got "
                         f"{len(names)}.")
    if not callable(sample):
        raise TypeError(f"sample must be a function of the temperature that "
                        f"returns a str; got {type(sample).__name__}.")
    if not 0.1 <= float(temperature) <= 2.5:
        raise ValueError(f"temperature must be from 0.1 to 2.5; got "
                         f"{temperature!r}.")
    shown = np.argsort(-z, kind="stable")[:max(1, min(int(top), z.size))]
    controls = {"temperature": widgets.FloatSlider(
        value=float(temperature), min=0.1, max=2.5, step=0.1,
        description="temperature", style=_STYLE, continuous_update=False,
        readout_format=".1f")}

    def draw(temperature):
        p = F.softmax(z / temperature)
        entropy = -float(np.sum(p * np.log(np.maximum(p, 1e-300))))
        fig, (bars, text) = plt.subplots(
            2, 1, figsize=(7.0, 5.6), gridspec_kw={"height_ratios": [1.2, 1.0]})
        bars.bar(range(len(shown)), p[shown], color="#4c72b0")
        bars.set_xticks(range(len(shown)), [names[i] for i in shown],
                        family="monospace")
        bars.set_ylim(0, 1)
        bars.set_xlabel(f"next token (the {len(shown)} most likely)")
        bars.set_ylabel("probability")
        after = f" after {show_token(context[-20:])!r}" if context else ""
        bars.set_title(f"softmax(logits / {temperature:.1f}){after}; entropy "
                       f"{entropy:.2f} nats (uniform: {np.log(z.size):.2f})")

        sampled = str(sample(float(temperature)))
        lines = [textwrap.fill(line, 72) for line in sampled.split("\n")]
        text.text(0.0, 1.0, "\n".join(lines)[:900], va="top", ha="left",
                  family="monospace", fontsize=8, transform=text.transAxes)
        text.set_axis_off()
        text.set_title(f"text sampled at temperature {temperature:.1f}")
        fig.tight_layout()
        return fig

    return explorer(controls, draw)
