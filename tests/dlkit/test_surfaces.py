"""Tests for dlkit.optim.surfaces: the loss surfaces and the paths on them."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.gradcheck import numerical_gradient
from dlkit.optim import SGD, Adam
from dlkit.optim.surfaces import (
    BOUND,
    SURFACES,
    Point,
    descend,
    distance_to_minimum,
    follow,
    quadratic_surface,
    replay,
)


@pytest.mark.parametrize("name", sorted(SURFACES))
@pytest.mark.parametrize("point", [(0.3, -0.7), (-1.2, 1.1), (1.5, 0.2)])
def test_gradient_matches_central_differences(name, point):
    """Is each surface's gradient the slope of its value?"""
    surface = SURFACES[name]
    p = np.array(point)
    numeric = numerical_gradient(lambda: float(surface(p)), p)
    np.testing.assert_allclose(surface.gradient(p), numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_minima_have_zero_gradient_and_the_lowest_loss(name):
    """Is the gradient zero at every minimum and saddle, and is no grid point
    lower than the minima?"""
    surface = SURFACES[name]
    for point in surface.minima + surface.saddles:
        np.testing.assert_allclose(surface.gradient(np.array(point)), 0.0,
                                   atol=1e-12)
    _, _, loss = surface.grid(50)
    assert loss.min() >= surface.lowest - 1e-12


def test_grid_rows_follow_y_and_columns_follow_x():
    """Is loss[i, j] the value at (xs[j], ys[i])?"""
    surface = SURFACES["rosenbrock"]
    xs, ys, loss = surface.grid(7)
    assert loss.shape == (7, 7)
    assert loss[2, 5] == pytest.approx(float(surface(np.array([xs[5], ys[2]]))))


def test_valley_has_curvatures_one_and_fifty():
    """Is the valley 0.5 * (x**2 + 50 y**2)?"""
    valley = SURFACES["valley"]
    assert float(valley(np.array([2.0, 1.0]))) == pytest.approx(0.5 * (4 + 50))


def test_quadratic_surface_refuses_a_bowl_without_a_bottom():
    """Is a Hessian with a negative eigenvalue refused with the reason?"""
    with pytest.raises(ValueError, match="positive eigenvalues"):
        quadratic_surface([[1.0, 0.0], [0.0, -1.0]])
    with pytest.raises(ValueError, match=r"shape \(2, 2\)"):
        quadratic_surface([1.0, 2.0])


def test_descend_follows_plain_gradient_descent():
    """Does descend with SGD take p <- p - lr * grad, step after step?"""
    surface = SURFACES["saddle"]
    path = descend(surface, lambda model: SGD(model, lr=0.1), 5)
    p = np.array(surface.start)
    expected = [p.copy()]
    for _ in range(5):
        p = p - 0.1 * surface.gradient(p)
        expected.append(p)
    assert path.shape == (6, 2)
    np.testing.assert_allclose(path, expected, rtol=1e-12)


def test_descend_starts_where_told():
    """Does a start argument replace the surface's own start?"""
    path = descend("valley", lambda model: Adam(model, lr=0.1), 3, start=(1.0, 1.0))
    np.testing.assert_array_equal(path[0], [1.0, 1.0])


def test_a_diverging_path_ends_where_it_leaves():
    """Does a path that blows up stop at its first point outside the bound?"""
    path = descend("rosenbrock", lambda model: SGD(model, lr=0.05), 100)
    assert len(path) < 101
    assert np.abs(path[-1]).max() > BOUND or not np.isfinite(path[-1]).all()
    assert np.abs(path[:-1]).max() <= BOUND


def test_descend_needs_an_optimiser_on_its_model():
    """Is an optimiser built on another model refused with the fix named?"""
    other = Point((0.0, 0.0))
    with pytest.raises(TypeError, match="on the model it is given"):
        descend("valley", lambda model: SGD(other, lr=0.1), 3)


def sgd_rule(params, grads, state, lr):
    return params - lr * grads, state


def test_follow_runs_a_function_rule_like_descend():
    """Does a rule written as a function give the path of the same dlkit
    optimiser?"""
    mine = follow(sgd_rule, "valley", 20, lr=0.03)
    reference = descend("valley", lambda model: SGD(model, lr=0.03), 20)
    np.testing.assert_allclose(mine, reference, rtol=1e-12)


def test_follow_explains_a_rule_that_returns_only_params():
    """Is a rule that forgets to return the state told what to return?"""
    with pytest.raises(TypeError, match=r"pair \(new_params, new_state\)"):
        follow(lambda p, g, s, lr: p - lr * g, "valley", 2, lr=0.1)


def test_follow_explains_params_of_the_wrong_shape():
    """Is a rule that returns params of another shape refused?"""
    with pytest.raises(TypeError, match=r"ndarray of shape \(2,\)"):
        follow(lambda p, g, s, lr: ([0.0, 0.0], s), "valley", 2, lr=0.1)


@pytest.mark.parametrize("steps", [-1, 2.5, True])
def test_steps_must_be_a_count(steps):
    """Are negative or fractional step counts refused?"""
    with pytest.raises(ValueError, match="steps must be an int"):
        descend("valley", lambda model: SGD(model, lr=0.1), steps)


def test_unknown_surface_names_the_choices():
    """Does an unknown surface name list the known ones?"""
    with pytest.raises(ValueError, match="rosenbrock"):
        descend("bowl", lambda model: SGD(model, lr=0.1), 3)


def test_distance_to_minimum_picks_the_nearest():
    """Is the distance measured to the closer of the saddle's two minima?"""
    assert distance_to_minimum("saddle", (0.0, -0.5)) == pytest.approx(0.5)


def test_replay_feeds_the_given_gradients():
    """Does replay move a matrix parameter by momentum SGD on the given
    gradients, written out by hand?"""
    gen = np.random.default_rng(3)
    start, grads = gen.standard_normal((3, 2)), gen.standard_normal((4, 3, 2))
    values = replay(lambda model: SGD(model, lr=0.1, momentum=0.5), start, grads)
    p, v, expected = start.copy(), np.zeros((3, 2)), [start.copy()]
    for g in grads:
        v = 0.5 * v + g
        p = p - 0.1 * v
        expected.append(p)
    assert values.shape == (5, 3, 2)
    np.testing.assert_allclose(values, expected, rtol=1e-12)
    assert not np.shares_memory(values, start)


def test_replay_needs_gradients_of_the_parameter_shape():
    """Are gradients of another shape refused with the shape expected?"""
    with pytest.raises(ValueError, match="grads must have shape"):
        replay(lambda model: SGD(model, lr=0.1), np.zeros(3), np.zeros((2, 4)))


def test_quadratic_surface_passes_its_settings_on():
    """Does a quadratic surface keep its minimum, start and level spacing?"""
    bowl = quadratic_surface([[2.0, 0.5], [0.5, 1.0]], (1.0, -1.0), start=(0.0, 0.0),
                             log_levels=True)
    assert bowl.minima == ((1.0, -1.0),) and bowl.start == (0.0, 0.0)
    assert bowl.log_levels and bowl.lowest == 0.0
    np.testing.assert_allclose(bowl.gradient(np.array([2.0, -1.0])), [2.0, 0.5])
