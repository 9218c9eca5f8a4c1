"""Tests of dlkit.nn.transformer: TransformerBlock against its formulas, and
every gradient of it against central differences.

Gradient checks run in float64 and require a relative error below 1e-6.
"""

import numpy as np
import pytest

from dlkit.gradcheck import numerical_gradient, rel_error
from dlkit.io import load, save
from dlkit.nn import GELU, Dense, LayerNorm, MultiHeadAttention, ReLU
from dlkit.nn.attention import padding_mask
from dlkit.nn.transformer import TransformerBlock

GRAD_TOL = 1e-6
EPS = 1e-5          # balances truncation (eps**2) and rounding (1/eps) error
N, T, D, HEADS, FF = 2, 3, 8, 2, 16


def rand(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def make(seed=0, **kwargs):
    block = TransformerBlock(D, HEADS, FF, rng=seed, dtype=np.float64, **kwargs)
    rng = np.random.default_rng(seed + 1)
    for layer in block.layers():          # move every parameter off its start
        for p in layer.params.values():
            p += 0.1 * rng.standard_normal(p.shape)
    return block


def layer_norm(x, norm):
    mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + norm.eps) * norm.params["gamma"] + \
        norm.params["beta"]


def ffn(u, block, act):
    w1, b1 = block.ff1.params["W"], block.ff1.params["b"]
    w2, b2 = block.ff2.params["W"], block.ff2.params["b"]
    return act(u @ w1 + b1) @ w2 + b2


def gelu(z):
    return 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z ** 3)))


@pytest.mark.parametrize("norm_first", [True, False])
@pytest.mark.parametrize("activation, act", [("gelu", gelu),
                                             ("relu", lambda z: np.maximum(z, 0))])
def test_forward_follows_the_documented_formulas(norm_first, activation, act):
    """Pre-norm: y = x + A(LN1 x), z = y + F(LN2 y); post-norm: y = LN1(x + A x),
    z = LN2(y + F y). Does the block compute exactly that?"""
    block = make(activation=activation, norm_first=norm_first)
    x = rand(N, T, D, seed=2)
    got = block.forward(x)
    attend = block.attention.forward          # tested on its own elsewhere
    if norm_first:
        y = x + attend(layer_norm(x, block.norm1))
        want = y + ffn(layer_norm(y, block.norm2), block, act)
    else:
        y = layer_norm(x + attend(x), block.norm1)
        want = layer_norm(y + ffn(y, block, act), block.norm2)
    assert got.shape == (N, T, D)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def all_gradient_errors(block, x, mask=None):
    """Relative errors of the input gradient and of every parameter of every
    sublayer, against central differences.

    The key part of the attention's qkv bias gets no gradient: adding one
    vector to every key shifts all scores of a query equally, which the
    softmax ignores. There the analytic gradient must be zero up to rounding
    (checked absolutely) and is left out of the relative error.
    """
    g = rand(*x.shape, seed=7)

    def loss():
        return float(np.sum(block.forward(x, mask) * g))

    block.forward(x, mask)
    dx = block.backward(g)
    errors = {"input": rel_error(dx, numerical_gradient(loss, x, EPS))}
    analytic = {(id(layer), key): grad.copy() for layer in block.layers()
                for key, grad in layer.grads.items()}
    for layer in block.layers():
        for key, param in layer.params.items():
            a = analytic[(id(layer), key)]
            num = numerical_gradient(loss, param, EPS)
            if layer is block.attention.qkv and key == "b":
                key_part = slice(D, 2 * D)
                assert np.abs(a[key_part]).max() < 1e-12
                assert np.abs(num[key_part]).max() < 1e-8
                a, num = np.delete(a, key_part), np.delete(num, key_part)
            errors[f"{type(layer).__name__}@{id(layer) % 997}.{key}"] = \
                rel_error(a, num)
    return errors


@pytest.mark.parametrize("kwargs", [
    {"norm_first": True},
    {"norm_first": False},
    {"norm_first": True, "activation": "relu", "causal": True},
])
def test_every_gradient_matches_numerical_ones(kwargs):
    """Do the input gradient and the gradients of both LayerNorms, both
    attention projections and both feed-forward layers agree with central
    differences?"""
    block = make(seed=3, **kwargs)
    errors = all_gradient_errors(block, rand(N, T, D, seed=4))
    assert len(errors) == 1 + 2 * 6          # input + (W, b) or (gamma, beta) x6
    assert max(errors.values()) < GRAD_TOL, errors


def test_gradients_with_a_padding_mask():
    """With a padding mask passed to forward, are the gradients still right?"""
    block = make(seed=5)
    errors = all_gradient_errors(block, rand(N, T, D, seed=6),
                                 padding_mask([2, 3], T))
    assert max(errors.values()) < GRAD_TOL, errors


def test_pre_norm_block_with_silent_branches_is_the_identity():
    """With the attention and feed-forward output layers zeroed, does the
    pre-norm block pass its input through unchanged, gradient included?"""
    block = TransformerBlock(D, HEADS, dtype=np.float64)
    for dense in (block.attention.proj, block.ff2):
        for p in dense.params.values():
            p[...] = 0.0
    x = rand(N, T, D)
    np.testing.assert_array_equal(block.forward(x), x)
    g = rand(N, T, D, seed=1)
    np.testing.assert_allclose(block.backward(g), g, rtol=1e-12)


def test_causal_block_ignores_later_tokens():
    """With causal=True, is output t unchanged when tokens after t change?"""
    block = make(causal=True)
    x = rand(1, 5, D)
    y = block.forward(x)
    x2 = x.copy()
    x2[:, 2:] += 1.0
    np.testing.assert_allclose(block.forward(x2)[:, :2], y[:, :2], rtol=1e-12)
    assert block.attention_weights.shape == (1, HEADS, 5, 5)


def test_sublayers_and_parameter_count():
    """Are the sublayers LayerNorm, attention, LayerNorm, Dense, act, Dense,
    holding 2*2D + (3D^2 + 3D) + (D^2 + D) + (DF + F) + (FD + D) numbers?"""
    block = TransformerBlock(D, HEADS, FF, activation="relu")
    kinds = [type(s) for s in block.sublayers()]
    assert kinds == [LayerNorm, MultiHeadAttention, LayerNorm, Dense, ReLU, Dense]
    assert isinstance(TransformerBlock(D, HEADS).act, GELU)
    assert block.params == {}
    assert block.num_params() == (4 * D + 3 * D * D + 3 * D + D * D + D
                                  + D * FF + FF + FF * D + D)
    assert TransformerBlock(D, HEADS).d_ff == 4 * D


def test_float32_end_to_end():
    """With the default dtype, are output and input gradient float32, also for
    float64 input?"""
    block = TransformerBlock(D, HEADS)
    y = block.forward(rand(N, T, D))
    dx = block.backward(np.ones((N, T, D)))
    assert y.dtype == dx.dtype == np.float32 and dx.shape == (N, T, D)
    assert all(g.dtype == np.float32 for layer in block.layers()
               for g in layer.grads.values())


def test_config_and_model_file_round_trip(tmp_path):
    """Does config rebuild the settings, and a saved block give the same output?"""
    block = TransformerBlock(D, HEADS, FF, activation="relu", norm_first=False,
                             causal=True, rng=2)
    assert TransformerBlock(**block.config()).config() == block.config() == {
        "d_model": D, "num_heads": HEADS, "d_ff": FF, "activation": "relu",
        "norm_first": False, "causal": True, "dtype": "float32"}
    x = rand(N, T, D).astype(np.float32)
    loaded = load(save(block, tmp_path / "block.npz"))
    np.testing.assert_array_equal(loaded.forward(x), block.forward(x))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"activation": "tanh"}, ValueError, r"activation must be one of \['gelu', "
                                         r"'relu'\]; got 'tanh'"),
    ({"norm_first": "pre"}, TypeError, r"norm_first must be True \(pre-norm\) or "
                                       r"False \(post-norm\); got 'pre'"),
    ({"num_heads": 3}, ValueError, r"num_heads must divide d_model"),
    ({"d_ff": 0}, ValueError, r"d_ff must be at least 1; got 0"),
])
def test_bad_settings_are_refused(kwargs, error, message):
    """Does each invalid setting name itself and the value that came?"""
    with pytest.raises(error, match=message):
        TransformerBlock(**{"d_model": D, "num_heads": HEADS, **kwargs})


def test_input_errors():
    """Do a wrong width, backward before forward and a wrong grad shape each
    say what is wrong?"""
    block = TransformerBlock(D, HEADS)
    with pytest.raises(RuntimeError, match=r"backward was called before forward"):
        block.backward(np.zeros((N, T, D)))
    with pytest.raises(ValueError, match=r"x must have shape \(N, T, 8\); got "
                                         r"\(2, 3, 5\)\. Embed the tokens"):
        block.forward(np.zeros((N, T, 5)))
    block.forward(np.zeros((N, T, D)))
    with pytest.raises(ValueError, match=r"grad must have the shape of the last "
                                         r"forward output, \(2, 3, 8\)"):
        block.backward(np.zeros((N, T + 1, D)))
