"""Autograding throughput: submissions graded per minute, one and two workers.

A scratch copy of the course root gets N copies of the solution notebook as
submissions (students ``s01`` ... ``sNN``); ``dlkit.course.grade.grade``
grades them all, as ``make grade`` does. The time is the whole call: the
gradebook learning the assignment, the worker processes' start, and every
submission in its own kernel. The CPU time of all of it (this process, the
workers, the kernels) is reported beside: with two workers on two cores that
other work also uses, the wall time shows how much of the second core there
was to have. Every submission must score full marks, or the
figure is marked failed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.bench_notebooks import children_cpu
from benchmarks.figures import Figure

__all__ = ["ASSIGNMENT", "make_scratch_course", "run", "time_grading"]

ASSIGNMENT = "01_basics"


def make_scratch_course(root: Path, into: Path, assignment: str,
                        submissions: int) -> Path:
    """A course root in ``into`` with ``submissions`` copies of the solution."""
    scratch = into / "course-root"
    scratch.mkdir()
    shutil.copy2(root / "nbgrader_config.py", scratch)
    for folder in ("solutions", "course"):
        shutil.copytree(root / folder / assignment, scratch / folder / assignment,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    solution = root / "solutions" / assignment / f"{assignment}.ipynb"
    for i in range(1, submissions + 1):
        folder = scratch / "submitted" / f"s{i:02d}" / assignment
        folder.mkdir(parents=True)
        shutil.copy2(solution, folder / f"{assignment}.ipynb")
    return scratch


def _scores(scratch: Path, assignment: str) -> dict[str, tuple[float, float]]:
    """(score, maximum) of the autograded cells of every student's notebook.

    Written answers are graded by hand later, so they are left out.
    """
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{scratch / 'gradebook.db'}") as gb:
        for student in gb.students:
            nb = gb.find_submission_notebook(assignment, assignment, student.id)
            auto = [g for g in nb.grades if g.cell.cell_type == "code"]
            scores[student.id] = (sum(g.score for g in auto),
                                  sum(g.max_score for g in auto))
    return scores


def time_grading(root: Path, *, workers: int, submissions: int,
                 assignment: str = ASSIGNMENT, threads: int = 1) -> dict:
    """Grade ``submissions`` copies of the solution on ``workers``; the numbers."""
    from dlkit.course.grade import grade
    from dlkit.course.layout import Course

    saved = {k: os.environ.get(k) for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        scratch = make_scratch_course(Path(root), Path(tmp), assignment, submissions)
        os.environ.update({k: str(threads) for k in saved})    # grading kernels
        try:
            cpu = children_cpu() + time.process_time()
            start = time.perf_counter()
            outcomes = grade(Course(scratch), assignment, workers=workers)
            seconds = time.perf_counter() - start
            cpu = children_cpu() + time.process_time() - cpu
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        scores = _scores(scratch, assignment)

    failed = [o.student for o in outcomes if not o.ok]
    short = sorted(s for s, (score, top) in scores.items() if score < top)
    return {"workers": workers, "submissions": submissions, "seconds": seconds,
            "cpu_seconds": cpu,
            "per_minute": submissions * 60.0 / seconds,
            "graded": len(outcomes), "failed": failed, "below_full_marks": short}


def run(root: Path, *, submissions: int = 12, workers=(1, 2), threads: int = 1,
        assignment: str = ASSIGNMENT):
    """Grade the batch once per worker count; return the figures and raw numbers."""
    results = [time_grading(root, workers=w, submissions=submissions,
                            assignment=assignment, threads=threads)
               for w in workers]
    group = f"Autograding {assignment}, {submissions} submissions"
    figures = []
    for r in results:
        bad = r["failed"] or r["below_full_marks"] or r["graded"] != submissions
        note = ""
        if bad:
            note = (f"graded {r['graded']}; failed: {r['failed']}; below full "
                    f"marks: {r['below_full_marks']}")
        figures.append(Figure(group, f"workers={r['workers']}", r["per_minute"],
                              unit="/min",
                              detail=f"{r['seconds']:.1f} s in all; CPU "
                                     f"{r['cpu_seconds']:.1f} s (this process, "
                                     f"workers, kernels)",
                              note=note, failed=bool(bad)))
    if len(results) == 2:
        figures.append(Figure(group, f"speed-up {workers[1]} vs {workers[0]} "
                                     "workers",
                              results[1]["per_minute"] / results[0]["per_minute"]))
    return figures, {f"workers={r['workers']}": r for r in results}
