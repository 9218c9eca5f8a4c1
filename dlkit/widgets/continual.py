"""The drift explorer of the continual-learning notebook.

A dropdown picks a change that new data may bring (digits moved, fainter,
noisier); a slider sets the share of a batch that comes changed. The figure
compares the batch with the reference data twice, on the inputs (the mean ink
of each image) and on the predictions (the model's confidence), each with its
population stability index, and shows what the model's accuracy did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from dlkit.data.corruptions import scale_brightness, shift_images
from dlkit.monitoring import population_stability_index, quantile_edges
from dlkit.widgets.base import explorer

__all__ = ["default_changes", "drift_explorer"]

Predictor = Callable[[np.ndarray], np.ndarray]
Change = Callable[[np.ndarray, np.ndarray], np.ndarray]

# The usual reading of the PSI: below 0.1 stable, above 0.25 a large change.
PSI_LEVELS = (0.1, 0.25)


def default_changes(clip: tuple[float, float] = (0.0, 16.0)) -> dict[str, Change]:
    """Three changes of digit images, each ``f(images, noise) -> images``.

    ``noise`` is a fixed standard-normal pattern of the images' shape, so
    that a change is the same every time it is drawn.
    """
    return {
        "moved 1 pixel right": lambda im, noise: shift_images(im, 1, 0),
        "fainter ink (x 0.5)": lambda im, noise: scale_brightness(im, 0.5),
        "noisier (std 2)": lambda im, noise: np.clip(im + 2.0 * noise, *clip),
    }


def _check(predict, reference, images, labels, changes):
    if not callable(predict):
        raise TypeError("predict must be a function mapping flat images (N, H*W) "
                        f"to probabilities (N, C); got {type(predict).__name__}.")
    if not isinstance(changes, Mapping) or not changes or not all(
            callable(f) for f in changes.values()):
        raise TypeError("changes must be a non-empty dict of name -> function "
                        "f(images, noise) -> images; got "
                        f"{type(changes).__name__}.")
    reference = np.asarray(reference, dtype=np.float64)
    images = np.asarray(images, dtype=np.float64)
    labels = np.asarray(labels)
    for name, value in (("reference", reference), ("images", images)):
        if value.ndim != 3:
            raise ValueError(f"{name} must have shape (N, H, W); got {value.shape}. "
                             "Reshape flat rows first, e.g. x.reshape(-1, 8, 8).")
    if reference.shape[1:] != images.shape[1:]:
        raise ValueError(f"reference and images must have images of one size; got "
                         f"{reference.shape[1:]} and {images.shape[1:]}.")
    if labels.shape != (len(images),):
        raise ValueError(f"labels must have shape ({len(images)},), one per image; "
                         f"got {labels.shape}.")
    return reference, images, labels


def _level_colour(value: float) -> str:
    if value < PSI_LEVELS[0]:
        return "tab:green"
    return "tab:orange" if value < PSI_LEVELS[1] else "tab:red"


def drift_explorer(predict: Predictor, reference, images, labels, *,
                   changes: Mapping[str, Change] | None = None, n_bins: int = 10,
                   seed: int = 0) -> widgets.Widget:
    """A change and its share of the batch; drift seen in inputs and predictions.

    Parameters
    ----------
    predict : function
        Maps flat images of shape (N, H*W) to class probabilities (N, C).
    reference : array-like of shape (R, H, W)
        The reference images (e.g. the validation set the model was accepted
        on); the bins of both statistics are its deciles.
    images : array-like of shape (N, H, W)
        The images a new batch is made of.
    labels : array-like of shape (N,)
        Their true classes, for the accuracy.
    changes : dict of name -> function, optional
        ``f(images, noise) -> images``; by default :func:`default_changes`.
    n_bins : int
        Bins of the PSI.
    seed : int
        Fixes which images are changed first and the noise pattern.

    Returns
    -------
    ipywidgets.HBox
        The panel; its image widget is ``panel.children[1]``.
    """
    changes = default_changes() if changes is None else changes
    reference, images, labels = _check(predict, reference, images, labels, changes)
    gen = np.random.default_rng(seed)
    order = gen.permutation(len(images))        # who is changed first
    noise = gen.standard_normal(images.shape)

    def confidence(batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        proba = predict(batch.reshape(len(batch), -1))     # (N, H*W) -> (N, C)
        return proba.max(axis=1), proba.argmax(axis=1)

    ref_conf, _ = confidence(reference)
    ref_ink = reference.mean(axis=(1, 2))
    conf_edges = quantile_edges(ref_conf, n_bins)
    ink_edges = quantile_edges(ref_ink, n_bins)
    clean_accuracy = float(np.mean(confidence(images)[1] == labels))

    style = {"description_width": "110px"}
    controls = {
        "change": widgets.Dropdown(options=list(changes), description="change",
                                   style=style),
        "share": widgets.FloatSlider(value=0.0, min=0.0, max=1.0, step=0.05,
                                     description="share changed", style=style),
    }

    def draw(change, share):
        batch = images.copy()
        chosen = order[:int(round(share * len(images)))]
        batch[chosen] = changes[change](images[chosen], noise[chosen])
        conf, predicted = confidence(batch)
        ink = batch.mean(axis=(1, 2))
        psi = {"inputs (ink)": population_stability_index(ref_ink, ink, ink_edges),
               "confidence": population_stability_index(ref_conf, conf,
                                                        conf_edges)}
        accuracy = float(np.mean(predicted == labels))

        fig, axes = plt.subplots(1, 4, figsize=(13.5, 3.3),
                                 gridspec_kw={"width_ratios": [1.3, 1.3, 1, 1]})
        for ax, (ref, now, what) in zip(axes[:2], [
                (ref_ink, ink, "mean ink per image (grey level)"),
                (ref_conf, conf, "confidence (top probability)")], strict=True):
            low, high = min(ref.min(), now.min()), max(ref.max(), now.max())
            bins = np.linspace(low, high, 21)
            ax.hist(ref, bins=bins, density=True, alpha=0.5, label="reference")
            ax.hist(now, bins=bins, density=True, alpha=0.5, label="this batch")
            ax.set(xlabel=what, ylabel="density", title=what)
            ax.legend(fontsize=8, loc="upper left")
        axes[1].set_yscale("log")

        names = list(psi)
        axes[2].bar(names, [psi[n] for n in names],
                    color=[_level_colour(psi[n]) for n in names])
        for level, style_ in zip(PSI_LEVELS, (":", "--"), strict=True):
            axes[2].axhline(level, color="grey", ls=style_, lw=1)
            axes[2].text(1.5, level, f" {level}", color="grey", fontsize=8,
                         va="center", ha="left")
        axes[2].set(ylabel="PSI against the reference", title="drift statistic",
                    xlim=(-0.6, 1.85), ylim=(0, max(0.5, 1.2 * max(psi.values()))))
        for x, name in enumerate(names):
            axes[2].text(x, psi[name], f"{psi[name]:.3f}", ha="center",
                         va="bottom", fontsize=9)

        axes[3].bar(["unchanged", "this batch"], [clean_accuracy, accuracy],
                    color=["tab:blue", "tab:orange"])
        axes[3].set(ylabel="accuracy", ylim=(0, 1.15),
                    title="accuracy (needs labels)")
        for x, value in enumerate([clean_accuracy, accuracy]):
            axes[3].text(x, value + 0.02, f"{value:.1%}", ha="center", fontsize=9)
        fig.suptitle(f"{change}: {share:.0%} of the batch changed", fontsize=11)
        fig.tight_layout()
        return fig

    return explorer(controls, draw)
