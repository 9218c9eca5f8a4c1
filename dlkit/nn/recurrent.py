"""Recurrent layers over whole sequences: a plain tanh RNN and an LSTM.

Letters: N sequences in a batch, T time steps, D input features per step,
H hidden units. Inputs are batch first: ndarray of shape (N, T, D).

Both layers run the cell over all T steps in ``forward`` and return either
every hidden state, shape (N, T, H) (``return_sequences=True``, the default),
or only the last one, shape (N, H). ``backward`` is backpropagation through
time: the gradient walks the steps in reverse, and each step's weight
gradients are summed. The input projection ``x W_x`` of all steps is one
matrix product before the loop, and the weight gradients are one product each
after it; only the ``h W_h`` recurrence runs step by step.

An initial state may be passed to ``forward`` (zeros otherwise). After
``forward``, ``state`` holds the final state, to continue a sequence in the
next call (e.g. when generating text one character at a time); after
``backward``, ``state_grad`` holds the gradient with respect to the initial
state.
"""

from __future__ import annotations

import numpy as np

from dlkit.io import register
from dlkit.nn.activations import _check_grad, _float_input, _need_forward
from dlkit.nn.conv import _positive_int
from dlkit.nn.functional import sigmoid
from dlkit.nn.init import float_dtype, get_initializer, make_rng
from dlkit.nn.layer import Layer

__all__ = ["LSTM", "RNN", "orthogonal"]


def orthogonal(shape: tuple[int, int], rng, *, gain: float = 1.0,
               dtype=np.float64) -> np.ndarray:
    """A random matrix with orthonormal rows or columns, times ``gain``.

    A recurrent weight that is orthogonal neither grows nor shrinks the hidden
    state it multiplies, which keeps gradients through time from exploding or
    vanishing at the start of training.

    Parameters
    ----------
    shape : (int, int)
    rng : numpy.random.Generator or int seed
    gain : float
    dtype : numpy floating dtype

    Returns
    -------
    ndarray of ``shape`` and ``dtype``
    """
    rows, cols = shape
    a = make_rng(rng).standard_normal((max(rows, cols), min(rows, cols)))
    q, r = np.linalg.qr(a)
    q *= np.sign(np.diag(r))              # a unique, uniformly random choice
    if rows < cols:
        q = q.T
    return (gain * q).astype(dtype)


class _Recurrent(Layer):
    """Settings, weights and input checks shared by RNN and LSTM."""

    gates = 1          # blocks of H columns in the weights (4 for an LSTM)

    def __init__(self, input_size: int, hidden_size: int,
                 return_sequences: bool = True, *, init: str = "xavier",
                 rng: np.random.Generator | int = 0, dtype=np.float32) -> None:
        super().__init__()
        name = type(self).__name__
        self.input_size = _positive_int(input_size, "input_size")
        self.hidden_size = _positive_int(hidden_size, "hidden_size")
        if not isinstance(return_sequences, (bool, np.bool_)):
            raise TypeError(f"{name}: return_sequences must be True or False; got "
                            f"{return_sequences!r}.")
        self.return_sequences = bool(return_sequences)
        self.init = init
        self.dtype = float_dtype(dtype)
        draw = get_initializer(init)
        rng = make_rng(rng)

        d, h, k = self.input_size, self.hidden_size, self.gates
        # one block per gate, each drawn as if it were its own (D, H) matrix
        wx = np.concatenate([draw((d, h), rng, dtype=self.dtype)
                             for _ in range(k)], axis=1)
        wh = np.concatenate([orthogonal((h, h), rng, dtype=self.dtype)
                             for _ in range(k)], axis=1)
        self.params = {"Wx": wx, "Wh": wh,
                       "b": np.zeros(k * h, dtype=self.dtype)}
        self.state = None
        self.state_grad = None
        self._cache = None

    def _check_input(self, x) -> np.ndarray:
        x = _float_input(x, self)
        d = self.input_size
        if x.ndim != 3 or x.shape[2] != d:
            if x.ndim == 2 and x.shape[1] == d:
                fix = "Pass a batch of one sequence: x[None]"
            elif x.ndim == 2:
                fix = ("For one feature per step use x[:, :, None]; for token "
                       "ids, embed or one-hot them first")
            else:
                fix = (f"The layer was built with input_size={d}; check the "
                       f"data's last axis")
            raise ValueError(f"{type(self).__name__}: x must have shape (N, T, {d}) "
                             f"(batch, time, features); got {x.shape}. {fix}.")
        if x.shape[1] == 0:
            raise ValueError(f"{type(self).__name__}: x must have at least one "
                             f"time step; got shape {x.shape}.")
        if x.dtype != self.dtype:
            x = x.astype(self.dtype)
        return x

    def _check_state(self, state, n: int, what: str) -> np.ndarray:
        if state is None:
            return np.zeros((n, self.hidden_size), dtype=self.dtype)
        state = _float_input(state, self, what)
        if state.shape != (n, self.hidden_size):
            raise ValueError(f"{type(self).__name__}: {what} must have shape "
                             f"(N, H) = {(n, self.hidden_size)}; got "
                             f"{state.shape}. Pass one state per sequence of the "
                             f"batch, or None for zeros.")
        return state.astype(self.dtype, copy=False)

    def _output_grad(self, grad, n: int, t: int) -> np.ndarray:
        """The output gradient as one (T, N, H) array, zeros where no output."""
        h = self.hidden_size
        if self.return_sequences:
            grad = _check_grad(grad, (n, t, h), self)
            return grad.astype(self.dtype, copy=False).transpose(1, 0, 2)
        grad = _check_grad(grad, (n, h), self)
        full = np.zeros((t, n, h), dtype=self.dtype)
        full[-1] = grad
        return full

    def _output(self, hs: np.ndarray) -> np.ndarray:
        """(T, N, H) hidden states as the layer's output."""
        if self.return_sequences:
            return np.ascontiguousarray(hs.transpose(1, 0, 2))     # (N, T, H)
        return hs[-1].copy()                                        # (N, H)

    def _weight_grads(self, x, h_prev, da) -> np.ndarray:
        """Fill grads from every step's pre-activation gradient; return dx.

        x : (N, T, D); h_prev : (T, N, H), the state entering each step;
        da : (T, N, k*H), the gradient of each step's pre-activations.
        """
        k_h = da.shape[2]
        da_bt = da.transpose(1, 0, 2).reshape(-1, k_h)      # (N*T, kH)
        self.grads = {
            "Wx": x.reshape(-1, self.input_size).T @ da_bt,             # (D, kH)
            "Wh": h_prev.reshape(-1, self.hidden_size).T @ da.reshape(-1, k_h),
            "b": da_bt.sum(axis=0),
        }
        return (da_bt @ self.params["Wx"].T).reshape(x.shape)          # (N, T, D)

    def config(self) -> dict:
        return {"input_size": self.input_size, "hidden_size": self.hidden_size,
                "return_sequences": self.return_sequences, "init": self.init,
                "dtype": self.dtype.name}


@register
class RNN(_Recurrent):
    """Plain (Elman) recurrent layer: ``h_t = tanh(x_t W_x + h_{t-1} W_h + b)``.

    Parameters
    ----------
    input_size : int
        D, the features of each time step.
    hidden_size : int
        H, the size of the hidden state.
    return_sequences : bool
        True: return every hidden state, (N, T, H); False: only the last, (N, H).
    init : str
        How to draw ``Wx`` (a name of ``dlkit.nn.init.INITIALIZERS``; Glorot
        uniform by default). ``Wh`` is always :func:`orthogonal`, ``b`` zeros.
    rng : numpy.random.Generator or int
    dtype : np.float32 or np.float64

    Attributes
    ----------
    params : dict
        ``"Wx"`` (D, H), ``"Wh"`` (H, H), ``"b"`` (H,).
    state : ndarray of shape (N, H)
        After ``forward``: the last hidden state.
    state_grad : ndarray of shape (N, H)
        After ``backward``: the gradient with respect to the initial state.
    """

    def forward(self, x: np.ndarray, initial_state: np.ndarray | None = None
                ) -> np.ndarray:
        """Run the cell over the sequence.

        Parameters
        ----------
        x : ndarray of shape (N, T, D)
        initial_state : ndarray of shape (N, H), optional
            h_0; zeros when omitted.

        Returns
        -------
        ndarray of shape (N, T, H), or (N, H) if ``return_sequences`` is False
        """
        x = self._check_input(x)
        n, t, _ = x.shape
        h0 = self._check_state(initial_state, n, "initial_state")
        wh = self.params["Wh"]

        h = h0
        hs = x.transpose(1, 0, 2) @ self.params["Wx"]      # (T, N, D) @ (D, H)
        hs += self.params["b"]
        for step in range(t):
            a = hs[step]                        # x_t W_x + b, overwritten by h_t
            a += h @ wh                         # (N, H) @ (H, H)
            h = np.tanh(a, out=a)

        self._cache = (x, h0, hs)
        self.state = h.copy()
        return self._output(hs)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Backpropagation through time; fill grads and ``state_grad``.

        Parameters
        ----------
        grad : ndarray of shape (N, T, H), or (N, H) if ``return_sequences``
            is False

        Returns
        -------
        ndarray of shape (N, T, D)
        """
        x, h0, hs = _need_forward(self._cache, self)
        t, n, _ = hs.shape
        grad = self._output_grad(grad, n, t)
        wh_t = self.params["Wh"].T

        da = np.empty_like(hs)                              # (T, N, H)
        dh = np.zeros_like(h0)              # gradient flowing in from step t + 1
        for step in reversed(range(t)):
            dh += grad[step]
            h = hs[step]
            np.multiply(dh, 1.0 - h * h, out=da[step])      # through the tanh
            dh = da[step] @ wh_t                            # to h_{t-1}
        self.state_grad = dh

        h_prev = np.concatenate([h0[None], hs[:-1]])        # (T, N, H)
        return self._weight_grads(x, h_prev, da)


@register
class LSTM(_Recurrent):
    """Long short-term memory: a cell state that gates decide to keep or change.

    Per step, with ``a = x_t W_x + h_{t-1} W_h + b`` split into four blocks of
    H columns, in this order::

        i = sigmoid(a_i)      input gate: how much of the candidate to write
        f = sigmoid(a_f)      forget gate: how much of the old cell to keep
        o = sigmoid(a_o)      output gate: how much of the cell to show
        g = tanh(a_g)         candidate values
        c_t = f * c_{t-1} + i * g
        h_t = o * tanh(c_t)

    Because ``c_t`` is updated by addition, its gradient passes back through
    time multiplied only by ``f``: when the forget gate stays near 1, it
    neither vanishes nor explodes, unlike a plain RNN's.

    Parameters
    ----------
    input_size, hidden_size, return_sequences, init, rng, dtype
        As for :class:`RNN`.
    forget_bias : float
        Starting value of the forget gate's bias (the other biases start at
        0). A positive value (1 by default) makes the cell remember at first.

    Attributes
    ----------
    params : dict
        ``"Wx"`` (D, 4H), ``"Wh"`` (H, 4H), ``"b"`` (4H,), gate blocks in the
        order i, f, o, g.
    state : (ndarray of shape (N, H), ndarray of shape (N, H))
        After ``forward``: the last hidden state and cell state ``(h, c)``.
    state_grad : (ndarray of shape (N, H), ndarray of shape (N, H))
        After ``backward``: the gradients with respect to ``(h_0, c_0)``.
    """

    gates = 4

    def __init__(self, input_size: int, hidden_size: int,
                 return_sequences: bool = True, *, forget_bias: float = 1.0,
                 init: str = "xavier", rng: np.random.Generator | int = 0,
                 dtype=np.float32) -> None:
        super().__init__(input_size, hidden_size, return_sequences, init=init,
                         rng=rng, dtype=dtype)
        if not isinstance(forget_bias, (int, float)) or isinstance(forget_bias,
                                                                   bool):
            raise TypeError(f"LSTM: forget_bias must be a number; got "
                            f"{type(forget_bias).__name__}. Use e.g. 1.0.")
        self.forget_bias = float(forget_bias)
        h = self.hidden_size
        self.params["b"][h:2 * h] = self.forget_bias

    def forward(self, x: np.ndarray, initial_state=None) -> np.ndarray:
        """Run the cell over the sequence.

        Parameters
        ----------
        x : ndarray of shape (N, T, D)
        initial_state : (ndarray of shape (N, H), ndarray of shape (N, H)), optional
            ``(h_0, c_0)``; zeros when omitted.

        Returns
        -------
        ndarray of shape (N, T, H), or (N, H) if ``return_sequences`` is False
        """
        x = self._check_input(x)
        n, t, _ = x.shape
        hd = self.hidden_size
        if initial_state is None:
            initial_state = (None, None)
        elif not (isinstance(initial_state, (tuple, list)) and
                  len(initial_state) == 2):
            raise TypeError(f"LSTM: initial_state must be a pair (h0, c0) of "
                            f"arrays of shape (N, H); got "
                            f"{type(initial_state).__name__}. Pass "
                            f"initial_state=(h0, c0), e.g. layer.state.")
        h0 = self._check_state(initial_state[0], n, "initial_state[0] (h0)")
        c0 = self._check_state(initial_state[1], n, "initial_state[1] (c0)")
        wh = self.params["Wh"]

        acts = x.transpose(1, 0, 2) @ self.params["Wx"]   # (T, N, D) @ (D, 4H)
        acts += self.params["b"]
        hs = np.empty((t, n, hd), dtype=self.dtype)
        cs = np.empty((t, n, hd), dtype=self.dtype)
        h, c = h0, c0
        for step in range(t):
            a = acts[step]                      # (N, 4H), becomes the gate values
            a += h @ wh                         # (N, H) @ (H, 4H)
            a[:, :3 * hd] = sigmoid(a[:, :3 * hd])          # i, f, o
            np.tanh(a[:, 3 * hd:], out=a[:, 3 * hd:])       # g
            i, f, o, g = (a[:, k * hd:(k + 1) * hd] for k in range(4))
            c = cs[step] = f * c + i * g
            h = hs[step] = o * np.tanh(c)

        self._cache = (x, h0, c0, acts, hs, cs)
        self.state = (h.copy(), c.copy())
        return self._output(hs)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Backpropagation through time; fill grads and ``state_grad``.

        Parameters
        ----------
        grad : ndarray of shape (N, T, H), or (N, H) if ``return_sequences``
            is False

        Returns
        -------
        ndarray of shape (N, T, D)
        """
        x, h0, c0, gates, hs, cs = _need_forward(self._cache, self)
        t, n, hd = hs.shape
        grad = self._output_grad(grad, n, t)
        wh_t = self.params["Wh"].T

        da = np.empty_like(gates)                           # (T, N, 4H)
        dh = np.zeros_like(h0)
        dc = np.zeros_like(c0)
        for step in reversed(range(t)):
            i, f, o, g = (gates[step, :, k * hd:(k + 1) * hd] for k in range(4))
            c_prev = cs[step - 1] if step else c0
            tc = np.tanh(cs[step])
            dh += grad[step]
            dc += dh * o * (1.0 - tc * tc)                  # through h = o tanh(c)
            d = da[step]
            d[:, :hd] = dc * g * i * (1.0 - i)              # input gate
            d[:, hd:2 * hd] = dc * c_prev * f * (1.0 - f)   # forget gate
            d[:, 2 * hd:3 * hd] = dh * tc * o * (1.0 - o)   # output gate
            d[:, 3 * hd:] = dc * i * (1.0 - g * g)          # candidate
            dc *= f                                         # to c_{t-1}
            dh = d @ wh_t                                   # to h_{t-1}
        self.state_grad = (dh, dc)

        h_prev = np.concatenate([h0[None], hs[:-1]])        # (T, N, H)
        return self._weight_grads(x, h_prev, da)

    def config(self) -> dict:
        return {**super().config(), "forget_bias": self.forget_bias}
