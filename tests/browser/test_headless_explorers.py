"""Do the explorers work without a browser, as nbval and nbgrader run them?

Executed headless, an explorer must draw its first picture and return at once.
Running every solution notebook headless is already done by nbval and by the
grading tests; each explorer module has its own tests in
tests/dlkit/test_widgets_*.py. What is left is here: the one-neuron explorer
of the first notebook, and a guard that no explorer goes untested.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402

import dlkit.widgets  # noqa: E402
from dlkit.widgets import neuron_explorer  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def all_explorers() -> dict[str, str]:
    """Every public ``*_explorer`` function of dlkit.widgets, by module."""
    found = {}
    for info in pkgutil.iter_modules(dlkit.widgets.__path__):
        module = importlib.import_module(f"dlkit.widgets.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_explorer") and function.__module__ == module.__name__:
                found[name] = module.__name__
    return found


def test_neuron_explorer_is_a_panel_with_a_png_picture():
    """Built headless, is the neuron explorer an HBox of its controls and a PNG
    image widget?"""
    panel = neuron_explorer(resolution=21)
    assert isinstance(panel, widgets.HBox)
    controls, image = panel.children
    assert [c.description for c in controls.children] == [
        "weight w1", "weight w2", "bias b", "activation"]
    assert isinstance(image, widgets.Image) and image.format == "png"
    assert image.value[:8] == PNG


def test_moving_a_neuron_control_redraws_the_picture():
    """Does each slider and the activation choice change the picture?"""
    controls, image = neuron_explorer(resolution=21).children
    for control, value in zip(controls.children, (-3.0, 4.0, 2.5, "ReLU"), strict=True):
        before = image.value
        control.value = value
        assert image.value[:8] == PNG, control.description
        assert image.value != before, control.description


def test_every_explorer_has_headless_tests():
    """Is every explorer of dlkit.widgets named in a headless test file?"""
    sources = [path.read_text(encoding="utf-8") for path in
               [*sorted((ROOT / "tests" / "dlkit").glob("test_widgets_*.py")),
                ROOT / "tests" / "browser" / "test_headless_explorers.py"]]
    untested = sorted(f"{module}.{name}" for name, module in all_explorers().items()
                      if not any(f"{name}(" in source for source in sources))
    assert all_explorers(), "found no explorer in dlkit.widgets"
    assert not untested, f"explorers without a headless test: {untested}"
