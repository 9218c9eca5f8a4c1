"""Neural-network building blocks: functions, layers and losses."""

from dlkit.nn.functional import relu, sigmoid, softmax, tanh

__all__ = ["relu", "sigmoid", "softmax", "tanh"]
