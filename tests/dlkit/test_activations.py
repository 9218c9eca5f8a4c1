"""Tests of dlkit.nn.activations: values, gradients, dtypes and errors."""

import numpy as np
import pytest

from dlkit.gradcheck import check_layer
from dlkit.nn import GELU, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from dlkit.nn.functional import gelu, leaky_relu, log_softmax, softmax

ALL = [Sigmoid, Tanh, ReLU, LeakyReLU, GELU, Softmax]


def _away_from_zero(shape, seed=0):
    """Random inputs kept off the kinks of ReLU and LeakyReLU."""
    x = np.random.default_rng(seed).uniform(0.1, 2.0, size=shape)
    return x * np.where(np.random.default_rng(seed + 1).random(shape) < 0.5, -1, 1)


@pytest.mark.parametrize("cls", ALL)
def test_input_gradient_matches_numerical_one(cls):
    """Does each activation's backward agree with central differences?"""
    errors = check_layer(cls(), _away_from_zero((4, 5)))
    assert errors["input"] < 1e-6, errors


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmax_gradient_on_every_axis(axis):
    """Is the Softmax Jacobian-vector product right along any axis of a 3-d input?"""
    errors = check_layer(Softmax(axis=axis), _away_from_zero((3, 4, 2)))
    assert errors["input"] < 1e-6, errors


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_and_shape_are_kept(cls, dtype):
    """Does a float32 (float64) input give float32 (float64) output and gradient?"""
    layer = cls()
    x = _away_from_zero((2, 3, 4)).astype(dtype)
    out = layer.forward(x)
    grad = layer.backward(np.ones_like(out))
    assert out.shape == grad.shape == x.shape
    assert out.dtype == grad.dtype == dtype


def test_known_values():
    """Do the layers give the textbook values at a few points?"""
    x = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_allclose(Sigmoid().forward(x),
                               1 / (1 + np.exp(-x)), rtol=1e-12)
    np.testing.assert_allclose(Tanh().forward(x), np.tanh(x), rtol=1e-12)
    np.testing.assert_array_equal(ReLU().forward(x), [[0.0, 0.0, 3.0]])
    np.testing.assert_allclose(LeakyReLU(0.1).forward(x), [[-0.2, 0.0, 3.0]])
    np.testing.assert_allclose(Softmax().forward(x).sum(axis=1), [1.0])


def test_gelu_is_close_to_the_exact_gelu():
    """Is the tanh approximation within 1e-3 of x * Phi(x)?"""
    from math import erf

    x = np.linspace(-5, 5, 101)
    exact = np.array([v * 0.5 * (1 + erf(v / np.sqrt(2))) for v in x])
    assert np.max(np.abs(gelu(x) - exact)) < 1e-3
    np.testing.assert_allclose(GELU().forward(x[None]), gelu(x)[None])


def test_functional_additions():
    """Do leaky_relu and log_softmax give the right values without overflow?"""
    np.testing.assert_allclose(leaky_relu(np.array([-1.0, 2.0]), 0.5), [-0.5, 2.0])
    z = np.array([[1000.0, 0.0, -1000.0]])
    out = log_softmax(z)
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(np.exp(out), softmax(z), atol=1e-12)


def test_softmax_is_stable_for_huge_scores():
    """Does Softmax give finite probabilities and gradients for scores of 1e4?"""
    layer = Softmax()
    out = layer.forward(np.array([[1e4, 0.0, -1e4]]))
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(layer.backward(out)))


def test_relu_backward_passes_gradient_only_where_positive():
    """Does ReLU's backward zero the gradient where the input was <= 0?"""
    layer = ReLU()
    layer.forward(np.array([[-1.0, 0.0, 2.0]]))
    np.testing.assert_array_equal(layer.backward(np.array([[5.0, 5.0, 5.0]])),
                                  [[0.0, 0.0, 5.0]])


def test_config_round_trips():
    """Do the configurable activations rebuild from config()?"""
    assert LeakyReLU(**LeakyReLU(0.2).config()).negative_slope == 0.2
    assert Softmax(**Softmax(axis=0).config()).axis == 0
    assert Sigmoid().config() == {}


@pytest.mark.parametrize("cls", ALL)
def test_integer_input_is_a_type_error(cls):
    """Does an integer array raise a TypeError naming the layer and the fix?"""
    with pytest.raises(TypeError, match=rf"{cls.__name__}: x must be an array of "
                                        rf"floats; got int64.*astype"):
        cls().forward(np.array([[1, 2]]))


@pytest.mark.parametrize("cls", ALL)
def test_backward_before_forward(cls):
    """Does backward without forward raise a RuntimeError naming the layer?"""
    with pytest.raises(RuntimeError, match=rf"{cls.__name__}.backward was called "
                                           rf"before forward"):
        cls().backward(np.ones((1, 2)))


@pytest.mark.parametrize("cls", ALL)
def test_backward_with_wrong_gradient_shape(cls):
    """Does a gradient of another shape than the output raise a ValueError?"""
    layer = cls()
    layer.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"grad must have the shape of the last "
                                         r"forward output, \(2, 3\); got \(3,\)"):
        layer.backward(np.ones(3))


def test_softmax_axis_errors():
    """Do a non-int axis and an axis the input lacks raise clear errors?"""
    with pytest.raises(TypeError, match=r"Softmax: axis must be an int; got str"):
        Softmax(axis="classes")
    with pytest.raises(ValueError, match=r"axis=2 does not exist for an input of "
                                         r"shape \(2, 3\)"):
        Softmax(axis=2).forward(np.ones((2, 3)))


def test_leaky_relu_slope_must_be_a_number():
    """Does a non-number slope raise a TypeError with an example value?"""
    with pytest.raises(TypeError, match=r"negative_slope must be a number; got "
                                        r"str. Pass e.g. 0.01"):
        LeakyReLU("0.01")
