"""Scaled dot-product attention and multi-head self-attention.

Letters: N sequences, T positions (Tq queries, Tk keys), D model width
(``d_model``), h heads, d = D / h features per head (``d_k``), ``...`` any
leading axes such as (N, h).

Each query is compared with every key; the scores ``q k^T / sqrt(d)`` become,
by a softmax over the keys, weights that sum to one; the output is the
weighted mean of the values::

    attention(Q, K, V) = softmax(Q K^T / sqrt(d)) V

Dividing by ``sqrt(d)`` keeps the scores' spread about 1 whatever the width,
so the softmax does not saturate and its gradient does not vanish.

Masks: a boolean array broadcastable to the scores' shape (..., Tq, Tk), in
which **True means "may attend"** and False means "blocked". A blocked
score becomes minus infinity before the softmax, so its weight is exactly 0.
A query whose keys are all blocked gets all-zero weights and a zero output
(instead of the NaN of 0 / 0). :func:`causal_mask` blocks the future,
:func:`padding_mask` the padding at the end of shorter sequences; combine
masks with ``&``.
"""

from __future__ import annotations

import numpy as np

from dlkit.io import register
from dlkit.nn.activations import _check_grad, _float_input, _need_forward
from dlkit.nn.conv import _positive_int
from dlkit.nn.dense import Dense
from dlkit.nn.init import float_dtype, make_rng
from dlkit.nn.layer import Layer

__all__ = ["MultiHeadAttention", "attention_backward", "causal_mask",
           "padding_mask", "scaled_dot_product_attention"]


def causal_mask(length: int) -> np.ndarray:
    """The mask that lets position ``i`` attend to positions ``0..i`` only.

    Returns
    -------
    ndarray of bool, shape (T, T)
        True on and below the diagonal (``key <= query``).
    """
    length = _positive_int(length, "length")
    return np.tril(np.ones((length, length), dtype=bool))


def padding_mask(lengths, max_len: int) -> np.ndarray:
    """The mask that hides the padding after each sequence's real tokens.

    Parameters
    ----------
    lengths : array-like of int, shape (N,)
        The number of real tokens in each sequence.
    max_len : int
        T, the padded length.

    Returns
    -------
    ndarray of bool, shape (N, 1, T)
        True for key positions ``j < lengths[n]``; broadcasts over the queries
        of (N, Tq, Tk) scores.
    """
    max_len = _positive_int(max_len, "max_len")
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or lengths.dtype.kind not in "iu":
        raise TypeError(f"lengths must be a 1-d array of ints, one per sequence; "
                        f"got {lengths.dtype} of shape {lengths.shape}.")
    if lengths.size and (lengths.min() < 0 or lengths.max() > max_len):
        raise ValueError(f"lengths must lie in [0, max_len={max_len}]; got values "
                         f"from {lengths.min()} to {lengths.max()}.")
    return (np.arange(max_len) < lengths[:, None])[:, None, :]


def _check_mask(mask, scores_shape: tuple[int, ...]) -> np.ndarray:
    mask = np.asarray(mask)
    if mask.dtype != bool:
        raise TypeError(f"mask must be a boolean array (True = may attend); got "
                        f"{mask.dtype}. Convert a 0/1 mask with mask == 1; an "
                        f"additive mask of 0 and -inf with mask == 0.")
    try:
        np.broadcast_shapes(mask.shape, scores_shape)
    except ValueError:
        raise ValueError(f"mask of shape {mask.shape} does not broadcast to the "
                         f"scores' shape (..., Tq, Tk) = {scores_shape}. Give it "
                         f"the shape (Tq, Tk), or add axes of length 1.") from None
    return mask


def scaled_dot_product_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray,
                                 mask: np.ndarray | None = None):
    """``softmax(q k^T / sqrt(d)) v``, with a numerically stable softmax.

    Parameters
    ----------
    q : ndarray of shape (..., Tq, d)
        Queries.
    k : ndarray of shape (..., Tk, d)
        Keys.
    v : ndarray of shape (..., Tk, dv)
        Values.
    mask : ndarray of bool, broadcastable to (..., Tq, Tk), optional
        True where a query may attend to a key (see the module notes).

    Returns
    -------
    out : ndarray of shape (..., Tq, dv)
    weights : ndarray of shape (..., Tq, Tk)
        The attention weights; every row sums to 1 (or is all 0 when fully
        masked).
    """
    q, k, v = (np.asarray(a) for a in (q, k, v))
    if min(q.ndim, k.ndim, v.ndim) < 2 or q.shape[-1] != k.shape[-1] or (
            k.shape[-2] != v.shape[-2]):
        raise ValueError(f"q, k, v must have shapes (..., Tq, d), (..., Tk, d) "
                         f"and (..., Tk, dv); got {q.shape}, {k.shape} and "
                         f"{v.shape}. Queries and keys need the same d; keys and "
                         f"values the same Tk.")
    scale = 1.0 / np.sqrt(q.shape[-1])

    scores = q @ k.swapaxes(-1, -2)                 # (..., Tq, d) @ (..., d, Tk)
    scores *= scale
    if mask is not None:
        blocked = ~_check_mask(mask, scores.shape)
        np.copyto(scores, -np.inf, where=blocked)
    top = scores.max(axis=-1, keepdims=True)        # (..., Tq, 1)
    if mask is not None:
        top[np.isneginf(top)] = 0.0                 # fully masked rows: exp -> 0
    scores -= top                                   # every exponent <= 0
    weights = np.exp(scores, out=scores)
    total = weights.sum(axis=-1, keepdims=True)
    if mask is not None:
        total[total == 0] = 1.0
    weights /= total

    return weights @ v, weights                     # (..., Tq, Tk) @ (..., Tk, dv)


def attention_backward(grad: np.ndarray, q: np.ndarray, k: np.ndarray,
                       v: np.ndarray, weights: np.ndarray):
    """Gradients of :func:`scaled_dot_product_attention` for its inputs.

    With ``P`` the weights and ``G`` the output gradient: ``dV = P^T G``,
    ``dP = G V^T``; through the softmax, row by row,
    ``dS = P * (dP - sum(dP * P))``; then ``dQ = dS K / sqrt(d)`` and
    ``dK = dS^T Q / sqrt(d)``. Masked weights are 0, so no gradient reaches
    masked scores.

    Parameters
    ----------
    grad : ndarray of shape (..., Tq, dv)
        Gradient of the loss with respect to the attention output.
    q, k, v, weights
        The inputs and the returned weights of the forward call.

    Returns
    -------
    dq, dk, dv : ndarrays shaped like q, k and v
    """
    scale = 1.0 / np.sqrt(q.shape[-1])
    dv = weights.swapaxes(-1, -2) @ grad            # (..., Tk, Tq) @ (..., Tq, dv)
    ds = grad @ v.swapaxes(-1, -2)                  # dP: (..., Tq, Tk)
    ds -= np.sum(ds * weights, axis=-1, keepdims=True)
    ds *= weights                                   # dS, the scores' gradient
    ds *= scale
    dq = ds @ k                                     # (..., Tq, Tk) @ (..., Tk, d)
    dk = ds.swapaxes(-1, -2) @ q                    # (..., Tk, Tq) @ (..., Tq, d)
    return dq, dk, dv


@register
class MultiHeadAttention(Layer):
    """Multi-head self-attention: h attentions side by side, each on d = D / h
    features, their outputs joined and mixed.

    One dense layer ``qkv`` maps every token to its query, key and value for
    all heads at once (D -> 3D); heads attend independently (batched over N
    and h in one matrix product); a second dense layer ``proj`` mixes the
    joined head outputs (D -> D). Each head can learn to look for something
    different: the previous word, the subject of a verb, matching brackets.

    Parameters
    ----------
    d_model : int
        D, the width of every token vector.
    num_heads : int
        h; must divide D.
    causal : bool
        If True, each position attends only to itself and earlier positions
        (for language models that predict the next token).
    rng : numpy.random.Generator or int
        Source of the initial weights of both dense layers.
    dtype : np.float32 or np.float64

    Attributes
    ----------
    qkv, proj : Dense
        The two sublayers; they hold all the parameters (``params`` is empty).
    attention_weights : ndarray of shape (N, h, T, T)
        After ``forward``: the weights of every head, to plot as heat maps
        (row = query position, column = key position).
    """

    def __init__(self, d_model: int, num_heads: int, causal: bool = False, *,
                 rng: np.random.Generator | int = 0, dtype=np.float32) -> None:
        super().__init__()
        self.d_model = _positive_int(d_model, "d_model")
        self.num_heads = _positive_int(num_heads, "num_heads")
        if self.d_model % self.num_heads:
            raise ValueError(f"MultiHeadAttention: num_heads must divide d_model; "
                             f"got d_model={d_model}, num_heads={num_heads}. "
                             f"Choose e.g. num_heads="
                             f"{max(h for h in range(1, 9) if d_model % h == 0)}.")
        if not isinstance(causal, (bool, np.bool_)):
            raise TypeError(f"MultiHeadAttention: causal must be True or False; "
                            f"got {causal!r}.")
        self.causal = bool(causal)
        self.dtype = float_dtype(dtype)
        rng = make_rng(rng)
        self.qkv = Dense(self.d_model, 3 * self.d_model, rng=rng, dtype=self.dtype)
        self.proj = Dense(self.d_model, self.d_model, rng=rng, dtype=self.dtype)
        self.attention_weights = None
        self._cache = None

    def sublayers(self) -> list[Layer]:
        return [self.qkv, self.proj]

    def _combined_mask(self, mask, n: int, t: int):
        """The user's mask (with a head axis) and the causal mask, as one."""
        if mask is not None:
            mask = np.asarray(mask)
            if mask.ndim == 3:
                mask = mask[:, None]                # (N, 1, Tq, Tk): every head
            mask = _check_mask(mask, (n, self.num_heads, t, t))
        if self.causal:
            mask = causal_mask(t) if mask is None else mask & causal_mask(t)
        return mask

    def forward(self, x: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """Every position attends to every (allowed) position of its sequence.

        Parameters
        ----------
        x : ndarray of shape (N, T, D)
        mask : ndarray of bool, optional
            True = may attend; shape (T, T), (N, 1, T) (see
            :func:`padding_mask`) or (N, T, T). Combined with the causal mask
            when ``causal`` is set.

        Returns
        -------
        ndarray of shape (N, T, D), of the layer's dtype
        """
        x = _float_input(x, self)
        d = self.d_model
        if x.ndim != 3 or x.shape[2] != d:
            raise ValueError(f"MultiHeadAttention: x must have shape (N, T, {d}); "
                             f"got {x.shape}. Pass a batch of sequences of "
                             f"d_model={d} features (x[None] for one sequence).")
        n, t, _ = x.shape
        heads, dk = self.num_heads, d // self.num_heads
        mask = self._combined_mask(mask, n, t)

        qkv = self.qkv.forward(x.reshape(n * t, d))              # (N*T, 3D)
        q, k, v = qkv.reshape(n, t, 3, heads, dk).transpose(2, 0, 3, 1, 4)
        out, weights = scaled_dot_product_attention(q, k, v, mask)  # (N, h, T, d)
        joined = out.transpose(0, 2, 1, 3).reshape(n * t, d)        # (N*T, D)
        y = self.proj.forward(joined)

        self.attention_weights = weights
        self._cache = (q, k, v, weights)
        return y.reshape(n, t, d)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Fill the sublayers' grads; return the input gradient.

        Parameters
        ----------
        grad : ndarray of shape (N, T, D)

        Returns
        -------
        ndarray of shape (N, T, D)
        """
        q, k, v, weights = _need_forward(self._cache, self)
        n, heads, t, dk = q.shape
        d = self.d_model
        grad = _check_grad(grad, (n, t, d), self)

        d_joined = self.proj.backward(grad.reshape(n * t, d))       # (N*T, D)
        d_out = d_joined.reshape(n, t, heads, dk).transpose(0, 2, 1, 3)
        dq, dk_, dv = attention_backward(d_out, q, k, v, weights)

        d_qkv = np.empty((n, t, 3, heads, dk), dtype=dq.dtype)
        parts = d_qkv.transpose(2, 0, 3, 1, 4)                      # (3, N, h, T, d)
        parts[0], parts[1], parts[2] = dq, dk_, dv
        dx = self.qkv.backward(d_qkv.reshape(n * t, 3 * d))
        return dx.reshape(n, t, d)

    def config(self) -> dict:
        return {"d_model": self.d_model, "num_heads": self.num_heads,
                "causal": self.causal, "dtype": self.dtype.name}
