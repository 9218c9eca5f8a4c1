"""The results: a Markdown table, a JSON file of the raw numbers, and a plot."""

from __future__ import annotations

import json
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

    lines += ["| benchmark | comparison | value | target | status | detail |",
              "|---|---|---|---|---|---|"]
    for f in figures:
        detail = "; ".join(part for part in (f.detail, f.note) if part)
        lines.append(f"| {_cell(f.group)} | {_cell(f.name)} | {f.shown()} | "
                     f"{_cell(f.shown_target())} | {f.status} | {_cell(detail)} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_json(path: Path, figures: list[Figure], raw: dict, info: dict,
               settings: dict, when: str) -> Path:
    data = {"when": when, "machine": info, "settings": settings,
            "figures": [{**f.__dict__, "status": f.status} for f in figures],
            "raw": raw}
    path.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    return path


def write_plot(path: Path, figures: list[Figure], info: dict, when: str) -> Path:
    """Ratios against their targets, and notebook times against their limit."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ratios = [f for f in figures if f.unit == "x" and f.target is not None]
    books = [f for f in figures if f.unit == "s" and f.group.startswith("Solution")
             and not f.name.startswith("whole")]
    panels = [p for p in (ratios, books) if p]
    fig, axes = plt.subplots(len(panels) or 1, 1, squeeze=False,
                             figsize=(10, 2.2 + 0.45 * sum(len(p) for p in panels)))

    for ax, panel in zip(axes[:, 0], panels, strict=False):
        labels = [f"{f.group.split(' (')[0]}: {f.name}" if panel is ratios
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
            ax.text(f.value or 0.0, row, f"  {f.shown()}", va="center", fontsize=8)
        ax.set_yticks(list(rows), labels, fontsize=8)
        ax.invert_yaxis()
        if panel is ratios:
            ax.set_xlabel("dlkit time / reference time (black: target, at most)")
            ax.set_title("dlkit against its references", fontsize=10)
        else:
            ax.set_xlabel("seconds, fresh kernel (black: limit per notebook)")
            ax.set_title("solution notebooks", fontsize=10)
        ax.grid(axis="x", alpha=0.3)

    fig.suptitle(f"dlkit benchmarks, {when}\n" + "\n".join(summary_lines(info)),
                 fontsize=7, x=0.01, ha="left")
    fig.tight_layout(rect=(0, 0, 1, 0.86 if len(panels) > 1 else 0.78))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
