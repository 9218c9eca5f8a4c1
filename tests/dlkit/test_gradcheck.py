"""Tests of dlkit.gradcheck itself: it must find right gradients right and
catch wrong ones."""

import numpy as np
import pytest

from dlkit.gradcheck import check_layer, numerical_gradient, rel_error
from dlkit.nn import Dense
from dlkit.nn.layer import Layer


class Cube(Layer):
    """y = x**3 with a correct or a deliberately wrong backward."""

    def __init__(self, wrong: bool = False) -> None:
        super().__init__()
        self.wrong = wrong

    def forward(self, x):
        self.x = x
        return x**3

    def backward(self, grad):
        return grad * (2 if self.wrong else 3) * self.x**2


class BiasForgetsBatch(Dense):
    """A Dense whose bias gradient misses the sum over the batch."""

    def backward(self, grad):
        out = super().backward(grad)
        self.grads["b"] = grad[0].copy()
        return out


class NoGrads(Dense):
    """A Dense that forgets to fill grads."""

    def backward(self, grad):
        super().backward(grad)
        self.grads = {}
        return grad @ self.params["W"].T


def test_numerical_gradient_of_a_known_function():
    """Is the numerical gradient of sum(x**3) close to 3 x**2?"""
    x = np.array([[-1.5, 0.2], [2.0, 0.7]])
    numeric = numerical_gradient(lambda: float(np.sum(x**3)), x)
    np.testing.assert_allclose(numeric, 3 * x**2, rtol=1e-8)


def test_numerical_gradient_restores_x():
    """Is x left exactly as it was after perturbing every entry?"""
    x = np.random.default_rng(0).standard_normal((3, 3))
    before = x.copy()
    numerical_gradient(lambda: float(np.sum(np.sin(x))), x)
    np.testing.assert_array_equal(x, before)


def test_rel_error_basics():
    """Is the relative error 0 for equal arrays and about 1/3 for 1 vs 2?"""
    a = np.array([1.0, -2.0])
    assert rel_error(a, a) == 0.0
    assert rel_error(np.array([1.0]), np.array([2.0])) == pytest.approx(1 / 3)
    assert rel_error(np.zeros(2), np.zeros(2)) == 0.0


def test_a_correct_backward_passes():
    """Does check_layer report a tiny error for a right backward?"""
    errors = check_layer(Cube(), np.array([[0.5, -1.0, 2.0]]))
    assert errors == {"input": pytest.approx(0.0, abs=1e-8)}


def test_a_wrong_input_gradient_is_caught():
    """Does check_layer report a large error when backward uses 2x**2 for 3x**2?"""
    assert check_layer(Cube(wrong=True), np.array([[0.5, -1.0, 2.0]]))["input"] > 0.1


def test_a_wrong_parameter_gradient_is_caught():
    """Does a bias gradient without the batch sum give a large error on b only?"""
    errors = check_layer(BiasForgetsBatch(3, 2, dtype=np.float64),
                         np.random.default_rng(0).standard_normal((4, 3)))
    assert errors["b"] > 0.1 and errors["W"] < 1e-6 and errors["input"] < 1e-6


def test_missing_parameter_gradient_is_an_error():
    """Does a backward that leaves grads empty raise a KeyError naming the key?"""
    with pytest.raises(KeyError, match=r"backward did not fill grads\['W'\]"):
        check_layer(NoGrads(3, 2, dtype=np.float64), np.ones((2, 3)))


def test_float32_is_refused_for_numerical_gradients():
    """Does a float32 array raise a TypeError suggesting float64?"""
    with pytest.raises(TypeError, match=r"x must be float64 .*got float32"):
        numerical_gradient(lambda: 0.0, np.zeros(2, dtype=np.float32))


def test_rel_error_shape_mismatch():
    """Does comparing arrays of different shapes raise a ValueError?"""
    with pytest.raises(ValueError, match=r"shapes differ: \(2,\) and \(3,\)"):
        rel_error(np.zeros(2), np.zeros(3))
