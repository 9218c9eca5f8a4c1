"""A stack of layers applied one after the other.

``forward`` passes the batch through the layers in order; ``backward`` passes
the gradient back through them in reverse, each layer filling its own
``grads``. The stack is itself a Layer, so stacks nest.
"""

from __future__ import annotations

import numpy as np

from dlkit.io import register
from dlkit.nn.layer import Layer

__all__ = ["Sequential"]


def _check_layer(layer, position: int) -> Layer:
    if isinstance(layer, Layer):
        return layer
    if isinstance(layer, type) and issubclass(layer, Layer):
        raise TypeError(f"Sequential: layer {position} is the class "
                        f"{layer.__name__}, not a layer. Create one: "
                        f"{layer.__name__}(...).")
    raise TypeError(f"Sequential: layer {position} must be a dlkit Layer; got "
                    f"{type(layer).__name__}. Wrap the computation in a Layer "
                    f"subclass with forward and backward.")


def _batch_shape(shape: tuple[int, ...]) -> str:
    """``(2, 128)`` written as ``(N, 128)``."""
    return "(" + ", ".join(["N", *(str(s) for s in shape[1:])]) + ")"


@register
class Sequential(Layer):
    """Layers applied in order: ``Sequential(a, b, c)(x) == c(b(a(x)))``.

    Parameters
    ----------
    *layers : Layer
        The layers, first to last. A single list or tuple of layers is
        accepted too.

    Examples
    --------
    >>> model = Sequential(Dense(64, 32), ReLU(), Dense(32, 10))
    >>> len(model), model[0]
    (3, Dense(in_features=64, out_features=32, init='xavier', dtype='float32'))
    """

    def __init__(self, *layers: Layer) -> None:
        super().__init__()
        if len(layers) == 1 and isinstance(layers[0], (list, tuple)):
            layers = tuple(layers[0])
        self._layers = [_check_layer(layer, i) for i, layer in enumerate(layers)]

    @classmethod
    def from_config(cls, config: dict, sublayers: list[Layer]) -> Sequential:
        """Rebuild from a model file: the layers are the constructor's arguments."""
        return cls(*sublayers, **config)

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Pass ``x`` through every layer; a layer's error says which one failed."""
        for i, layer in enumerate(self._layers):
            try:
                x = layer.forward(x)
            except (ValueError, TypeError) as err:
                if type(err) not in (ValueError, TypeError):
                    raise
                raise type(err)(f"in layer {i} ({type(layer).__name__}) of the "
                                f"Sequential: {err}") from err
        return x

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Pass the output gradient back through every layer, last to first.

        Returns the input gradient, or None if the first layer gives none
        (an Embedding, or a layer built with ``input_grad=False``).
        """
        layers = self._layers
        for i in range(len(layers) - 1, -1, -1):
            grad = layers[i].backward(grad)
            if grad is None and i > 0:
                raise ValueError(
                    f"Sequential.backward: layer {i} ({type(layers[i]).__name__}) "
                    f"gave no input gradient, but layer {i - 1} "
                    f"({type(layers[i - 1]).__name__}) comes before it and needs "
                    f"one. Only a model's first layer may give none (an "
                    f"Embedding, or a layer built with input_grad=False).")
        return grad

    def sublayers(self) -> list[Layer]:
        return list(self._layers)

    def append(self, layer: Layer) -> Sequential:
        """Add ``layer`` at the end; returns the stack itself."""
        self._layers.append(_check_layer(layer, len(self._layers)))
        return self

    def __len__(self) -> int:
        return len(self._layers)

    def __getitem__(self, index: int | slice) -> Layer:
        """A layer by position, or a Sequential of the same layer objects."""
        if isinstance(index, slice):
            return Sequential(*self._layers[index])
        return self._layers[index]

    def __iter__(self):
        return iter(self._layers)

    def __repr__(self) -> str:
        inner = ",\n".join(f"  {layer!r}".replace("\n", "\n  ")
                           for layer in self._layers)
        return f"Sequential(\n{inner}\n)" if self._layers else "Sequential()"

    def summary(self, input_shape: tuple[int, ...], dtype=None) -> str:
        """A table of the layers, their output shapes and parameter counts.

        A batch of two zero examples is passed through the model in evaluation
        mode (no dropout draws, so no random state is used); training flags
        are restored afterwards.

        Parameters
        ----------
        input_shape : tuple of int
            The shape of ONE example, without the batch axis: ``(64,)`` for
            64 features, ``(1, 28, 28)`` for a one-channel image.
        dtype : numpy dtype, optional
            Of the trial batch. By default integer token ids if the first
            layer is an Embedding, else the dtype of the first parameter.

        Returns
        -------
        str
            One row per layer, then the total; the batch axis shows as N.
        """
        shape = tuple(input_shape) if isinstance(input_shape, (tuple, list)) \
            else (input_shape,)
        if not all(isinstance(s, (int, np.integer)) and s > 0 for s in shape):
            raise ValueError(f"Sequential.summary: input_shape must be the shape "
                             f"of one example, positive ints without the batch "
                             f"axis, e.g. (64,); got {input_shape!r}.")
        x = np.zeros((2, *shape),
                     dtype=self._trial_dtype() if dtype is None else dtype)

        modes = [(layer, layer.training) for layer in self.layers()]
        self.eval()
        rows = []
        try:
            for i, layer in enumerate(self._layers):
                name = f"{i}  {type(layer).__name__}"
                try:
                    x = layer.forward(x)
                except (ValueError, TypeError) as err:
                    raise ValueError(f"Sequential.summary: layer {i} "
                                     f"({type(layer).__name__}) cannot take an "
                                     f"input of shape {_batch_shape(x.shape)}: "
                                     f"{err}") from err
                rows.append((name, _batch_shape(x.shape), f"{layer.num_params():,}"))
        finally:
            for layer, mode in modes:
                layer.training = mode

        head = ("layer", "output shape", "parameters")
        total = ("total", "", f"{self.num_params():,}")
        width = [max(len(r[k]) for r in [head, total, *rows]) for k in range(3)]

        def line(row: tuple[str, str, str]) -> str:
            return (f"{row[0]:<{width[0]}}  {row[1]:<{width[1]}}  "
                    f"{row[2]:>{width[2]}}").rstrip()

        rule = "-" * (sum(width) + 4)
        lines = [line(head), rule, *(line(r) for r in rows), rule, line(total)]
        return "\n".join(lines)

    def _trial_dtype(self):
        first = self._layers[0] if self._layers else None
        while isinstance(first, Sequential) and len(first):
            first = first[0]
        if getattr(first, "input_dtype", None) is not None:
            return first.input_dtype          # e.g. Embedding takes int ids
        for layer in self.layers():
            for p in layer.params.values():
                return p.dtype
        return np.float64
