"""Start JupyterLab on the student's copy of the course (or on the course root)."""

from __future__ import annotations

import os
import sys

from dlkit.course.layout import Course
from dlkit.course.student import sync


def lab_command(course: Course, open_browser: bool = True, port: int | None = None,
                instructor: bool = False) -> list[str]:
    """The ``jupyter lab`` command line for the student's or instructor's view."""
    folder = course.root if instructor else course.work
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}"]
    if not open_browser:
        command.append("--no-browser")
    if port is not None:
        command.append(f"--port={port}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def lab(course: Course, open_browser: bool = True, port: int | None = None,
        instructor: bool = False) -> tuple[list[str], list[str]]:
    """Bring work/ up to date, then return the lab command line and what sync did."""
    report = sync(course) if not instructor else None
    return lab_command(course, open_browser, port, instructor), (
        report.lines() if report else [])
