"""Matrix products: the machine's peak, and what dlkit's sizes get of it.

The peak is measured, not looked up: the rate of large square products in
float32 and float64 (``2 n**3`` floating-point operations each), with the
threads of the run. Then the products dlkit's layers actually make in the
other benchmarks, each as a fraction of the float32 peak. Small products are
far from the peak: the call costs more than the arithmetic.
"""

from __future__ import annotations

import numpy as np

from benchmarks.figures import Figure
from benchmarks.timing import compare

__all__ = ["DLKIT_PRODUCTS", "run"]

# name: (shape of a, shape of b); a @ b, float32
DLKIT_PRODUCTS = {
    "MLP forward (64,64)@(64,128)": ((64, 64), (64, 128)),
    "MLP weight grad (128,64)@(64,64)": ((128, 64), (64, 64)),
    # Conv2D with stride 1 works through the batch in chunks of whole images,
    # about 4096 columns (4 images of 28 x 30, 18 of 14 x 16): one chunk each
    "conv1 forward chunk (16,9)@(9,3360)": ((16, 9), (9, 3360)),
    "conv2 forward chunk (32,144)@(144,4032)": ((32, 144), (144, 4032)),
    "conv2 kernel grad chunk (144,4032)@(4032,32)": ((144, 4032), (4032, 32)),
    "conv2 input grad chunk (144,32)@(32,4032)": ((144, 32), (32, 4032)),
    "attention qkv (1024,64)@(64,192)": ((1024, 64), (64, 192)),
    "feed-forward (1024,64)@(64,256)": ((1024, 64), (64, 256)),
    "attention scores (128,32,16)@(128,16,32)": ((128, 32, 16), (128, 16, 32)),
}


def _flops(a_shape, b_shape) -> float:
    *batch, m, k = a_shape
    n = b_shape[-1]
    return 2.0 * m * k * n * float(np.prod(batch) if batch else 1)


def run(*, repeats: int = 5, warmup: int = 1, min_time: float = 0.05,
        clock: str = "wall", peak_size: int = 2048, products=None):
    """Measure the peak and the dlkit products; return figures and raw numbers."""
    rng = np.random.default_rng(0)
    cases, flops = {}, {}
    for dtype in (np.float32, np.float64):
        a = rng.standard_normal((peak_size, peak_size)).astype(dtype)
        b = rng.standard_normal((peak_size, peak_size)).astype(dtype)
        name = f"peak {np.dtype(dtype).name}"
        cases[name] = lambda a=a, b=b: a @ b
        flops[name] = _flops(a.shape, b.shape)
    for name, (a_shape, b_shape) in (products or DLKIT_PRODUCTS).items():
        a = rng.standard_normal(a_shape).astype(np.float32)
        b = rng.standard_normal(b_shape).astype(np.float32)
        cases[name] = lambda a=a, b=b: a @ b
        flops[name] = _flops(a_shape, b_shape)

    times = compare(cases, repeats=repeats, warmup=warmup, min_time=min_time,
                    clock=clock)
    gflops = {k: flops[k] / t.median / 1e9 for k, t in times.items()}
    peak32, peak64 = gflops["peak float32"], gflops["peak float64"]

    group = "Matrix products (float32, fraction of measured peak)"
    figures = [Figure(group, f"peak float32 {peak_size}^2", peak32, unit="GFLOP/s"),
               Figure(group, f"peak float64 {peak_size}^2", peak64, unit="GFLOP/s")]
    for name in products or DLKIT_PRODUCTS:
        figures.append(Figure(group, name, gflops[name] / peak32, unit="of peak",
                              detail=f"{gflops[name]:.1f} GFLOP/s, "
                                     f"{times[name].median * 1e6:.0f} us"))
    raw = {"gflops": gflops, "spread": {k: t.spread for k, t in times.items()}}
    return figures, raw
