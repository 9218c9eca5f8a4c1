"""What the benchmarks ran on: processor, cores, NumPy and its BLAS, threads."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import numpy as np

__all__ = ["describe", "summary_lines"]


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine() or "unknown"


def _numpy_blas() -> str:
    """The BLAS NumPy was built against, from ``numpy.show_config``."""
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '?')}"
    except Exception as err:          # older NumPy: no dicts mode
        return f"unknown ({type(err).__name__})"


def _thread_pools() -> list[dict]:
    """The thread pools threadpoolctl finds loaded: library, API, threads."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    return [{key: pool.get(key) for key in ("prefix", "user_api", "internal_api",
                                            "version", "num_threads",
                                            "architecture")}
            for pool in threadpool_info()]


def describe(threads: int, torch=None) -> dict:
    """Everything the results should state about the machine and the run.

    Call it after importing every library the run times, so that their thread
    pools are loaded and listed.
    """
    info = {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numpy_blas": _numpy_blas(),
        "threads": threads,
        "thread_pools": _thread_pools(),
        "blas_environment": {k: os.environ[k] for k in sorted(os.environ)
                             if k.startswith(("OPENBLAS_", "OMP_", "MKL_"))},
        "torch": None if torch is None else torch.__version__,
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
    if torch is not None:
        info["torch_threads_default"] = torch.get_num_threads()
    return info


def summary_lines(info: dict) -> list[str]:
    """The machine description as short lines, for the table and the plot."""
    pools = "; ".join(
        f"{p['internal_api']}{' ' + p['version'] if p['version'] else ''} "
        f"({p['prefix']}"
        + (f", {p['architecture']} kernels" if p.get("architecture") else "")
        + ")" for p in info["thread_pools"]) or "threadpoolctl not installed"
    env = ", ".join(f"{k}={v}" for k, v in info["blas_environment"].items())
    lines = [
        f"CPU: {info['cpu']}, {info['cores']} cores",
        f"Python {info['python']}, NumPy {info['numpy']} "
        f"(BLAS: {info['numpy_blas']}), "
        + (f"PyTorch {info['torch']}" if info["torch"] else "PyTorch: not installed"),
        f"thread pools: {pools}",
        f"threads pinned to {info['threads']} for every side; "
        + (f"environment: {env}" if env else
           "no OPENBLAS_, OMP_ or MKL_ variable set"),
    ]
    if info.get("load_average"):
        load = "load average (1, 5, 15 min) at the start: " + _loads(
            info["load_average"])
        if info.get("load_end"):
            load += f"; at the end: {_loads(info['load_end'])}"
        lines.append(load)
    return lines


def _loads(values) -> str:
    return ", ".join(f"{v:.1f}" for v in values)
