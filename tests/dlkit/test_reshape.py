"""Tests of dlkit.nn.reshape (Flatten): shapes, gradient and errors."""

import numpy as np
import pytest

from dlkit.gradcheck import check_layer
from dlkit.nn import Flatten


def test_forward_joins_all_but_the_batch_axis():
    """Does (N, C, H, W) become (N, C*H*W) in row-major order?"""
    x = np.arange(24.0).reshape(2, 3, 2, 2)
    out = Flatten().forward(x)
    assert out.shape == (2, 12)
    np.testing.assert_array_equal(out[1], np.arange(12.0, 24.0))


def test_gradient_is_reshaped_back():
    """Is the input gradient right, with the input's shape?"""
    x = np.random.default_rng(0).standard_normal((2, 3, 4))
    assert check_layer(Flatten(), x)["input"] < 1e-6


def test_empty_batch():
    """Does a batch of zero images flatten to shape (0, C*H*W)?"""
    assert Flatten().forward(np.zeros((0, 1, 2, 2))).shape == (0, 4)


def test_errors():
    """Do a 1-d input, backward first and a wrong grad shape raise clearly?"""
    with pytest.raises(ValueError, match=r"shape \(N, \.\.\.\); got \(5,\). Pass a "
                                         r"batch of one: x\[None, \.\.\.\]"):
        Flatten().forward(np.ones(5))
    with pytest.raises(RuntimeError, match=r"Flatten.backward was called before"):
        Flatten().backward(np.ones((1, 2)))
    layer = Flatten()
    layer.forward(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match=r"grad must have the shape .*\(2, 4\); got "
                                         r"\(2, 2, 2\)"):
        layer.backward(np.ones((2, 2, 2)))
