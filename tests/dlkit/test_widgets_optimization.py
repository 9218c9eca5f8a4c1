"""Tests for dlkit.widgets.optimization: the optimiser explorer."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from dlkit.optim import SGD, Adam, RMSProp  # noqa: E402
from dlkit.optim.surfaces import Point  # noqa: E402
from dlkit.widgets.optimization import (  # noqa: E402
    OPTIMIZERS,
    make_optimizer,
    optimizer_explorer,
)

PNG = b"\x89PNG\r\n\x1a\n"


def test_explorer_builds_headless_with_a_png():
    """Does the explorer build without a browser and show a PNG image?"""
    panel = optimizer_explorer()
    assert panel.children[1].value[:8] == PNG
    assert plt.get_fignums() == []


@pytest.mark.parametrize("index, value", [(0, "saddle"), (1, "Adam"), (2, 0.1),
                                          (3, 0.5), (5, 40)])
def test_moving_a_control_changes_the_image(index, value):
    """Does each control (surface, optimiser, rate, momentum, steps) redraw?"""
    panel = optimizer_explorer(optimizer="Nesterov")
    control = panel.children[0].children[index]
    before = panel.children[1].value
    control.value = value
    assert panel.children[1].value[:8] == PNG
    assert panel.children[1].value != before


def test_second_rate_control_redraws_for_rmsprop():
    """Does rho change the picture when RMSProp is chosen?"""
    panel = optimizer_explorer(optimizer="RMSProp", lr=0.1)
    before = panel.children[1].value
    panel.children[0].children[4].value = 0.5
    assert panel.children[1].value != before


def test_a_diverging_run_still_draws():
    """Does a learning rate far too large draw a picture instead of failing?"""
    panel = optimizer_explorer(surface="rosenbrock", optimizer="SGD", lr=1.0)
    assert panel.children[1].value[:8] == PNG


@pytest.mark.parametrize("name, kind, settings", [
    ("SGD", SGD, {"momentum": 0.0}),
    ("momentum", SGD, {"momentum": 0.7, "nesterov": False}),
    ("Nesterov", SGD, {"momentum": 0.7, "nesterov": True}),
    ("RMSProp", RMSProp, {"rho": 0.99}),
    ("Adam", Adam, {"betas": (0.7, 0.99)}),
])
def test_make_optimizer_passes_the_hyperparameters(name, kind, settings):
    """Does each name build its dlkit optimiser with lr, beta1 and beta2?"""
    optimizer = make_optimizer(name, Point((0.0, 0.0)), 0.05, 0.7, 0.99)
    assert type(optimizer) is kind and optimizer.lr == 0.05
    for key, value in settings.items():
        assert getattr(optimizer, key) == value


def test_nesterov_without_momentum_is_plain_sgd():
    """Does Nesterov at momentum 0 fall back to SGD instead of raising?"""
    optimizer = make_optimizer("Nesterov", Point((0.0, 0.0)), 0.05, 0.0)
    assert optimizer.momentum == 0.0 and not optimizer.nesterov


def test_unknown_names_are_refused():
    """Are unknown optimisers and surfaces refused with the choices listed?"""
    assert "Adam" in OPTIMIZERS
    with pytest.raises(ValueError, match="Adam"):
        make_optimizer("Adagrad", Point((0.0, 0.0)), 0.1)
    with pytest.raises(ValueError, match="valley"):
        optimizer_explorer(surface="bowl")
    with pytest.raises(ValueError, match="beta2 must be one of"):
        optimizer_explorer(beta2=0.95)
