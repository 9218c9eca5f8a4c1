"""Course tooling: build the student notebooks, keep the student's copy, grade.

Every verb is reached through one entry point, ``python -m dlkit.course`` (also
installed as ``dlcourse``); the Makefile calls it.
"""


class CourseError(Exception):
    """Something a user asked of the course tooling cannot be done as asked.

    The message is one line that says what is wrong and how to fix it; the
    command line prints it without a traceback.
    """
