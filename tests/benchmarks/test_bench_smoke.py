"""Does every benchmark run, on tiny sizes, and compare like with like?

Each benchmark function runs once with one repeat and no warm-up; nothing here
looks at a time. What is checked: the figures come out, a missing PyTorch is
reported instead of failing, and the sides of a comparison compute the same
numbers (same losses, same gradients), which is what makes a ratio fair.
"""

from __future__ import annotations

import json

import nbformat
import numpy as np
import pytest

from benchmarks import (
    bench_conv,
    bench_grading,
    bench_matmul,
    bench_mlp,
    bench_notebooks,
    bench_transformer,
    run,
)
from benchmarks.figures import Figure
from benchmarks.machine import describe, summary_lines
from benchmarks.numpy_mlp import NumpyMLP
from benchmarks.report import write_json, write_markdown, write_plot
from benchmarks.timing import compare, optional_torch, pinned
from tests.conftest import ROOT

TORCH, MISSING = optional_torch()
ONCE = {"repeats": 1, "warmup": 0, "min_time": 0.0}
needs_torch = pytest.mark.skipif(TORCH is None, reason=f"no PyTorch: {MISSING}")


def test_compare_interleaves_and_counts_samples():
    """Does compare give each side as many samples as repeats, in its order?"""
    calls = []
    times = compare({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")},
                    repeats=3, warmup=1, min_time=0.0, clock="cpu")
    assert list(times) == ["a", "b"]
    assert all(len(t.samples) == 3 and t.median >= 0 for t in times.values())
    assert calls[:4] == ["a", "b", "a", "b"]      # warm-up, then calibration
    assert calls[4:] == ["a", "b", "b", "a", "a", "b"]    # the order rotates


def test_compare_refuses_an_unknown_clock():
    """Is a misspelt clock named in the error?"""
    with pytest.raises(ValueError, match=r"clock must be one of \['cpu', 'wall'\]"):
        compare({"a": lambda: None}, clock="cycles")


def test_pinned_limits_blas_and_restores_it():
    """Does pinned set the BLAS threads inside and put them back after?"""
    from threadpoolctl import threadpool_info

    def blas_threads():
        return {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"}

    before = blas_threads()
    with pinned(1, TORCH):
        assert blas_threads() <= {1}
        if TORCH is not None:
            assert TORCH.get_num_threads() == 1
    assert blas_threads() == before


def test_machine_description_names_cpu_numpy_and_threads():
    """Does the description carry what the results must state?"""
    info = describe(1, TORCH)
    text = "\n".join(summary_lines(info))
    assert info["cores"] >= 1 and info["numpy"] == np.__version__
    assert "CPU:" in text and "NumPy" in text and "pinned to 1" in text


def test_numpy_reference_learns():
    """Does the hand-written loop lower the loss over a few epochs?"""
    x, y = bench_mlp.digits(200)
    net = NumpyMLP(bench_mlp.start_weights((64, 32, 10)), lr=0.5)
    first = net.epoch(x, y, 32)
    for _ in range(5):
        last = net.epoch(x, y, 32)
    assert last < first


@pytest.mark.parametrize("use_torch", [False, pytest.param(True, marks=needs_torch)])
def test_mlp_sides_agree_and_report(use_torch):
    """From the same weights, do all sides give the same first-epoch loss?"""
    figures, raw = bench_mlp.run(TORCH if use_torch else None, torch_missing="absent",
                                 sizes=(64, 16, 10), n_examples=130, **ONCE)
    losses = raw["first_epoch_loss"]
    assert losses["dlkit"] == pytest.approx(losses["numpy"], rel=1e-5)
    assert [f.name for f in figures][:2] == ["dlkit / PyTorch",
                                             "dlkit / hand-written NumPy"]
    if use_torch:
        assert losses["torch"] == pytest.approx(losses["numpy"], rel=1e-4)
        assert figures[0].value > 0
    else:
        assert figures[0].status == "not measured"
        assert "PyTorch reference missing (absent)" in figures[0].note


def test_mlp_sides_that_disagree_fail(monkeypatch):
    """Is a comparison marked failed when the reference computes other numbers?"""
    monkeypatch.setattr(NumpyMLP, "epoch", lambda self, x, y, batch_size: 99.0)
    figures, _ = bench_mlp.run(None, sizes=(64, 8, 10), n_examples=64, **ONCE)
    numpy_figure = figures[1]
    assert numpy_figure.status == "failed"
    assert "first-epoch losses differ" in numpy_figure.note


@pytest.mark.parametrize("use_torch", [False, pytest.param(True, marks=needs_torch)])
def test_conv_sides_agree(use_torch):
    """Do dlkit and PyTorch compute the same output and gradients?"""
    shapes = [((2, 1, 6, 6), 2, 1.5), ((2, 3, 5, 5), 4, 2.0)]
    figures, raw = bench_conv.run(TORCH if use_torch else None, shapes=shapes, **ONCE)
    assert len(figures) == 2
    if use_torch:
        assert all(r["max_relative_difference"] < 1e-4 for r in raw.values())
    else:
        assert all(f.value is None for f in figures)


@pytest.mark.parametrize("use_torch", [False, pytest.param(True, marks=needs_torch)])
def test_transformer_blocks_agree(use_torch):
    """Is the PyTorch block the same function as dlkit's, gradient included?"""
    figures, raw = bench_transformer.run(TORCH if use_torch else None, batch=2,
                                         seq=5, width=8, heads=2, **ONCE)
    assert len(figures) == 1
    if use_torch:
        assert raw["max_difference"]["output"] < 1e-4
        assert raw["max_difference"]["input_grad"] < 1e-4


def test_matmul_reports_fractions_of_the_peak():
    """Are products reported against the measured float32 peak?"""
    figures, raw = bench_matmul.run(peak_size=64, products={"tiny": ((8, 8), (8, 8))},
                                    **ONCE)
    assert [f.name for f in figures] == ["peak float32 64^2", "peak float64 64^2",
                                         "tiny"]
    assert figures[2].unit == "of peak" and figures[2].value > 0


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)


@pytest.mark.notebook
def test_notebook_runs_are_timed_and_failures_flagged(tmp_path):
    """Is each notebook timed in its own kernel, and a failing one marked?"""
    _notebook(tmp_path / "solutions" / "01_fine" / "01_fine.ipynb",
              "open('written.txt', 'w').write('x')", "1 + 1")
    _notebook(tmp_path / "solutions" / "02_broken" / "02_broken.ipynb",
              "raise ValueError('on purpose')")
    figures, raw = bench_notebooks.run(tmp_path, timeout=60)

    assert [f.name for f in figures] == ["01_fine", "02_broken",
                                         "whole course (2 notebooks)"]
    assert raw["01_fine"]["ok"] and figures[0].status == "met"
    assert figures[1].status == "failed" and "ValueError" in figures[1].note
    assert figures[2].status == "failed"
    assert not (tmp_path / "solutions" / "01_fine" / "written.txt").exists()


def test_scratch_course_holds_the_submissions(tmp_path):
    """Does the scratch course have config, sources and N submissions?"""
    root = bench_grading.make_scratch_course(ROOT, tmp_path, "01_basics", 3)
    assert (root / "nbgrader_config.py").is_file()
    assert (root / "course" / "01_basics" / "01_basics.ipynb").is_file()
    assert sorted(p.name for p in (root / "submitted").iterdir()) == ["s01", "s02",
                                                                      "s03"]


@pytest.mark.nbgrader
def test_grading_one_submission_scores_full_marks():
    """Does the grading benchmark grade a copy of the solution, at full marks?"""
    figures, raw = bench_grading.run(ROOT, submissions=1, workers=(1,))
    result = raw["workers=1"]
    assert result["graded"] == 1 and result["failed"] == []
    assert result["below_full_marks"] == []
    assert figures[0].unit == "/min" and not figures[0].failed


def test_reports_are_written(tmp_path):
    """Are the table, the raw numbers and the plot written, with verdicts?"""
    figures = [Figure("MLP epoch", "dlkit / PyTorch", 0.4, target=0.5,
                      detail="4 ms vs 10 ms"),
               Figure("Conv", "dlkit / PyTorch", 2.5, target=2.0),
               Figure("Transformer", "dlkit / PyTorch", None, target=2.0,
                      note="PyTorch reference missing"),
               Figure("Solution notebooks (fresh kernel each)", "01_basics", 3.0,
                      unit="s", target=30.0)]
    info = describe(1, None)
    table = write_markdown(tmp_path / "r.md", figures, info, {"threads": 1}, "now")
    text = table.read_text()
    assert "| met |" in text and "| missed |" in text and "not measured" in text
    assert "Targets: 2 met, 1 missed, 1 not measured." in text
    data = json.loads(write_json(tmp_path / "r.json", figures, {}, info, {},
                                 "now").read_text())
    assert [f["status"] for f in data["figures"]] == ["met", "missed",
                                                      "not measured", "met"]
    assert write_plot(tmp_path / "r.png", figures, info, "now").stat().st_size > 0


def test_run_refuses_an_unknown_benchmark(capsys):
    """Does the command line name the benchmarks it knows?"""
    assert run.main(["--only", "mlp,gpu"]) == 2
    assert "unknown benchmark 'gpu'" in capsys.readouterr().err
