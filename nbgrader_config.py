"""nbgrader settings of the course; every nbgrader command reads this file.

The course root is the folder of this file, so commands work from anywhere:
instructor notebooks live in solutions/, the student versions nbgrader makes
from them in course/.
"""

import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

from dlkit.course.feedback import HideHiddenTestErrors

c = get_config()  # noqa: F821 - provided by the config loader

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "dlcourse"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "course"

# The exchange (release, fetch, submit between accounts) of a single machine;
# a shared server sets its own.
c.Exchange.root = os.path.join(c.CourseDirectory.root, "exchange")

# Execution while validating and autograding: a cell that runs longer than this
# is interrupted and the notebook goes on with the next cell.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# A test cell that a student deleted or stripped of its metadata is put back
# from the gradebook before grading.
c.OverwriteCells.add_missing_cells = True

# Feedback shows scores and the student's own work, never the hidden tests.
# The classes are imported above: nbgrader cannot load them from dotted names.
c.GenerateFeedback.preprocessors = [
    GetGrades,
    HideHiddenTestErrors,
    ClearHiddenTests,
    CSSHTMLHeaderPreprocessor,
]
