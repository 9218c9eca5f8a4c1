"""Does every solution notebook work in a real browser, figures and explorers too?

Each notebook is opened in JupyterLab in Chromium and run from top to bottom.
The page must then show no error, every figure and every explorer, and the
explorer must redraw its picture when one of its controls is moved. A
screenshot of each notebook goes to artifacts/browser/.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.lab import (
    WIDGET_OUTPUT,
    broken_images,
    full_page_screenshot,
    image_count,
    open_notebook,
    run_all,
    stderr_tracebacks,
    wait_images_loaded,
    widget_cells,
)
from tests.conftest import ASSIGNMENTS

pytestmark = pytest.mark.browser


def move_first_control(page):
    """Move the first explorer control of the page: a slider one step by
    keyboard, or else a dropdown to another option.

    Returns the explorer's image and its ``src`` before the move.
    """
    from playwright.sync_api import expect

    explorers = page.locator(WIDGET_OUTPUT)
    slider, dropdown = ".widget-slider .noUi-handle", ".widget-dropdown select"
    with_slider = explorers.filter(has=page.locator(slider))
    panel = with_slider if with_slider.count() else explorers.filter(
        has=page.locator(dropdown))
    assert panel.count(), "no explorer with a slider or a dropdown to move"
    panel = panel.first
    image = panel.locator("img.widget-image").first
    expect(image).to_have_attribute("src", re.compile(r"."))
    before = image.get_attribute("src")
    if with_slider.count():
        handle = panel.locator(slider).first
        now, top = (handle.get_attribute(f"aria-value{end}") for end in ("now", "max"))
        at_top = now is not None and top is not None and float(now) >= float(top)
        handle.press("ArrowLeft" if at_top else "ArrowRight")
    else:
        choice = panel.locator(dropdown).first
        current = choice.input_value()
        options = choice.locator("option").evaluate_all("os => os.map(o => o.value)")
        others = [value for value in options if value != current]
        assert others, "the explorer's dropdown offers only one option"
        choice.select_option(others[0])
    return image, before


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_notebook_runs_in_the_browser(assignment, lab, page, screenshots):
    """Run in JupyterLab, does the notebook end without an error, show every
    figure and explorer, and does its explorer redraw when a control moves?"""
    from playwright.sync_api import expect

    notebook = f"solutions/{assignment}/{assignment}.ipynb"
    open_notebook(page, lab, notebook)
    state = run_all(page, lab, notebook)
    wait_images_loaded(page)
    full_page_screenshot(page, screenshots / f"{assignment}.png")

    assert not state["errors"], f"error outputs: {state['errors']}"
    assert not stderr_tracebacks(page), stderr_tracebacks(page)[0][:2000]
    assert state["numbered"] == state["total"], state

    assert image_count(page) > 0, "the notebook shows no figure at all"
    assert not broken_images(page), f"images that did not render: {broken_images(page)}"

    explorers = widget_cells(page)
    assert explorers, "the notebook builds no explorer"
    unrendered = [cell for cell in explorers
                  if not cell["views"] == cell["rendered"] == cell["pictured"]]
    assert not unrendered, f"explorers not rendered, by cell: {unrendered}"

    image, before = move_first_control(page)
    expect(image).not_to_have_attribute("src", before, timeout=60_000)
    wait_images_loaded(page)
    assert image.evaluate("img => img.naturalWidth") > 0
