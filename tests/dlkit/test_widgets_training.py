"""Tests for dlkit.widgets.training: the learning-rate explorer and its runs."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlkit.data import load_xor  # noqa: E402
from dlkit.nn import functional as F  # noqa: E402
from dlkit.widgets.training import learning_rate_explorer, train_xor_run  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def reference_losses(lr: float, steps: int, seed: int) -> np.ndarray:
    """Full-batch gradient descent on the 2-2-1 sigmoid net, written out."""
    x, labels = load_xor()
    y = labels[:, None].astype(float)
    start = np.random.default_rng(seed)
    W1, W2 = start.standard_normal((2, 2)), start.standard_normal((2, 1))
    b1, b2 = np.zeros(2), np.zeros(1)
    losses = []
    for t in range(steps + 1):
        a1 = F.sigmoid(x @ W1 + b1)
        z2 = a1 @ W2 + b2
        losses.append(np.mean(np.logaddexp(0, z2) - y * z2))
        if t == steps:
            break
        dz2 = (F.sigmoid(z2) - y) / 4
        dz1 = dz2 @ W2.T * a1 * (1 - a1)
        W2 -= lr * a1.T @ dz2
        b2 -= lr * dz2.sum(axis=0)
        W1 -= lr * x.T @ dz1
        b1 -= lr * dz1.sum(axis=0)
    return np.array(losses)


def test_run_follows_gradient_descent_on_the_xor_network():
    """Does a run record the losses of plain full-batch gradient descent?"""
    run = train_xor_run(2.0, steps=50, seed=4)
    np.testing.assert_allclose(run.losses, reference_losses(2.0, 50, 4),
                               rtol=1e-10)
    assert run.W1.shape == (51, 2, 2) and run.b2.shape == (51, 1)


def test_run_starts_from_standard_normal_weights_and_zero_biases():
    """Is step 0 the seeded standard-normal start with zero biases?"""
    run = train_xor_run(1.0, steps=3, seed=7)
    start = np.random.default_rng(7)
    np.testing.assert_array_equal(run.W1[0], start.standard_normal((2, 2)))
    np.testing.assert_array_equal(run.W2[0], start.standard_normal((2, 1)))
    assert not run.b1[0].any() and not run.b2[0].any()


def test_run_output_solves_xor_after_training():
    """After 1000 steps at rate 2, does the output separate the XOR classes?"""
    run = train_xor_run(2.0, steps=1000, seed=4)
    x, labels = load_xor()
    out = run.output(x, 1000)
    assert out.shape == (4,)
    assert np.array_equal(out > 0.5, labels == 1)
    assert run.losses[-1] < 0.01


@pytest.mark.parametrize("lr, message", [(0.0, "positive"), (-1.0, "positive"),
                                         (float("nan"), "positive"),
                                         ("fast", "must be a number")])
def test_run_rejects_a_bad_learning_rate(lr, message):
    """Does a learning rate that is not a positive number raise a clear error?"""
    with pytest.raises((ValueError, TypeError), match=message):
        train_xor_run(lr, steps=2)


def test_run_rejects_zero_steps():
    """Are zero steps refused with the fix named?"""
    with pytest.raises(ValueError, match="steps must be an int of at least 1"):
        train_xor_run(1.0, steps=0)


def test_explorer_builds_and_shows_a_png():
    """Does the explorer build headless and show a PNG image?"""
    panel = learning_rate_explorer(steps=40)
    image = panel.children[1]
    assert image.value[:8] == PNG
    assert plt.get_fignums() == []


def test_moving_a_control_changes_the_image():
    """Do the learning-rate and epoch controls each redraw the figure?"""
    panel = learning_rate_explorer(rates=(0.5, 2.0), lr=2.0, steps=40)
    lr_control, epoch_control = panel.children[0].children
    image = panel.children[1]
    first = image.value
    lr_control.value = 0.5
    second = image.value
    epoch_control.value = 10
    assert first != second != image.value
    assert image.value[:8] == PNG


def test_explorer_needs_its_first_rate_among_the_rates():
    """Is a starting rate that is not offered refused?"""
    with pytest.raises(ValueError, match="lr must be one of rates"):
        learning_rate_explorer(rates=(0.1, 1.0), lr=2.0)
