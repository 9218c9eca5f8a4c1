"""Losses: one number that says how wrong a batch of predictions is.

Each loss is an object: ``forward(pred, target)`` returns the loss as a float
and keeps what ``backward()`` needs; ``backward()`` returns the gradient of
that float with respect to ``pred``, an array of ``pred``'s shape and dtype.
Every loss is a mean, so its size does not depend on the batch size, and the
gradient carries the matching ``1 / N``.

Which output pairs with which loss:

- regression, any real output: :class:`MSELoss` on the raw output;
- two classes (or several independent yes/no labels): :class:`BCEWithLogitsLoss`
  on raw scores ("logits"), no sigmoid layer before it;
- one of C classes: :class:`SoftmaxCrossEntropy` on raw scores, no softmax
  layer before it.

Letters: N examples, C classes; ``...`` stands for any further axes.
"""

from __future__ import annotations

import numpy as np

from dlkit.nn import functional as F

__all__ = ["BCEWithLogitsLoss", "Loss", "MSELoss", "SoftmaxCrossEntropy"]

# the unsigned integer type of each integer size, for the label check
_UNSIGNED = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


class Loss:
    """Base class: ``loss(pred, target)`` is ``loss.forward(pred, target)``."""

    def __init__(self) -> None:
        self._cache = None

    def __call__(self, pred: np.ndarray, target: np.ndarray) -> float:
        return self.forward(pred, target)

    def forward(self, pred: np.ndarray, target: np.ndarray) -> float:
        raise NotImplementedError(f"{type(self).__name__} must define forward; "
                                  f"see MSELoss for an example.")

    def backward(self) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} must define backward; "
                                  f"see MSELoss for an example.")

    def _cached(self):
        if self._cache is None:
            raise RuntimeError(f"{type(self).__name__}.backward was called before "
                               f"forward. Compute the loss with "
                               f"forward(pred, target) first.")
        return self._cache

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _pred_array(pred, loss: Loss, min_ndim: int = 0) -> np.ndarray:
    if type(pred) is not np.ndarray:
        pred = np.asarray(pred)
    if pred.dtype.kind != "f":
        raise TypeError(f"{type(loss).__name__}: pred must be an array of floats; "
                        f"got {pred.dtype}. Convert it with "
                        f"pred.astype(np.float64).")
    if pred.ndim < min_ndim:
        raise ValueError(f"{type(loss).__name__}: pred must have shape (N, C) of "
                         f"class scores; got {pred.shape}. Pass a batch: "
                         f"pred[None, :].")
    return pred


def _target_like(pred: np.ndarray, target, loss: Loss) -> np.ndarray:
    """``target`` as an array of ``pred``'s shape and dtype, or a clear error."""
    target = np.asarray(target)
    if target.dtype.kind not in "fiub":
        raise TypeError(f"{type(loss).__name__}: target must be numbers; got "
                        f"{target.dtype}. Convert it with "
                        f"target.astype(np.float64).")
    if target.shape != pred.shape:
        fix = "Make both the same shape"
        if target.size == pred.size:
            fix = "Reshape it: target.reshape(pred.shape)"
        raise ValueError(f"{type(loss).__name__}: target must have the shape of "
                         f"pred, {pred.shape}; got {target.shape}. {fix} (a "
                         f"(N,) target against an (N, 1) pred would broadcast to "
                         f"(N, N) and give a wrong loss).")
    return target.astype(pred.dtype, copy=False)


class MSELoss(Loss):
    """Mean squared error ``mean((pred - target)**2)`` over every entry.

    The gradient is ``2 (pred - target) / n`` with n the number of entries.

    ``forward(pred, target)``: pred and target are ndarrays of the same shape,
    e.g. (N,) or (N, K).
    """

    def forward(self, pred: np.ndarray, target: np.ndarray) -> float:
        pred = _pred_array(pred, self)
        diff = pred - _target_like(pred, target, self)
        self._cache = diff
        return float(np.mean(diff * diff))

    def backward(self) -> np.ndarray:
        diff = self._cached()
        return diff * (2.0 / diff.size)


class BCEWithLogitsLoss(Loss):
    """Binary cross-entropy of ``sigmoid(pred)``, computed from the logits.

    With ``p = sigmoid(z)`` the loss of one entry is
    ``-(y log p + (1 - y) log(1 - p))``. Written in terms of ``z`` it becomes
    ``max(z, 0) - z y + log(1 + exp(-|z|))``, which never takes the log of
    zero nor the exp of a large number. The gradient is ``(p - y) / n``.

    ``forward(pred, target)``: pred is an ndarray of logits, e.g. (N,) or
    (N, 1); target has the same shape, values in [0, 1] (usually 0 or 1).
    """

    def forward(self, pred: np.ndarray, target: np.ndarray) -> float:
        z = _pred_array(pred, self)
        y = _target_like(z, target, self)
        if y.size and (y.min() < 0 or y.max() > 1):
            raise ValueError(f"BCEWithLogitsLoss: target must hold probabilities "
                             f"in [0, 1]; got values from {y.min()} to {y.max()}. "
                             f"Use labels 0 and 1 (not -1 and 1, not class "
                             f"indices).")
        self._cache = (z, y)
        losses = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
        return float(np.mean(losses))

    def backward(self) -> np.ndarray:
        z, y = self._cached()
        return (F.sigmoid(z) - y) * (1.0 / z.size)


class SoftmaxCrossEntropy(Loss):
    """Softmax and categorical cross-entropy in one stable step.

    For scores ``z`` of one example, ``p = softmax(z)`` and the loss is
    ``-sum(y * log p)``, with ``log p`` from ``log_softmax`` (no ``log(0)``).
    The loss is the mean over examples; the gradient is ``(p - y) / N``.

    ``forward(pred, target)``:

    pred : ndarray of shape (N, C) (or (N, ..., C)) of raw class scores.
    target : either integer class labels of shape (N,) (or (N, ...)), each in
        ``0 .. C-1``; or one-hot rows (or probability rows) of pred's shape.
    """

    def forward(self, pred: np.ndarray, target: np.ndarray) -> float:
        z = _pred_array(pred, self, min_ndim=2)
        target = np.asarray(target)

        if target.shape == z.shape:
            y = self._soft_target(target, z)
            log_p = F.log_softmax(z, axis=-1)                # (N, C)
            loss = -np.sum(y * log_p) / y[..., 0].size
            self._cache = (log_p, y)
            return float(loss)
        if target.shape != z.shape[:-1]:
            raise ValueError(f"SoftmaxCrossEntropy: target must be integer labels "
                             f"of shape {z.shape[:-1]} or one-hot rows of shape "
                             f"{z.shape}; got {target.shape}. For labels, pass a "
                             f"flat array (y.ravel()), not a column.")

        # labels: log p of the true class is shifted[y] - log(sum(exp(shifted)))
        labels = self._labels(target, z.shape[-1]).reshape(-1)
        shifted = z - z.max(axis=-1, keepdims=True)          # (N, C), all <= 0
        e = np.exp(shifted)
        total = e.sum(axis=-1, keepdims=True)                # (N, 1), at least 1
        rows = np.arange(labels.size)
        picked = shifted.reshape(-1, z.shape[-1])[rows, labels]
        self._cache = (e, total, labels)
        return float((np.log(total).sum() - picked.sum()) / labels.size)

    @staticmethod
    def _labels(target: np.ndarray, n_classes: int) -> np.ndarray:
        if target.dtype.kind not in "iu":
            raise TypeError(f"SoftmaxCrossEntropy: labels must be integers; got "
                            f"{target.dtype}. Convert them with "
                            f"y.astype(np.int64).")
        # read as unsigned, a negative label is huge: one pass checks both ends
        unsigned = target.view(_UNSIGNED[target.dtype.itemsize])
        if target.size and unsigned.max() >= n_classes:
            raise ValueError(f"SoftmaxCrossEntropy: labels must lie in 0 .. "
                             f"{n_classes - 1} for {n_classes} classes; got "
                             f"values from {target.min()} to {target.max()}. "
                             f"Check that the last layer has one output per "
                             f"class and that labels start at 0.")
        return target

    @staticmethod
    def _soft_target(target: np.ndarray, z: np.ndarray) -> np.ndarray:
        if target.dtype.kind not in "fiub":
            raise TypeError(f"SoftmaxCrossEntropy: one-hot target must be numbers; "
                            f"got {target.dtype}.")
        y = target.astype(z.dtype, copy=False)
        sums = y.sum(axis=-1)
        if y.size and (y.min() < 0 or not np.allclose(sums, 1.0, atol=1e-4)):
            raise ValueError("SoftmaxCrossEntropy: a one-hot target needs "
                             "non-negative rows that sum to 1; got row sums from "
                             f"{sums.min():.4g} to {sums.max():.4g}. Pass integer "
                             "labels of shape (N,) instead, or build rows with "
                             "np.eye(C)[y].")
        return y

    def backward(self) -> np.ndarray:
        cache = self._cached()
        if len(cache) == 2:                      # one-hot or probability rows
            log_p, y = cache
            grad = np.exp(log_p) - y
            grad *= 1.0 / log_p[..., 0].size
            return grad

        e, total, labels = cache
        grad = e / total                                     # p, a new array
        flat = grad.reshape(-1, grad.shape[-1])              # a view of it
        flat[np.arange(labels.size), labels] -= 1            # p - one_hot(y)
        grad *= 1.0 / labels.size
        return grad
