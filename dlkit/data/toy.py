"""Small two-dimensional classification sets, generated from a seed.

Every generator returns ``x`` of shape (N, 2) (float64) and ``y`` of shape (N,)
(int64 class labels 0..K-1), with the samples in shuffled order so that a split
without shuffling still sees every class. The sets are made by the code below,
not downloaded: the source is dlkit itself and the licence is dlkit's.

N is the number of samples, K the number of classes.
"""

from __future__ import annotations

import numpy as np

from dlkit.data._validate import as_generator, check_float, check_int

__all__ = ["load_xor", "make_blobs", "make_circles", "make_moons", "make_spirals"]


def load_xor() -> tuple[np.ndarray, np.ndarray]:
    """The four XOR points: the output is 1 when exactly one input is 1.

    Returns
    -------
    x : ndarray of shape (4, 2), float64
        ``[[0, 0], [0, 1], [1, 0], [1, 1]]``
    y : ndarray of shape (4,), int64
        ``[0, 1, 1, 0]``; use ``y[:, None]`` for a column of targets.
    """
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    y = np.array([0, 1, 1, 0], dtype=np.int64)
    return x, y


def _class_sizes(n_samples: int, n_classes: int) -> np.ndarray:
    """Split ``n_samples`` into ``n_classes`` sizes that differ by at most one."""
    sizes = np.full(n_classes, n_samples // n_classes)
    sizes[: n_samples % n_classes] += 1
    return sizes


def _shuffled(x: np.ndarray, y: np.ndarray, noise: float,
              rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Add Gaussian noise of standard deviation ``noise`` and shuffle the rows."""
    x = x + noise * rng.standard_normal(x.shape)
    order = rng.permutation(len(x))
    return x[order], y[order].astype(np.int64)


def make_moons(n_samples: int = 200, noise: float = 0.1,
               seed: int | np.random.Generator = 0):
    """Two interleaving half circles, one per class.

    Class 0 lies on the upper arc of the unit circle, class 1 on a lower arc
    shifted right by 1 and down by 0.5, so no straight line separates them.

    Parameters
    ----------
    n_samples : int
        Total number of points, split as evenly as possible between the classes.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int or numpy.random.Generator

    Returns
    -------
    x : ndarray of shape (N, 2), float64
    y : ndarray of shape (N,), int64, values in {0, 1}
    """
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    noise = check_float(noise, "noise", minimum=0.0)
    rng = as_generator(seed)

    n0, n1 = _class_sizes(n_samples, 2)
    t0 = rng.uniform(0.0, np.pi, n0)
    t1 = rng.uniform(0.0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    x = np.concatenate([upper, lower])
    y = np.repeat([0, 1], [n0, n1])
    return _shuffled(x, y, noise, rng)


def make_spirals(n_samples: int = 300, n_arms: int = 3, noise: float = 0.05,
                 turns: float = 1.0, seed: int | np.random.Generator = 0):
    """Spiral arms winding out from the origin, one class per arm.

    Arm ``k`` starts at angle ``2 pi k / n_arms``; along it the radius grows
    from 0 to 1 while the angle advances by ``turns`` full turns.

    Parameters
    ----------
    n_samples : int
        Total number of points, split as evenly as possible between the arms.
    n_arms : int
        Number of arms, which is the number of classes K (at least 2).
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    turns : float
        How many times each arm winds around the origin.
    seed : int or numpy.random.Generator

    Returns
    -------
    x : ndarray of shape (N, 2), float64
    y : ndarray of shape (N,), int64, values in 0..K-1
    """
    n_arms = check_int(n_arms, "n_arms", minimum=2)
    n_samples = check_int(n_samples, "n_samples", minimum=n_arms)
    noise = check_float(noise, "noise", minimum=0.0)
    turns = check_float(turns, "turns", minimum=0.0)
    rng = as_generator(seed)

    sizes = _class_sizes(n_samples, n_arms)
    y = np.repeat(np.arange(n_arms), sizes)
    radius = rng.uniform(0.0, 1.0, n_samples)
    angle = 2 * np.pi * (y / n_arms + turns * radius)
    x = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _shuffled(x, y, noise, rng)


def make_circles(n_samples: int = 200, factor: float = 0.5, noise: float = 0.05,
                 seed: int | np.random.Generator = 0):
    """A ring of class 0 around a smaller concentric ring of class 1.

    Parameters
    ----------
    n_samples : int
        Total number of points, split as evenly as possible between the rings.
    factor : float
        Radius of the inner ring relative to the outer one (radius 1), in (0, 1).
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int or numpy.random.Generator

    Returns
    -------
    x : ndarray of shape (N, 2), float64
    y : ndarray of shape (N,), int64, values in {0, 1}
    """
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    factor = check_float(factor, "factor", minimum=0.0)
    if not 0.0 < factor < 1.0:
        raise ValueError(f"factor must lie strictly between 0 and 1; got {factor:g}. "
                         "It is the inner radius relative to the outer one.")
    noise = check_float(noise, "noise", minimum=0.0)
    rng = as_generator(seed)

    sizes = _class_sizes(n_samples, 2)
    y = np.repeat([0, 1], sizes)
    radius = np.where(y == 0, 1.0, factor)
    angle = rng.uniform(0.0, 2 * np.pi, n_samples)
    x = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _shuffled(x, y, noise, rng)


def make_blobs(n_samples: int = 200, centers=3, std: float = 0.5,
               box: tuple[float, float] = (-4.0, 4.0),
               seed: int | np.random.Generator = 0):
    """Round Gaussian clusters, one class per cluster.

    Parameters
    ----------
    n_samples : int
        Total number of points, split as evenly as possible between clusters.
    centers : int or array-like of shape (K, D)
        The number of clusters (their centres are drawn uniformly from ``box``
        in two dimensions), or the centres themselves.
    std : float
        Standard deviation of each cluster along every axis.
    box : (float, float)
        The interval from which random centres are drawn, on each axis.
    seed : int or numpy.random.Generator

    Returns
    -------
    x : ndarray of shape (N, D), float64 (D is 2 unless ``centers`` says otherwise)
    y : ndarray of shape (N,), int64, values in 0..K-1
    """
    rng = as_generator(seed)
    if isinstance(centers, (int, np.integer)) and not isinstance(centers, bool):
        k = check_int(centers, "centers", minimum=1)
        low, high = box
        centers = rng.uniform(low, high, size=(k, 2))
    else:
        centers = np.asarray(centers, dtype=np.float64)
        if centers.ndim != 2 or len(centers) == 0:
            raise ValueError("centers must be an int or an array of shape (K, D); "
                             f"got shape {centers.shape}. For one centre in 2-D "
                             "pass [[x1, x2]].")
    n_samples = check_int(n_samples, "n_samples", minimum=len(centers))
    std = check_float(std, "std", minimum=0.0)

    sizes = _class_sizes(n_samples, len(centers))
    y = np.repeat(np.arange(len(centers)), sizes)
    return _shuffled(centers[y], y, std, rng)
