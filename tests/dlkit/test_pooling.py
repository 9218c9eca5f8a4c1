"""Tests of dlkit.nn.pooling: MaxPool2D and AvgPool2D against window loops.

Gradient checks run in float64 and require a relative error below 1e-6.
"""

import numpy as np
import pytest

from dlkit.gradcheck import check_layer
from dlkit.io import load, save
from dlkit.nn.pooling import AvgPool2D, MaxPool2D

GRAD_TOL = 1e-6

# (N, C, H, W), kernel_size, stride
CASES = [
    ((2, 3, 4, 4), 2, None),
    ((1, 2, 5, 5), 2, None),            # the last row and column are left out
    ((2, 1, 7, 6), 3, 2),               # overlapping windows
    ((1, 2, 6, 6), (2, 3), (1, 3)),
]


def slow_pool(x, kernel_size, stride, reduce):
    """Pooling by its definition: one window at a time."""
    kh, kw = kernel_size if isinstance(kernel_size, tuple) else (kernel_size,) * 2
    if stride is None:
        stride = (kh, kw)
    sh, sw = stride if isinstance(stride, tuple) else (stride,) * 2
    n, c, h, w = x.shape
    oh, ow = (h - kh) // sh + 1, (w - kw) // sw + 1
    out = np.zeros((n, c, oh, ow))
    for a in range(n):
        for b in range(c):
            for r in range(oh):
                for q in range(ow):
                    out[a, b, r, q] = reduce(x[a, b, r * sh:r * sh + kh,
                                               q * sw:q * sw + kw])
    return out


def data(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("cls, reduce", [(MaxPool2D, np.max), (AvgPool2D, np.mean)])
def test_forward_matches_window_loop(case, cls, reduce):
    """Does each output pixel hold the max (mean) of its window?"""
    shape, k, s = case
    x = data(shape)
    layer = cls(k, s)
    got = layer.forward(x)
    want = slow_pool(x, k, s, reduce)
    assert got.shape == want.shape == layer.output_shape(shape)
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("cls", [MaxPool2D, AvgPool2D])
def test_input_gradient_matches_numerical_one(case, cls):
    """Does the input gradient agree with central differences (no ties in
    random data, so the max is differentiable)?"""
    shape, k, s = case
    errors = check_layer(cls(k, s), data(shape, seed=1))
    assert set(errors) == {"input"}
    assert errors["input"] < GRAD_TOL, errors


def test_max_gradient_goes_only_to_the_winner():
    """Is the max-pool gradient the output gradient at the argmax, 0 elsewhere?"""
    x = np.array([[[[1.0, 5.0], [3.0, 2.0]]]])
    layer = MaxPool2D(2)
    assert layer.forward(x).item() == 5.0
    dx = layer.backward(np.array([[[[7.0]]]]))
    np.testing.assert_array_equal(dx, [[[[0.0, 7.0], [0.0, 0.0]]]])


def test_tied_maximum_sends_the_gradient_once():
    """With a tie in a window, does only the first pixel get the gradient, so
    that it still sums to the output gradient?"""
    x = np.array([[[[4.0, 4.0], [4.0, 1.0]]]])
    layer = MaxPool2D(2)
    layer.forward(x)
    dx = layer.backward(np.array([[[[2.0]]]]))
    np.testing.assert_array_equal(dx, [[[[2.0, 0.0], [0.0, 0.0]]]])


def test_overlapping_windows_add_their_gradients():
    """When one pixel wins two overlapping windows, does it get both grads?"""
    x = np.zeros((1, 1, 3, 5))
    x[0, 0, 1, 2] = 9.0                         # in both 3x3 windows of stride 2
    layer = MaxPool2D(3, 2)
    assert layer.forward(x).shape == (1, 1, 1, 2)
    dx = layer.backward(np.array([[[[1.5, 2.5]]]]))
    assert dx[0, 0, 1, 2] == 4.0
    assert dx.sum() == 4.0


def test_average_gradient_is_spread_evenly():
    """Does every pixel of a 2x2 window get a quarter of its gradient?"""
    layer = AvgPool2D(2)
    layer.forward(np.zeros((1, 1, 2, 2)))
    dx = layer.backward(np.array([[[[8.0]]]]))
    np.testing.assert_array_equal(dx, np.full((1, 1, 2, 2), 2.0))


@pytest.mark.parametrize("cls", [MaxPool2D, AvgPool2D])
def test_dtype_is_kept_and_default_stride_is_the_window(cls):
    """Is float32 kept, and does 2x2 pooling halve H and W by default?"""
    layer = cls(2)
    x = data((2, 3, 8, 6)).astype(np.float32)
    out = layer.forward(x)
    assert out.shape == (2, 3, 4, 3) and out.dtype == np.float32
    assert layer.backward(np.ones_like(out)).dtype == np.float32
    assert layer.stride == (2, 2) and layer.params == {}


@pytest.mark.parametrize("cls", [MaxPool2D, AvgPool2D])
def test_config_rebuilds_an_equivalent_layer(cls):
    """Does cls(**config()) give the same settings?"""
    layer = cls((3, 2), 1)
    assert cls(**layer.config()).config() == layer.config() == {
        "kernel_size": (3, 2), "stride": (1, 1)}


@pytest.mark.parametrize("cls", [MaxPool2D, AvgPool2D])
def test_window_larger_than_input_is_refused(cls):
    """Does a 3x3 window on a 2x2 image say it does not fit?"""
    with pytest.raises(ValueError, match=rf"{cls.__name__}: the 3x3 window does "
                                         r"not fit an input of 2x2"):
        cls(3).forward(np.zeros((1, 1, 2, 2)))


@pytest.mark.parametrize("cls", [MaxPool2D, AvgPool2D])
def test_input_without_channels_gets_a_fix(cls):
    """Does an (N, H, W) batch get told to add the channel axis?"""
    with pytest.raises(ValueError, match=r"x must have shape \(N, C, H, W\); got "
                                         r"\(2, 4, 4\)\. Add the missing axes"):
        cls(2).forward(np.zeros((2, 4, 4)))


@pytest.mark.parametrize("cls", [MaxPool2D, AvgPool2D])
def test_backward_checks_order_and_shape(cls):
    """Does backward before forward, or with a wrong grad shape, say so?"""
    layer = cls(2)
    with pytest.raises(RuntimeError, match=r"backward was called before forward"):
        layer.backward(np.zeros((1, 1, 1, 1)))
    layer.forward(np.zeros((1, 1, 4, 4)))
    with pytest.raises(ValueError, match=r"grad must have the shape of the last "
                                         r"forward output, \(1, 1, 2, 2\)"):
        layer.backward(np.zeros((1, 1, 4, 4)))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"kernel_size": 0}, ValueError, r"kernel_size must be at least 1; got 0"),
    ({"kernel_size": "2"}, TypeError, r"kernel_size must be an int or a pair"),
    ({"stride": 0}, ValueError, r"stride must be at least 1; got 0"),
])
def test_bad_settings_are_refused(kwargs, error, message):
    """Does each invalid setting name itself and the value that came?"""
    with pytest.raises(error, match=message):
        MaxPool2D(**kwargs)


@pytest.mark.parametrize("cls", [MaxPool2D, AvgPool2D])
def test_model_file_round_trip(cls, tmp_path):
    """Does a pooling layer saved with dlkit.io come back with its settings?"""
    layer = cls((3, 2), (1, 2))
    loaded = load(save(layer, tmp_path / "pool.npz"))
    assert type(loaded) is cls and loaded.config() == layer.config()
