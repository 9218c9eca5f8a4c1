"""Tests of dlkit.nn.recurrent: RNN and LSTM against step-by-step references,
and backpropagation through time against numerical gradients.

Gradient checks run in float64 and require a relative error below 1e-6.
"""

import numpy as np
import pytest

from dlkit.gradcheck import check_layer, numerical_gradient, rel_error
from dlkit.io import load, save
from dlkit.nn.recurrent import LSTM, RNN, orthogonal

GRAD_TOL = 1e-6
EPS = 1e-5          # balances truncation (eps**2) and rounding (1/eps) error
N, T, D, H = 2, 5, 3, 4


def make(cls, return_sequences=True, seed=0):
    layer = cls(D, H, return_sequences, rng=seed, dtype=np.float64)
    # non-zero biases, so that no gate sits exactly at its symmetric point
    layer.params["b"] += 0.3 * np.random.default_rng(seed + 1).standard_normal(
        layer.params["b"].shape)
    x = np.random.default_rng(seed + 2).standard_normal((N, T, D))
    return layer, x


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def reference_rnn(layer, x, h0):
    """The RNN equation, one sequence and one step at a time."""
    wx, wh, b = (layer.params[k] for k in ("Wx", "Wh", "b"))
    out = np.zeros((x.shape[0], x.shape[1], H))
    for s in range(x.shape[0]):
        h = h0[s]
        for t in range(x.shape[1]):
            h = np.tanh(x[s, t] @ wx + h @ wh + b)
            out[s, t] = h
    return out


def reference_lstm(layer, x, h0, c0):
    """The LSTM equations with one weight slice per gate, one step at a time."""
    wx, wh, b = (layer.params[k] for k in ("Wx", "Wh", "b"))

    def gate(k, xt, h):
        cols = slice(k * H, (k + 1) * H)
        return xt @ wx[:, cols] + h @ wh[:, cols] + b[cols]

    out = np.zeros((x.shape[0], x.shape[1], H))
    for s in range(x.shape[0]):
        h, c = h0[s], c0[s]
        for t in range(x.shape[1]):
            i, f, o = (sig(gate(k, x[s, t], h)) for k in range(3))
            g = np.tanh(gate(3, x[s, t], h))
            c = f * c + i * g
            h = o * np.tanh(c)
            out[s, t] = h
    return out


def states(seed=7):
    rng = np.random.default_rng(seed)
    return 0.5 * rng.standard_normal((N, H)), 0.5 * rng.standard_normal((N, H))


def test_rnn_forward_matches_step_by_step_reference():
    """Is h_t = tanh(x_t Wx + h_{t-1} Wh + b), from a given h_0?"""
    layer, x = make(RNN)
    h0, _ = states()
    got = layer.forward(x, initial_state=h0)
    assert got.shape == (N, T, H)
    np.testing.assert_allclose(got, reference_rnn(layer, x, h0), rtol=1e-12)
    np.testing.assert_allclose(layer.forward(x),
                               reference_rnn(layer, x, np.zeros((N, H))),
                               rtol=1e-12)


def test_lstm_forward_matches_step_by_step_reference():
    """Does the LSTM follow its gate equations, gates in the order i, f, o, g?"""
    layer, x = make(LSTM)
    h0, c0 = states()
    got = layer.forward(x, initial_state=(h0, c0))
    assert got.shape == (N, T, H)
    np.testing.assert_allclose(got, reference_lstm(layer, x, h0, c0), rtol=1e-12)


@pytest.mark.parametrize("cls", [RNN, LSTM])
def test_last_state_only_is_the_last_step_of_the_sequence(cls):
    """With return_sequences=False, is the (N, H) output the last of (N, T, H)?"""
    full, x = make(cls, True)
    last, _ = make(cls, False)
    out = last.forward(x)
    assert out.shape == (N, H)
    np.testing.assert_allclose(out, full.forward(x)[:, -1], rtol=1e-12)


@pytest.mark.parametrize("return_sequences", [True, False])
@pytest.mark.parametrize("cls", [RNN, LSTM])
def test_gradients_match_numerical_ones(cls, return_sequences):
    """Do the input, Wx, Wh and b gradients of BPTT agree with central
    differences?"""
    layer, x = make(cls, return_sequences)
    errors = check_layer(layer, x, eps=EPS)
    assert set(errors) == {"input", "Wx", "Wh", "b"}
    assert max(errors.values()) < GRAD_TOL, errors


@pytest.mark.parametrize("cls", [RNN, LSTM])
def test_gradients_with_an_initial_state(cls):
    """With a given initial state, do the weight gradients and state_grad agree
    with central differences?"""
    layer, x = make(cls, seed=3)
    h0, c0 = states()
    initial = h0 if cls is RNN else (h0, c0)
    weights = np.random.default_rng(4).standard_normal((N, T, H))

    def loss():
        return float(np.sum(layer.forward(x, initial_state=initial) * weights))

    layer.forward(x, initial_state=initial)
    dx = layer.backward(weights)
    grads = {k: g.copy() for k, g in layer.grads.items()}
    state_grad = (layer.state_grad,) if cls is RNN else layer.state_grad

    assert rel_error(dx, numerical_gradient(loss, x, EPS)) < GRAD_TOL
    for name, param in layer.params.items():
        assert rel_error(grads[name], numerical_gradient(loss, param, EPS)) < GRAD_TOL
    given = (h0,) if cls is RNN else (h0, c0)
    for analytic, state in zip(state_grad, given, strict=True):
        assert analytic.shape == (N, H)
        assert rel_error(analytic, numerical_gradient(loss, state, EPS)) < GRAD_TOL


@pytest.mark.parametrize("cls", [RNN, LSTM])
def test_state_continues_a_sequence(cls):
    """Does running the first 3 steps, then the rest from layer.state, give the
    same hidden states as one run over all steps?"""
    layer, x = make(cls)
    whole = layer.forward(x)
    first = layer.forward(x[:, :3])
    rest = layer.forward(x[:, 3:], initial_state=layer.state)
    np.testing.assert_allclose(np.concatenate([first, rest], axis=1), whole,
                               rtol=1e-12)


@pytest.mark.parametrize("cls", [RNN, LSTM])
def test_float32_end_to_end_and_shapes(cls):
    """With the default dtype, are output, gradients and params float32 with
    documented shapes?"""
    layer = cls(D, H)
    k = 1 if cls is RNN else 4
    assert layer.params["Wx"].shape == (D, k * H)
    assert layer.params["Wh"].shape == (H, k * H)
    assert layer.params["b"].shape == (k * H,)
    out = layer.forward(np.ones((N, T, D)))
    dx = layer.backward(np.ones((N, T, H)))
    assert out.dtype == dx.dtype == np.float32 and dx.shape == (N, T, D)
    assert all(g.dtype == np.float32 and g.shape == layer.params[n].shape
               for n, g in layer.grads.items())


def test_lstm_forget_bias_starts_at_one():
    """Is only the forget block of b set to forget_bias at the start?"""
    b = LSTM(D, H, forget_bias=1.0).params["b"]
    np.testing.assert_array_equal(b[H:2 * H], 1.0)
    np.testing.assert_array_equal(np.delete(b, np.s_[H:2 * H]), 0.0)


@pytest.mark.parametrize("shape", [(4, 4), (3, 6), (6, 3)])
def test_orthogonal_has_orthonormal_rows_or_columns(shape):
    """Is orthogonal(shape) Q with Q^T Q = I (tall) or Q Q^T = I (wide)?"""
    q = orthogonal(shape, 0)
    assert q.shape == shape
    small = q.T @ q if shape[0] >= shape[1] else q @ q.T
    np.testing.assert_allclose(small, np.eye(min(shape)), atol=1e-12)


@pytest.mark.parametrize("cls", [RNN, LSTM])
def test_config_rebuilds_an_equivalent_layer(cls):
    """Does cls(**config()) give the same settings and parameter shapes?"""
    layer = cls(D, H, False, dtype=np.float64)
    clone = cls(**layer.config())
    assert clone.config() == layer.config()
    assert all(clone.params[k].shape == v.shape for k, v in layer.params.items())


@pytest.mark.parametrize("cls", [RNN, LSTM])
@pytest.mark.parametrize("shape, message", [
    ((T, D), r"x must have shape \(N, T, 3\) \(batch, time, features\); got "
             r"\(5, 3\)\. Pass a batch of one sequence: x\[None\]"),
    ((N, T), r"got \(2, 5\)\. For one feature per step use x\[:, :, None\]"),
    ((N, T, 7), r"got \(2, 5, 7\)\. The layer was built with input_size=3"),
    ((N, 0, D), r"x must have at least one time step; got shape \(2, 0, 3\)"),
])
def test_wrong_input_shapes_get_a_fix(cls, shape, message):
    """Does each wrong input shape say what was expected and how to fix it?"""
    with pytest.raises(ValueError, match=message):
        cls(D, H).forward(np.zeros(shape))


def test_initial_state_of_wrong_shape_is_refused():
    """Does an (N, 2H) initial state name the (N, H) shape it needed?"""
    with pytest.raises(ValueError, match=r"RNN: initial_state must have shape "
                                         r"\(N, H\) = \(2, 4\); got \(2, 8\)"):
        RNN(D, H).forward(np.zeros((N, T, D)), initial_state=np.zeros((N, 8)))
    with pytest.raises(ValueError, match=r"LSTM: initial_state\[1\] \(c0\) must "
                                         r"have shape \(N, H\) = \(2, 4\)"):
        LSTM(D, H).forward(np.zeros((N, T, D)),
                           initial_state=(np.zeros((N, H)), np.zeros((1, H))))


def test_lstm_initial_state_must_be_a_pair():
    """Does a bare array as the LSTM's initial state ask for (h0, c0)?"""
    with pytest.raises(TypeError, match=r"LSTM: initial_state must be a pair "
                                        r"\(h0, c0\).*got ndarray"):
        LSTM(D, H).forward(np.zeros((N, T, D)), initial_state=np.zeros((N, H)))


@pytest.mark.parametrize("cls", [RNN, LSTM])
def test_backward_checks_order_and_shape(cls):
    """Does backward before forward, or a grad of the wrong shape, say so?"""
    layer = cls(D, H, return_sequences=False)
    with pytest.raises(RuntimeError, match=r"backward was called before forward"):
        layer.backward(np.zeros((N, H)))
    layer.forward(np.zeros((N, T, D)))
    with pytest.raises(ValueError, match=r"grad must have the shape of the last "
                                         r"forward output, \(2, 4\); got "
                                         r"\(2, 5, 4\)"):
        layer.backward(np.zeros((N, T, H)))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"input_size": 0}, ValueError, r"input_size must be at least 1; got 0"),
    ({"hidden_size": 2.0}, TypeError, r"hidden_size must be an int; got float"),
    ({"return_sequences": "yes"}, TypeError,
     r"return_sequences must be True or False; got 'yes'"),
    ({"init": "bogus"}, ValueError, r"init must be one of"),
])
def test_bad_settings_are_refused(kwargs, error, message):
    """Does each invalid setting name itself and the value that came?"""
    args = {"input_size": D, "hidden_size": H, **kwargs}
    with pytest.raises(error, match=message):
        RNN(**args)


def test_lstm_forget_bias_must_be_a_number():
    """Does a forget_bias that is not a number say what to pass?"""
    with pytest.raises(TypeError, match=r"LSTM: forget_bias must be a number; got "
                                        r"str\. Use e\.g\. 1\.0"):
        LSTM(D, H, forget_bias="1")


def test_integer_initial_state_is_refused():
    """Does an initial state of ints get a TypeError that names it?"""
    with pytest.raises(TypeError, match=r"RNN: initial_state must be an array of "
                                        r"floats; got int64"):
        RNN(D, H).forward(np.zeros((N, T, D)),
                          initial_state=np.zeros((N, H), dtype=np.int64))


@pytest.mark.parametrize("cls", [RNN, LSTM])
def test_model_file_round_trip(cls, tmp_path):
    """Does a recurrent layer saved with dlkit.io give the same outputs?"""
    layer, x = make(cls, return_sequences=False)
    loaded = load(save(layer, tmp_path / "rnn.npz"))
    assert loaded.config() == layer.config()
    np.testing.assert_array_equal(loaded.forward(x), layer.forward(x))
