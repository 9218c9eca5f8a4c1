"""The Transformer block: self-attention and a feed-forward network, each
wrapped in a residual connection and a layer normalisation.

Letters: N sequences, T positions, D model width (``d_model``), F hidden
width of the feed-forward network (``d_ff``, 4 D by default).

Two arrangements are in use; this block does either, pre-norm by default::

    pre-norm (norm_first=True):          post-norm (norm_first=False):
        y = x + Attention(LN1(x))            y = LN1(x + Attention(x))
        z = y + FFN(LN2(y))                  z = LN2(y + FFN(y))

Pre-norm keeps an unnormalised path from input to output, along which the
gradient passes unchanged through any depth: it trains stably without a
learning-rate warm-up. Post-norm is the arrangement of the original
Transformer. ``FFN(u) = act(u W1 + b1) W2 + b2`` acts on every position
separately, with GELU (default) or ReLU.
"""

from __future__ import annotations

import numpy as np

from dlkit.io import register
from dlkit.nn.activations import GELU, ReLU, _check_grad, _float_input, _need_forward
from dlkit.nn.attention import MultiHeadAttention
from dlkit.nn.conv import _positive_int
from dlkit.nn.dense import Dense
from dlkit.nn.init import float_dtype, make_rng
from dlkit.nn.layer import Layer
from dlkit.nn.norm import LayerNorm

__all__ = ["TransformerBlock"]

_ACTIVATIONS = {"gelu": GELU, "relu": ReLU}


@register
class TransformerBlock(Layer):
    """One Transformer encoder (or, with ``causal=True``, decoder-only) block.

    Parameters
    ----------
    d_model : int
        D, the width of every token vector; kept from input to output.
    num_heads : int
        Attention heads; must divide D.
    d_ff : int, optional
        F, the hidden width of the feed-forward network; 4 D by default.
    activation : {"gelu", "relu"}
        The feed-forward network's non-linearity.
    norm_first : bool
        True (default): pre-norm; False: post-norm (see the module notes).
    causal : bool
        If True, each position attends only to itself and earlier ones.
    rng : numpy.random.Generator or int
        Source of every initial weight.
    dtype : np.float32 or np.float64

    Attributes
    ----------
    norm1, attention, norm2, ff1, act, ff2 : Layer
        The sublayers, in the order of the forward pass (pre-norm). Their
        ``params`` hold every weight; the block's own ``params`` is empty.
    """

    def __init__(self, d_model: int, num_heads: int, d_ff: int | None = None, *,
                 activation: str = "gelu", norm_first: bool = True,
                 causal: bool = False, rng: np.random.Generator | int = 0,
                 dtype=np.float32) -> None:
        super().__init__()
        self.d_model = _positive_int(d_model, "d_model")
        self.d_ff = 4 * self.d_model if d_ff is None else _positive_int(d_ff, "d_ff")
        if activation not in _ACTIVATIONS:
            raise ValueError(f"TransformerBlock: activation must be one of "
                             f"{sorted(_ACTIVATIONS)}; got {activation!r}.")
        if not isinstance(norm_first, (bool, np.bool_)):
            raise TypeError(f"TransformerBlock: norm_first must be True (pre-norm) "
                            f"or False (post-norm); got {norm_first!r}.")
        self.activation = activation
        self.norm_first = bool(norm_first)
        self.dtype = float_dtype(dtype)
        rng = make_rng(rng)

        self.norm1 = LayerNorm(self.d_model, dtype=self.dtype)
        self.attention = MultiHeadAttention(self.d_model, num_heads, causal,
                                            rng=rng, dtype=self.dtype)
        self.norm2 = LayerNorm(self.d_model, dtype=self.dtype)
        self.ff1 = Dense(self.d_model, self.d_ff, init="he", rng=rng,
                         dtype=self.dtype)
        self.act = _ACTIVATIONS[activation]()
        self.ff2 = Dense(self.d_ff, self.d_model, rng=rng, dtype=self.dtype)
        self._shape = None

    @property
    def num_heads(self) -> int:
        return self.attention.num_heads

    @property
    def causal(self) -> bool:
        return self.attention.causal

    @property
    def attention_weights(self) -> np.ndarray | None:
        """(N, h, T, T): the attention weights of the last forward pass."""
        return self.attention.attention_weights

    def sublayers(self) -> list[Layer]:
        return [self.norm1, self.attention, self.norm2, self.ff1, self.act,
                self.ff2]

    def _ffn(self, u: np.ndarray) -> np.ndarray:
        n, t, d = u.shape
        hidden = self.act.forward(self.ff1.forward(u.reshape(n * t, d)))  # (NT, F)
        return self.ff2.forward(hidden).reshape(n, t, d)

    def _ffn_backward(self, grad: np.ndarray) -> np.ndarray:
        n, t, d = grad.shape
        g = self.ff1.backward(self.act.backward(self.ff2.backward(
            grad.reshape(n * t, d))))
        return g.reshape(n, t, d)

    def forward(self, x: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """Attention, then feed-forward, each with its residual and norm.

        Parameters
        ----------
        x : ndarray of shape (N, T, D)
        mask : ndarray of bool, optional
            True = may attend; passed to :class:`MultiHeadAttention`.

        Returns
        -------
        ndarray of shape (N, T, D), of the layer's dtype
        """
        x = _float_input(x, self)
        d = self.d_model
        if x.ndim != 3 or x.shape[2] != d:
            raise ValueError(f"TransformerBlock: x must have shape (N, T, {d}); got "
                             f"{x.shape}. Embed the tokens to d_model={d} features "
                             f"first (x[None] for one sequence).")
        if x.dtype != self.dtype:
            x = x.astype(self.dtype)
        self._shape = x.shape

        if self.norm_first:
            y = x + self.attention.forward(self.norm1.forward(x), mask)
            return y + self._ffn(self.norm2.forward(y))
        y = self.norm1.forward(x + self.attention.forward(x, mask))
        return self.norm2.forward(y + self._ffn(y))

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Fill every sublayer's grads; return the input gradient.

        Each residual connection passes its gradient both through its branch
        and around it, and the two are added.

        Parameters
        ----------
        grad : ndarray of shape (N, T, D)

        Returns
        -------
        ndarray of shape (N, T, D)
        """
        shape = _need_forward(self._shape, self)
        grad = _check_grad(grad, shape, self)
        if grad.dtype != self.dtype:
            grad = grad.astype(self.dtype)

        if self.norm_first:
            dy = grad + self.norm2.backward(self._ffn_backward(grad))
            return dy + self.norm1.backward(self.attention.backward(dy))
        dz = self.norm2.backward(grad)
        dy = dz + self._ffn_backward(dz)
        dx = self.norm1.backward(dy)
        return dx + self.attention.backward(dx)

    def config(self) -> dict:
        return {"d_model": self.d_model, "num_heads": self.num_heads,
                "d_ff": self.d_ff, "activation": self.activation,
                "norm_first": self.norm_first, "causal": self.causal,
                "dtype": self.dtype.name}
