"""nbgrader settings of the instructor's course root on the shared server.

``dlcourse hub`` installs this file as ``nbgrader_config.py`` in the
instructor's course root, beside ``course_config.py``, an unchanged copy of
the course's own settings (source = solutions/, release = course/, grading
limits, feedback that hides hidden tests). The course root is this folder.
Only the exchange differs: the class's shared one instead of a folder of the
course root.
"""

import os

c = get_config()  # noqa: F821 - provided by the config loader

_here = os.path.dirname(os.path.abspath(__file__))
if not os.path.isfile(os.path.join(_here, "course_config.py")):
    raise FileNotFoundError(
        f"{_here}/course_config.py is missing: it holds the course's nbgrader "
        "settings. Run 'dlcourse hub --setup-only' again to restore it.")
load_subconfig("course_config.py")  # noqa: F821 - provided by the config loader

c.CourseDirectory.root = _here
c.Exchange.root = "${exchange}"
