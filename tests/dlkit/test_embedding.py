"""Tests of dlkit.nn.embedding: look-up, accumulated gradients and id checks."""

import numpy as np
import pytest

from dlkit.gradcheck import numerical_gradient, rel_error
from dlkit.nn import Dense, Embedding, Flatten, Sequential

IDS = np.array([[1, 3, 1], [0, 4, 1]])


def test_forward_looks_up_rows():
    """Is the output at (n, t) the row W[ids[n, t]], of shape (N, T, E)?"""
    layer = Embedding(5, 3)
    out = layer.forward(IDS)
    assert out.shape == (2, 3, 3)
    np.testing.assert_array_equal(out[1, 1], layer.params["W"][4])


def test_weight_gradient_matches_numerical_one():
    """Does backward's W gradient (repeated ids included) match central differences?"""
    layer = Embedding(5, 3, rng=2, dtype=np.float64)
    weights = np.random.default_rng(0).standard_normal((2, 3, 3))

    def loss():
        return float(np.sum(layer.forward(IDS) * weights))

    layer.forward(IDS)
    assert layer.backward(weights) is None
    analytic = layer.grads["W"].copy()
    assert rel_error(analytic, numerical_gradient(loss, layer.params["W"])) < 1e-6


def test_repeated_ids_accumulate_and_unused_rows_stay_zero():
    """Does id 1 (used three times) get the sum, and id 2 (unused) zero?"""
    layer = Embedding(5, 2)
    layer.forward(IDS)
    layer.backward(np.ones((2, 3, 2), dtype=np.float32))
    np.testing.assert_array_equal(layer.grads["W"][1], [3.0, 3.0])
    np.testing.assert_array_equal(layer.grads["W"][2], [0.0, 0.0])


def test_in_a_sequential_with_summary():
    """Does a model starting with Embedding run, back-propagate and summarise?"""
    model = Sequential(Embedding(5, 4), Flatten(), Dense(12, 2))
    out = model.forward(IDS)
    assert out.shape == (2, 2)
    assert model.backward(np.ones_like(out)) is None
    assert model[0].grads["W"].shape == (5, 4)
    assert "(N, 3, 4)" in model.summary((3,))
    assert "(N, 3, 4)" in Sequential(model[:1], Flatten()).summary((3,))


def test_config_and_dtype():
    """Does config rebuild the layer, and the dtype reach W?"""
    layer = Embedding(7, 2, dtype=np.float64)
    assert layer.params["W"].dtype == np.float64
    assert Embedding(**layer.config()).config() == layer.config()


def test_float_ids_are_a_type_error():
    """Do float ids raise a TypeError suggesting astype(np.int64)?"""
    with pytest.raises(TypeError, match=r"ids must be integers; got float64. "
                                        r"Convert token ids with ids.astype"):
        Embedding(5, 2).forward(np.zeros((1, 2)))


@pytest.mark.parametrize("ids, low, high", [([[0, 5]], 0, 5), ([[-1, 2]], -1, 2)])
def test_ids_out_of_range(ids, low, high):
    """Do ids outside 0..V-1 raise a ValueError naming the range found?"""
    with pytest.raises(ValueError, match=rf"ids must lie in 0 .. 4 \(vocab=5\); got "
                                         rf"values from {low} to {high}"):
        Embedding(5, 2).forward(np.array(ids))


def test_bad_sizes_and_backward_errors():
    """Do bad sizes, backward first and a wrong grad shape raise clearly?"""
    with pytest.raises(ValueError, match=r"Embedding: dim must be at least 1"):
        Embedding(5, 0)
    with pytest.raises(RuntimeError, match=r"Embedding.backward was called before"):
        Embedding(5, 2).backward(np.ones((1, 1, 2)))
    layer = Embedding(5, 2)
    layer.forward(IDS)
    with pytest.raises(ValueError, match=r"grad must have the shape .*\(2, 3, 2\); "
                                         r"got \(2, 3\)"):
        layer.backward(np.ones((2, 3)))
