"""Grade tables and a summary of how the class did, from the gradebook.

``export`` writes, for each assignment, a CSV of every student's score per
exercise, a course-wide CSV of totals, and a summary: per-exercise pass rates
(the share of graded students with full marks on it) and the distribution of
total scores, as a markdown table and a figure, so the hardest exercise stands
out.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from dlkit.course.layout import Course


@dataclass
class AssignmentGrades:
    """Everyone's scores on one assignment, by grade cell."""

    name: str
    cells: list[tuple[str, float, str]] = field(default_factory=list)
    scores: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def max_total(self) -> float:
        return sum(top for _, top, _ in self.cells)

    def total(self, student: str) -> float:
        return sum(self.scores[student].values())

    def pass_rate(self, cell: str, top: float) -> float:
        if not self.scores:
            return 0.0
        full = sum(1 for s in self.scores.values() if s.get(cell, 0) >= top)
        return full / len(self.scores)


def read_grades(course: Course, db_url: str | None = None) -> list[AssignmentGrades]:
    """Every assignment in the gradebook, with the scores of every submission."""
    from nbgrader.api import Gradebook, MissingEntry

    db_url = db_url or f"sqlite:///{course.root / 'gradebook.db'}"
    found = []
    with Gradebook(db_url) as gb:
        for assignment in sorted(gb.assignments, key=lambda a: a.name):
            grades = AssignmentGrades(assignment.name)
            for notebook in assignment.notebooks:
                grades.cells += [(c.name, float(c.max_score), c.cell_type)
                                 for c in notebook.grade_cells]
            for student in gb.students:
                try:
                    submission = gb.find_submission(assignment.name, student.id)
                except MissingEntry:
                    continue
                grades.scores[student.id] = {
                    g.name: float(g.score) for nb in submission.notebooks
                    for g in nb.grades}
            found.append(grades)
    return found


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def summary_markdown(grades: AssignmentGrades) -> str:
    """Per-exercise pass rates and the score distribution, as markdown."""
    lines = [f"# {grades.name}: {len(grades.scores)} graded submissions", "",
             "| grade cell | kind | points | full marks | mean |",
             "|---|---|---|---|---|"]
    for name, top, kind in sorted(grades.cells, key=lambda c: grades.pass_rate(
            c[0], c[1])):
        mean = (sum(s.get(name, 0) for s in grades.scores.values())
                / max(len(grades.scores), 1))
        kind = "written" if kind == "markdown" else "code"
        lines.append(f"| {name} | {kind} | {top:g} | "
                     f"{grades.pass_rate(name, top):.0%} | {mean:.2f} |")
    totals = sorted(grades.total(s) for s in grades.scores)
    if totals:
        middle = totals[len(totals) // 2]
        lines += ["", f"Total scores out of {grades.max_total:g}: lowest "
                      f"{totals[0]:g}, median {middle:g}, highest {totals[-1]:g}."]
    lines += ["", "Written answers count once graded by hand in formgrader."]
    return "\n".join(lines) + "\n"


def summary_figure(grades: AssignmentGrades):
    """Pass rate per grade cell (left) and the histogram of totals (right)."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    names = [name for name, _, _ in grades.cells]
    rates = [100 * grades.pass_rate(name, top) for name, top, _ in grades.cells]
    left.barh(names, rates, color="#4c72b0")
    left.set(xlim=(0, 100), xlabel="students with full marks (%)",
             title=f"{grades.name}: exercises")
    left.invert_yaxis()
    totals = [grades.total(s) for s in grades.scores]
    right.hist(totals, bins=min(20, max(5, len(set(totals)))),
               range=(0, max(grades.max_total, 1)), color="#55a868")
    right.set(xlabel=f"total score (of {grades.max_total:g})",
              ylabel="students", title="score distribution")
    fig.tight_layout()
    plt.close(fig)
    return fig


def export(course: Course, out: Path | None = None) -> list[Path]:
    """Write the grade tables and summaries into ``out`` (default grades/)."""
    out = out or course.root / "grades"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    everyone = read_grades(course)
    students = sorted({s for g in everyone for s in g.scores})
    for grades in everyone:
        names = [name for name, _, _ in grades.cells]
        path = out / f"{grades.name}.csv"
        _write_csv(path, ["student", *names, "total", "max"],
                   [[s, *(grades.scores[s].get(n, 0) for n in names),
                     grades.total(s), grades.max_total]
                    for s in sorted(grades.scores)])
        written.append(path)
        summary = out / f"{grades.name}-summary.md"
        summary.write_text(summary_markdown(grades), encoding="utf-8")
        figure = out / f"{grades.name}-summary.png"
        summary_figure(grades).savefig(figure, dpi=90)
        written += [summary, figure]
    course_csv = out / "course.csv"
    _write_csv(course_csv, ["student", *(g.name for g in everyone), "total"],
               [[s, *(g.total(s) if s in g.scores else "" for g in everyone),
                 sum(g.total(s) for g in everyone if s in g.scores)]
                for s in students])
    written.append(course_csv)
    return written
