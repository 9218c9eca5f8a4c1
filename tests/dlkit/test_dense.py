"""Tests of dlkit.nn.dense: shapes, dtypes, gradients and input checks."""

import numpy as np
import pytest

from dlkit.gradcheck import check_layer
from dlkit.nn import Dense


def test_forward_is_affine_map():
    """Does forward compute x @ W + b with the stored parameters?"""
    layer = Dense(3, 2, dtype=np.float64)
    layer.params["b"][...] = [0.5, -1.0]
    x = np.arange(6.0).reshape(2, 3)
    expected = x @ layer.params["W"] + layer.params["b"]
    np.testing.assert_allclose(layer.forward(x), expected, rtol=1e-12)


def test_parameter_shapes_and_bias_starts_at_zero():
    """Are W of shape (D, M) and b of shape (M,), with b all zeros?"""
    layer = Dense(4, 7)
    assert layer.params["W"].shape == (4, 7)
    assert layer.params["b"].shape == (7,)
    assert not layer.params["b"].any()
    assert layer.num_params() == 4 * 7 + 7


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept_through_forward_and_backward(dtype):
    """Do output, input gradient and parameter gradients keep the layer's dtype?"""
    layer = Dense(5, 3, dtype=dtype)
    out = layer.forward(np.ones((2, 5), dtype=np.float64))
    grad_in = layer.backward(np.ones((2, 3), dtype=np.float64))
    assert out.dtype == dtype and grad_in.dtype == dtype
    assert all(g.dtype == dtype for g in layer.grads.values())


def test_gradients_match_numerical_ones():
    """Do the input, W and b gradients agree with central differences?"""
    layer = Dense(6, 4, rng=3, dtype=np.float64)
    x = np.random.default_rng(1).standard_normal((5, 6))
    errors = check_layer(layer, x)
    assert set(errors) == {"input", "W", "b"}
    assert max(errors.values()) < 1e-6, errors


def test_params_are_updated_in_place_not_replaced():
    """Does the W array object survive forward and backward (optimisers hold it)?"""
    layer = Dense(3, 2)
    w, b = layer.params["W"], layer.params["b"]
    layer.forward(np.ones((4, 3), dtype=np.float32))
    layer.backward(np.ones((4, 2), dtype=np.float32))
    assert layer.params["W"] is w and layer.params["b"] is b


def test_same_seed_gives_same_weights_and_generator_is_shared():
    """Does an int seed reproduce weights, and a shared Generator give new ones?"""
    np.testing.assert_array_equal(Dense(4, 3, rng=7).params["W"],
                                  Dense(4, 3, rng=7).params["W"])
    rng = np.random.default_rng(0)
    first, second = Dense(4, 3, rng=rng), Dense(4, 3, rng=rng)
    assert not np.array_equal(first.params["W"], second.params["W"])


@pytest.mark.parametrize("init", ["xavier", "he", "xavier_normal", "he_uniform",
                                  "zeros"])
def test_named_initialisers_are_accepted(init):
    """Does every documented init name build a layer of the right shape?"""
    assert Dense(3, 2, init=init).params["W"].shape == (3, 2)


def test_config_rebuilds_an_equivalent_layer():
    """Does Dense(**config()) give a layer with the same settings?"""
    layer = Dense(3, 2, init="he", dtype=np.float64)
    clone = Dense(**layer.config())
    assert clone.config() == layer.config()
    assert clone.params["W"].dtype == np.float64


def test_a_single_example_gets_a_fix():
    """Does an unbatched example raise a ValueError suggesting x[None, :]?"""
    with pytest.raises(ValueError, match=r"shape \(N, 4\); got \(4,\). "
                                         r"Pass a batch of one: x\[None, :\]"):
        Dense(4, 2).forward(np.ones(4, dtype=np.float32))


def test_wrong_feature_count_names_in_features():
    """Does a wrong number of columns say what the layer was built for?"""
    with pytest.raises(ValueError, match=r"shape \(N, 4\); got \(3, 5\).*"
                                         r"in_features=4"):
        Dense(4, 2).forward(np.ones((3, 5), dtype=np.float32))


def test_images_are_told_to_flatten():
    """Does a 4-d batch suggest reshaping or a Flatten layer?"""
    with pytest.raises(ValueError, match=r"got \(2, 1, 2, 2\).*Flatten"):
        Dense(4, 2).forward(np.ones((2, 1, 2, 2), dtype=np.float32))


@pytest.mark.parametrize("x, kind", [(np.ones((2, 3), dtype=int), "int64"),
                                     (np.array([[1, "a", 2]], dtype=object),
                                      "Python objects")])
def test_non_float_input_is_a_type_error(x, kind):
    """Do integer and object arrays raise a TypeError that says how to convert?"""
    with pytest.raises(TypeError, match=rf"x must be an array of floats; got "
                                        rf"{kind}.*astype\(np.float32\)"):
        Dense(3, 2).forward(x)


def test_nan_input_names_the_rows():
    """Does NaN in the input raise a ValueError that says where it is?"""
    x = np.ones((4, 3), dtype=np.float32)
    x[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"x contains NaN \(in rows \[2\]\)"):
        Dense(3, 2).forward(x)


@pytest.mark.parametrize("value", [np.inf, -np.inf])
def test_infinite_input_is_not_taken_for_nan(value):
    """Does an infinite value (which the cheap NaN test meets) pass the check?"""
    x = np.ones((3, 2), dtype=np.float32)
    x[1, 0], x[2, 1] = value, -value
    with np.errstate(invalid="ignore"):
        out = Dense(2, 2).forward(x)
    assert out.shape == (3, 2)


def test_nan_next_to_infinity_is_still_found():
    """Is a NaN found in rows that also hold infinities?"""
    x = np.full((3, 2), np.inf, dtype=np.float64)
    x[0, 1] = np.nan
    with pytest.raises(ValueError, match=r"x contains NaN \(in rows \[0\]\)"):
        Dense(2, 2, dtype=np.float64).forward(x)


def test_input_grad_false_skips_only_the_input_gradient():
    """With input_grad=False, is backward None and are grads unchanged?"""
    rng = np.random.default_rng(0)
    x, grad = rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    full = Dense(4, 3, rng=1, dtype=np.float64)
    first = Dense(4, 3, rng=1, dtype=np.float64, input_grad=False)
    np.testing.assert_array_equal(full.forward(x), first.forward(x))
    assert full.backward(grad).shape == (5, 4)
    assert first.backward(grad) is None
    for key in ("W", "b"):
        np.testing.assert_allclose(first.grads[key], full.grads[key], rtol=1e-12)
    errors = check_layer(Dense(4, 3, rng=2, dtype=np.float64, input_grad=False), x)
    assert set(errors) == {"W", "b"} and max(errors.values()) < 1e-7


def test_input_grad_is_in_config_only_when_false():
    """Is input_grad=False kept by config() and the default left unsaid?"""
    assert "input_grad" not in Dense(3, 2).config()
    layer = Dense(3, 2, input_grad=False)
    assert layer.config()["input_grad"] is False
    assert Dense(**layer.config()).input_grad is False
    assert "input_grad=False" in repr(layer)


def test_bias_gradient_follows_a_change_of_batch_size():
    """Does the bias gradient stay the column sums when the batch size changes?"""
    layer = Dense(3, 2, dtype=np.float64)
    for n in (4, 1, 6):
        grad = np.arange(2.0 * n).reshape(n, 2)
        layer.forward(np.ones((n, 3)))
        layer.backward(grad)
        np.testing.assert_allclose(layer.grads["b"], grad.sum(axis=0))


def test_an_empty_batch_gives_an_empty_output():
    """Does a batch of zero examples pass the checks and give shape (0, M)?"""
    assert Dense(3, 2).forward(np.ones((0, 3), dtype=np.float32)).shape == (0, 2)


def test_backward_before_forward_is_explained():
    """Does backward without a forward pass raise a RuntimeError with the fix?"""
    with pytest.raises(RuntimeError, match=r"Dense.backward was called before "
                                           r"forward"):
        Dense(3, 2).backward(np.ones((1, 2)))


def test_backward_rejects_a_gradient_of_the_wrong_shape():
    """Does a gradient that would broadcast raise instead of giving wrong grads?"""
    layer = Dense(3, 2)
    layer.forward(np.ones((4, 3), dtype=np.float32))
    with pytest.raises(ValueError, match=r"grad must have the shape of the last "
                                         r"forward output, \(4, 2\); got \(2,\)"):
        layer.backward(np.ones(2))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"in_features": 0, "out_features": 2}, ValueError,
     r"in_features must be at least 1; got 0"),
    ({"in_features": 2.5, "out_features": 2}, TypeError,
     r"in_features must be an int; got float 2.5"),
    ({"in_features": 2, "out_features": 2, "init": "uniform"}, ValueError,
     r"init must be one of \[.*'he'.*\]; got 'uniform'"),
    ({"in_features": 2, "out_features": 2, "dtype": np.int32}, TypeError,
     r"dtype must be np.float32 or np.float64; got <class 'numpy.int32'>"),
    ({"in_features": 2, "out_features": 2, "rng": "seed"}, TypeError,
     r"rng must be a numpy.random.Generator or an int seed; got str"),
    ({"in_features": 2, "out_features": 2, "input_grad": "no"}, TypeError,
     r"input_grad must be True or False; got str 'no'"),
])
def test_bad_constructor_arguments(kwargs, error, message):
    """Does each bad constructor argument raise an error naming it?"""
    with pytest.raises(error, match=message):
        Dense(**kwargs)
