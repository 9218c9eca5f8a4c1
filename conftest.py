"""Test-run settings that apply to every collected item, notebooks included.

The suite runs on two xdist workers. Some tests must share a worker: the cells
of one notebook run in order in one kernel (nbval), the grading tests of one
assignment share a kernel or an nbgrader run, and the browser tests share one
JupyterLab server and one browser. ``scope_of`` names what must stay
together; everything else is spread freely.
"""

from __future__ import annotations

import os
import re

import pytest

# Two test workers share two cores: each kernel's BLAS keeps to one thread,
# instead of two threads per kernel fighting over the cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

_ASSIGNMENT = re.compile(r"\[(\d\d_[a-z0-9_]+)")


def scope_of(nodeid: str) -> str:
    """The unit of work a test belongs to: tests of one unit run in order on
    one worker."""
    if ".ipynb::" in nodeid:
        return nodeid.split("::", 1)[0]                 # one notebook, one kernel
    if nodeid.startswith("tests/browser/"):
        return "tests/browser"                  # one JupyterLab, one Chromium
    if nodeid.startswith(("tests/grading/test_catalogue.py",
                          "tests/grading/test_roundtrip.py")):
        found = _ASSIGNMENT.search(nodeid)
        if found:
            return f"{nodeid.split('::', 1)[0]}::{found.group(1)}"
    if nodeid.startswith("tests/hub/test_hub.py"):
        return "tests/hub/test_hub.py"                  # one running hub
    return nodeid


class _Scheduling:
    """Hands xdist a scheduler that keeps each ``scope_of`` unit together."""

    @staticmethod
    def pytest_xdist_make_scheduler(config, log):
        from xdist.scheduler import LoadScopeScheduling

        class CourseScheduling(LoadScopeScheduling):
            def _split_scope(self, nodeid: str) -> str:
                return scope_of(nodeid)

        return CourseScheduling(config, log)


def pytest_configure(config):
    if config.pluginmanager.hasplugin("xdist"):      # not with -p no:xdist
        config.pluginmanager.register(_Scheduling(), "course-scheduling")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.__class__.__name__ == "IPyNbCell":
            item.add_marker(pytest.mark.notebook)
