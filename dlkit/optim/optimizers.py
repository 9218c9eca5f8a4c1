"""Optimisers: rules that move every parameter a little against its gradient.

An optimiser is built on a model (any :class:`~dlkit.nn.layer.Layer`). Each
``step()`` walks ``model.layers()`` and updates every ``layer.params[key]`` in
place from ``layer.grads[key]``. In place matters twice: the layers keep their
own arrays, and no parameter is ever copied. What an optimiser remembers between
steps (a velocity, running averages) lives in ``optimizer.state``, one entry per
(layer, key). The arithmetic runs in the parameter's dtype: float32 stays
float32, and each update reuses a scratch buffer instead of allocating.

A key of ``params`` that has no entry in ``grads`` (a layer the last backward
pass did not reach, or gradients cleared by ``zero_grad``) is left unchanged.

Letters used in the docstrings: ``p`` a parameter, ``g`` its gradient, ``lr``
the learning rate, ``t`` the number of updates that parameter has had (1 at its
first step).
"""

from __future__ import annotations

import math

import numpy as np

from dlkit.nn.layer import Layer

__all__ = ["SGD", "Adam", "AdamW", "Optimizer", "RMSProp"]


def _check_number(name: str, value, low: float, high: float = math.inf, *,
                  low_open: bool = False, high_open: bool = False) -> float:
    """``value`` as a float, or a ValueError that names the allowed interval."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number; got {type(value).__name__} "
                        f"{value!r}.")
    value = float(value)
    too_low = value <= low if low_open else value < low
    too_high = value >= high if high_open else value > high
    if math.isnan(value) or too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open or high == math.inf else "]"
        raise ValueError(f"{name} must be in {left}{low:g}, {high:g}{right}; got "
                         f"{value!r}.")
    return value


class Optimizer:
    """Base class: the walk over the model, the state and the learning rate.

    A subclass says what state a parameter needs (``_new_state``) and how one
    parameter is updated (``_update``); everything else is shared.

    Parameters
    ----------
    model : Layer
        The model whose parameters are trained, usually a ``Sequential``.
    lr : float
        The learning rate, at least 0. A schedule may set ``optimizer.lr``
        between steps.

    Attributes
    ----------
    state : dict of (int, str) to dict
        Per parameter, keyed by ``(id(layer), key)``: the arrays the rule keeps
        between steps, the update count ``"t"`` and the parameter itself.
    """

    def __init__(self, model: Layer, lr: float) -> None:
        if not isinstance(model, Layer):
            raise TypeError(
                f"model must be a dlkit Layer (for example a Sequential); got "
                f"{type(model).__name__}. Pass the model itself, not its params "
                "or a list of layers.")
        self.model = model
        self.lr = lr
        self.state: dict[tuple[int, str], dict] = {}

    @property
    def lr(self) -> float:
        """The learning rate used by the next ``step()``."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = _check_number("lr", value, 0.0)

    def step(self) -> None:
        """Update every parameter that has a gradient, in place."""
        state, update = self.state, self._update
        for layer in self.model.layers():
            params = layer.params
            if not params:
                continue
            grads, where = layer.grads, id(layer)
            for key, p in params.items():
                g = grads.get(key)
                if g is None:
                    continue
                if g.shape != p.shape:
                    raise ValueError(
                        f"{type(layer).__name__}.grads[{key!r}] has shape "
                        f"{g.shape} but params[{key!r}] has shape {p.shape}. "
                        "backward must give each parameter a gradient of its "
                        "own shape.")
                slot = state.get((where, key))
                if slot is None or slot["param"] is not p:
                    slot = state[(where, key)] = self._start(layer, key, p)
                slot["t"] += 1
                update(p, g, slot)

    def zero_grad(self) -> None:
        """Clear the model's gradients (``model.zero_grad()``)."""
        self.model.zero_grad()

    def reset(self) -> None:
        """Forget all state, as if no step had been taken."""
        self.state.clear()

    def state_for(self, layer: Layer, key: str) -> dict:
        """The state kept for ``layer.params[key]`` (empty before its first step).

        Returns
        -------
        dict
            ``"t"``, the number of updates so far, and the rule's arrays (for
            example ``"velocity"`` or ``"m"`` and ``"v"``), each of the
            parameter's shape. Scratch space is left out.
        """
        slot = self.state.get((id(layer), key))
        if slot is None:
            return {}
        return {name: value for name, value in slot.items()
                if name not in ("param", "scratch", "decayed")}

    def _start(self, layer: Layer, key: str, p: np.ndarray) -> dict:
        if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
            kind = p.dtype if isinstance(p, np.ndarray) else type(p).__name__
            raise TypeError(
                f"{type(layer).__name__}.params[{key!r}] must be a floating-point "
                f"ndarray to be trained; got {kind}. Create parameters with "
                "dtype=np.float32 or np.float64.")
        slot = {"param": p, "t": 0, "scratch": np.empty_like(p)}
        slot.update(self._new_state(p))
        return slot

    def _new_state(self, p: np.ndarray) -> dict[str, np.ndarray]:
        return {}

    def _update(self, p: np.ndarray, g: np.ndarray, slot: dict) -> None:
        raise NotImplementedError(f"{type(self).__name__} must define _update")

    def _with_l2(self, p: np.ndarray, g: np.ndarray, slot: dict,
                 weight_decay: float) -> np.ndarray:
        """``g + weight_decay * p`` in a buffer of its own; ``g`` is not changed."""
        out = slot.get("decayed")
        if out is None:
            out = slot["decayed"] = np.empty_like(p)
        np.multiply(p, weight_decay, out=out)
        out += g
        return out

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._config().items())
        return f"{type(self).__name__}({args})"

    def _config(self) -> dict:
        return {"lr": self.lr}


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with (Nesterov) momentum.

    Update rules, with ``mu`` the momentum and ``v`` the velocity (zero before
    the first step)::

        plain      p <- p - lr * g
        momentum   v <- mu * v + g;   p <- p - lr * v
        Nesterov   v <- mu * v + g;   p <- p - lr * (g + mu * v)

    The velocity is kept in units of the gradient, so changing ``lr`` between
    steps changes the step size at once. ``weight_decay`` adds
    ``weight_decay * p`` to ``g`` first (an L2 penalty).

    Parameters
    ----------
    model : Layer
    lr : float
    momentum : float in [0, 1)
    nesterov : bool
        Look ahead along the velocity; needs ``momentum > 0``.
    weight_decay : float, at least 0
    """

    def __init__(self, model: Layer, lr: float = 0.01, momentum: float = 0.0,
                 nesterov: bool = False, weight_decay: float = 0.0) -> None:
        super().__init__(model, lr)
        self.momentum = _check_number("momentum", momentum, 0.0, 1.0,
                                      high_open=True)
        self.weight_decay = _check_number("weight_decay", weight_decay, 0.0)
        if nesterov and self.momentum == 0.0:
            raise ValueError("nesterov=True needs a momentum above 0; got "
                             "momentum=0.0. Pass momentum=0.9, for example.")
        self.nesterov = bool(nesterov)

    def _new_state(self, p):
        return {"velocity": np.zeros_like(p)} if self.momentum else {}

    def _update(self, p, g, slot):
        lr, mu, tmp = self._lr, self.momentum, slot["scratch"]
        if self.weight_decay:
            g = self._with_l2(p, g, slot, self.weight_decay)

        if not mu:
            np.multiply(g, lr, out=tmp)
            p -= tmp
            return

        v = slot.get("velocity")
        if v is None:                           # momentum switched on later
            v = slot["velocity"] = np.zeros_like(p)
        v *= mu
        v += g
        if self.nesterov:
            np.multiply(g, lr, out=tmp)
            p -= tmp
            np.multiply(v, lr * mu, out=tmp)
        else:
            np.multiply(v, lr, out=tmp)
        p -= tmp

    def _config(self):
        return {"lr": self.lr, "momentum": self.momentum,
                "nesterov": self.nesterov, "weight_decay": self.weight_decay}


class RMSProp(Optimizer):
    """Divide each step by a running root mean square of the gradient.

    Update rule, with ``s`` the running mean of squares (zero at first)::

        s <- rho * s + (1 - rho) * g**2
        p <- p - lr * g / (sqrt(s) + eps)

    Parameters
    ----------
    model : Layer
    lr : float
    rho : float in [0, 1)
        How much of the running average survives each step.
    eps : float, above 0
        Keeps the division finite where ``s`` is zero.
    weight_decay : float, at least 0
        Added to ``g`` as ``weight_decay * p`` (L2), as in :class:`SGD`.
    """

    def __init__(self, model: Layer, lr: float = 0.001, rho: float = 0.9,
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(model, lr)
        self.rho = _check_number("rho", rho, 0.0, 1.0, high_open=True)
        self.eps = _check_number("eps", eps, 0.0, low_open=True)
        self.weight_decay = _check_number("weight_decay", weight_decay, 0.0)

    def _new_state(self, p):
        return {"square_avg": np.zeros_like(p)}

    def _update(self, p, g, slot):
        s, tmp = slot["square_avg"], slot["scratch"]
        if self.weight_decay:
            g = self._with_l2(p, g, slot, self.weight_decay)

        # s += (1 - rho) * (g**2 - s)
        np.multiply(g, g, out=tmp)
        tmp -= s
        tmp *= 1.0 - self.rho
        s += tmp

        # p -= lr * g / (sqrt(s) + eps)
        np.sqrt(s, out=tmp)
        tmp += self.eps
        np.divide(g, tmp, out=tmp)
        tmp *= self._lr
        p -= tmp

    def _config(self):
        return {"lr": self.lr, "rho": self.rho, "eps": self.eps,
                "weight_decay": self.weight_decay}


class Adam(Optimizer):
    """Adaptive moments: momentum and RMSProp together, with bias correction.

    Update rule, with ``m`` and ``v`` running means of ``g`` and ``g**2``
    (zero at first)::

        m <- b1 * m + (1 - b1) * g
        v <- b2 * v + (1 - b2) * g**2
        m_hat = m / (1 - b1**t);   v_hat = v / (1 - b2**t)
        p <- p - lr * m_hat / (sqrt(v_hat) + eps)

    Both averages start at zero, so early on they are too small; dividing by
    ``1 - b**t`` corrects exactly that, and the first step moves every entry
    by about ``lr`` whatever the size of its gradient.

    Parameters
    ----------
    model : Layer
    lr : float
    betas : (float, float), each in [0, 1)
        ``(b1, b2)``, the survival rates of the two averages.
    eps : float, above 0
    weight_decay : float, at least 0
        Added to ``g`` as ``weight_decay * p`` before the averages (L2). The
        adaptive scaling then weakens the decay of parameters with large
        gradients; :class:`AdamW` decays all parameters alike.
    """

    def __init__(self, model: Layer, lr: float = 0.001,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(model, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"betas must be a pair (b1, b2); got {betas!r}. "
                            "Pass betas=(0.9, 0.999), for example.")
        self.betas = (_check_number("betas[0]", betas[0], 0.0, 1.0, high_open=True),
                      _check_number("betas[1]", betas[1], 0.0, 1.0, high_open=True))
        self.eps = _check_number("eps", eps, 0.0, low_open=True)
        self.weight_decay = _check_number("weight_decay", weight_decay, 0.0)

    def _new_state(self, p):
        return {"m": np.zeros_like(p), "v": np.zeros_like(p)}

    def _update(self, p, g, slot):
        b1, b2 = self.betas
        m, v, tmp, t = slot["m"], slot["v"], slot["scratch"], slot["t"]
        g = self._decay(p, g, slot)

        # m += (1 - b1) * (g - m);  v += (1 - b2) * (g**2 - v)
        np.subtract(g, m, out=tmp)
        tmp *= 1.0 - b1
        m += tmp
        np.multiply(g, g, out=tmp)
        tmp -= v
        tmp *= 1.0 - b2
        v += tmp

        # p -= lr / (1 - b1**t) * m / (sqrt(v) / sqrt(1 - b2**t) + eps)
        np.sqrt(v, out=tmp)
        tmp *= 1.0 / math.sqrt(1.0 - b2**t)
        tmp += self.eps
        np.divide(m, tmp, out=tmp)
        tmp *= self._lr / (1.0 - b1**t)
        p -= tmp

    def _decay(self, p, g, slot):
        if self.weight_decay:
            return self._with_l2(p, g, slot, self.weight_decay)
        return g

    def _config(self):
        return {"lr": self.lr, "betas": self.betas, "eps": self.eps,
                "weight_decay": self.weight_decay}


class AdamW(Adam):
    """Adam with decoupled weight decay.

    Before the Adam step, each parameter shrinks towards zero by the same
    fraction, independent of its gradient::

        p <- p * (1 - lr * weight_decay)
        then the Adam update of :class:`Adam`, with g unchanged

    With Adam's L2 term the decay passes through the adaptive scaling, so
    entries with large gradients are hardly decayed at all; here every entry
    is decayed alike.

    Parameters
    ----------
    model : Layer
    lr : float
    betas : (float, float)
    eps : float
    weight_decay : float, at least 0
        The fraction of ``p`` removed per step is ``lr * weight_decay``.
    """

    def __init__(self, model: Layer, lr: float = 0.001,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.01) -> None:
        super().__init__(model, lr, betas, eps, weight_decay)

    def _decay(self, p, g, slot):
        if self.weight_decay:
            p *= 1.0 - self._lr * self.weight_decay
        return g
