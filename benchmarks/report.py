"""The results: a Markdown table, a JSON file of the raw numbers, and a plot."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from benchmarks.figures import Figure
from benchmarks.machine import summary_lines

__all__ = ["write_json", "write_markdown", "write_plot"]


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_markdown(path: Path, figures: list[Figure], info: dict,
                   settings: dict, when: str) -> Path:
    """One table of every figure, grouped, after the machine description."""
    lines = [f"# dlkit benchmarks, {when}", ""]
    lines += [f"- {line}" for line in summary_lines(info)]
    lines += [f"- {', '.join(f'{k}={v}' for k, v in settings.items())}", ""]
    lines += ["Ratios are dlkit's time over the reference's, both measured in this "
              "run (median of the repeats, after a warm-up): below 1 dlkit is "
              "faster. A target is the largest acceptable value.", ""]

    met = [f for f in figures if f.status == "met"]
    missed = [f for f in figures if f.status in ("missed", "failed")]
    unmeasured = [f for f in figures if f.status == "not measured"]
    lines += [f"Targets: {len(met)} met, {len(missed)} missed"
              + (f", {len(unmeasured)} not measured" if unmeasured else "") + ".", ""]

    groups: dict[str, list[Figure]] = {}
    for f in figures:
        groups.setdefault(f.group, []).append(f)
    for group, members in groups.items():
        lines += [f"## {group}", "",
                  "| comparison | value | target | status | detail |",
                  "|---|---|---|---|---|"]
        for f in members:
            detail = "; ".join(part for part in (f.detail, f.note) if part)
            lines.append(f"| {_cell(f.name)} | {f.shown()} | "
                         f"{_cell(f.shown_target())} | {f.status} | "
                         f"{_cell(detail)} |")
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_json(path: Path, figures: list[Figure], raw: dict, info: dict,
               settings: dict, when: str) -> Path:
    data = {"when": when, "machine": info, "settings": settings,
            "figures": [{**f.__dict__, "status": f.status} for f in figures],
            "raw": raw}
    path.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    return path


def write_plot(path: Path, figures: list[Figure], info: dict, when: str,
               cpu_seconds: dict[str, float] | None = None) -> Path:
    """Ratios against their targets, and notebook times against their limit.

    ``cpu_seconds`` (notebook name to the kernel's CPU time) adds a marker to
    each notebook's bar.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ratios = [f for f in figures if f.unit == "x" and f.target is not None]
    books = [f for f in figures if f.unit == "s" and f.group.startswith("Solution")
             and not f.name.startswith("whole")]
    panels = [p for p in (ratios, books) if p]
    header = [f"dlkit benchmarks, {when}", *summary_lines(info)]
    rows_in_all = sum(len(p) * (2 if p is ratios else 1) for p in panels)
    height = 1.4 + 0.16 * len(header) + 0.3 * rows_in_all + 0.9 * len(panels)
    fig, axes = plt.subplots(len(panels) or 1, 1, squeeze=False,
                             figsize=(10, height),
                             height_ratios=[len(p) * (2 if p is ratios else 1)
                                            for p in panels] or None)

    for ax, panel in zip(axes[:, 0], panels, strict=False):
        labels = [f"{textwrap.fill(f.group, 44)}\n{f.name}" if panel is ratios
                  else f.name for f in panel]
        values = [f.value if f.value is not None else 0.0 for f in panel]
        colours = ["tab:green" if f.status == "met" else
                   "tab:grey" if f.status == "not measured" else "tab:red"
                   for f in panel]
        rows = range(len(panel))
        ax.barh(rows, values, color=colours)
        for row, f in zip(rows, panel, strict=True):
            ax.plot([f.target, f.target], [row - 0.4, row + 0.4], color="black",
                    linewidth=2)
            text = f.shown() if f.value is not None else "not measured"
            ax.text(f.value or 0.0, row, f"  {text}", va="center", fontsize=8)
            if panel is books and cpu_seconds and f.name in cpu_seconds:
                ax.plot(cpu_seconds[f.name], row, "o", color="black", markersize=4)
        ax.set_yticks(list(rows), labels, fontsize=7 if panel is ratios else 8)
        ax.invert_yaxis()
        ax.margins(x=0.12)
        if panel is ratios:
            ax.set_xlabel("dlkit time / reference time (black bar: target, at most)")
            ax.set_title("dlkit against its references", fontsize=10)
        else:
            ax.set_xlabel("seconds in a fresh kernel, wall (dot: the kernel's CPU "
                          "time; black bar: the limit)")
            ax.set_title("solution notebooks", fontsize=10)
        ax.grid(axis="x", alpha=0.3)

    fig.text(0.01, 0.995, "\n".join(header), fontsize=7, va="top", ha="left")
    fig.tight_layout(rect=(0, 0, 1, 1 - (0.16 * len(header) + 0.1) / height))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
