"""Tests of dlkit.nn.norm (LayerNorm): statistics, gradients and errors."""

import numpy as np
import pytest

from dlkit.gradcheck import check_layer
from dlkit.nn import LayerNorm


def _layer(features=5, seed=0):
    """A float64 LayerNorm with non-trivial gamma and beta."""
    layer = LayerNorm(features, dtype=np.float64)
    rng = np.random.default_rng(seed)
    layer.params["gamma"][...] = rng.uniform(0.5, 1.5, features)
    layer.params["beta"][...] = rng.standard_normal(features)
    return layer


def test_output_has_zero_mean_and_unit_variance_per_example():
    """With gamma=1, beta=0, does each row come out with mean 0 and variance 1?"""
    x = np.random.default_rng(0).normal(3.0, 4.0, size=(6, 8))
    out = LayerNorm(8, dtype=np.float64).forward(x)
    np.testing.assert_allclose(out.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=1), 1.0, rtol=1e-5)


@pytest.mark.parametrize("shape", [(4, 5), (2, 3, 5)])
def test_gradients_match_numerical_ones(shape):
    """Are the input, gamma and beta gradients right for 2-d and 3-d inputs?"""
    x = np.random.default_rng(1).standard_normal(shape)
    errors = check_layer(_layer(), x)
    assert set(errors) == {"input", "gamma", "beta"}
    assert max(errors.values()) < 1e-6, errors


def test_parameters_and_config():
    """Are gamma ones and beta zeros of shape (F,), and does config rebuild it?"""
    layer = LayerNorm(4, eps=1e-3)
    assert layer.params["gamma"].tolist() == [1.0] * 4
    assert layer.params["beta"].tolist() == [0.0] * 4
    assert LayerNorm(**layer.config()).config() == layer.config()


def test_constant_input_gives_beta():
    """Does a constant row (variance 0) give beta, not NaN, thanks to eps?"""
    layer = _layer(3)
    out = layer.forward(np.full((1, 3), 7.0))
    np.testing.assert_allclose(out[0], layer.params["beta"], atol=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_the_layers(dtype):
    """Are output and gradients in the layer's dtype?"""
    layer = LayerNorm(3, dtype=dtype)
    out = layer.forward(np.ones((2, 3)) * [[1, 2, 3]])
    assert out.dtype == dtype
    assert layer.backward(np.ones((2, 3))).dtype == dtype
    assert layer.grads["gamma"].dtype == dtype


def test_wrong_feature_axis():
    """Does a last axis of the wrong size say what to build or move?"""
    with pytest.raises(ValueError, match=r"x must have shape \(\.\.\., 4\) \(features "
                                         r"on the last axis\); got \(4, 3\). Build "
                                         r"the layer with features=3"):
        LayerNorm(4).forward(np.ones((4, 3)))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"features": 0}, ValueError, r"features must be at least 1; got 0"),
    ({"features": 3, "eps": 0}, ValueError, r"eps must be a small positive number"),
    ({"features": 3, "eps": "1e-5"}, TypeError, r"eps must be a number; got str"),
])
def test_bad_constructor_arguments(kwargs, error, message):
    """Does each bad argument raise an error naming it?"""
    with pytest.raises(error, match=message):
        LayerNorm(**kwargs)


def test_backward_errors():
    """Do backward before forward and a wrong grad shape raise clearly?"""
    with pytest.raises(RuntimeError, match=r"LayerNorm.backward was called before"):
        LayerNorm(3).backward(np.ones((1, 3)))
    layer = LayerNorm(3)
    layer.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"grad must have the shape .*\(2, 3\); "
                                         r"got \(3,\)"):
        layer.backward(np.ones(3))
