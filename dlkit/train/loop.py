"""The training loop, ``fit``.

``fit`` runs the loop that the notebooks first write by hand::

    for each epoch:
        shuffle the examples
        for each mini-batch:
            out = model.forward(xb); loss.forward(out, yb)
            model.backward(loss.backward()); optimizer.step()

and records the loss and metrics of every epoch in a :class:`History`, with
optional validation, early stopping, a learning-rate schedule, gradient
clipping and a progress bar.

Letters: N examples; a mini-batch holds B of them.
"""

from __future__ import annotations

import logging
import math
import warnings

import numpy as np

from dlkit.nn.layer import Layer
from dlkit.optim.clipping import clip_grad_norm
from dlkit.progress import ProgressBar
from dlkit.train.evaluation import (
    _batched_outputs,
    _cast,
    _check_count,
    _check_data,
    _check_parts,
    _compute,
    _param_dtype,
    _resolve_metrics,
)
from dlkit.train.history import History

__all__ = ["DivergenceWarning", "fit"]

log = logging.getLogger(__name__)

EVAL_BATCH_SIZE = 256


class DivergenceWarning(UserWarning):
    """The training loss became NaN or infinite, so training stopped."""


class _BestWeights:
    """A copy of every parameter, refreshed in place, to restore the best epoch."""

    def __init__(self, model: Layer) -> None:
        self.saved = [(layer, key, p.copy()) for layer in model.layers()
                      for key, p in layer.params.items()]

    def refresh(self) -> None:
        for layer, key, saved in self.saved:
            np.copyto(saved, layer.params[key])

    def restore(self) -> None:
        for layer, key, saved in self.saved:
            np.copyto(layer.params[key], saved)


def _epoch_line(epoch: int, epochs: int, history: History) -> str:
    parts = [f"epoch {epoch + 1}/{epochs}", f"loss {history.loss[-1]:.4f}"]
    parts += [f"{k} {v[-1]:.4f}" for k, v in history.metrics.items()]
    if history.val_loss:
        parts.append(f"val_loss {history.val_loss[-1]:.4f}")
        parts += [f"val_{k} {v[-1]:.4f}" for k, v in history.val_metrics.items()]
    return "  ".join(parts)


def fit(model: Layer, loss, optimizer, x, y, *, epochs: int = 10,
        batch_size: int = 32, rng: np.random.Generator | int | None = 0,
        shuffle: bool = True, validation_data: tuple | None = None,
        metrics=("accuracy",), early_stopping: int | None = None,
        min_delta: float = 0.0, restore_best: bool = True, schedule=None,
        schedule_every: str = "epoch", clip_norm: float | None = None,
        verbose: bool = True) -> History:
    """Train ``model`` on ``(x, y)`` with mini-batch gradient descent.

    Parameters
    ----------
    model : Layer
        Trained in place.
    loss : a loss object
        ``forward(pred, target) -> float`` and ``backward() -> gradient``,
        e.g. ``dlkit.nn.SoftmaxCrossEntropy()``.
    optimizer : an optimiser built on ``model``, e.g. ``dlkit.optim.Adam(model)``
    x : ndarray of shape (N, ...)
        Floating inputs are converted once to the dtype of the model's
        parameters; integer inputs (token ids) are left as they are.
    y : ndarray of shape (N, ...), the targets ``loss`` expects
    epochs : int, at least 1
    batch_size : int, at least 1
        B; the last mini-batch of an epoch may be smaller.
    rng : numpy.random.Generator, int or None
        Drives the shuffling: an int seed (the default, 0, makes runs
        repeatable), a Generator to share, or None for fresh randomness.
    shuffle : bool
        Visit the examples in a new random order every epoch.
    validation_data : (x_val, y_val), optional
        Evaluated after every epoch, in evaluation mode.
    metrics : sequence of str or callable
        Names among ``"accuracy"``, ``"precision"``, ``"recall"``, ``"f1"``
        (from class labels: the argmax of several outputs, or one output above
        0.5, above 0 for ``BCEWithLogitsLoss``; binary for one output, macro
        average for several, undefined values count 0), or functions
        ``f(y_true, output) -> float`` given the targets and the raw outputs
        of all N examples. Training metrics come from the outputs of the
        epoch's mini-batches, each taken before its update, like the loss.
    early_stopping : int, optional
        Patience: stop when the validation loss has not improved (by more than
        ``min_delta``) for this many epochs. Needs ``validation_data``.
    min_delta : float
        The least decrease that counts as an improvement.
    restore_best : bool
        With early stopping, end with the weights of the best epoch (copied
        back in place; the optimiser's state is not rewound).
    schedule : Schedule or callable from int to float, optional
        Sets ``optimizer.lr`` from the epoch number (0 first) or, with
        ``schedule_every="batch"``, from the number of mini-batches so far.
    schedule_every : {"epoch", "batch"}
    clip_norm : float, optional
        Clip the gradients' global norm to this before every step.
    verbose : bool
        Show a progress bar; nothing at all when False.

    Returns
    -------
    History

    Warns
    -----
    DivergenceWarning
        When the loss becomes NaN or infinite; training stops there.
    """
    val = _check_fit(model, loss, optimizer, validation_data, early_stopping,
                     schedule, schedule_every, min_delta)
    x, y = _check_data(x, y)
    epochs = _check_count("epochs", epochs)
    batch_size = _check_count("batch_size", batch_size)
    if early_stopping is not None:
        early_stopping = _check_count("early_stopping", early_stopping)
    metric_fns = _resolve_metrics(metrics, loss, [y] if val is None else [y, val[1]])

    # prepare: data in the parameters' dtype, the shuffling, the records
    dtype = _param_dtype(model)
    x, y = _cast(x, dtype), _cast(y, dtype)
    if val is not None:
        val = _cast(val[0], dtype), _cast(val[1], dtype)
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    n = len(x)
    history = History(metrics={k: [] for k in metric_fns},
                      val_metrics={k: [] for k in metric_fns} if val else {})
    by_batch = schedule if schedule is not None and schedule_every == "batch" \
        else None
    snapshot, best, waited, step = None, math.inf, 0, 0
    was_training = model.training
    model.train()
    bar = ProgressBar(epochs * math.ceil(n / batch_size), "training",
                      verbose=verbose)

    try:
        for epoch in range(epochs):
            # one pass over the data, in a new order
            if schedule is not None and by_batch is None:
                optimizer.lr = schedule(epoch)
            lr = float(getattr(optimizer, "lr", math.nan))
            if shuffle:
                order = gen.permutation(n)
                xs, ys = x[order], y[order]          # one copy per epoch
            else:
                xs, ys = x, y
            mean, outputs, done = _train_epoch(
                model, loss, optimizer, xs, ys, batch_size, clip_norm, by_batch,
                step, bar, keep_outputs=bool(metric_fns))
            step += done
            if not math.isfinite(mean):
                warnings.warn(
                    f"the training loss became {mean} in epoch {epoch + 1}, "
                    f"mini-batch {done + 1}; training stopped. A learning rate "
                    f"too high is the usual cause (lr={lr:g}); try one ten times "
                    "smaller.", DivergenceWarning, stacklevel=2)
                history.stopped_early = True
                break

            # the epoch's records, then validation
            history.lr.append(lr)
            history.loss.append(mean)
            if outputs is not None:
                for k, v in _compute(metric_fns, ys, outputs).items():
                    history.metrics[k].append(v)
            if val is not None:
                val_loss, val_out = _batched_outputs(model, loss, *val,
                                                     EVAL_BATCH_SIZE)
                history.val_loss.append(val_loss)
                for k, v in _compute(metric_fns, val[1], val_out).items():
                    history.val_metrics[k].append(v)
            line = _epoch_line(epoch, epochs, history)
            log.info("%s", line)
            bar.text = line

            # early stopping: remember the best weights, count epochs since
            if early_stopping is None:
                continue
            if history.val_loss[-1] < best - min_delta:
                best, waited, history.best_epoch = history.val_loss[-1], 0, epoch
                if restore_best and snapshot is None:
                    snapshot = _BestWeights(model)
                elif restore_best:
                    snapshot.refresh()
            else:
                waited += 1
                if waited >= early_stopping:
                    history.stopped_early = True
                    break
    finally:
        if history.stopped_early and history.best_epoch is not None:
            bar.text += f"  (stopped; best epoch {history.best_epoch + 1})"
        bar.close()
        if not was_training:
            model.eval()

    if snapshot is not None and history.best_epoch != history.epochs - 1:
        snapshot.restore()
    return history


def _check_fit(model, loss, optimizer, validation_data, early_stopping, schedule,
               schedule_every, min_delta):
    """Refuse what fit cannot use; return the validation pair (or None)."""
    _check_parts(model, loss)
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step() method, e.g. "
                        f"dlkit.optim.SGD(model, lr=0.1); got "
                        f"{type(optimizer).__name__}.")
    if getattr(optimizer, "model", model) is not model:
        raise ValueError("optimizer was built on another model, so this one would "
                         "never change. Build it on this one: "
                         "SGD(model, lr=...).")
    val = None
    if validation_data is not None:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise TypeError("validation_data must be a pair (x_val, y_val); got "
                            f"{type(validation_data).__name__}.")
        val = _check_data(*validation_data, "x_val", "y_val")
    if early_stopping is not None and val is None:
        raise ValueError("early_stopping watches the validation loss; pass "
                         "validation_data=(x_val, y_val) as well.")
    if isinstance(min_delta, bool) or not isinstance(
            min_delta, (int, float, np.integer, np.floating)) or not min_delta >= 0:
        raise ValueError(f"min_delta must be a number of at least 0; got "
                         f"{min_delta!r}.")
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be a Schedule or a function of the step; "
                        f"got {type(schedule).__name__}.")
    if schedule_every not in ("epoch", "batch"):
        raise ValueError(f"schedule_every must be 'epoch' or 'batch'; got "
                         f"{schedule_every!r}.")
    return val


def _train_epoch(model, loss, optimizer, xs, ys, batch_size, clip_norm, lr_of_step,
                 step, bar, keep_outputs):
    """One pass over ``(xs, ys)`` in mini-batches of ``batch_size``.

    Returns
    -------
    (float, ndarray or None, int)
        The mean loss over the examples (or, if a batch's loss was not finite,
        that value), the outputs of all examples if ``keep_outputs``, and the
        number of optimiser steps taken.
    """
    total, outputs, done = 0.0, [], 0
    for start in range(0, len(xs), batch_size):
        if lr_of_step is not None:
            optimizer.lr = lr_of_step(step + done)
        xb, yb = xs[start:start + batch_size], ys[start:start + batch_size]
        out = model.forward(xb)
        value = loss.forward(out, yb)
        if not math.isfinite(value):
            return value, None, done
        model.backward(loss.backward())
        if clip_norm is not None:
            clip_grad_norm(model, clip_norm)
        optimizer.step()
        total += value * len(xb)
        if keep_outputs:
            outputs.append(out.copy())        # a layer may reuse its buffer
        done += 1
        bar.update()
    return total / len(xs), np.concatenate(outputs) if keep_outputs else None, done
