"""nbgrader settings of the course; every nbgrader command reads this file.

The course root is the folder of this file, so commands work from anywhere:
instructor notebooks live in solutions/, the student versions nbgrader makes
from them in course/.
"""

import os

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearOutput,
    DeduplicateIds,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)

from dlkit.course.collect import TimestampCollector
from dlkit.course.feedback import HideHiddenTestErrors
from dlkit.course.limits import LimitedExecute, TrimOutput
from dlkit.course.sanitize import RebuildFromRelease

c = get_config()  # noqa: F821 - provided by the config loader

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "dlcourse"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "course"

# The gradebook. Parallel grading writes from several processes: a writer that
# finds the database busy waits up to two minutes instead of five seconds.
c.CourseDirectory.db_url = (
    "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db") + "?timeout=120"
)

# The exchange (release, fetch, submit between accounts) of a single machine;
# a shared server sets its own.
c.Exchange.root = os.path.join(c.CourseDirectory.root, "exchange")

# Execution while validating and autograding: a cell that runs longer than this
# is interrupted and the notebook goes on with the next cell.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# A cell that prints hundreds of megabytes keeps the output channel busy after
# it has finished: wait for it, and if it is still busy, go on rather than fail
# the whole notebook.
c.Execute.iopub_timeout = 30
c.Execute.raise_on_iopub_timeout = False

# A test cell that a student deleted or stripped of its metadata is put back
# from the gradebook before grading.
c.OverwriteCells.add_missing_cells = True

# Autograding: every submission is first rebuilt from the student version in
# course/ with only the student's answers carried over, and answers that reach
# for what answers may not (see dlkit/course/policy.py) are not run. The kernel
# runs under memory and file-size limits. The classes are imported above:
# nbgrader cannot load preprocessors from dotted names.
c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    RebuildFromRelease,
    OverwriteCells,
    CheckCellMetadata,
]
c.Autograde.autograde_preprocessors = [
    LimitedExecute,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    TrimOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
c.LimitedKernelManager.memory_mb = 4096
c.LimitedKernelManager.file_mb = 64
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# Importing an LMS download (make collect): files named STUDENT_ASSIGNMENT.ipynb
# or STUDENT_TIMESTAMP_ASSIGNMENT.ipynb, the timestamp as 2026-01-11-09-30-00.
c.ZipCollectApp.collector_plugin = TimestampCollector
c.FileNameCollectorPlugin.named_regexp = (
    r".*/(?P<student_id>[A-Za-z0-9.@-]+)_"
    r"(?:(?P<timestamp>\d{4}-\d\d-\d\d[-_ T]\d\d-\d\d-\d\d)_)?"
    r"(?P<file_id>[^/]+\.ipynb)$"
)

# Feedback shows scores and the student's own work, never the hidden tests.
c.GenerateFeedback.preprocessors = [
    GetGrades,
    HideHiddenTestErrors,
    ClearHiddenTests,
    CSSHTMLHeaderPreprocessor,
]
