"""The contract every layer follows.

A layer maps an input batch to an output batch. ``forward(x)`` computes the
output and keeps what ``backward`` will need; ``backward(grad)`` takes the
gradient of the loss with respect to the output, stores the gradient of every
parameter in ``grads`` (same keys as ``params``) and returns the gradient with
respect to the input, or None where no earlier layer needs one: an Embedding's
input is integer ids, and a Dense or Conv2D built with ``input_grad=False``
is a model's first layer, fed the data. A layer made of other layers lists them in
``sublayers()``; optimisers and model files walk that tree.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np


class Layer:
    """Base class: no parameters, identity in both directions.

    Attributes
    ----------
    params : dict of str to ndarray
        The trainable arrays, updated in place by optimisers.
    grads : dict of str to ndarray
        After ``backward``: the loss gradient of each entry of ``params``.
    training : bool
        True in training mode (dropout active), False in evaluation mode.
    """

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.training = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x

    def backward(self, grad: np.ndarray) -> np.ndarray:
        return grad

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def sublayers(self) -> list[Layer]:
        """The layers this one is built from (none for a plain layer)."""
        return []

    def layers(self) -> Iterator[Layer]:
        """This layer and every layer inside it, depth first."""
        yield self
        for sub in self.sublayers():
            yield from sub.layers()

    def train(self) -> Layer:
        """Switch this layer and its sublayers to training mode."""
        for layer in self.layers():
            layer.training = True
        return self

    def eval(self) -> Layer:
        """Switch this layer and its sublayers to evaluation mode."""
        for layer in self.layers():
            layer.training = False
        return self

    def zero_grad(self) -> None:
        """Forget the gradients of the last backward pass."""
        for layer in self.layers():
            layer.grads = {}

    def num_params(self) -> int:
        """The number of trainable numbers in this layer and its sublayers."""
        return sum(p.size for layer in self.layers() for p in layer.params.values())

    def config(self) -> dict:
        """The constructor arguments that rebuild this layer (for model files)."""
        return {}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"
