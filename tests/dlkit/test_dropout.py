"""Tests of dlkit.nn.dropout: masks, scaling, modes, gradients and errors."""

import numpy as np
import pytest

from dlkit.gradcheck import check_layer
from dlkit.nn import Dropout, Layer


class FixedMask(Layer):
    """Dropout whose Generator is reset before every forward: the same mask
    each time, so that central differences see one fixed function."""

    def __init__(self, p: float, seed: int) -> None:
        super().__init__()
        self.inner, self.seed = Dropout(p), seed

    def forward(self, x):
        self.inner.rng = np.random.default_rng(self.seed)
        return self.inner.forward(x)

    def backward(self, grad):
        return self.inner.backward(grad)


X = np.random.default_rng(0).standard_normal((6, 5))


def test_gradient_in_evaluation_mode():
    """Is the input gradient right (the identity) in evaluation mode?"""
    layer = Dropout(0.5).eval()
    assert check_layer(layer, X)["input"] < 1e-6
    np.testing.assert_array_equal(layer.forward(X), X)


def test_gradient_in_training_mode_with_a_fixed_mask():
    """Is the input gradient right in training mode when the mask is fixed?"""
    layer = FixedMask(0.4, seed=3)
    assert check_layer(layer, X)["input"] < 1e-6
    assert (layer.inner.mask == 0).any()        # the check did drop entries


def test_backward_uses_the_forward_mask():
    """Are the zeroed gradient entries exactly the dropped ones, scaled alike?"""
    layer = Dropout(0.5, rng=1)
    out = layer.forward(np.ones((4, 10)))
    grad = layer.backward(np.ones((4, 10)))
    np.testing.assert_array_equal(grad, out)
    assert set(np.unique(out)) <= {0.0, 2.0}


def test_inverted_scaling_keeps_the_mean():
    """Is the mean of a large dropped-out batch of ones close to 1?"""
    out = Dropout(0.3, rng=0).forward(np.ones((200, 200)))
    assert out.mean() == pytest.approx(1.0, abs=0.02)
    assert (out == 0).mean() == pytest.approx(0.3, abs=0.02)


def test_seed_reproduces_and_each_forward_draws_anew():
    """Do equal seeds give equal masks, and successive calls different ones?"""
    a, b = Dropout(0.5, rng=7), Dropout(0.5, rng=7)
    first = a.forward(np.ones((3, 8)))
    np.testing.assert_array_equal(first, b.forward(np.ones((3, 8))))
    assert not np.array_equal(first, a.forward(np.ones((3, 8))))


def test_eval_mode_and_p_zero_draw_nothing():
    """Do evaluation mode and p=0 leave the Generator untouched?"""
    rng = np.random.default_rng(0)
    state = rng.bit_generator.state
    Dropout(0.5, rng=rng).eval().forward(X)
    Dropout(0.0, rng=rng).forward(X)
    assert rng.bit_generator.state == state


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept(dtype):
    """Does a float32 (float64) input give a float32 (float64) output and grad?"""
    layer = Dropout(0.5)
    out = layer.forward(np.ones((2, 3), dtype=dtype))
    assert out.dtype == dtype and layer.backward(np.ones_like(out)).dtype == dtype


def test_config():
    """Does config() hold p for rebuilding?"""
    assert Dropout(0.25).config() == {"p": 0.25}


@pytest.mark.parametrize("p, error, message", [
    (1.0, ValueError, r"p must be in \[0, 1\) .*got 1.0. p=1 would drop everything"),
    (-0.1, ValueError, r"p must be in \[0, 1\) .*got -0.1"),
    ("0.5", TypeError, r"p must be a float in \[0, 1\); got str"),
])
def test_bad_p(p, error, message):
    """Does a p outside [0, 1) or of the wrong type raise a clear error?"""
    with pytest.raises(error, match=message):
        Dropout(p)


def test_errors_of_forward_and_backward():
    """Do integer input, backward first, and a wrong grad shape raise clearly?"""
    with pytest.raises(TypeError, match=r"Dropout: x must be an array of floats"):
        Dropout().forward(np.ones((2, 2), dtype=int))
    with pytest.raises(RuntimeError, match=r"Dropout.backward was called before"):
        Dropout().backward(np.ones((2, 2)))
    layer = Dropout()
    layer.forward(np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"grad must have the shape .* \(2, 2\); "
                                         r"got \(4,\)"):
        layer.backward(np.ones(4))
