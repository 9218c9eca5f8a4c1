"""Optimisers, learning-rate schedules and gradient clipping."""

from dlkit.optim.clipping import clip_grad_norm, clip_grad_value
from dlkit.optim.optimizers import SGD, Adam, AdamW, Optimizer, RMSProp
from dlkit.optim.schedules import (
    Constant,
    CosineDecay,
    LinearWarmup,
    Schedule,
    StepDecay,
)

__all__ = [
    "SGD",
    "Adam",
    "AdamW",
    "Constant",
    "CosineDecay",
    "LinearWarmup",
    "Optimizer",
    "RMSProp",
    "Schedule",
    "StepDecay",
    "clip_grad_norm",
    "clip_grad_value",
]
