"""Rebuild every submission from the course's own notebook before grading.

A submission may have lost, edited, moved or duplicated cells, stripped their
metadata, or added code around its answers. :class:`RebuildFromRelease` takes
the student version in course/ as the template and carries over only the
student's answers: the solution cells (found by grade_id, or by cell id when
the metadata is gone) and the written answers. Every other cell is the
course's. Each code answer is then checked by :mod:`dlkit.course.policy`;
an answer that reaches for what answers may not is not run, so it earns
nothing, and it cannot touch the other answers or the tests.

What was changed is listed in a note at the top of the graded notebook, which
the instructor sees in formgrader and the student in the feedback.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat
from nbformat import NotebookNode, from_dict
from nbformat import v4 as nbf
from nbgrader.preprocessors import NbGraderPreprocessor

from dlkit.course.policy import check_answer, names_imported_by

NOTE_ID = "grading-note"


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _is_answer(cell) -> bool:
    """A cell whose content is the student's: code to write, or a written answer."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return isinstance(meta, dict) and bool(meta.get("solution"))


def refused_source(source: str, reasons: list[str]) -> str:
    """The cell that runs instead of a refused answer: the answer as comments,
    then an error that says why."""
    quoted = "\n".join(f"# {line}" for line in source.splitlines())
    why = "; ".join(reasons)
    return (f"# This answer was not run at grading: {why}.\n{quoted}\n"
            f"raise PermissionError({('answer not run at grading: ' + why)!r})")


def rebuild(template: dict, submitted: dict) -> tuple[dict, list[str]]:
    """The template with the student's answers filled in.

    Parameters
    ----------
    template, submitted : dict
        The course's student version and the student's notebook, as JSON.

    Returns
    -------
    (notebook, notes) : the notebook to grade, and what was changed, one line
        per change, for the instructor and the student.
    """
    by_grade_id, by_cell_id = {}, {}
    for cell in submitted.get("cells", []):
        if not isinstance(cell, dict):
            continue
        name = _grade_id(cell)
        if name and _is_answer(cell) and name not in by_grade_id:
            by_grade_id[name] = cell
        if cell.get("id") and cell["id"] not in by_cell_id:
            by_cell_id[cell["id"]] = cell

    protected = set()
    for cell in template["cells"]:
        if cell["cell_type"] == "code" and not _is_answer(cell):
            protected |= names_imported_by(_text(cell["source"]))

    notes: list[str] = list(submitted.get("metadata", {}).get("dlcourse", {})
                            .get("notes", []))
    cells = []
    for cell in template["cells"]:
        cell = copy.deepcopy(cell)
        if _is_answer(cell):
            name = _grade_id(cell)
            mine = by_grade_id.get(name) or by_cell_id.get(cell.get("id"))
            if mine is None:
                notes.append(f"answer {name!r} was not found in the submission; "
                             "graded as unanswered")
            elif mine.get("cell_type") != cell["cell_type"]:
                notes.append(f"answer {name!r} changed cell type; graded as "
                             "unanswered")
            else:
                cell["source"] = _text(mine.get("source", ""))
                if cell["cell_type"] == "code":
                    problems = check_answer(cell["source"], frozenset(protected))
                    if problems:
                        reasons = [str(p) for p in problems]
                        cell["source"] = refused_source(cell["source"], reasons)
                        notes.append(f"answer {name!r} was not run: "
                                     + "; ".join(reasons))
        cells.append(cell)

    kept = {c.get("id") for c in template["cells"]}
    extra = [c for c in submitted.get("cells", [])
             if isinstance(c, dict) and c.get("id") not in kept
             and not (_grade_id(c) and _is_answer(c))]
    if extra:
        notes.append(f"{len(extra)} cell(s) added by the student were not run: "
                     "graded code belongs in the answer cells")
    if notes:
        text = "**Notes from grading**\n\n" + "\n".join(f"- {n}" for n in notes)
        note = nbf.new_markdown_cell(text)
        note["id"] = NOTE_ID
        cells.insert(0, dict(note))
    rebuilt = copy.deepcopy(template)
    rebuilt["cells"] = cells
    return rebuilt, notes


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


class RebuildFromRelease(NbGraderPreprocessor):
    """nbgrader preprocessor: grade the course's notebook with the student's
    answers, never the student's copy of everything else."""

    def preprocess(self, nb: NotebookNode, resources: dict):
        info = resources["nbgrader"]
        owner = self.parent
        while owner is not None and not hasattr(owner, "coursedir"):
            owner = owner.parent
        coursedir = owner.coursedir
        release = Path(coursedir.root) / coursedir.release_directory
        path = release / info["assignment"] / f"{info['notebook']}.ipynb"
        # nbformat joins the line lists of the file into one string per cell
        template = json.loads(json.dumps(nbformat.read(str(path), as_version=4)))
        submitted = json.loads(json.dumps(nb))
        rebuilt, notes = rebuild(template, submitted)
        for line in notes:
            self.log.warning("%s/%s: %s", info["student"], info["assignment"], line)
        return from_dict(rebuilt), resources
