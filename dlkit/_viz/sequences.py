"""Pictures of sequences: attention weights, sound waves and spectrograms."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dlkit._viz._figure import axes_for, check_array, done, finish, panel_grid


def plot_attention(weights, query_tokens: Sequence[str],
                   key_tokens: Sequence[str] | None = None, *,
                   title: str = "Attention weights", annotate: bool | None = None):
    """Attention weights as a heat map: which keys each query looks at.

    Parameters
    ----------
    weights : array-like of shape (Tq, Tk), or (H, Tq, Tk) for H heads
        Row i holds query i's weights over the keys (each row sums to 1).
    query_tokens : sequence of str
        Tq labels for the rows.
    key_tokens : sequence of str, optional
        Tk labels for the columns; by default the query tokens
        (self-attention).
    title : str
    annotate : bool, optional
        Print each weight in its cell; by default when there are at most 12
        keys and queries.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per head.
    """
    w = check_array(weights, "weights", (2, 3), "(Tq, Tk) or (H, Tq, Tk)")
    if w.ndim == 2:
        w = w[None]
    heads, tq, tk = w.shape
    queries = [str(t) for t in query_tokens]
    keys = queries if key_tokens is None else [str(t) for t in key_tokens]
    if len(queries) != tq or len(keys) != tk:
        raise ValueError(f"weights of shape {w.shape[1:]} need {tq} query tokens and "
                         f"{tk} key tokens; got {len(queries)} and {len(keys)}.")
    if annotate is None:
        annotate = max(tq, tk) <= 12

    size = 0.42 * max(tq, tk) + 1.6
    fig, axes = panel_grid(heads, min(heads, 4), panel=size, extra_width=1.2)
    image = None
    for h, ax in enumerate(axes):
        image = ax.imshow(w[h], cmap="viridis", vmin=0, vmax=1, aspect="auto")
        ax.set_xticks(range(tk), keys, fontsize=8,
                      rotation=60 if max(map(len, keys)) > 2 else 0)
        ax.set_yticks(range(tq), queries, fontsize=8)
        ax.set_xlabel("key (attended to)")
        ax.set_ylabel("query")
        ax.set_title(f"head {h}" if heads > 1 else title)
        if annotate:
            for i in range(tq):
                for j in range(tk):
                    ax.text(j, i, f"{w[h, i, j]:.2f}", ha="center", va="center",
                            fontsize=7, color="black" if w[h, i, j] > 0.6
                            else "white")
    fig.colorbar(image, ax=list(axes), label="attention weight", shrink=0.8)
    if heads > 1:
        fig.suptitle(title)
    return finish(fig)


def plot_waveform(signal, sample_rate: float, *, title: str = "Waveform", ax=None):
    """A sound as amplitude over time.

    Parameters
    ----------
    signal : array-like of shape (T,)
    sample_rate : float
        Samples per second.
    title : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    s = check_array(signal, "signal", (1,), "(T,)")
    fig, ax, own = axes_for(ax, (6.0, 2.6))
    ax.plot(np.arange(len(s)) / sample_rate, s, lw=0.8)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("amplitude")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    return done(fig, own)


def plot_spectrogram(freqs, times, power, *, db: bool = True,
                     title: str = "Spectrogram", cmap: str = "magma", ax=None):
    """A spectrogram: time across, frequency up, colour for power.

    Takes what :func:`dlkit.data.spectrogram` returns, so
    ``plot_spectrogram(*spectrogram(signal, sample_rate))`` works.

    Parameters
    ----------
    freqs : array-like of shape (F,)
        Bin frequencies in Hz.
    times : array-like of shape (M,)
        Frame centres in seconds.
    power : array-like of shape (F, M)
    db : bool
        Show power in decibels (10 log10), which makes quiet parts visible.
    title, cmap : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    f = check_array(freqs, "freqs", (1,), "(F,)")
    t = check_array(times, "times", (1,), "(M,)")
    p = check_array(power, "power", (2,), "(F, M)")
    if p.shape != (len(f), len(t)):
        raise ValueError(f"power must have shape (len(freqs), len(times)) = "
                         f"({len(f)}, {len(t)}); got {p.shape}. Pass the three "
                         "outputs of spectrogram in order.")
    if db:
        p = 10.0 * np.log10(np.maximum(p, 1e-10))

    fig, ax, own = axes_for(ax, (6.0, 3.4))
    half_frame = (t[1] - t[0]) / 2 if len(t) > 1 else 0.0
    image = ax.imshow(p, origin="lower", aspect="auto", cmap=cmap,
                      extent=(t[0] - half_frame, t[-1] + half_frame, f[0], f[-1]))
    fig.colorbar(image, ax=ax, label="power (dB)" if db else "power")
    ax.set_xlabel("time (s)")
    ax.set_ylabel("frequency (Hz)")
    ax.set_title(title)
    return done(fig, own)
