"""Run a solution notebook once in a kernel, then swap exercises in and out.

This is how the wrong-answer catalogue is checked without paying, per wrong
answer, for an nbgrader start and a full notebook run: the notebook runs once,
and for each wrong answer only its replacement and the exercise's test cells
run again, scored by nbgrader's own rule (``nbgrader.utils.determine_grade``:
a test cell earns its points unless it shows an error or writes to stderr).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import nbformat
from nbclient import NotebookClient
from nbgrader.utils import determine_grade, is_grade, is_solution


@dataclass
class Exercise:
    """A solution cell and the test cells that grade it."""

    name: str
    solution_index: int
    test_indices: list[int] = field(default_factory=list)


def exercises(nb) -> dict[str, Exercise]:
    """The autograded exercises of a notebook, by solution grade_id."""
    found: dict[str, Exercise] = {}
    current = None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if is_solution(cell):
            current = Exercise(cell.metadata.nbgrader.grade_id, index)
            found[current.name] = current
        elif is_grade(cell) and current is not None:
            current.test_indices.append(index)
    return found


class NotebookSession:
    """One kernel that has run a whole notebook, ready for substitutions."""

    def __init__(self, path, timeout: int = 60):
        self.nb = nbformat.read(str(path), as_version=4)
        self.exercises = exercises(self.nb)
        self.client = NotebookClient(self.nb, timeout=timeout, allow_errors=True,
                                     kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
        self._context = self.client.setup_kernel()
        self._context.__enter__()
        self.baseline = {}
        for index, cell in enumerate(self.nb.cells):
            if cell.cell_type == "code":
                self.client.execute_cell(cell, index)
                if is_grade(cell):
                    name = cell.metadata.nbgrader.grade_id
                    self.baseline[name] = determine_grade(cell)

    def close(self) -> None:
        self._context.__exit__(None, None, None)

    def _run(self, cell, index):
        cell = copy.deepcopy(cell)
        cell.outputs = []
        self.client.execute_cell(cell, index)
        return cell

    def score_with(self, exercise: str, source: str) -> tuple[float, float, list]:
        """Points earned by ``exercise``'s test cells with ``source`` in place
        of its solution; the solution is put back afterwards."""
        ex = self.exercises[exercise]
        solution = self.nb.cells[ex.solution_index]
        wrong = copy.deepcopy(solution)
        wrong.source = source
        try:
            self._run(wrong, ex.solution_index)
            earned, possible, outputs = 0.0, 0.0, []
            for index in ex.test_indices:
                ran = self._run(self.nb.cells[index], index)
                score, maximum = determine_grade(ran)
                earned += score
                possible += maximum
                outputs.extend(ran.outputs)
        finally:
            self._run(solution, ex.solution_index)
        return earned, possible, outputs
