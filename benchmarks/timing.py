"""Timing that is fair to every side: warm-up, repeats, medians, pinned threads.

Two sides of a comparison are timed in the same run, interleaved: repeat 1 of
every side, then repeat 2 of every side, and so on (the order rotating), so
that a burst of load from another process on the machine slows all sides
alike instead of one. Each sample runs the function often enough to last at
least ``min_time`` seconds and records the time of one call; the figure kept
is the median of the samples, which one slow sample cannot move.

Which clock: wall time (``time.perf_counter``) is what a user waits, but on a
machine shared with other work it also counts the time the process waited for
a core. With one thread, the process's CPU time (``time.process_time``)
counts only the time it ran, so it stays steady when the machine is busy;
with several threads it would add the threads' times up, so wall time is the
only fair clock there. :func:`clock_for` picks accordingly.

Python's cyclic garbage collector is switched off while samples are taken,
as ``timeit`` does: with PyTorch loaded a full collection takes tens of
milliseconds, and it would land in whichever side happened to allocate the
most Python objects (dlkit's layers make a few dicts per batch).
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from statistics import median

__all__ = ["CLOCKS", "Timing", "clock_for", "compare", "optional_torch", "pinned"]

CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def clock_for(threads: int) -> str:
    """``"cpu"`` for a single-threaded run, else ``"wall"`` (see the notes)."""
    return "cpu" if threads == 1 else "wall"


@dataclass
class Timing:
    """The samples of one side of a comparison, in seconds per call."""

    name: str
    samples: list[float] = field(default_factory=list)
    calls_per_sample: int = 1

    @property
    def median(self) -> float:
        return median(self.samples)

    @property
    def spread(self) -> float:
        """(slowest - fastest) / median of the samples: how noisy they were."""
        return (max(self.samples) - min(self.samples)) / self.median


def optional_torch():
    """``(torch, None)`` if PyTorch imports, else ``(None, the reason)``."""
    try:
        import torch
    except Exception as err:         # ImportError, or a broken install's OSError
        return None, f"{type(err).__name__}: {err}"
    return torch, None


@contextlib.contextmanager
def pinned(threads: int, torch=None) -> Iterator[None]:
    """Limit NumPy's BLAS (every loaded thread pool) and PyTorch to ``threads``.

    threadpoolctl limits the pools of the libraries already loaded, so import
    every library to be timed before entering. PyTorch's own intra-op pool is
    set with ``torch.set_num_threads`` as well, and put back on exit.
    """
    from threadpoolctl import threadpool_limits

    before = torch.get_num_threads() if torch is not None else None
    with threadpool_limits(limits=threads):
        if torch is not None:
            torch.set_num_threads(threads)
        try:
            yield
        finally:
            if torch is not None:
                torch.set_num_threads(before)


def _calls_for(fn: Callable[[], object], min_time: float, clock) -> int:
    """How many calls of ``fn`` make one sample last at least ``min_time``."""
    start = clock()
    fn()
    once = max(clock() - start, 1e-7)
    return max(1, int(min_time / once + 0.999))


def compare(cases: dict[str, Callable[[], object]], *, repeats: int = 5,
            warmup: int = 1, min_time: float = 0.02,
            clock: str = "wall") -> dict[str, Timing]:
    """Time every function of ``cases``, interleaved, after a warm-up.

    Parameters
    ----------
    cases : dict of str to callable
        Each function does the work once and takes no argument.
    repeats : int
        Samples per function, at least 5 for a figure worth reporting.
    warmup : int
        Untimed calls first (caches, lazy allocations, library start-up).
    min_time : float
        Seconds one sample should last at least; short calls are repeated.
    clock : {"wall", "cpu"}
        Wall time, or the process's CPU time (see the module notes).

    Returns
    -------
    dict of str to Timing
        In the order of ``cases``.
    """
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1; got {repeats}.")
    if clock not in CLOCKS:
        raise ValueError(f"clock must be one of {sorted(CLOCKS)}; got {clock!r}.")
    now = CLOCKS[clock]
    for fn in cases.values():
        for _ in range(warmup):
            fn()
    timings = {name: Timing(name, calls_per_sample=_calls_for(fn, min_time, now))
               for name, fn in cases.items()}

    names = list(cases)
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for r in range(repeats):
            order = names[r % len(names):] + names[:r % len(names)]
            for name in order:
                fn, calls = cases[name], timings[name].calls_per_sample
                start = now()
                for _ in range(calls):
                    fn()
                timings[name].samples.append((now() - start) / calls)
    finally:
        if was_enabled:
            gc.enable()
    return timings
