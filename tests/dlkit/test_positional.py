"""Tests of dlkit.nn.positional: the sinusoidal table and the layer that adds it.

The gradient check runs in float64 and requires a relative error below 1e-6.
"""

import math

import numpy as np
import pytest

from dlkit.gradcheck import check_layer
from dlkit.io import load, save
from dlkit.nn.positional import PositionalEncoding, sinusoidal_encoding

GRAD_TOL = 1e-6


def test_table_matches_the_formula_entry_by_entry():
    """Is PE[p, 2i] = sin(p / 10000**(2i/D)) and PE[p, 2i+1] the cosine?"""
    d = 6
    table = sinusoidal_encoding(7, d)
    assert table.shape == (7, d)
    for p in range(7):
        for i in range(d // 2):
            angle = p / 10000 ** (2 * i / d)
            assert table[p, 2 * i] == pytest.approx(math.sin(angle), abs=1e-12)
            assert table[p, 2 * i + 1] == pytest.approx(math.cos(angle), abs=1e-12)


def test_odd_width_ends_with_a_sine():
    """With D odd, is the last feature the sine of the slowest frequency?"""
    table = sinusoidal_encoding(4, 5)
    angle = np.arange(4) / 10000 ** (4 / 5)
    np.testing.assert_allclose(table[:, 4], np.sin(angle), atol=1e-12)


def test_position_zero_and_value_range():
    """Is position 0 alternately 0 and 1, and every entry within [-1, 1]?"""
    table = sinusoidal_encoding(50, 8)
    np.testing.assert_array_equal(table[0], [0, 1, 0, 1, 0, 1, 0, 1])
    assert np.abs(table).max() <= 1.0


def test_a_shift_is_a_fixed_rotation():
    """Is the encoding of p + k the same rotation of that of p, for every p?"""
    d, k = 8, 3
    table = sinusoidal_encoding(20, d)
    rates = 10000.0 ** (-np.arange(0, d, 2) / d)
    for p in (0, 5, 11):
        for i, rate in enumerate(rates):
            c, s = np.cos(k * rate), np.sin(k * rate)
            sin_p, cos_p = table[p, 2 * i], table[p, 2 * i + 1]
            assert table[p + k, 2 * i] == pytest.approx(sin_p * c + cos_p * s)
            assert table[p + k, 2 * i + 1] == pytest.approx(cos_p * c - sin_p * s)


def test_layer_adds_the_first_rows_to_every_sequence():
    """Does forward return x + table[:T], the same rows for each sequence?"""
    layer = PositionalEncoding(4, max_len=10, dtype=np.float64)
    x = np.random.default_rng(0).standard_normal((3, 6, 4))
    out = layer.forward(x)
    assert out.shape == (3, 6, 4)
    np.testing.assert_allclose(out - x, np.broadcast_to(layer.table[:6], x.shape),
                               rtol=1e-12)
    assert layer.table.shape == (10, 4)


def test_input_gradient_matches_numerical_one():
    """Does the gradient pass through unchanged, as central differences say?"""
    layer = PositionalEncoding(4, max_len=8, dtype=np.float64)
    errors = check_layer(layer, np.random.default_rng(1).standard_normal((2, 5, 4)))
    assert set(errors) == {"input"}
    assert errors["input"] < GRAD_TOL, errors


def test_float32_by_default_and_config_rebuilds():
    """Is the output float32 by default, and PositionalEncoding(**config()) equal?"""
    layer = PositionalEncoding(6, max_len=16)
    out = layer.forward(np.zeros((1, 3, 6)))
    assert out.dtype == layer.table.dtype == np.float32
    assert layer.backward(np.ones((1, 3, 6))).dtype == np.float32
    clone = PositionalEncoding(**layer.config())
    assert clone.config() == layer.config()
    np.testing.assert_array_equal(clone.table, layer.table)


def test_sequence_longer_than_max_len_is_refused():
    """Does T > max_len say how long the table is and how to fix it?"""
    with pytest.raises(ValueError, match=r"the sequence has 9 positions, more "
                                         r"than max_len=8\. Build the layer with "
                                         r"max_len=9 or more"):
        PositionalEncoding(4, max_len=8).forward(np.zeros((1, 9, 4)))


@pytest.mark.parametrize("shape", [(5, 4), (1, 5, 3)])
def test_wrong_input_shape_is_refused(shape):
    """Does a missing batch axis or a wrong width name the shape it needs?"""
    with pytest.raises(ValueError, match=r"x must have shape \(N, T, 4\); got"):
        PositionalEncoding(4).forward(np.zeros(shape))


def test_backward_checks_order_and_shape():
    """Does backward before forward, or a wrong grad shape, say so?"""
    layer = PositionalEncoding(4)
    with pytest.raises(RuntimeError, match=r"backward was called before forward"):
        layer.backward(np.zeros((1, 2, 4)))
    layer.forward(np.zeros((1, 2, 4)))
    with pytest.raises(ValueError, match=r"grad must have the shape of the last "
                                         r"forward output, \(1, 2, 4\)"):
        layer.backward(np.zeros((1, 3, 4)))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"d_model": 0}, ValueError, r"d_model must be at least 1; got 0"),
    ({"max_len": 2.5}, TypeError, r"max_len must be an int; got float"),
    ({"base": 1.0}, ValueError, r"base must be a number above 1; got 1.0"),
    ({"base": "10000"}, TypeError, r"base must be a number; got str"),
])
def test_bad_settings_are_refused(kwargs, error, message):
    """Does each invalid setting name itself and the value that came?"""
    with pytest.raises(error, match=message):
        PositionalEncoding(**{"d_model": 4, **kwargs})


def test_model_file_round_trip(tmp_path):
    """Does the layer saved with dlkit.io come back with its settings?"""
    layer = PositionalEncoding(6, max_len=20, base=500.0)
    loaded = load(save(layer, tmp_path / "pe.npz"))
    assert loaded.config() == layer.config()
    np.testing.assert_array_equal(loaded.table, layer.table)
