"""Run every benchmark and write the results: ``python -m benchmarks.run``.

``make bench`` calls this. The results go to ``benchmarks/results/``:
``results.md`` (the table), ``results.json`` (every raw number) and
``results.png`` (the plot), each headed by the machine description.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ("mlp", "conv", "transformer", "matmul", "notebooks", "grading")


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run",
                                description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=1,
                   help="BLAS and PyTorch threads for every side (default 1)")
    p.add_argument("--repeats", type=int, default=5,
                   help="timed samples per side, median reported (default 5)")
    p.add_argument("--clock", choices=("auto", "wall", "cpu"), default="auto",
                   help="what the timed benchmarks measure: wall time, or the "
                        "process's CPU time; auto is cpu with one thread, else "
                        "wall (see benchmarks/timing.py)")
    p.add_argument("--warmup", type=int, default=1,
                   help="untimed calls before timing (default 1)")
    p.add_argument("--submissions", type=int, default=12,
                   help="submissions in the grading batch (default 12)")
    p.add_argument("--only", default=",".join(BENCHMARKS),
                   help=f"comma-separated subset of {','.join(BENCHMARKS)}")
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "results"),
                   help="folder for the results (default benchmarks/results)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    chosen = [b.strip() for b in args.only.split(",") if b.strip()]
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        print(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}",
              file=sys.stderr)
        return 2
    if args.repeats < 5:
        print(f"note: {args.repeats} repeats; reported figures need at least 5")

    # import every timed library before pinning threads and describing the machine
    import numpy  # noqa: F401

    from benchmarks import (
        bench_conv,
        bench_grading,
        bench_matmul,
        bench_mlp,
        bench_notebooks,
        bench_transformer,
    )
    from benchmarks.machine import describe
    from benchmarks.report import write_json, write_markdown, write_plot
    from benchmarks.timing import clock_for, optional_torch, pinned

    torch, missing = optional_torch()
    if torch is None:
        print(f"PyTorch is not installed, so its reference is missing ({missing}); "
              "the other benchmarks still run. pip install -e '.[bench]' adds it.")
    info = describe(args.threads, torch)
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    clock = clock_for(args.threads) if args.clock == "auto" else args.clock
    settings = {"threads": args.threads, "clock": clock, "repeats": args.repeats,
                "warmup": args.warmup, "submissions": args.submissions,
                "commit": _commit()}
    timed = {"torch": torch, "torch_missing": missing or "", "repeats": args.repeats,
             "warmup": args.warmup, "clock": clock}

    figures, raw = [], {}

    def record(name, started, result):
        figures.extend(result[0])
        raw[name] = result[1]
        print(f"{name}: done in {time.perf_counter() - started:.0f} s")
        for f in result[0]:
            extra = f" ({f.status})" if f.status else ""
            print(f"  {f.name}: {f.shown()}{extra}  {f.detail} {f.note}".rstrip())

    with pinned(args.threads, torch):
        for name, module in (("mlp", bench_mlp), ("conv", bench_conv),
                             ("transformer", bench_transformer)):
            if name in chosen:
                started = time.perf_counter()
                record(name, started, module.run(**timed))
        if "matmul" in chosen:
            started = time.perf_counter()
            record("matmul", started, bench_matmul.run(
                repeats=args.repeats, warmup=args.warmup, clock=clock))
    if "notebooks" in chosen:
        started = time.perf_counter()
        record("notebooks", started, bench_notebooks.run(ROOT, threads=args.threads))
    if "grading" in chosen:
        started = time.perf_counter()
        record("grading", started, bench_grading.run(
            ROOT, submissions=args.submissions, threads=args.threads))

    if hasattr(os, "getloadavg"):
        info["load_end"] = os.getloadavg()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    written = [write_markdown(out / "results.md", figures, info, settings, when),
               write_json(out / "results.json", figures, raw, info, settings, when),
               write_plot(out / "results.png", figures, info, when,
                          {k: v["cpu_seconds"] for k, v in
                           raw.get("notebooks", {}).items()})]
    missed = [f for f in figures if f.status in ("missed", "failed")]
    print(f"targets missed: {len(missed)}" + "".join(
        f"\n  {f.group}: {f.name} {f.shown()} (target {f.shown_target()})"
        for f in missed))
    print("wrote " + ", ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
