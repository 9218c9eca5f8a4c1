"""Learning-rate schedules: the learning rate as a function of the step.

A schedule is called with a step number (0 for the first) and returns the
learning rate for that step; ``schedule.apply(optimizer, step)`` sets
``optimizer.lr``. What a step counts, epochs or mini-batches, is up to the
caller (``dlkit.train.fit`` counts epochs unless told otherwise). A warm-up
wraps any other schedule, or a plain number::

    LinearWarmup(CosineDecay(0.01, total_steps=90), warmup_steps=10)

Any callable from an int to a float can stand in for a schedule.
"""

from __future__ import annotations

import math

import numpy as np

from dlkit.optim.optimizers import _check_number

__all__ = ["Constant", "CosineDecay", "LinearWarmup", "Schedule", "StepDecay"]


def _check_count(name: str, value, low: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int; got {type(value).__name__} "
                        f"{value!r}.")
    if value < low:
        raise ValueError(f"{name} must be at least {low}; got {value}.")
    return int(value)


class Schedule:
    """Base class: a learning rate for every step 0, 1, 2, ...

    Subclasses define ``_value(step)``; calling the schedule checks the step.
    """

    def __call__(self, step: int) -> float:
        return self._value(_check_count("step", step, 0))

    def _value(self, step: int) -> float:
        raise NotImplementedError(f"{type(self).__name__} must define _value")

    def apply(self, optimizer, step: int) -> float:
        """Set ``optimizer.lr`` to the value at ``step`` and return it."""
        lr = self(step)
        optimizer.lr = lr
        return lr

    def values(self, steps: int) -> np.ndarray:
        """The learning rates of steps ``0 .. steps - 1``, ndarray of shape (steps,)."""
        steps = _check_count("steps", steps, 0)
        return np.array([self._value(s) for s in range(steps)], dtype=np.float64)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


class Constant(Schedule):
    """The same learning rate ``lr`` at every step."""

    def __init__(self, lr: float) -> None:
        self.lr = _check_number("lr", lr, 0.0)

    def _value(self, step: int) -> float:
        return self.lr


class StepDecay(Schedule):
    """Multiply the learning rate by ``gamma`` every ``step_size`` steps.

    ``lr(step) = lr * gamma ** (step // step_size)``

    Parameters
    ----------
    lr : float
        The rate of steps ``0 .. step_size - 1``.
    step_size : int, at least 1
    gamma : float in (0, 1]
    """

    def __init__(self, lr: float, step_size: int, gamma: float = 0.1) -> None:
        self.lr = _check_number("lr", lr, 0.0)
        self.step_size = _check_count("step_size", step_size, 1)
        self.gamma = _check_number("gamma", gamma, 0.0, 1.0, low_open=True)

    def _value(self, step: int) -> float:
        return self.lr * self.gamma ** (step // self.step_size)


class CosineDecay(Schedule):
    """Half a cosine from ``lr`` down to ``min_lr`` over ``total_steps`` steps.

    ``lr(step) = min_lr + (lr - min_lr) * (1 + cos(pi * step / total_steps)) / 2``
    for ``step <= total_steps``, and ``min_lr`` after.

    Parameters
    ----------
    lr : float
        The rate at step 0.
    total_steps : int, at least 1
        The step at which ``min_lr`` is reached.
    min_lr : float in [0, lr]
    """

    def __init__(self, lr: float, total_steps: int, min_lr: float = 0.0) -> None:
        self.lr = _check_number("lr", lr, 0.0)
        self.total_steps = _check_count("total_steps", total_steps, 1)
        self.min_lr = _check_number("min_lr", min_lr, 0.0, self.lr)

    def _value(self, step: int) -> float:
        if step >= self.total_steps:
            return self.min_lr
        cos = math.cos(math.pi * step / self.total_steps)
        return self.min_lr + (self.lr - self.min_lr) * (1.0 + cos) / 2.0


class LinearWarmup(Schedule):
    """Ramp up linearly for ``warmup_steps`` steps, then follow ``after``.

    ``lr(step) = after(0) * (step + 1) / warmup_steps`` for
    ``step < warmup_steps``, then ``after(step - warmup_steps)``: the wrapped
    schedule starts counting when the warm-up ends. So the first step already
    moves (at ``1 / warmup_steps`` of the rate), and the ramp ends exactly on
    the rate the wrapped schedule starts from.

    Parameters
    ----------
    after : Schedule, callable from int to float, or float
        What follows the warm-up; a number means a constant rate.
    warmup_steps : int, at least 1
    """

    def __init__(self, after, warmup_steps: int) -> None:
        if isinstance(after, (int, float, np.integer, np.floating)) and not \
                isinstance(after, (bool, np.bool_)):
            after = Constant(after)
        if not callable(after):
            raise TypeError(f"after must be a schedule, a callable or a number; "
                            f"got {type(after).__name__}. Pass CosineDecay(...) "
                            "or a learning rate such as 0.01.")
        self.after = after
        self.warmup_steps = _check_count("warmup_steps", warmup_steps, 1)

    def _value(self, step: int) -> float:
        if step < self.warmup_steps:
            return float(self.after(0)) * (step + 1) / self.warmup_steps
        return float(self.after(step - self.warmup_steps))
