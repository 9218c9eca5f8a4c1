"""Learning-rate schedules: their values at chosen steps, and composition."""

import math

import numpy as np
import pytest

from dlkit.nn.layer import Layer
from dlkit.optim import SGD, Constant, CosineDecay, LinearWarmup, StepDecay


def test_constant_is_the_same_at_every_step():
    """Does Constant return its rate at step 0 and at step 1000?"""
    schedule = Constant(0.05)
    assert schedule(0) == schedule(1000) == 0.05


@pytest.mark.parametrize("step, expected", [
    (0, 0.1), (2, 0.1), (3, 0.05), (5, 0.05), (6, 0.025), (9, 0.0125),
])
def test_step_decay_halves_every_three_steps(step, expected):
    """Is StepDecay(0.1, 3, 0.5) at each step 0.1 * 0.5 ** (step // 3)?"""
    assert StepDecay(0.1, step_size=3, gamma=0.5)(step) == pytest.approx(expected)


@pytest.mark.parametrize("step, expected", [
    (0, 1.0),
    (2, 0.1 + 0.9 * (1 + math.cos(math.pi * 2 / 10)) / 2),
    (5, 0.55),                        # half way: the mean of lr and min_lr
    (10, 0.1),
    (25, 0.1),                        # after the end it stays at min_lr
])
def test_cosine_decay_runs_from_lr_to_min_lr(step, expected):
    """Does CosineDecay(1.0, 10, min_lr=0.1) follow half a cosine?"""
    assert CosineDecay(1.0, total_steps=10, min_lr=0.1)(step) == pytest.approx(expected)


@pytest.mark.parametrize("step, expected", [
    (0, 0.025), (1, 0.05), (3, 0.1), (4, 0.1), (100, 0.1),
])
def test_warmup_ramps_up_to_a_constant(step, expected):
    """Does LinearWarmup(0.1, 4) climb by 0.1 / 4 per step, then hold 0.1?"""
    assert LinearWarmup(0.1, warmup_steps=4)(step) == pytest.approx(expected)


@pytest.mark.parametrize("step, expected", [
    (0, 0.2), (4, 1.0),               # the ramp ends on the cosine's start
    (5, 1.0), (10, 0.5), (15, 0.0), (40, 0.0),
])
def test_warmup_then_cosine_starts_the_cosine_after_the_ramp(step, expected):
    """In LinearWarmup(CosineDecay(1, 10), 5), does the cosine count from step 5?"""
    schedule = LinearWarmup(CosineDecay(1.0, total_steps=10), warmup_steps=5)
    assert schedule(step) == pytest.approx(expected, abs=1e-12)


def test_warmup_wraps_step_decay_and_plain_callables():
    """Can the warm-up wrap a StepDecay and any function of the step?"""
    decayed = LinearWarmup(StepDecay(0.1, step_size=2, gamma=0.5), warmup_steps=2)
    assert [decayed(s) for s in range(6)] == pytest.approx(
        [0.05, 0.1, 0.1, 0.1, 0.05, 0.05])
    halving = LinearWarmup(lambda step: 1.0 / (step + 1), warmup_steps=2)
    assert [halving(s) for s in range(4)] == pytest.approx([0.5, 1.0, 1.0, 0.5])


def test_values_lists_the_first_steps():
    """Does values(n) give the rates of steps 0 .. n-1 as a float array?"""
    values = StepDecay(1.0, step_size=2, gamma=0.1).values(5)
    assert values.shape == (5,) and values.dtype == np.float64
    np.testing.assert_allclose(values, [1.0, 1.0, 0.1, 0.1, 0.01])


def test_apply_sets_the_optimizer_learning_rate():
    """Does apply(optimizer, step) set optimizer.lr and return the rate?"""
    optimizer = SGD(Layer(), lr=1.0)
    assert StepDecay(0.1, step_size=1, gamma=0.5).apply(optimizer, 2) == 0.025
    assert optimizer.lr == 0.025


def test_repr_shows_the_settings():
    """Does the repr name the schedule and its arguments?"""
    assert repr(StepDecay(0.1, 3)) == "StepDecay(lr=0.1, step_size=3, gamma=0.1)"


@pytest.mark.parametrize("build, error, message", [
    (lambda: Constant(0.1)(-1), ValueError, "step must be at least 0; got -1"),
    (lambda: Constant(0.1)(1.5), TypeError, "step must be an int; got float 1.5"),
    (lambda: Constant(-0.1), ValueError, r"lr must be in \[0, inf\); got -0.1"),
    (lambda: StepDecay(0.1, 0), ValueError, "step_size must be at least 1; got 0"),
    (lambda: StepDecay(0.1, 2, gamma=0), ValueError,
     r"gamma must be in \(0, 1\]; got 0.0"),
    (lambda: CosineDecay(0.1, 10, min_lr=0.5), ValueError,
     r"min_lr must be in \[0, 0.1\]; got 0.5"),
    (lambda: CosineDecay(0.1, 10.0), TypeError, "total_steps must be an int"),
    (lambda: LinearWarmup("fast", 3), TypeError,
     "after must be a schedule, a callable or a number; got str"),
    (lambda: LinearWarmup(0.1, 0), ValueError,
     "warmup_steps must be at least 1; got 0"),
])
def test_bad_arguments_raise_clear_errors(build, error, message):
    """Is each invalid argument refused with a message naming it?"""
    with pytest.raises(error, match=message):
        build()
