"""A 3x3 convolution, forward and backward: dlkit Conv2D against PyTorch.

Both sides compute the output, then the gradients of the kernel, the bias and
the input for the same output gradient, in float32, from the same kernel.
PyTorch is asked for the input gradient too, since dlkit always returns it.
"""

from __future__ import annotations

import numpy as np

from benchmarks.figures import Figure
from benchmarks.timing import compare

__all__ = ["SHAPES", "run"]

# the largest relative difference of output or gradients that counts as equal
TOLERANCE = 1e-4

# (input shape N, C, H, W; filters F; the target ratio to PyTorch)
SHAPES = [((64, 1, 28, 28), 16, 1.5), ((64, 16, 14, 14), 32, 2.0)]


def _arrays(x_shape, filters, seed: int = 0):
    rng = np.random.default_rng(seed)
    n, _, h, w = x_shape
    x = rng.standard_normal(x_shape).astype(np.float32)
    grad = rng.standard_normal((n, filters, h, w)).astype(np.float32)
    return x, grad


def dlkit_case(x, grad, filters):
    from dlkit.nn import Conv2D

    conv = Conv2D(x.shape[1], filters, 3, padding=1, rng=0)

    def step():
        out = conv.forward(x)
        dx = conv.backward(grad)
        return out, dx, conv.grads["W"], conv.grads["b"]

    return conv, step


def torch_case(torch, conv, x, grad):
    """``torch.nn.Conv2d`` with the kernel of the dlkit layer ``conv``."""
    layer = torch.nn.Conv2d(x.shape[1], conv.out_channels, 3, padding=1)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(conv.params["W"]))
        layer.bias.copy_(torch.from_numpy(conv.params["b"]))
    xt = torch.from_numpy(x).requires_grad_(True)
    gt = torch.from_numpy(grad)

    def step():
        out = layer(xt)
        dx, dw, db = torch.autograd.grad(out, (xt, layer.weight, layer.bias), gt)
        return out, dx, dw, db

    return step


def agreement(torch, ours, theirs) -> float:
    """The largest relative difference between two tuples of results."""
    worst = 0.0
    for a, b in zip(ours, theirs, strict=True):
        b = b.detach().numpy()
        worst = max(worst, float(np.max(np.abs(a - b)) / (np.max(np.abs(b)) + 1e-12)))
    return worst


def run(torch=None, *, torch_missing: str = "", repeats: int = 5, warmup: int = 1,
        min_time: float = 0.05, clock: str = "wall", shapes=None):
    """Time forward+backward for each shape; return the figures and raw numbers."""
    figures, raw = [], {}
    for x_shape, filters, target in shapes or SHAPES:
        x, grad = _arrays(x_shape, filters)
        conv, ours = dlkit_case(x, grad, filters)
        group = (f"Conv 3x3 fwd+bwd {tuple(x_shape)} -> {filters} channels")
        cases = {"dlkit": ours}
        if torch is not None:
            theirs = torch_case(torch, conv, x, grad)
            cases["torch"] = theirs
            diff = agreement(torch, ours(), theirs())
        times = compare(cases, repeats=repeats, warmup=warmup, min_time=min_time,
                    clock=clock)
        ms = {k: t.median * 1e3 for k, t in times.items()}
        key = "x".join(map(str, x_shape)) + f"->{filters}"
        raw[key] = {"ms": ms, "spread": {k: t.spread for k, t in times.items()}}
        if torch is None:
            figures.append(Figure(group, "dlkit / PyTorch", None, target=target,
                                  detail=f"dlkit {ms['dlkit']:.2f} ms",
                                  note=f"PyTorch reference missing ({torch_missing})"))
            continue
        raw[key]["max_relative_difference"] = diff
        differs = diff > TOLERANCE
        figures.append(Figure(group, "dlkit / PyTorch", ms["dlkit"] / ms["torch"],
                              target=target,
                              detail=f"{ms['dlkit']:.2f} ms vs {ms['torch']:.2f} ms",
                              note=f"results differ by {diff:.1e} (relative)"
                              if differs else "", failed=differs))
    return figures, raw
