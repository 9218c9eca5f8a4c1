"""How training went: learning curves, and where a classifier goes wrong."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from dlkit._viz._figure import axes_for, check_array, done, finish


def _as_lists(history) -> dict[str, list[float]]:
    """A history as a dict of name to per-epoch values."""
    if hasattr(history, "as_dict"):
        history = history.as_dict()
    if not isinstance(history, Mapping):
        raise TypeError("history must be a dict of name to per-epoch values (or "
                        f"a dlkit History); got {type(history).__name__}.")
    return {str(k): list(v) for k, v in history.items() if len(v)}


def plot_history(history, metrics: Sequence[str] | None = None,
                 title: str = "Training history", log_loss: bool = False):
    """Learning curves: each quantity per epoch, training and validation together.

    Parameters
    ----------
    history : dict of str to sequence of float, or dlkit History
        Keys like ``"loss"``, ``"accuracy"`` and their validation twins
        ``"val_loss"``, ``"val_accuracy"``.
    metrics : sequence of str, optional
        Which quantities to draw, one panel each (default: every training
        quantity except the learning rate ``"lr"``, loss first).
    title : str
    log_loss : bool
        Use a logarithmic scale for the loss panel.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per quantity; a dotted line marks ``best_epoch`` when the
        history has one.
    """
    lists = _as_lists(history)
    if metrics is None:
        metrics = [k for k in lists if not k.startswith("val_") and k != "lr"]
        metrics += [k[4:] for k in lists if k.startswith("val_") and
                    k[4:] not in lists and k[4:] not in metrics]
        metrics.sort(key=lambda k: k != "loss")
    missing = [m for m in metrics if m not in lists and f"val_{m}" not in lists]
    if missing or not metrics:
        raise ValueError(f"history has no values for {missing or 'any quantity'}; "
                         f"it has {sorted(lists)}.")

    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 3.3),
                             squeeze=False)
    best = getattr(history, "best_epoch", None)
    for ax, name in zip(axes[0], metrics, strict=True):
        for key, label, style in ((name, "training", "-"),
                                  (f"val_{name}", "validation", "--")):
            if key in lists:
                values = lists[key]
                ax.plot(np.arange(1, len(values) + 1), values, style, lw=1.8,
                        marker="o" if len(values) <= 30 else None, ms=3,
                        label=label)
        if best is not None:
            ax.axvline(best + 1, color="grey", ls=":", lw=1.2, label="best epoch")
        if name == "loss" and log_loss:
            ax.set_yscale("log")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("epoch")
        ax.set_ylabel(name.replace("_", " "))
        ax.set_title(name.replace("_", " "))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(title)
    return finish(fig)


def plot_confusion_matrix(matrix, class_names: Sequence[str] | None = None,
                          normalize: bool = False, title: str = "Confusion matrix",
                          cmap: str = "Blues", ax=None):
    """A confusion matrix as a heat map, every cell labelled with its count.

    Parameters
    ----------
    matrix : array-like of shape (K, K)
        ``matrix[i, j]``: examples of true class i predicted as class j (as
        ``dlkit.metrics.confusion_matrix`` returns it), as counts.
    class_names : sequence of str, optional
        K names for the ticks, by class index.
    normalize : bool
        Colour each row by its share of the true class (each row sums to 1),
        and print the share under the count.
    title : str
    cmap : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    counts = check_array(matrix, "matrix", (2,), "(K, K)")
    k = counts.shape[0]
    if counts.shape != (k, k):
        raise ValueError(f"matrix must be square, of shape (K, K); got "
                         f"{counts.shape}.")
    names = [str(i) for i in range(k)] if class_names is None else list(class_names)
    if len(names) != k:
        raise ValueError(f"class_names must name all {k} classes; got {len(names)}.")

    rows = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, rows, out=np.zeros_like(counts), where=rows > 0)
    shown = shares if normalize else counts
    fig, ax, own = axes_for(ax, (1.0 + 0.55 * k + 1.5, 0.8 + 0.55 * k + 1.0))
    image = ax.imshow(shown, cmap=cmap, vmin=0, vmax=1 if normalize else None)
    fig.colorbar(image, ax=ax, label="share of the true class" if normalize
                 else "number of examples")
    dark = shown > 0.6 * (shown.max() if shown.max() > 0 else 1)
    integral = np.all(counts == np.round(counts))
    for i in range(k):
        for j in range(k):
            text = f"{counts[i, j]:.0f}" if integral else f"{counts[i, j]:.2g}"
            if normalize:
                text += f"\n{shares[i, j]:.0%}"
            ax.text(j, i, text, ha="center", va="center",
                    fontsize=8 if k > 6 else 10,
                    color="white" if dark[i, j] else "black")
    ax.set_xticks(range(k), names, rotation=45 if max(map(len, names)) > 3 else 0)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    return done(fig, own)
