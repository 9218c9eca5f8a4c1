"""Tests of dlkit.nn.attention: the attention function against a per-query loop,
masks that really block, and MultiHeadAttention's gradients.

Gradient checks run in float64 and require a relative error below 1e-6.
"""

import numpy as np
import pytest

from dlkit.gradcheck import check_layer, numerical_gradient, rel_error
from dlkit.io import load, save
from dlkit.nn.attention import (
    MultiHeadAttention,
    attention_backward,
    causal_mask,
    padding_mask,
    scaled_dot_product_attention,
)

GRAD_TOL = 1e-6
EPS = 1e-5          # balances truncation (eps**2) and rounding (1/eps) error


def rand(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def slow_attention(q, k, v, mask=None):
    """Attention for one (Tq, d) query matrix, one query at a time."""
    tq, d = q.shape
    out, weights = np.zeros((tq, v.shape[1])), np.zeros((tq, k.shape[0]))
    for i in range(tq):
        scores = np.array([q[i] @ k[j] / np.sqrt(d) for j in range(k.shape[0])])
        allowed = np.ones(k.shape[0], bool) if mask is None else mask[i]
        if not allowed.any():
            continue
        e = np.where(allowed, np.exp(scores - scores[allowed].max()), 0.0)
        weights[i] = e / e.sum()
        out[i] = weights[i] @ v
    return out, weights


# ------------------------------------------------------------------ function

@pytest.mark.parametrize("masked", [False, True])
def test_function_matches_per_query_loop(masked):
    """Does the batched attention give, per batch entry and query, what the
    definition gives, with the documented shapes?"""
    q, k, v = rand(2, 3, 4, 5, seed=1), rand(2, 3, 6, 5, seed=2), rand(2, 3, 6, 7,
                                                                       seed=3)
    mask = rand(2, 3, 4, 6, seed=4) > -0.5 if masked else None
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    assert out.shape == (2, 3, 4, 7) and weights.shape == (2, 3, 4, 6)
    for a in range(2):
        for b in range(3):
            m = None if mask is None else mask[a, b]
            want_out, want_w = slow_attention(q[a, b], k[a, b], v[a, b], m)
            np.testing.assert_allclose(out[a, b], want_out, rtol=1e-12, atol=1e-14)
            np.testing.assert_allclose(weights[a, b], want_w, rtol=1e-12,
                                       atol=1e-15)


def test_weights_are_probabilities_and_masked_ones_exactly_zero():
    """Does every row sum to 1, with weight exactly 0 wherever mask is False?"""
    q, k, v = rand(3, 5, 4), rand(3, 5, 4, seed=1), rand(3, 5, 2, seed=2)
    mask = causal_mask(5)
    _, weights = scaled_dot_product_attention(q, k, v, mask)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, rtol=1e-12)
    assert np.all(weights[:, ~mask] == 0.0)
    assert np.all(weights[:, mask] > 0.0)


def test_causal_mask_blocks_the_future():
    """With the causal mask, is output i unchanged when keys and values after
    i change?"""
    q, k, v = rand(1, 6, 4), rand(1, 6, 4, seed=1), rand(1, 6, 3, seed=2)
    out, _ = scaled_dot_product_attention(q, k, v, causal_mask(6))
    k2, v2 = k.copy(), v.copy()
    k2[:, 4:], v2[:, 4:] = 100.0, -100.0
    out2, _ = scaled_dot_product_attention(q, k2, v2, causal_mask(6))
    np.testing.assert_array_equal(out[:, :4], out2[:, :4])
    assert not np.allclose(out[:, 4:], out2[:, 4:])


def test_padding_mask_hides_the_padding():
    """Do the values at padded key positions have no effect on any output?"""
    lengths = np.array([3, 5])
    mask = padding_mask(lengths, 5)
    assert mask.shape == (2, 1, 5) and mask.dtype == bool
    np.testing.assert_array_equal(mask[:, 0], [[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])
    q, k, v = rand(2, 5, 4), rand(2, 5, 4, seed=1), rand(2, 5, 3, seed=2)
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    v2 = v.copy()
    v2[0, 3:] = 1e6
    out2, _ = scaled_dot_product_attention(q, k, v2, mask)
    np.testing.assert_array_equal(out, out2)
    assert np.all(weights[0, :, 3:] == 0.0)


def test_fully_masked_query_gets_zeros_not_nan():
    """Does a query that may attend to nothing get zero weights and output?"""
    mask = np.array([[True, True], [False, False]])
    out, weights = scaled_dot_product_attention(rand(2, 3), rand(2, 3, seed=1),
                                                rand(2, 4, seed=2), mask)
    assert np.isfinite(out).all() and np.isfinite(weights).all()
    np.testing.assert_array_equal(weights[1], 0.0)
    np.testing.assert_array_equal(out[1], 0.0)


def test_huge_scores_do_not_overflow():
    """Is the softmax stable: scores around 1e4 give finite one-hot weights?"""
    q = np.array([[100.0, 100.0]])
    k = np.array([[100.0, 100.0], [99.0, 99.0]])
    with np.errstate(over="raise", invalid="raise"):
        out, weights = scaled_dot_product_attention(q, k, np.eye(2))
    np.testing.assert_allclose(weights, [[1.0, 0.0]], atol=1e-12)
    assert np.isfinite(out).all()


def test_scores_are_divided_by_sqrt_d():
    """With two keys, is the weight ratio exp((s1 - s2) / sqrt(d))?"""
    d = 16
    q = np.ones((1, d))
    k = np.stack([np.ones(d), np.zeros(d)])
    _, w = scaled_dot_product_attention(q, k, np.eye(2))
    assert w[0, 0] / w[0, 1] == pytest.approx(np.exp(d / np.sqrt(d)))


@pytest.mark.parametrize("masked", [False, True])
def test_function_backward_matches_numerical_gradients(masked):
    """Do dq, dk and dv agree with central differences, masked or not?"""
    q, k, v = rand(2, 3, 4, seed=1), rand(2, 5, 4, seed=2), rand(2, 5, 3, seed=3)
    mask = padding_mask([4, 2], 5) if masked else None
    g = rand(2, 3, 3, seed=4)

    def loss():
        return float(np.sum(scaled_dot_product_attention(q, k, v, mask)[0] * g))

    _, weights = scaled_dot_product_attention(q, k, v, mask)
    grads = attention_backward(g, q, k, v, weights)
    for analytic, x in zip(grads, (q, k, v), strict=True):
        assert analytic.shape == x.shape
        assert rel_error(analytic, numerical_gradient(loss, x, EPS)) < GRAD_TOL


def test_function_shape_and_mask_errors():
    """Do mismatched q, k, v shapes and bad masks get messages that say why?"""
    with pytest.raises(ValueError, match=r"q, k, v must have shapes \(\.\.\., Tq, "
                                         r"d\).*got \(3, 4\), \(5, 2\) and \(5, 2\)"):
        scaled_dot_product_attention(rand(3, 4), rand(5, 2), rand(5, 2))
    with pytest.raises(TypeError, match=r"mask must be a boolean array \(True = "
                                        r"may attend\); got float64"):
        scaled_dot_product_attention(rand(3, 4), rand(3, 4), rand(3, 2),
                                     np.ones((3, 3)))
    with pytest.raises(ValueError, match=r"mask of shape \(4, 4\) does not "
                                         r"broadcast to the scores' shape"):
        scaled_dot_product_attention(rand(3, 4), rand(3, 4), rand(3, 2),
                                     causal_mask(4))


def test_mask_helpers():
    """Is causal_mask lower triangular, and do bad lengths get a message?"""
    np.testing.assert_array_equal(causal_mask(3), [[1, 0, 0], [1, 1, 0], [1, 1, 1]])
    with pytest.raises(ValueError, match=r"lengths must lie in \[0, max_len=4\]; "
                                         r"got values from 1 to 6"):
        padding_mask([1, 6], 4)
    with pytest.raises(TypeError, match=r"lengths must be a 1-d array of ints"):
        padding_mask([1.5, 2.0], 4)
    with pytest.raises(ValueError, match=r"length must be at least 1; got 0"):
        causal_mask(0)


# --------------------------------------------------------------------- layer

D, HEADS = 8, 2


def head_slices(x, layer):
    """Queries, keys and values of every head, computed with explicit slices
    of the qkv weights: columns [0, D) are queries, [D, 2D) keys, [2D, 3D)
    values, each split into heads of D / h columns."""
    w, b = layer.qkv.params["W"], layer.qkv.params["b"]
    dk = D // HEADS
    out = []
    for part in range(3):
        heads = []
        for h in range(HEADS):
            cols = slice(part * D + h * dk, part * D + (h + 1) * dk)
            heads.append(x @ w[:, cols] + b[cols])            # (N, T, dk)
        out.append(heads)
    return out


@pytest.mark.parametrize("causal", [False, True])
def test_layer_matches_a_head_by_head_reference(causal):
    """Does the layer equal: project, attend per head and sequence, join the
    heads in order, project again?"""
    layer = MultiHeadAttention(D, HEADS, causal, rng=0, dtype=np.float64)
    layer.qkv.params["b"][...] = rand(3 * D, seed=9)
    x = rand(2, 5, D, seed=1)
    qs, ks, vs = head_slices(x, layer)
    mask = causal_mask(5) if causal else None
    got = layer.forward(x)
    joined = np.zeros((2, 5, D))
    for n in range(2):
        for h in range(HEADS):
            out, w = slow_attention(qs[h][n], ks[h][n], vs[h][n], mask)
            joined[n, :, h * (D // HEADS):(h + 1) * (D // HEADS)] = out
            np.testing.assert_allclose(layer.attention_weights[n, h], w,
                                       rtol=1e-12, atol=1e-15)
    want = joined @ layer.proj.params["W"] + layer.proj.params["b"]
    assert got.shape == (2, 5, D)
    np.testing.assert_allclose(got, want, rtol=1e-11, atol=1e-13)


def check_all_gradients(layer, x, mask=None):
    """Relative errors of the input gradient and of every sublayer parameter.

    The key part of the qkv bias gets no gradient at all: adding the same
    vector to every key adds the same number to all scores of a query, which
    the softmax ignores. Its analytic gradient must be zero up to rounding
    (checked absolutely); the relative error is taken over the other entries.
    """
    g = rand(*x.shape, seed=11)

    def loss():
        return float(np.sum(layer.forward(x, mask) * g))

    layer.forward(x, mask)
    dx = layer.backward(g)
    analytic = {(i, key): grad.copy() for i, sub in enumerate(layer.sublayers())
                for key, grad in sub.grads.items()}
    errors = {"input": rel_error(dx, numerical_gradient(loss, x, EPS))}
    for i, sub in enumerate(layer.sublayers()):
        for key, param in sub.params.items():
            a, num = analytic[(i, key)], numerical_gradient(loss, param, EPS)
            if i == 0 and key == "b":
                key_part = slice(D, 2 * D)
                assert np.abs(a[key_part]).max() < 1e-12
                assert np.abs(num[key_part]).max() < 1e-8
                a, num = np.delete(a, key_part), np.delete(num, key_part)
            errors[f"{'qkv' if i == 0 else 'proj'}.{key}"] = rel_error(a, num)
    return errors


@pytest.mark.parametrize("causal, lengths", [(False, None), (True, None),
                                             (False, [3, 2])])
def test_layer_gradients_match_numerical_ones(causal, lengths):
    """Do the input gradient and every weight and bias gradient of both dense
    sublayers agree with central differences (also with masks)?"""
    layer = MultiHeadAttention(D, HEADS, causal, rng=2, dtype=np.float64)
    for sub in layer.sublayers():
        sub.params["b"][...] = 0.1 * rand(*sub.params["b"].shape, seed=5)
    x = rand(2, 3, D, seed=3)
    mask = None if lengths is None else padding_mask(lengths, 3)
    errors = check_all_gradients(layer, x, mask)
    assert set(errors) == {"input", "qkv.W", "qkv.b", "proj.W", "proj.b"}
    assert max(errors.values()) < GRAD_TOL, errors


def test_check_layer_sees_only_the_input_gradient():
    """Is the layer's own params dict empty (weights live in sublayers), with
    check_layer's input gradient still right?"""
    layer = MultiHeadAttention(D, HEADS, rng=0, dtype=np.float64)
    errors = check_layer(layer, rand(2, 3, D), eps=EPS)
    assert layer.params == {} and set(errors) == {"input"}
    assert errors["input"] < GRAD_TOL
    assert layer.num_params() == D * 3 * D + 3 * D + D * D + D


def test_causal_layer_output_ignores_later_tokens():
    """With causal=True, is output t unchanged when tokens after t change?"""
    layer = MultiHeadAttention(D, HEADS, causal=True, rng=0, dtype=np.float64)
    x = rand(1, 6, D)
    y = layer.forward(x)
    x2 = x.copy()
    x2[:, 3:] = rand(1, 3, D, seed=8)
    np.testing.assert_allclose(layer.forward(x2)[:, :3], y[:, :3], rtol=1e-12)
    w = layer.attention_weights
    assert w.shape == (1, HEADS, 6, 6)
    assert np.all(w[..., ~causal_mask(6)] == 0.0)


@pytest.mark.parametrize("mask_shape", ["(T, T)", "(N, 1, T)", "(N, T, T)"])
def test_layer_accepts_documented_mask_shapes(mask_shape):
    """Is each documented mask shape applied to every head?"""
    layer = MultiHeadAttention(D, HEADS, rng=0)
    x = rand(2, 4, D).astype(np.float32)
    mask = {"(T, T)": causal_mask(4), "(N, 1, T)": padding_mask([2, 4], 4),
            "(N, T, T)": np.broadcast_to(causal_mask(4), (2, 4, 4))}[mask_shape]
    layer.forward(x, mask)
    full = np.broadcast_to(mask if mask.ndim == 2 else mask[:, None], (2, HEADS, 4, 4))
    assert np.all(layer.attention_weights[~full] == 0.0)


def test_float32_end_to_end_and_config():
    """Are output and input gradient float32 by default, and does config
    rebuild the same settings?"""
    layer = MultiHeadAttention(D, 4, causal=True)
    y = layer.forward(rand(2, 3, D))
    dx = layer.backward(np.ones((2, 3, D)))
    assert y.dtype == dx.dtype == layer.attention_weights.dtype == np.float32
    assert MultiHeadAttention(**layer.config()).config() == layer.config() == {
        "d_model": D, "num_heads": 4, "causal": True, "dtype": "float32"}


def test_model_file_round_trip(tmp_path):
    """Does a layer saved with dlkit.io give the same outputs after loading?"""
    layer = MultiHeadAttention(D, HEADS, causal=True, rng=4)
    x = rand(2, 3, D).astype(np.float32)
    loaded = load(save(layer, tmp_path / "mha.npz"))
    np.testing.assert_array_equal(loaded.forward(x), layer.forward(x))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"num_heads": 3}, ValueError, r"num_heads must divide d_model; got "
                                   r"d_model=8, num_heads=3\. Choose e\.g\. "
                                   r"num_heads=8"),
    ({"d_model": 0}, ValueError, r"d_model must be at least 1; got 0"),
    ({"causal": 1}, TypeError, r"causal must be True or False; got 1"),
])
def test_bad_settings_are_refused(kwargs, error, message):
    """Does each invalid setting name itself and the value that came?"""
    with pytest.raises(error, match=message):
        MultiHeadAttention(**{"d_model": D, "num_heads": HEADS, **kwargs})


def test_layer_input_errors():
    """Do a wrong input width, a wrong grad shape and backward before forward
    each say what is wrong?"""
    layer = MultiHeadAttention(D, HEADS)
    with pytest.raises(RuntimeError, match=r"backward was called before forward"):
        layer.backward(np.zeros((1, 2, D)))
    with pytest.raises(ValueError, match=r"x must have shape \(N, T, 8\); got "
                                         r"\(2, 3, 4\)"):
        layer.forward(np.zeros((2, 3, 4)))
    layer.forward(np.zeros((2, 3, D)))
    with pytest.raises(ValueError, match=r"grad must have the shape of the last "
                                         r"forward output, \(2, 3, 8\)"):
        layer.backward(np.zeros((2, 4, D)))
    with pytest.raises(ValueError, match=r"mask of shape \(2, 1, 1, 5\) does not "
                                         r"broadcast"):
        layer.forward(np.zeros((2, 3, D)), padding_mask([1, 2], 5))
