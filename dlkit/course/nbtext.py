"""A plain-text form of course notebooks, for writing and reviewing them.

The ``.ipynb`` files in ``solutions/`` are the source of truth: instructors edit
them in JupyterLab. This module converts such a notebook to a short text form
and back without loss, so that a notebook can also be written or reviewed in a
text editor. The text form is never committed; convert, edit, convert back.

Every cell starts with a marker line::

    # %% markdown                      a text cell
    # %% code                          a code cell that is not graded
    # %% solution NAME                 code the student writes (autograded answer)
    # %% tests NAME points=P           a locked test cell worth P points
    # %% answer NAME points=P          a written answer, graded by hand
    # %% readonly                      a locked code cell (read-only)

Cell contents follow verbatim. A single blank line before the next marker is
layout, not content.

Usage::

    python -m dlkit.course.nbtext to-text solutions/01_basics/01_basics.ipynb > nb.txt
    python -m dlkit.course.nbtext from-text nb.txt solutions/01_basics/01_basics.ipynb
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

MARKER = "# %% "
KINDS = ("markdown", "code", "solution", "tests", "answer", "readonly")
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


class NotebookTextError(ValueError):
    """The text form of a notebook is malformed."""


def _nbgrader_meta(kind: str, name: str | None, points: float | None) -> dict | None:
    base = {"schema_version": 3, "task": False}
    if kind == "solution":
        return {**base, "grade": False, "grade_id": name, "locked": False,
                "solution": True}
    if kind == "tests":
        return {**base, "grade": True, "grade_id": name, "locked": True,
                "points": points, "solution": False}
    if kind == "answer":
        return {**base, "grade": True, "grade_id": name, "locked": False,
                "points": points, "solution": True}
    if kind == "readonly":
        return {**base, "grade": False, "grade_id": name, "locked": True,
                "solution": False}
    return None


def _kind_of(cell: dict) -> tuple[str, str | None, float | None]:
    meta = cell.get("metadata", {}).get("nbgrader")
    if not meta:
        return cell["cell_type"], None, None
    name, points = meta.get("grade_id"), meta.get("points")
    if meta.get("solution") and meta.get("grade"):
        return "answer", name, points
    if meta.get("solution"):
        return "solution", name, None
    if meta.get("grade"):
        return "tests", name, points
    if meta.get("locked"):
        return "readonly", name, None
    raise NotebookTextError(f"cell {cell.get('id')!r} has nbgrader metadata of no "
                            f"known kind: {meta}")


def _points_text(points: float) -> str:
    return str(int(points)) if float(points).is_integer() else str(points)


def to_text(nb: dict) -> str:
    """Render a notebook (as parsed JSON) in the text form."""
    blocks = []
    for cell in nb["cells"]:
        kind, name, points = _kind_of(cell)
        header = MARKER + kind
        if kind in ("solution", "tests", "answer", "readonly"):
            header += f" {name}"
        if kind in ("tests", "answer"):
            header += f" points={_points_text(points)}"
        source = cell["source"]
        if isinstance(source, list):
            source = "".join(source)
        blocks.append(header + "\n" + source)
    return "\n\n".join(blocks) + "\n"


def _parse_header(line: str, lineno: int) -> tuple[str, str | None, float | None]:
    words = line[len(MARKER):].split()
    if not words or words[0] not in KINDS:
        raise NotebookTextError(f"line {lineno}: expected one of {', '.join(KINDS)} "
                                f"after '{MARKER.strip()}'; got {line!r}")
    kind, rest = words[0], words[1:]
    if kind in ("markdown", "code"):
        if rest:
            raise NotebookTextError(f"line {lineno}: a {kind} cell takes no name; "
                                    f"got {' '.join(rest)!r}")
        return kind, None, None
    if not rest or not _NAME.match(rest[0]):
        raise NotebookTextError(f"line {lineno}: a {kind} cell needs a name of "
                                f"letters, digits, '-' or '_'; got {line!r}")
    name, options = rest[0], rest[1:]
    points = None
    if kind in ("tests", "answer"):
        if len(options) != 1 or not options[0].startswith("points="):
            raise NotebookTextError(f"line {lineno}: a {kind} cell needs "
                                    f"'points=P'; got {line!r}")
        try:
            points = float(options[0][len("points="):])
        except ValueError:
            raise NotebookTextError(f"line {lineno}: points must be a number; "
                                    f"got {options[0]!r}") from None
        if points.is_integer():
            points = int(points)
    elif options:
        raise NotebookTextError(f"line {lineno}: unexpected {' '.join(options)!r}")
    return kind, name, points


def from_text(text: str) -> dict:
    """Build a notebook (as JSON-ready dict) from the text form."""
    cells, current, seen = [], None, set()
    for lineno, line in enumerate(text.splitlines(keepends=True), 1):
        if line.startswith(MARKER):
            kind, name, points = _parse_header(line.rstrip("\n"), lineno)
            if name is not None:
                if name in seen:
                    raise NotebookTextError(f"line {lineno}: the name {name!r} is "
                                            "used twice; names must be unique")
                seen.add(name)
            current = {"kind": kind, "name": name, "points": points, "lines": []}
            cells.append(current)
        elif current is None:
            if line.strip():
                raise NotebookTextError(f"line {lineno}: text before the first "
                                        f"'{MARKER.strip()}' marker")
        else:
            current["lines"].append(line)

    notebook_cells = []
    for index, cell in enumerate(cells):
        source = "".join(cell["lines"])
        if index < len(cells) - 1:
            source = source[:-2] if source.endswith("\n\n") else source
        source = source.rstrip("\n") if index == len(cells) - 1 else source
        kind = cell["kind"]
        cell_type = "markdown" if kind in ("markdown", "answer") else "code"
        cell_id = cell["name"] or f"cell-{index:03d}"
        metadata = {}
        nbgrader = _nbgrader_meta(kind, cell["name"], cell["points"])
        if nbgrader:
            metadata["nbgrader"] = nbgrader
        new = {"cell_type": cell_type, "id": cell_id, "metadata": metadata,
               "source": source}
        if cell_type == "code":
            new["execution_count"] = None
            new["outputs"] = []
        notebook_cells.append(new)
    return {"cells": notebook_cells, "metadata": NOTEBOOK_METADATA,
            "nbformat": 4, "nbformat_minor": 5}


def dumps(nb: dict) -> str:
    """Serialise a notebook the way Jupyter writes it (indent 1, sorted keys)."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlkit.course.nbtext",
                                     description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="verb", required=True)
    to = sub.add_parser("to-text", help="print a notebook in the text form")
    to.add_argument("notebook", type=Path)
    back = sub.add_parser("from-text", help="write a notebook from the text form")
    back.add_argument("text", type=Path)
    back.add_argument("notebook", type=Path)
    args = parser.parse_args(argv)

    try:
        if args.verb == "to-text":
            sys.stdout.write(to_text(json.loads(args.notebook.read_text())))
        else:
            nb = from_text(args.text.read_text())
            args.notebook.parent.mkdir(parents=True, exist_ok=True)
            args.notebook.write_text(dumps(nb))
    except (OSError, ValueError) as err:
        print(f"nbtext: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
