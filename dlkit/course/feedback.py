"""Feedback that keeps hidden tests hidden.

nbgrader's ``ClearHiddenTests`` removes the hidden checks from a test cell's
source, but the traceback of a failing hidden check still quotes its line.
:class:`HideHiddenTestErrors` runs first and cuts such tracebacks down to the
error's type and message.
"""

from __future__ import annotations

import re

from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

BEGIN, END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def hidden_lines(source: str) -> list[str]:
    """The non-blank lines of ``source`` inside hidden-test blocks, stripped."""
    lines, inside = [], False
    for line in source.splitlines():
        if BEGIN in line:
            inside = True
        elif END in line:
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


class HideHiddenTestErrors(NbGraderPreprocessor):
    """Replace tracebacks that quote a hidden check by a one-line summary."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not utils.is_grade(cell):
            return cell, resources
        secret = hidden_lines(cell.source)
        if not secret:
            return cell, resources
        for output in cell.get("outputs", []):
            if output.get("output_type") != "error":
                continue
            text = _ANSI.sub("", "\n".join(output.get("traceback", [])))
            if any(line in text for line in secret):
                output["traceback"] = [
                    f"{output.get('ename', 'Error')}: {output.get('evalue', '')}",
                    "(raised by a check that runs only at grading; its code is "
                    "not shown)",
                ]
        return cell, resources
