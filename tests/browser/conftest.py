"""Fixtures of the browser tests: one JupyterLab server and one Chromium for all.

Both are started once per test session, on one worker (``scope_of`` in the
root conftest keeps every browser test together), and stopped at its end,
also when a test failed. Each test gets a page of its own; the kernels it
started are shut down after it.
"""

from __future__ import annotations

import os

import pytest

from tests.browser.lab import CHROMIUM, CHROMIUM_ARGS, start_lab
from tests.conftest import ROOT, copy_course

SCREENSHOTS = ROOT / "artifacts" / "browser"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives JupyterLab in a real Chromium")


@pytest.fixture(scope="session")
def chromium():
    """The Chromium binary. Without it the browser tests are skipped, except on
    CI, where .ci/run installs it and its absence is a failure."""
    if not CHROMIUM.exists():
        message = (f"no Chromium at {CHROMIUM}; install it with "
                   "`apt-get install -y chromium` (.ci/run does)")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def lab(chromium, tmp_path_factory):
    """JupyterLab on a scratch copy of the course root."""
    scratch = tmp_path_factory.mktemp("browser")
    server = start_lab(copy_course(scratch), scratch / "jupyter")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium):
    """One headless Chromium, driven by Playwright."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)       # a loaded machine renders slowly
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium),
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, lab):
    """A fresh page; the kernels it started are shut down afterwards."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    opened = context.new_page()
    yield opened
    context.close()
    lab.stop_sessions()


@pytest.fixture(scope="session")
def screenshots():
    """Where the screenshots go, for a reviewer to look at (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
