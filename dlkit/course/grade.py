"""Autograde a whole class, on several workers, and return feedback.

nbgrader grades one submission at a time. Here each worker is a process with
its own in-process nbgrader (no five-second start per student) that grades
its share of the students through nbgrader's own autograde, writing to the
one gradebook. SQLite lets one writer in at a time; the gradebook URL in
nbgrader_config.py gives a waiting writer minutes, not seconds, so no write is
lost. The scores do not depend on the number of workers: each submission is
graded alone, in its own kernel, exactly as nbgrader grades it sequentially.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from dlkit.course import CourseError
from dlkit.course.collect import prepare, submitted_students
from dlkit.course.layout import Course

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """How grading one submission went."""

    student: str
    ok: bool
    detail: str = ""


_API = None


def _start_worker(root: str) -> None:
    global _API
    from dlkit.course.build import nbgrader_api

    _API = nbgrader_api(Path(root))


def _grade_one(assignment: str, student: str) -> Outcome:
    result = _API.autograde(assignment, student, force=True, create=True)
    if result["success"]:
        return Outcome(student, True)
    detail = (result.get("error") or result.get("log") or "").strip()
    return Outcome(student, False, detail.splitlines()[-1] if detail else "failed")


def to_grade(course: Course, assignment: str, force: bool) -> list[str]:
    """Students whose submission is not graded yet, or is newer than its grade
    (all of them with ``force``)."""
    students = []
    for student in sorted(submitted_students(course, assignment)):
        submitted = course.root / "submitted" / student / assignment
        graded = course.root / "autograded" / student / assignment
        newest = max((p.stat().st_mtime for p in submitted.rglob("*") if p.is_file()),
                     default=0)
        done = graded.is_dir() and min(
            (p.stat().st_mtime for p in graded.glob("*.ipynb")), default=0) >= newest
        if force or not done:
            students.append(student)
    return students


def grade(course: Course, assignment: str, workers: int = 1,
          force: bool = False, students: list[str] | None = None) -> list[Outcome]:
    """Autograde every submission of ``assignment`` that needs it.

    The gradebook first learns the assignment from solutions/ (nbgrader's
    generate_assignment), so that tests restored into submissions are the
    current ones. A submission that fails to grade is reported; the rest of
    the batch goes on. ``students`` limits grading to those named.
    """
    from dlkit.course.build import nbgrader_api

    course.select([assignment])
    if workers < 1:
        raise CourseError(f"workers must be at least 1; got {workers}")
    prepare(course, assignment)
    wanted = to_grade(course, assignment, force)
    if students is not None:
        unknown = sorted(set(students) - submitted_students(course, assignment))
        if unknown:
            raise CourseError(f"no submission of {assignment} from {unknown[0]!r} "
                              "in submitted/")
        wanted = [s for s in wanted if s in students]
    students = wanted
    if not students:
        return []

    api = nbgrader_api(course.root)
    made = api.generate_assignment(assignment, force=True, create=True)
    if not made["success"]:
        raise CourseError(f"nbgrader could not prepare {assignment} for grading: "
                          f"{(made.get('error') or '').strip().splitlines()[-1:]}")

    if workers > 1:
        # Kernels inherit this: several kernels at once, one BLAS thread each,
        # rather than each kernel's threads fighting the others for the cores.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if workers == 1:
        _start_worker(str(course.root))
        outcomes = [_grade_one(assignment, s) for s in students]
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=_start_worker,
                                 initargs=(str(course.root),)) as pool:
            outcomes = list(pool.map(_grade_one, [assignment] * len(students),
                                     students))

    # A kernel can fail to start when another process takes its port between
    # the choice and the bind; such a submission is graded once more, alone.
    failed = [o.student for o in outcomes if not o.ok]
    if failed:
        log.warning("grading %s again: %s", assignment, ", ".join(failed))
        if _API is None:
            _start_worker(str(course.root))
        again = {s: _grade_one(assignment, s) for s in failed}
        outcomes = [again.get(o.student, o) for o in outcomes]
    return outcomes


def feedback(course: Course, assignment: str) -> list[str]:
    """Write feedback HTML for every graded student; return the files written."""
    from dlkit.course.build import nbgrader_api

    course.select([assignment])
    api = nbgrader_api(course.root)
    result = api.generate_feedback(assignment, force=True)
    if not result["success"]:
        detail = (result.get("error") or result.get("log") or "").strip()
        raise CourseError(f"nbgrader could not write feedback for {assignment}: "
                          f"{detail.splitlines()[-1] if detail else 'no details'}")
    return sorted(str(p.relative_to(course.root)) for p in
                  (course.root / "feedback").glob(f"*/{assignment}/*.html"))
