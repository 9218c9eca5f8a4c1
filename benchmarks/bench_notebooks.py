"""How long every solution notebook takes to run, each in a fresh kernel.

Each notebook runs with nbclient, as a student's Run All would, in a scratch
copy of its folder (files it writes land there, not in solutions/). The time
is the whole execution: kernel start, every cell, shutdown. A notebook's
slowest cell is named, since that is where to look when it is too slow.

The limits are on wall time, what a student waits. On a machine shared with
other work, wall time also counts the waits for a core, so the kernel's own
CPU time is reported beside it: with one BLAS thread it is close to what the
notebook takes on an idle machine.
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from benchmarks.figures import Figure

__all__ = ["NOTEBOOK_LIMIT", "TOTAL_LIMIT", "NotebookRun", "run", "run_notebook"]

NOTEBOOK_LIMIT = 30.0      # seconds, the notebook standard
TOTAL_LIMIT = 180.0        # seconds, the whole course


@dataclass
class NotebookRun:
    """One notebook's execution."""

    name: str
    seconds: float
    ok: bool
    slowest_cell: tuple[int, float] | None = None     # (index, seconds)
    error: str = ""
    cpu_seconds: float | None = None                   # the kernel's CPU time


def children_cpu() -> float:
    """CPU seconds of this process's finished children (kernels, workers) so far.

    A child's time counts once it has ended and been waited for, with that of
    its own waited-for children (a grading worker's kernels).
    """
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _cell_seconds(cell) -> float | None:
    stamps = cell.get("metadata", {}).get("execution", {})
    start, end = stamps.get("iopub.execute_input"), stamps.get("shell.execute_reply")
    if not (start and end):
        return None
    parse = datetime.fromisoformat
    return (parse(end.replace("Z", "+00:00"))
            - parse(start.replace("Z", "+00:00"))).total_seconds()


def run_notebook(path: Path, *, timeout: int = 120, threads: int = 1) -> NotebookRun:
    """Execute the notebook at ``path`` in a fresh kernel; time it.

    The kernel's BLAS gets ``threads`` threads (through its environment), the
    count every other benchmark of the run is pinned to.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env = {k: str(threads) for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                     "MKL_NUM_THREADS")}
    saved = {k: os.environ.get(k) for k in env}
    with tempfile.TemporaryDirectory(prefix="bench-nb-") as tmp:
        folder = Path(tmp) / path.parent.name
        shutil.copytree(path.parent, folder,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(folder)}})
        os.environ.update(env)       # the kernel inherits the environment
        error = ""
        cpu, start = children_cpu(), time.perf_counter()
        try:
            client.execute()
        except Exception as err:     # a failing cell, a timeout, a dead kernel
            error = f"{type(err).__name__}: {str(err).strip().splitlines()[-1:]}"
        finally:
            seconds = time.perf_counter() - start
            cpu = children_cpu() - cpu
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    cells = [(i, _cell_seconds(c)) for i, c in enumerate(nb.cells)
             if c.cell_type == "code"]
    cells = [(i, s) for i, s in cells if s is not None]
    slowest = max(cells, key=lambda item: item[1]) if cells else None
    return NotebookRun(path.stem, seconds, not error, slowest, error, cpu)


def run(root: Path, *, assignments=None, timeout: int = 120, threads: int = 1):
    """Run every solution notebook under ``root``; return figures and raw numbers."""
    solutions = Path(root) / "solutions"
    names = assignments or sorted(p.name for p in solutions.iterdir()
                                  if (p / f"{p.name}.ipynb").is_file())
    runs = [run_notebook(solutions / n / f"{n}.ipynb", timeout=timeout,
                         threads=threads) for n in names]

    group = "Solution notebooks (fresh kernel each)"
    figures = []
    for r in runs:
        detail = [f"kernel CPU {r.cpu_seconds:.1f} s"]
        if r.slowest_cell:
            detail.append(f"slowest cell {r.slowest_cell[0]}: "
                          f"{r.slowest_cell[1]:.1f} s")
        figures.append(Figure(group, r.name, r.seconds, unit="s",
                              target=NOTEBOOK_LIMIT, detail="; ".join(detail),
                              note=r.error, failed=not r.ok))
    total = sum(r.seconds for r in runs)
    over = [r.name for r in runs if r.seconds > NOTEBOOK_LIMIT]
    figures.append(Figure(group, f"whole course ({len(runs)} notebooks)", total,
                          unit="s", target=TOTAL_LIMIT,
                          detail=f"kernel CPU {sum(r.cpu_seconds for r in runs):.1f}"
                                 f" s; over {NOTEBOOK_LIMIT:g} s: "
                                 f"{', '.join(over) if over else 'none'}",
                          failed=not all(r.ok for r in runs)))
    raw = {r.name: {"seconds": r.seconds, "cpu_seconds": r.cpu_seconds, "ok": r.ok,
                    "error": r.error, "slowest_cell": r.slowest_cell} for r in runs}
    return figures, raw
