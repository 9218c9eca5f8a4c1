"""Embedding: a learned vector for each token id, looked up by index.

Looking up row ``i`` of ``W`` is the same as multiplying a one-hot vector
for ``i`` by ``W``, without building the one-hot vector. The backward pass
adds each position's output gradient to the row it was read from; a token
that appears twice in the batch receives both contributions.

Letters: N sequences, T positions, V vocabulary size, E embedding size.
"""

from __future__ import annotations

import numpy as np

from dlkit.io import register
from dlkit.nn.activations import _check_grad, _need_forward
from dlkit.nn.dense import _positive_int
from dlkit.nn.init import float_dtype, make_rng
from dlkit.nn.layer import Layer

__all__ = ["Embedding"]


@register
class Embedding(Layer):
    """Map integer ids of shape (N, T) to vectors of shape (N, T, E).

    Parameters
    ----------
    vocab : int
        V, the number of distinct ids; valid ids are ``0 .. V-1``.
    dim : int
        E, the length of each vector.
    rng : numpy.random.Generator or int
        Source of the initial vectors, drawn from a standard normal.
    dtype : np.float32 or np.float64

    Attributes
    ----------
    params : dict
        ``"W"``: ndarray of shape (V, E), row ``i`` the vector of id ``i``.

    Notes
    -----
    Ids are integers, so the loss has no gradient with respect to them:
    ``backward`` returns None. An Embedding is therefore the first layer of a
    model; a layer before it would receive None as its gradient.
    """

    input_dtype = np.int64   # what Sequential.summary feeds to a first Embedding

    def __init__(self, vocab: int, dim: int, *, rng: np.random.Generator | int = 0,
                 dtype=np.float32) -> None:
        super().__init__()
        self.vocab = _positive_int(vocab, "vocab", "Embedding")
        self.dim = _positive_int(dim, "dim", "Embedding")
        self.dtype = float_dtype(dtype)
        weights = make_rng(rng).standard_normal((self.vocab, self.dim))
        self.params = {"W": weights.astype(self.dtype)}
        self._ids = None

    def forward(self, ids: np.ndarray) -> np.ndarray:
        """Look up the vector of every id.

        Parameters
        ----------
        ids : ndarray of int, shape (N, T) (any shape works)

        Returns
        -------
        ndarray of shape (N, T, E)
        """
        ids = np.asarray(ids)
        if ids.dtype.kind not in "iu":
            raise TypeError(f"Embedding: ids must be integers; got {ids.dtype}. "
                            f"Convert token ids with ids.astype(np.int64); a "
                            f"float input usually means features were passed "
                            f"where token ids were expected.")
        if ids.size and (ids.min() < 0 or ids.max() >= self.vocab):
            raise ValueError(f"Embedding: ids must lie in 0 .. {self.vocab - 1} "
                             f"(vocab={self.vocab}); got values from {ids.min()} "
                             f"to {ids.max()}. Build the layer with a vocab that "
                             f"covers every id, or map unknown tokens to a "
                             f"reserved id.")
        self._ids = ids
        return self.params["W"][ids]                  # (N, T) -> (N, T, E)

    def backward(self, grad: np.ndarray) -> None:
        """Fill ``grads["W"]`` by adding each gradient row to its id's row.

        Parameters
        ----------
        grad : ndarray of shape (N, T, E)

        Returns
        -------
        None
            Integer ids have no gradient.
        """
        ids = _need_forward(self._ids, self)
        grad = _check_grad(grad, (*ids.shape, self.dim), self)
        grad_w = np.zeros_like(self.params["W"])
        np.add.at(grad_w, ids, grad)                  # repeated ids accumulate
        self.grads = {"W": grad_w}
        return None

    def config(self) -> dict:
        return {"vocab": self.vocab, "dim": self.dim, "dtype": self.dtype.name}
