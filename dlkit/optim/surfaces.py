"""Loss surfaces of two parameters, and the paths optimisers take on them.

A real network has millions of parameters, so its loss cannot be drawn. A
function of two parameters can: its contour lines show valleys, ridges and
saddle points, and the sequence of points an optimiser visits (its *path*) can
be drawn on top. The surfaces here are the classic test cases:

- ``"valley"``: an elongated quadratic bowl, steep across and flat along;
- ``"rosenbrock"``: a curved, narrow, nearly flat-bottomed valley;
- ``"saddle"``: a saddle point between two minima.

:func:`descend` runs a dlkit optimiser on a surface; :func:`follow` runs an
update rule written as a function (the form the notebooks use); :func:`replay`
feeds a dlkit optimiser given gradients, for a parameter of any shape.

Letters: T the number of steps; a path has T + 1 points, the start first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dlkit.nn.layer import Layer

__all__ = ["BOUND", "SURFACES", "Point", "Surface", "descend", "distance_to_minimum",
           "follow", "quadratic_surface", "replay"]

BOUND = 1e3
"""A path that leaves the square ``|x|, |y| <= BOUND`` has diverged; it ends there."""


@dataclass(frozen=True)
class Surface:
    """A loss of two parameters, with where to look at it.

    Attributes
    ----------
    name : str
    value : callable
        ndarray of shape (..., 2) -> ndarray of shape (...), the loss.
    gradient : callable
        ndarray of shape (..., 2) -> ndarray of shape (..., 2).
    extent : (x_min, x_max, y_min, y_max)
        The window a plot shows.
    start : (float, float)
        The usual starting point.
    minima : tuple of (float, float)
        Where the loss is lowest.
    saddles : tuple of (float, float)
        Saddle points, if any.
    log_levels : bool
        Draw contour levels on a log scale (for losses that span many orders
        of magnitude).
    """

    name: str
    value: Callable[[np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray], np.ndarray]
    extent: tuple[float, float, float, float]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...]
    saddles: tuple[tuple[float, float], ...] = ()
    log_levels: bool = False

    def __call__(self, xy) -> np.ndarray:
        """The loss at ``xy``, ndarray of shape (..., 2)."""
        return self.value(np.asarray(xy, dtype=np.float64))

    @property
    def lowest(self) -> float:
        """The loss at the minima."""
        return float(self.value(np.asarray(self.minima[0], dtype=np.float64)))

    def grid(self, resolution: int = 120) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(xs, ys, loss)`` on a grid over ``extent``: shapes (R,), (R,), (R, R).

        Row ``i`` of ``loss`` is at ``ys[i]``, column ``j`` at ``xs[j]``.
        """
        x0, x1, y0, y1 = self.extent
        xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
        points = np.stack(np.meshgrid(xs, ys), axis=-1)      # (R, R, 2)
        return xs, ys, self.value(points)


def _valley_like(hessian: np.ndarray, minimum: np.ndarray):
    def value(xy):
        d = xy - minimum
        return 0.5 * np.einsum("...i,ij,...j->...", d, hessian, d)

    def gradient(xy):
        return (xy - minimum) @ hessian                  # (..., 2) @ (2, 2)

    return value, gradient


def quadratic_surface(hessian, minimum=(0.0, 0.0), *, name: str = "quadratic",
                      extent=(-10.0, 10.0, -3.0, 3.0),
                      start=(-8.0, 2.0), log_levels: bool = False) -> Surface:
    """The bowl ``0.5 * (p - m)^T H (p - m)``; its gradient is ``H (p - m)``.

    Parameters
    ----------
    hessian : array-like of shape (2, 2)
        H, symmetric positive definite: its eigenvalues are the curvatures
        along the bowl's axes.
    minimum : (float, float)
        m, the bottom of the bowl.
    name, extent, start, log_levels
        As in :class:`Surface`.
    """
    h = np.asarray(hessian, dtype=np.float64)
    if h.shape != (2, 2):
        raise ValueError(f"hessian must have shape (2, 2); got {h.shape}. Pass a "
                         "2 x 2 matrix such as [[1, 0], [0, 20]].")
    if not np.allclose(h, h.T) or np.linalg.eigvalsh(h).min() <= 0:
        raise ValueError("hessian must be symmetric with positive eigenvalues, so "
                         f"that the bowl has one bottom; got {h.tolist()}.")
    m = np.asarray(minimum, dtype=np.float64)
    value, gradient = _valley_like(h, m)
    return Surface(name, value, gradient, tuple(map(float, extent)),
                   tuple(map(float, start)), (tuple(map(float, m)),),
                   log_levels=log_levels)


def _rosenbrock_value(xy):
    x, y = xy[..., 0], xy[..., 1]
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


def _rosenbrock_gradient(xy):
    x, y = xy[..., 0], xy[..., 1]
    dx = -2.0 * (1.0 - x) - 400.0 * x * (y - x**2)
    dy = 200.0 * (y - x**2)
    return np.stack([dx, dy], axis=-1)


def _saddle_value(xy):
    x, y = xy[..., 0], xy[..., 1]
    return 0.5 * x**2 + 0.25 * y**4 - 0.5 * y**2


def _saddle_gradient(xy):
    x, y = xy[..., 0], xy[..., 1]
    return np.stack([x, y**3 - y], axis=-1)


SURFACES: dict[str, Surface] = {
    "valley": quadratic_surface([[1.0, 0.0], [0.0, 50.0]], name="valley",
                                extent=(-10.0, 10.0, -3.0, 3.0), start=(-8.0, 2.0)),
    "rosenbrock": Surface("rosenbrock", _rosenbrock_value, _rosenbrock_gradient,
                          (-2.0, 2.0, -1.0, 3.0), (-1.5, 2.0), ((1.0, 1.0),),
                          log_levels=True),
    "saddle": Surface("saddle", _saddle_value, _saddle_gradient,
                      (-2.5, 2.5, -1.6, 1.6), (2.0, 0.01), ((0.0, 1.0), (0.0, -1.0)),
                      saddles=((0.0, 0.0),)),
}
"""The surfaces of the optimisation notebook, by name:

- ``"valley"``: ``0.5 * (x**2 + 50 * y**2)``, curvatures 1 and 50, minimum (0, 0);
- ``"rosenbrock"``: ``(1 - x)**2 + 100 * (y - x**2)**2``, minimum (1, 1);
- ``"saddle"``: ``0.5 * x**2 + 0.25 * y**4 - 0.5 * y**2``, a saddle at (0, 0)
  between minima at (0, 1) and (0, -1).
"""


class Point(Layer):
    """A model that is only a point: one parameter ``"xy"`` of shape (2,).

    Its gradient is set from a surface (``point.grads["xy"] = ...``) rather
    than by a backward pass, so any dlkit optimiser can move it.
    """

    def __init__(self, start) -> None:
        super().__init__()
        self.params["xy"] = _start_point(start)


def _surface(surface) -> Surface:
    if isinstance(surface, str):
        if surface not in SURFACES:
            raise ValueError(f"surface must be one of {sorted(SURFACES)} or a "
                             f"Surface; got {surface!r}.")
        return SURFACES[surface]
    if not isinstance(surface, Surface):
        raise TypeError(f"surface must be a Surface or a name among "
                        f"{sorted(SURFACES)}; got {type(surface).__name__}.")
    return surface


def _start_point(start) -> np.ndarray:
    p = np.array(start, dtype=np.float64)
    if p.shape != (2,) or not np.all(np.isfinite(p)):
        raise ValueError(f"start must be two finite numbers (x, y); got {start!r}.")
    return p


def _steps(steps) -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) \
            or steps < 0:
        raise ValueError(f"steps must be an int of at least 0; got {steps!r}.")
    return int(steps)


def _left(p: np.ndarray) -> bool:
    return not (np.all(np.isfinite(p)) and np.max(np.abs(p)) <= BOUND)


def descend(surface, make_optimizer: Callable[[Layer], object], steps: int,
            start=None) -> np.ndarray:
    """The path of a dlkit optimiser on a surface.

    Parameters
    ----------
    surface : Surface or str
        A :class:`Surface` or a name in :data:`SURFACES`.
    make_optimizer : callable
        Builds the optimiser on the model it is given, e.g.
        ``lambda model: SGD(model, lr=0.05, momentum=0.9)``.
    steps : int, at least 0
        T, the number of updates.
    start : (float, float), optional
        Where to begin; the surface's own start by default.

    Returns
    -------
    ndarray of shape (T + 1, 2)
        The point before each update and after the last. A path that leaves
        the square ``|x|, |y| <= BOUND`` (or stops being finite) ends at the
        first point outside, so it may be shorter.
    """
    surface, steps = _surface(surface), _steps(steps)
    model = Point(surface.start if start is None else start)
    optimizer = make_optimizer(model)
    if not callable(getattr(optimizer, "step", None)) or \
            getattr(optimizer, "model", None) is not model:
        raise TypeError("make_optimizer must build an optimiser on the model it "
                        "is given, e.g. lambda model: Adam(model, lr=0.1); got "
                        f"{type(optimizer).__name__}.")

    p = model.params["xy"]
    path = [p.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            model.grads["xy"] = surface.gradient(p)
            optimizer.step()
            path.append(p.copy())
            if _left(p):
                break
    return np.array(path)


def follow(update: Callable, surface, steps: int, start=None,
           **hyper) -> np.ndarray:
    """The path of an update rule written as a function.

    The rule is called as ``update(params, grads, state, **hyper)`` and must
    return ``(new_params, new_state)``; the state starts as an empty dict.

    Parameters
    ----------
    update : callable
        E.g. a momentum rule ``momentum_update(params, grads, state, lr, mu)``.
    surface : Surface or str
    steps : int, at least 0
    start : (float, float), optional
    **hyper
        Passed to every call, e.g. ``lr=0.05, mu=0.9``.

    Returns
    -------
    ndarray of shape (T + 1, 2)
        As in :func:`descend`.
    """
    surface, steps = _surface(surface), _steps(steps)
    p = _start_point(surface.start if start is None else start)
    state: dict = {}
    path = [p.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            result = update(p, surface.gradient(p), state, **hyper)
            if not (isinstance(result, tuple) and len(result) == 2):
                raise TypeError(f"the update rule must return a pair (new_params, "
                                f"new_state); at step {t + 1} it returned "
                                f"{type(result).__name__}. End it with "
                                "'return new_params, new_state'.")
            p, state = result
            if not isinstance(p, np.ndarray) or p.shape != (2,):
                raise TypeError(f"the update rule must return new_params as an "
                                f"ndarray of shape (2,), like the params it was "
                                f"given; at step {t + 1} it returned "
                                f"{type(p).__name__} {np.shape(p)}.")
            if not isinstance(state, dict):
                raise TypeError(f"the update rule must return new_state as a "
                                f"dict; at step {t + 1} it returned "
                                f"{type(state).__name__}.")
            path.append(np.array(p, dtype=np.float64))
            if _left(p):
                break
    return np.array(path)


class _Holder(Layer):
    """A model with one parameter ``"p"`` of any shape."""

    def __init__(self, start: np.ndarray) -> None:
        super().__init__()
        self.params["p"] = start


def replay(make_optimizer: Callable[[Layer], object], start, grads) -> np.ndarray:
    """The values a dlkit optimiser gives a parameter when fed these gradients.

    Where :func:`descend` asks a surface for each gradient, ``replay`` takes
    them from a list, so the parameter can have any shape (a weight matrix,
    say) and the gradients need not come from any loss.

    Parameters
    ----------
    make_optimizer : callable
        Builds the optimiser on the model it is given.
    start : array-like of any shape S, floating
        The parameter before the first step (copied, not changed).
    grads : array-like of shape (T, *S)
        The gradient used at each step.

    Returns
    -------
    ndarray of shape (T + 1, *S)
        The parameter before each step and after the last.
    """
    p = np.array(start, dtype=np.float64)
    grads = np.asarray(grads, dtype=np.float64)
    if grads.shape[1:] != p.shape:
        raise ValueError(f"grads must have shape (T, *{p.shape}), one gradient of "
                         f"the parameter's shape per step; got {grads.shape}.")
    model = _Holder(p)
    optimizer = make_optimizer(model)
    if getattr(optimizer, "model", None) is not model:
        raise TypeError("make_optimizer must build an optimiser on the model it "
                        "is given, e.g. lambda model: Adam(model, lr=0.1).")
    values = [p.copy()]
    for g in grads:
        model.grads["p"] = g.copy()
        optimizer.step()
        values.append(p.copy())
    return np.array(values)


def distance_to_minimum(surface, point) -> float:
    """How far ``point`` is from the nearest minimum of ``surface``."""
    surface = _surface(surface)
    p = np.asarray(point, dtype=np.float64)
    return min(math.dist(p, m) for m in surface.minima)
