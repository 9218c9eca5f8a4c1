"""Evaluation and prediction, and the checks and metrics that fit shares.

``evaluate`` and ``predict`` run the model in evaluation mode (no dropout),
batch by batch, and put back the mode it had.

Letters: N examples.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlkit.metrics import scores as _scores
from dlkit.nn.layer import Layer

__all__ = ["evaluate", "predict"]

LABEL_METRICS = ("accuracy", "precision", "recall", "f1")


# ---------------------------------------------------------------- checks

def _check_count(name: str, value, low: int = 1) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int; got {type(value).__name__} "
                        f"{value!r}.")
    if value < low:
        raise ValueError(f"{name} must be at least {low}; got {value}.")
    return int(value)


def _check_data(x, y, xname: str = "x", yname: str = "y"):
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim == 0 or y.ndim == 0:
        raise ValueError(f"{xname} and {yname} must be arrays with one example "
                         f"per row; got shapes {x.shape} and {y.shape}.")
    if len(x) != len(y):
        raise ValueError(f"{xname} and {yname} must have the same number of "
                         f"examples (first axis); got {len(x)} and {len(y)}. "
                         f"Check that the labels belong to these inputs.")
    if len(x) == 0:
        raise ValueError(f"{xname} and {yname} are empty; there is nothing to "
                         f"train or evaluate on.")
    return x, y


def _check_parts(model, loss) -> None:
    if not isinstance(model, Layer):
        raise TypeError(f"model must be a dlkit Layer (e.g. a Sequential); got "
                        f"{type(model).__name__}.")
    if isinstance(loss, type) or not (callable(getattr(loss, "forward", None))
            and callable(getattr(loss, "backward", None))):
        raise TypeError(f"loss must be a loss object with forward(pred, target) "
                        f"and backward(), such as dlkit.nn.MSELoss(); got "
                        f"{type(loss).__name__}. Pass an instance: MSELoss(), "
                        f"not MSELoss.")


def _param_dtype(model: Layer):
    for layer in model.layers():
        for p in layer.params.values():
            if p.dtype.kind == "f":
                return p.dtype
    return None


def _cast(a: np.ndarray, dtype) -> np.ndarray:
    """Floating data in the parameters' dtype, once, instead of every batch."""
    if dtype is not None and a.dtype.kind == "f" and a.dtype != dtype:
        return a.astype(dtype)
    return a


# ---------------------------------------------------------------- metrics

def _true_labels(y: np.ndarray) -> np.ndarray:
    """Integer labels from targets: one-hot rows become their argmax."""
    if y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)
    return y.reshape(len(y), -1)[:, 0] if y.ndim > 1 else y


def _label_metric(name: str, threshold: float) -> Callable:
    def metric(y, output):
        y_true = _true_labels(y)
        y_pred = _scores.predicted_labels(output, threshold)
        if name == "accuracy":
            return _scores.accuracy(y_true, y_pred)
        average = "binary" if output.ndim == 1 or output.shape[1] == 1 else "macro"
        func = getattr(_scores, name)
        return func(y_true, y_pred, average=average, zero_division=0.0)
    metric.__name__ = name
    return metric


def _resolve_metrics(metrics, loss, ys: list[np.ndarray]) -> dict[str, Callable]:
    if metrics is None:
        metrics = ()
    if isinstance(metrics, str) or callable(metrics):
        metrics = (metrics,)
    # BCEWithLogitsLoss is fed raw scores: the decision threshold is 0, not 0.5
    threshold = 0.0 if "logits" in type(loss).__name__.lower() else 0.5
    resolved = {}
    for metric in metrics:
        if callable(metric):
            resolved[getattr(metric, "__name__", f"metric_{len(resolved)}")] = metric
        elif metric in LABEL_METRICS:
            for y in ys:
                _check_labels(_true_labels(y), metric)
            resolved[metric] = _label_metric(metric, threshold)
        else:
            raise ValueError(f"unknown metric {metric!r}; choose from "
                             f"{LABEL_METRICS} or pass a function "
                             f"f(y_true, output) -> float.")
    return resolved


def _check_labels(y: np.ndarray, metric: str) -> None:
    if y.dtype.kind == "f" and not np.all(y == np.round(y)):
        example = y[y != np.round(y)][0]
        raise ValueError(f"metric {metric!r} needs class labels in y, but y holds "
                         f"non-integer values such as {example:g} (a regression "
                         f"target?). Pass metrics=() or a function metric, such "
                         f"as a mean absolute error.")


def _compute(metric_fns: dict, y: np.ndarray, output: np.ndarray) -> dict:
    return {name: float(fn(y, output)) for name, fn in metric_fns.items()}


# ---------------------------------------------------------------- evaluation

def _batched_outputs(model: Layer, loss, x, y, batch_size: int):
    """Mean loss (or None) and all outputs, in evaluation mode."""
    was_training = model.training
    model.eval()
    try:
        outputs, total = [], 0.0
        for start in range(0, len(x), batch_size):
            out = model.forward(x[start:start + batch_size])
            if loss is not None:
                total += loss.forward(out, y[start:start + batch_size]) * len(out)
            outputs.append(out)
    finally:
        if was_training:
            model.train()
    output = outputs[0] if len(outputs) == 1 else np.concatenate(outputs)
    return (None if loss is None else total / len(x)), output


def evaluate(model: Layer, loss, x, y, *, batch_size: int = 256,
             metrics=()) -> dict[str, float]:
    """The loss and metrics of ``model`` on ``(x, y)``, in evaluation mode.

    Parameters
    ----------
    model : Layer
    loss : a loss object with ``forward(pred, target) -> float``
    x : ndarray of shape (N, ...)
    y : ndarray of shape (N, ...), the targets ``loss`` expects
    batch_size : int
        Examples per forward pass; only memory depends on it.
    metrics : sequence of str or callable
        As in :func:`fit`.

    Returns
    -------
    dict
        ``"loss"``, the mean over all N examples, then one entry per metric.
    """
    _check_parts(model, loss)
    x, y = _check_data(x, y)
    batch_size = _check_count("batch_size", batch_size)
    metric_fns = _resolve_metrics(metrics, loss, [y])
    dtype = _param_dtype(model)
    x, y = _cast(x, dtype), _cast(y, dtype)

    value, output = _batched_outputs(model, loss, x, y, batch_size)
    return {"loss": value, **_compute(metric_fns, y, output)}


def predict(model: Layer, x, *, batch_size: int = 256) -> np.ndarray:
    """The model's outputs for ``x``, in evaluation mode, batch by batch.

    Parameters
    ----------
    model : Layer
    x : ndarray of shape (N, ...)
    batch_size : int

    Returns
    -------
    ndarray of shape (N, ...), the raw outputs (scores, not labels; see
    :func:`dlkit.metrics.predicted_labels`)
    """
    if not isinstance(model, Layer):
        raise TypeError(f"model must be a dlkit Layer; got {type(model).__name__}.")
    x = np.asarray(x)
    if x.ndim == 0 or len(x) == 0:
        raise ValueError(f"x must hold at least one example; got shape {x.shape}.")
    batch_size = _check_count("batch_size", batch_size)
    return _batched_outputs(model, None, _cast(x, _param_dtype(model)), None,
                            batch_size)[1]
