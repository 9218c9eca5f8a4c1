"""The new-data explorer of the deployment notebook: a model on changed digits.

Sliders move, blur with noise and brighten or darken the test images; the
figure shows one changed image, the model's probabilities for it, and the
accuracy on the whole changed test set next to the accuracy on the unchanged
one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from dlkit.data.corruptions import scale_brightness, shift_images
from dlkit.widgets.base import explorer

__all__ = ["shift_explorer"]

Predictor = Callable[[np.ndarray], np.ndarray]


def _check(models, images, labels) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(models, Mapping) or not models or not all(
            callable(f) for f in models.values()):
        raise TypeError("models must be a non-empty dict of name -> function "
                        "mapping flat images (N, H*W) to probabilities (N, C); "
                        f"got {type(models).__name__}.")
    images = np.asarray(images, dtype=np.float64)
    labels = np.asarray(labels)
    if images.ndim != 3:
        raise ValueError(f"images must have shape (N, H, W); got {images.shape}. "
                         f"Reshape flat rows first, e.g. x.reshape(-1, 8, 8).")
    if labels.shape != (len(images),):
        raise ValueError(f"labels must have shape ({len(images)},), one per image; "
                         f"got {labels.shape}.")
    return images, labels


def shift_explorer(models: Mapping[str, Predictor], images, labels, *,
                   clip: tuple[float, float] = (0.0, 16.0), max_shift: int = 2,
                   max_noise: float = 4.0, seed: int = 0) -> widgets.Widget:
    """Sliders for shift, noise and brightness; one model's view of the result.

    Parameters
    ----------
    models : dict of name -> function
        Each maps flat images of shape (N, H*W) to class probabilities of
        shape (N, C); a dropdown picks one.
    images : array-like of shape (N, H, W)
        The test images, in the pixel range ``clip``.
    labels : array-like of shape (N,)
        Their true classes, 0..C-1.
    clip : (low, high)
        The valid pixel range; changed images are clipped to it.
    max_shift : int
        The largest offset the shift sliders reach, in pixels.
    max_noise : float
        The largest noise standard deviation, in pixel units.
    seed : int
        The noise pattern is drawn once from this seed and only scaled by the
        slider, so that moving it changes the amount, not the pattern.

    Returns
    -------
    ipywidgets.HBox
        The panel; its image widget is ``panel.children[1]``.
    """
    images, labels = _check(models, images, labels)
    n = len(images)
    pattern = np.random.default_rng(seed).standard_normal(images.shape)
    clean_accuracy = {}

    def accuracy(name: str, changed: np.ndarray) -> float:
        proba = models[name](changed.reshape(n, -1))        # (N, H*W) -> (N, C)
        return float(np.mean(np.argmax(proba, axis=1) == labels))

    style = {"description_width": "90px"}
    controls = {
        "model": widgets.Dropdown(options=list(models), description="model",
                                  style=style),
        "index": widgets.IntSlider(value=0, min=0, max=n - 1,
                                   description="test image", style=style),
        "dx": widgets.IntSlider(value=0, min=-max_shift, max=max_shift,
                                description="shift right", style=style),
        "dy": widgets.IntSlider(value=0, min=-max_shift, max=max_shift,
                                description="shift down", style=style),
        "noise": widgets.FloatSlider(value=0.0, min=0.0, max=max_noise, step=0.25,
                                     description="noise (std)", style=style),
        "brightness": widgets.FloatSlider(value=1.0, min=0.25, max=1.75,
                                          step=0.05, description="brightness",
                                          style=style),
    }

    def draw(model, index, dx, dy, noise, brightness):
        changed = shift_images(images, dx, dy)
        changed = scale_brightness(changed, brightness) + noise * pattern
        changed = np.clip(changed, *clip)
        if model not in clean_accuracy:
            clean_accuracy[model] = accuracy(model, images)
        proba = models[model](changed[index].reshape(1, -1))[0]    # (C,)
        changed_accuracy = accuracy(model, changed)

        fig, (left, middle, right) = plt.subplots(
            1, 3, figsize=(10, 3.2), gridspec_kw={"width_ratios": [1, 1.6, 1]})
        shown = left.imshow(changed[index], cmap="gray_r", vmin=clip[0],
                            vmax=clip[1])
        fig.colorbar(shown, ax=left, label="pixel value", shrink=0.8)
        left.set(title=f"test image {index}, label {labels[index]}",
                 xlabel="column", ylabel="row")

        classes = np.arange(len(proba))
        colours = np.where(classes == labels[index], "tab:green", "tab:grey")
        colours[np.argmax(proba)] = ("tab:green" if np.argmax(proba)
                                     == labels[index] else "tab:red")
        middle.bar(classes, proba, color=colours)
        middle.set(title=f"{model}: predicts {np.argmax(proba)}", xlabel="class",
                   ylabel="probability", ylim=(0, 1), xticks=classes)

        right.bar(["unchanged", "changed"],
                  [clean_accuracy[model], changed_accuracy],
                  color=["tab:blue", "tab:orange"])
        right.set(title="accuracy on the test set", ylabel="accuracy",
                  ylim=(0, 1.15))
        for x, value in enumerate([clean_accuracy[model], changed_accuracy]):
            right.text(x, value + 0.02, f"{value:.1%}", ha="center")
        fig.tight_layout()
        return fig

    return explorer(controls, draw)
