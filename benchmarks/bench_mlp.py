"""One training epoch of a 64-128-64-10 MLP on the digits, three ways.

dlkit (Sequential of Dense and ReLU, SoftmaxCrossEntropy, optim.SGD; also
through ``train.fit``), the hand-written NumPy loop of :mod:`numpy_mlp`, and
PyTorch on the CPU. All in float32, batches of 64 in the same fixed order;
one epoch is forward, backward and update of every batch. Every timed epoch
starts from the same weights, put back before it (a few microseconds), so
that each sample does the same work however many epochs came before.
"""

from __future__ import annotations

import numpy as np

from benchmarks.figures import Figure
from benchmarks.numpy_mlp import NumpyMLP
from benchmarks.timing import compare

__all__ = ["digits", "run", "start_weights"]

LR = 0.1
TARGET_VS_TORCH = 0.5
TARGET_VS_NUMPY = 1.25
TOLERANCE = 1e-4        # the largest relative gap of first-epoch losses allowed


def digits(n: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The digits scaled to [0, 1] in float32, and their int64 labels."""
    from dlkit.data import load_digits

    x, y = load_digits(dtype=np.float32)
    x /= 16.0
    return (x, y) if n is None else (x[:n], y[:n])


def start_weights(sizes, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """He-normal float32 weights and zero biases for layers of ``sizes``."""
    rng = np.random.default_rng(seed)
    pairs = zip(sizes[:-1], sizes[1:], strict=False)
    return [((rng.standard_normal((a, b)) * np.sqrt(2.0 / a)).astype(np.float32),
             np.zeros(b, dtype=np.float32)) for a, b in pairs]


def dlkit_trainer(weights, lr: float = LR):
    """A dlkit model, loss and optimiser with ``weights``: its epoch, the epoch
    through ``train.fit``, and the function that puts the weights back."""
    from dlkit.nn import Dense, ReLU, Sequential, SoftmaxCrossEntropy
    from dlkit.optim import SGD

    # the first layer's input is the data, which needs no gradient (the
    # hand-written loop and PyTorch compute none either)
    denses = [Dense(*w.shape, input_grad=k > 0) for k, (w, _) in enumerate(weights)]
    layers = []
    for k, dense in enumerate(denses):
        layers.append(dense)
        if k < len(weights) - 1:
            layers.append(ReLU())
    model = Sequential(*layers)
    loss, optimizer = SoftmaxCrossEntropy(), SGD(model, lr=lr)

    def reset():
        for dense, (w, b) in zip(denses, weights, strict=True):
            np.copyto(dense.params["W"], w)
            np.copyto(dense.params["b"], b)

    reset()

    def epoch(x, y, batch_size):
        total = 0.0
        for start in range(0, len(x), batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            out = model.forward(xb)
            total += loss.forward(out, yb) * len(xb)
            model.backward(loss.backward())
            optimizer.step()
        return total / len(x)

    def fit_epoch(x, y, batch_size):
        from dlkit.train import fit

        history = fit(model, loss, optimizer, x, y, epochs=1, batch_size=batch_size,
                      shuffle=False, metrics=(), verbose=False)
        return history.loss[-1]

    return epoch, fit_epoch, reset


def torch_trainer(torch, weights, lr: float = LR):
    """The same model in PyTorch: its epoch (converting the NumPy arrays once)
    and the function that puts the weights back."""
    linears = [torch.nn.Linear(*w.shape) for w, _ in weights]
    start = [(torch.from_numpy(w.T.copy()), torch.from_numpy(b))    # (out, in)
             for w, b in weights]
    layers = []
    for k, linear in enumerate(linears):
        layers.append(linear)
        if k < len(weights) - 1:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    tensors = {}

    def epoch(x, y, batch_size):
        key = (id(x), id(y))
        if key not in tensors:          # converted once, like dlkit's arrays
            tensors[key] = torch.from_numpy(x), torch.from_numpy(y)
        xt, yt = tensors[key]
        total = 0.0
        for start in range(0, len(xt), batch_size):
            xb, yb = xt[start:start + batch_size], yt[start:start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        return total / len(xt)

    def reset():
        with torch.no_grad():
            for linear, (w, b) in zip(linears, start, strict=True):
                linear.weight.copy_(w)
                linear.bias.copy_(b)

    reset()
    return epoch, reset


def run(torch=None, *, torch_missing: str = "", repeats: int = 5, warmup: int = 1,
        min_time: float = 0.05, clock: str = "wall", batch_size: int = 64,
        sizes=(64, 128, 64, 10), n_examples: int | None = None):
    """Time one epoch on every side; return the figures and the raw numbers."""
    x, y = digits(n_examples)
    weights = start_weights(sizes)

    # same start, one epoch each: the losses must agree before timing means much
    first = {"dlkit": dlkit_trainer(weights)[0](x, y, batch_size),
             "numpy": NumpyMLP(weights, LR).epoch(x, y, batch_size)}
    if torch is not None:
        first["torch"] = torch_trainer(torch, weights)[0](x, y, batch_size)

    def from_start(reset, epoch):
        def one():
            reset()
            return epoch(x, y, batch_size)
        return one

    epoch, fit_epoch, reset = dlkit_trainer(weights)
    reference = NumpyMLP(weights, LR)
    cases = {"dlkit": from_start(reset, epoch),
             "dlkit fit": from_start(reset, fit_epoch),
             "numpy": from_start(lambda: reference.load(weights), reference.epoch)}
    if torch is not None:
        torch_epoch, torch_reset = torch_trainer(torch, weights)
        cases["torch"] = from_start(torch_reset, torch_epoch)
    times = compare(cases, repeats=repeats, warmup=warmup, min_time=min_time,
                    clock=clock)

    ms = {k: t.median * 1e3 for k, t in times.items()}
    group = f"MLP epoch ({'-'.join(map(str, sizes))}, batch {batch_size})"
    def differs(side):
        gap = abs(first[side] - first["numpy"]) / first["numpy"]
        return f"first-epoch losses differ by {gap:.1e}" if gap > TOLERANCE else ""

    figures = [
        Figure(group, "dlkit / hand-written NumPy", ms["dlkit"] / ms["numpy"],
               target=TARGET_VS_NUMPY, note=differs("dlkit"),
               failed=bool(differs("dlkit")),
               detail=f"{ms['dlkit']:.2f} ms vs {ms['numpy']:.2f} ms"),
        Figure(group, "dlkit fit / hand-written NumPy", ms["dlkit fit"] / ms["numpy"],
               detail=f"{ms['dlkit fit']:.2f} ms vs {ms['numpy']:.2f} ms"),
    ]
    if torch is not None:
        figures.insert(0, Figure(group, "dlkit / PyTorch", ms["dlkit"] / ms["torch"],
                                 target=TARGET_VS_TORCH, note=differs("torch"),
                                 failed=bool(differs("torch")),
                                 detail=f"{ms['dlkit']:.2f} ms vs "
                                        f"{ms['torch']:.2f} ms"))
    else:
        figures.insert(0, Figure(group, "dlkit / PyTorch", None,
                                 target=TARGET_VS_TORCH,
                                 note=f"PyTorch reference missing ({torch_missing})"))
    raw = {"ms_per_epoch": ms, "first_epoch_loss": first,
           "spread": {k: t.spread for k, t in times.items()},
           "batches_per_epoch": -(-len(x) // batch_size)}
    return figures, raw
