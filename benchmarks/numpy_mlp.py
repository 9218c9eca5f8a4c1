"""The reference MLP: a plain NumPy training loop, written the obvious way.

This is what one writes without a library: the forward pass, softmax
cross-entropy, the backward pass and the SGD update, all inline, no input
checks, no objects. dlkit does the same work behind its layer contract; the
benchmark asks how much that contract costs.

Letters: B examples in a batch, D_k the width of layer k.
"""

from __future__ import annotations

import numpy as np

__all__ = ["NumpyMLP"]


class NumpyMLP:
    """Dense layers with ReLU between them, trained by plain SGD.

    Parameters
    ----------
    weights : list of (ndarray of shape (D_k, D_k+1), ndarray of shape (D_k+1,))
        The starting weights and biases, copied.
    lr : float
        The learning rate.
    """

    def __init__(self, weights, lr: float) -> None:
        self.W = [w.copy() for w, _ in weights]
        self.b = [b.copy() for _, b in weights]
        self.lr = np.asarray(lr, dtype=self.W[0].dtype)

    def load(self, weights) -> None:
        """Put ``weights`` (as given to the constructor) back, in place."""
        for mine, (w, b) in zip(zip(self.W, self.b, strict=True), weights,
                                strict=True):
            np.copyto(mine[0], w)
            np.copyto(mine[1], b)

    def step(self, x: np.ndarray, y: np.ndarray) -> float:
        """One forward and backward pass and update on a batch; the loss."""
        W, b, lr = self.W, self.b, self.lr

        # forward: keep every layer's input
        inputs = [x]
        h = x
        for k in range(len(W) - 1):
            h = np.maximum(h @ W[k] + b[k], 0)
            inputs.append(h)
        z = h @ W[-1] + b[-1]                            # (B, classes)

        # softmax cross-entropy and its gradient (p - onehot) / B
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        rows = np.arange(len(y))
        loss = -np.log(p[rows, y]).mean()
        g = p
        g[rows, y] -= 1
        g /= len(y)

        # backward and update, last layer first
        for k in range(len(W) - 1, -1, -1):
            a = inputs[k]
            dW, db = a.T @ g, g.sum(axis=0)
            if k > 0:
                g = (g @ W[k].T) * (a > 0)
            W[k] -= lr * dW
            b[k] -= lr * db
        return float(loss)

    def epoch(self, x: np.ndarray, y: np.ndarray, batch_size: int) -> float:
        """One pass over ``(x, y)`` in order; the mean loss of the batches."""
        total = 0.0
        for start in range(0, len(x), batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            total += self.step(xb, yb) * len(xb)
        return total / len(x)
