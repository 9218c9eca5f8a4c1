"""Course tooling: build the student notebooks, keep the student's copy, grade.

Every verb is reached through one entry point, ``python -m dlkit.course`` (also
installed as ``dlcourse``); the Makefile calls it.
"""

import os
import sys


def put_environment_on_path() -> None:
    """Make the tools installed beside this Python findable by name.

    nbgrader runs ``alembic`` by name; when the environment was not activated
    (``.venv/bin/python -m dlkit.course``), its bin folder is not on PATH.
    """
    bin_dir = os.path.dirname(sys.executable)
    path = os.environ.get("PATH", "")
    if bin_dir not in path.split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + path


class CourseError(Exception):
    """Something a user asked of the course tooling cannot be done as asked.

    The message is one line that says what is wrong and how to fix it; the
    command line prints it without a traceback.
    """
