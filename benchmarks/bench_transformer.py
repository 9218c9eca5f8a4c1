"""A pre-norm Transformer block, forward and backward: dlkit against PyTorch.

The PyTorch block is written to match dlkit's TransformerBlock exactly:
pre-norm, one linear map to queries, keys and values (heads split the same
way), ``scaled_dot_product_attention``, an output projection, and a
feed-forward network of the same width with the tanh form of GELU. It gets
dlkit's weights, so both compute the same numbers (checked before timing).

Letters: N sequences, T positions, D width, h heads.
"""

from __future__ import annotations

import numpy as np

from benchmarks.figures import Figure
from benchmarks.timing import compare

__all__ = ["run", "torch_block"]

TARGET = 2.0
TOLERANCE = 1e-4       # the largest difference of output or input gradient allowed


def torch_block(torch, block):
    """A PyTorch module equal to the dlkit ``TransformerBlock`` ``block``."""
    nn, functional = torch.nn, torch.nn.functional
    d, heads, d_ff = block.d_model, block.num_heads, block.d_ff

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm1 = nn.LayerNorm(d, eps=block.norm1.eps)
            self.qkv = nn.Linear(d, 3 * d)
            self.proj = nn.Linear(d, d)
            self.norm2 = nn.LayerNorm(d, eps=block.norm2.eps)
            self.ff1 = nn.Linear(d, d_ff)
            self.ff2 = nn.Linear(d_ff, d)

        def forward(self, x):
            n, t, _ = x.shape
            qkv = self.qkv(self.norm1(x)).view(n, t, 3, heads, d // heads)
            q, k, v = qkv.permute(2, 0, 3, 1, 4)                # each (N, h, T, d/h)
            a = functional.scaled_dot_product_attention(q, k, v)
            y = x + self.proj(a.transpose(1, 2).reshape(n, t, d))
            hidden = functional.gelu(self.ff1(self.norm2(y)), approximate="tanh")
            return y + self.ff2(hidden)

    module = Block()
    pairs = [(module.norm1, block.norm1, "gamma", "beta"),
             (module.norm2, block.norm2, "gamma", "beta"),
             (module.qkv, block.attention.qkv, "W", "b"),
             (module.proj, block.attention.proj, "W", "b"),
             (module.ff1, block.ff1, "W", "b"),
             (module.ff2, block.ff2, "W", "b")]
    with torch.no_grad():
        for theirs, ours, w, b in pairs:
            weight = ours.params[w]
            theirs.weight.copy_(torch.from_numpy(weight.T.copy() if weight.ndim == 2
                                                 else weight))
            theirs.bias.copy_(torch.from_numpy(ours.params[b]))
    return module


def run(torch=None, *, torch_missing: str = "", repeats: int = 5, warmup: int = 1,
        min_time: float = 0.05, clock: str = "wall", batch: int = 32, seq: int = 32,
        width: int = 64, heads: int = 4, d_ff: int | None = None):
    """Time forward+backward of one block; return the figures and raw numbers."""
    from dlkit.nn import TransformerBlock

    d_ff = 4 * width if d_ff is None else d_ff
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, seq, width)).astype(np.float32)
    grad = rng.standard_normal((batch, seq, width)).astype(np.float32)
    block = TransformerBlock(width, heads, d_ff, activation="gelu", rng=0)

    def ours():
        out = block.forward(x)
        return out, block.backward(grad)

    cases = {"dlkit": ours}
    raw = {}
    if torch is not None:
        module = torch_block(torch, block)
        xt = torch.from_numpy(x).requires_grad_(True)
        gt = torch.from_numpy(grad)
        params = tuple(module.parameters())

        def theirs():
            out = module(xt)
            return out, torch.autograd.grad(out, (xt, *params), gt)[0]

        cases["torch"] = theirs
        ref_out, ref_dx = (a.detach().numpy() for a in theirs())
        out, dx = ours()
        raw["max_difference"] = {"output": float(np.max(np.abs(out - ref_out))),
                                 "input_grad": float(np.max(np.abs(dx - ref_dx)))}

    times = compare(cases, repeats=repeats, warmup=warmup, min_time=min_time,
                    clock=clock)
    ms = {k: t.median * 1e3 for k, t in times.items()}
    raw.update(ms=ms, spread={k: t.spread for k, t in times.items()})
    group = (f"Transformer block fwd+bwd (N={batch}, T={seq}, D={width}, "
             f"h={heads}, F={d_ff})")
    if torch is None:
        return [Figure(group, "dlkit / PyTorch", None, target=TARGET,
                       detail=f"dlkit {ms['dlkit']:.2f} ms",
                       note=f"PyTorch reference missing ({torch_missing})")], raw
    worst = max(raw["max_difference"].values())
    differs = worst > TOLERANCE
    return [Figure(group, "dlkit / PyTorch", ms["dlkit"] / ms["torch"], target=TARGET,
                   detail=f"{ms['dlkit']:.2f} ms vs {ms['torch']:.2f} ms",
                   note=f"results differ by {worst:.1e}" if differs else "",
                   failed=differs)], raw
