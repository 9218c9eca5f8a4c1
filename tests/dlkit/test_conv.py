"""Tests of dlkit.nn.conv: im2col, col2im and Conv2D against slow references.

Gradient checks run in float64 and require a relative error below 1e-6.
"""

import numpy as np
import pytest

from dlkit.gradcheck import check_layer
from dlkit.io import load, save
from dlkit.nn import Dense, Flatten, MaxPool2D, ReLU, Sequential
from dlkit.nn.conv import Conv2D, col2im, conv_output_size, im2col

GRAD_TOL = 1e-6
# The output is linear in x, in W and in b, so central differences have no
# truncation error at any step; a step of 1e-4 keeps the rounding error small.
EPS = 1e-4

# (N, C, H, W), F, kernel_size, stride, padding
CASES = [
    ((2, 1, 5, 5), 2, 3, 1, 0),
    ((2, 2, 5, 6), 3, 3, 1, 1),
    ((1, 2, 7, 7), 2, 3, 2, 1),
    ((2, 3, 6, 5), 2, (2, 3), (2, 1), (0, 1)),
    ((1, 1, 8, 8), 1, 1, 3, 0),          # stride larger than the kernel: gaps
    ((2, 2, 4, 4), 2, 4, 1, 0),          # kernel as large as the input
    ((2, 2, 4, 5), 2, (3, 2), 1, (2, 3)),  # padding wider than the kernel
]


def slow_conv(x, w, b, stride, padding):
    """Convolution by its definition: one output pixel at a time."""
    (sh, sw), (ph, pw) = stride, padding
    n, _, h, wd = x.shape
    f, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    oh, ow = (h + 2 * ph - kh) // sh + 1, (wd + 2 * pw - kw) // sw + 1
    out = np.zeros((n, f, oh, ow))
    for a in range(n):
        for k in range(f):
            for r in range(oh):
                for c in range(ow):
                    window = xp[a, :, r * sh:r * sh + kh, c * sw:c * sw + kw]
                    out[a, k, r, c] = np.sum(window * w[k]) + b[k]
    return out


def slow_im2col(x, kh, kw, stride, padding):
    """Columns of every window, built window by window."""
    (sh, sw), (ph, pw) = stride, padding
    n, c, h, w = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    oh, ow = (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1
    cols = np.zeros((c * kh * kw, n * oh * ow))
    for a in range(n):
        for r in range(oh):
            for q in range(ow):
                window = xp[a, :, r * sh:r * sh + kh, q * sw:q * sw + kw]
                cols[:, (a * oh + r) * ow + q] = window.reshape(-1)
    return cols


def pair(v):
    return v if isinstance(v, tuple) else (v, v)


def make(case, dtype=np.float64, seed=0):
    shape, f, k, s, p = case
    layer = Conv2D(shape[1], f, k, s, p, rng=seed, dtype=dtype)
    layer.params["b"][...] = np.random.default_rng(seed + 1).standard_normal(f)
    x = np.random.default_rng(seed + 2).standard_normal(shape)
    return layer, x


@pytest.mark.parametrize("case", CASES)
def test_im2col_matches_window_by_window_reference(case):
    """Does im2col put window (n, oh, ow) of channel c at offset (i, j) in the
    documented row and column?"""
    shape, _, k, s, p = case
    x = np.random.default_rng(0).standard_normal(shape)
    kh, kw = pair(k)
    got = im2col(x, k, s, p)
    np.testing.assert_array_equal(got, slow_im2col(x, kh, kw, pair(s), pair(p)))


@pytest.mark.parametrize("case", CASES)
def test_col2im_is_the_adjoint_of_im2col(case):
    """Is <im2col(x), Y> equal to <x, col2im(Y)> for any x and Y?"""
    shape, _, k, s, p = case
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape)
    cols = im2col(x, k, s, p)
    y = rng.standard_normal(cols.shape)
    back = col2im(y, shape, k, s, p)
    assert back.shape == shape
    np.testing.assert_allclose(np.sum(cols * y), np.sum(x * back), rtol=1e-12)


def test_col2im_counts_overlapping_windows():
    """Does col2im(im2col(ones)) count how many windows cover each pixel?"""
    ones = np.ones((1, 1, 4, 4))
    counts = col2im(im2col(ones, 3), ones.shape, 3)
    expected = np.array([[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]])
    np.testing.assert_array_equal(counts[0, 0], expected)


def test_im2col_writes_into_a_given_buffer():
    """Does im2col fill and return the out array, and reject a wrong one?"""
    x = np.random.default_rng(0).standard_normal((2, 1, 4, 4))
    buf = np.empty((9, 2 * 2 * 2))
    assert im2col(x, 3, out=buf) is buf
    np.testing.assert_array_equal(buf, slow_im2col(x, 3, 3, (1, 1), (0, 0)))
    wide = np.zeros((9, 12))                 # rows padded: a slice is accepted
    assert im2col(x, 3, out=wide[:, :8]).base is wide
    np.testing.assert_array_equal(wide[:, :8], buf)
    assert not wide[:, 8:].any()
    with pytest.raises(ValueError, match=r"out must be a float64 array of shape "
                                         r"\(9, 8\) with contiguous rows; got "
                                         r"float32"):
        im2col(x, 3, out=np.empty((9, 8), dtype=np.float32))
    with pytest.raises(ValueError, match=r"with contiguous rows"):
        im2col(x, 3, out=np.empty((8, 9)).T)


@pytest.mark.parametrize("case", CASES)
def test_forward_matches_direct_loop(case):
    """Does the im2col convolution give what the definition gives, pixel by
    pixel, in the documented output shape?"""
    layer, x = make(case)
    got = layer.forward(x)
    want = slow_conv(x, layer.params["W"], layer.params["b"], layer.stride,
                     layer.padding)
    assert got.shape == want.shape == layer.output_shape(x.shape)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("case", CASES)
def test_gradients_match_numerical_ones(case):
    """Do the input, W and b gradients agree with central differences?"""
    layer, x = make(case)
    errors = check_layer(layer, x, eps=EPS)
    assert set(errors) == {"input", "W", "b"}
    assert max(errors.values()) < GRAD_TOL, errors


def test_backward_shapes():
    """Are the gradients shaped like x, W and b?"""
    layer, x = make(CASES[2])
    out = layer.forward(x)
    dx = layer.backward(np.ones_like(out))
    assert dx.shape == x.shape
    assert layer.grads["W"].shape == layer.params["W"].shape == (2, 2, 3, 3)
    assert layer.grads["b"].shape == layer.params["b"].shape == (2,)


def test_bias_gradient_sums_over_batch_and_pixels():
    """Is grads["b"] the output gradient summed over N, OH and OW?"""
    layer, x = make(CASES[1])
    grad = np.random.default_rng(3).standard_normal(layer.forward(x).shape)
    layer.backward(grad)
    np.testing.assert_allclose(layer.grads["b"], grad.sum(axis=(0, 2, 3)))


def test_float32_end_to_end():
    """With the default dtype, are output, input gradient and grads float32,
    also for float64 input?"""
    layer = Conv2D(2, 3, 3, padding=1)
    x = np.random.default_rng(0).standard_normal((2, 2, 5, 5))
    out = layer.forward(x)
    dx = layer.backward(np.ones(out.shape))
    assert layer.params["W"].dtype == np.float32
    assert out.dtype == dx.dtype == np.float32
    assert all(g.dtype == np.float32 for g in layer.grads.values())


def test_outputs_are_not_overwritten_by_the_next_forward():
    """Does an earlier output keep its values after another forward (buffers
    are reused inside the layer only)?"""
    layer, x = make(CASES[1])
    first = layer.forward(x)
    kept = first.copy()
    layer.forward(2 * x)
    np.testing.assert_array_equal(first, kept)


def test_backward_uses_the_last_forward():
    """After forward(x1), forward(x2), does backward give x2's gradients?"""
    layer, x = make(CASES[1])
    grad = np.random.default_rng(5).standard_normal(layer.forward(x).shape)
    layer.forward(x)
    layer.backward(grad)
    w_grad = layer.grads["W"].copy()
    layer.forward(3 * x)
    layer.forward(x)
    layer.backward(grad)
    np.testing.assert_allclose(layer.grads["W"], w_grad, rtol=1e-12)


def test_params_are_kept_in_place():
    """Do the W and b array objects survive forward and backward?"""
    layer, x = make(CASES[0])
    w, b = layer.params["W"], layer.params["b"]
    layer.backward(np.ones_like(layer.forward(x)))
    assert layer.params["W"] is w and layer.params["b"] is b


def test_same_padding_keeps_size_and_config_rebuilds():
    """Does padding (K-1)//2 keep H and W, and Conv2D(**config()) match?"""
    layer = Conv2D(1, 4, 5, padding=2, init="xavier", dtype=np.float64)
    assert layer.forward(np.zeros((3, 1, 9, 7))).shape == (3, 4, 9, 7)
    clone = Conv2D(**layer.config())
    assert clone.config() == layer.config()
    assert layer.num_params() == 4 * 25 + 4


@pytest.mark.parametrize("size, kernel, stride, padding, expected", [
    (28, 3, 1, 1, 28), (28, 3, 1, 0, 26), (7, 3, 2, 1, 4), (8, 3, 2, 0, 3),
    (5, 5, 1, 0, 1),
])
def test_output_size_formula(size, kernel, stride, padding, expected):
    """Is the output length (size + 2P - K) // S + 1?"""
    assert conv_output_size(size, kernel, stride, padding) == expected


def test_channel_mismatch_names_both_counts():
    """Does a grey image fed to a colour layer say expected 3, got 1?"""
    layer = Conv2D(3, 4, 3)
    with pytest.raises(ValueError, match=r"expected 3 channels; got 1 "
                                         r"\(x has shape \(2, 1, 8, 8\)"):
        layer.forward(np.zeros((2, 1, 8, 8)))


def test_kernel_that_does_not_fit_is_refused():
    """Does a 5x5 kernel on a 3x3 image without padding raise a clear error?"""
    with pytest.raises(ValueError, match=r"kernel 5x5 with padding \(0, 0\) does "
                                         r"not fit an input of 3x3: the kernel "
                                         r"\(5\) does not fit in the padded input"):
        Conv2D(1, 1, 5).forward(np.zeros((1, 1, 3, 3)))
    with pytest.raises(ValueError, match=r"does not fit in the padded input "
                                         r"\(2 \+ 2\*0 = 2\)"):
        conv_output_size(2, 3)


def test_missing_batch_axis_gets_a_fix():
    """Does a single (C, H, W) image get told to add the batch axis?"""
    with pytest.raises(ValueError, match=r"x must have shape \(N, C, H, W\); got "
                                         r"\(1, 8, 8\). Add the missing axes: "
                                         r"x\[None\]"):
        Conv2D(1, 2, 3).forward(np.zeros((1, 8, 8)))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"kernel_size": 0}, ValueError, r"kernel_size must be at least 1; got 0"),
    ({"kernel_size": 2.5}, TypeError, r"kernel_size must be an int or a pair of "
                                      r"ints; got 2.5"),
    ({"stride": (1, 2, 3)}, TypeError, r"stride must be an int or a pair"),
    ({"stride": 0}, ValueError, r"stride must be at least 1; got 0"),
    ({"padding": -1}, ValueError, r"padding must be at least 0; got -1"),
    ({"in_channels": 0}, ValueError, r"in_channels must be at least 1; got 0"),
    ({"out_channels": "8"}, TypeError, r"out_channels must be an int; got str"),
])
def test_bad_constructor_arguments(kwargs, error, message):
    """Does each invalid setting name itself and the value that came?"""
    args = {"in_channels": 1, "out_channels": 2, **kwargs}
    with pytest.raises(error, match=message):
        Conv2D(**args)


def test_integer_images_are_refused_with_a_fix():
    """Do uint8 pixels get a TypeError that suggests astype?"""
    with pytest.raises(TypeError, match=r"x must be an array of floats; got uint8"):
        Conv2D(1, 1, 3).forward(np.zeros((1, 1, 4, 4), dtype=np.uint8))


def test_backward_checks_order_and_shape():
    """Does backward before forward, or with a wrong grad shape, say so?"""
    layer = Conv2D(1, 2, 3)
    with pytest.raises(RuntimeError, match=r"backward was called before forward"):
        layer.backward(np.zeros((1, 2, 2, 2)))
    layer.forward(np.zeros((1, 1, 4, 4)))
    with pytest.raises(ValueError, match=r"grad must have the shape of the last "
                                         r"forward output, \(1, 2, 2, 2\); got"):
        layer.backward(np.zeros((1, 2, 4, 4)))


def test_col2im_rejects_columns_of_another_geometry():
    """Does col2im name the column shape it expected?"""
    with pytest.raises(ValueError, match=r"cols must have shape \(C\*KH\*KW, "
                                         r"N\*OH\*OW\) = \(9, 4\)"):
        col2im(np.zeros((9, 5)), (1, 1, 4, 4), 3)


def test_model_file_round_trip(tmp_path):
    """Does a small CNN saved with dlkit.io come back with the same outputs?"""
    model = Sequential(Conv2D(1, 3, 3, padding=1, rng=0), ReLU(), MaxPool2D(2),
                       Flatten(), Dense(3 * 3 * 3, 2, rng=1))
    x = np.random.default_rng(0).standard_normal((2, 1, 6, 6)).astype(np.float32)
    path = save(model, tmp_path / "cnn.npz")
    np.testing.assert_array_equal(load(path).forward(x), model.forward(x))


@pytest.mark.parametrize("case", [c for c in CASES if c[3] == 1])
def test_a_batch_in_several_chunks_gives_the_same_results(case, monkeypatch):
    """With stride 1 the batch goes through in chunks of images; with chunks
    of one or two images (and a last, shorter chunk), are the output and every
    gradient still those of the definition?"""
    (n, c, h, w), f, k, _, p = case
    x = np.random.default_rng(1).standard_normal((3 * n + 1, c, h, w))
    whole = Conv2D(c, f, k, padding=p, rng=2, dtype=np.float64)
    out = whole.forward(x)
    grad = np.random.default_rng(3).standard_normal(out.shape)
    dx = whole.backward(grad)
    _, wp, oh, _ = whole._shifted_geometry(x.shape)
    for images in (1, 2):
        monkeypatch.setattr(Conv2D, "_CHUNK_COLUMNS", images * oh * wp)
        layer = Conv2D(c, f, k, padding=p, rng=2, dtype=np.float64)
        assert layer._shifted_geometry(x.shape)[3] == images
        np.testing.assert_allclose(layer.forward(x), out, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(layer.backward(grad), dx, rtol=1e-12, atol=1e-12)
        for key in ("W", "b"):
            np.testing.assert_allclose(layer.grads[key], whole.grads[key], rtol=1e-10)
        np.testing.assert_allclose(
            out, slow_conv(x, layer.params["W"], layer.params["b"], layer.stride,
                           layer.padding), rtol=1e-10, atol=1e-12)
        errors = check_layer(layer, x[:3], eps=EPS)
        assert max(errors.values()) < GRAD_TOL, errors


def test_input_grad_false_keeps_the_kernel_gradients():
    """With input_grad=False, is backward None and are W and b's gradients
    those of the default layer, for both the stride-1 and the strided path?"""
    for stride in (1, 2):
        x = np.random.default_rng(0).standard_normal((2, 2, 6, 6))
        full = Conv2D(2, 3, 3, stride=stride, padding=1, rng=1, dtype=np.float64)
        first = Conv2D(2, 3, 3, stride=stride, padding=1, rng=1, dtype=np.float64,
                       input_grad=False)
        grad = np.ones(full.forward(x).shape)
        first.forward(x)
        assert full.backward(grad).shape == x.shape
        assert first.backward(grad) is None
        for key in ("W", "b"):
            np.testing.assert_allclose(first.grads[key], full.grads[key], rtol=1e-12)
    assert Conv2D(**first.config()).input_grad is False
    assert "input_grad" not in full.config()
