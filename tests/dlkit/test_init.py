"""Tests of dlkit.nn.init: spreads, fans, determinism and errors."""

import numpy as np
import pytest

from dlkit.nn import init


@pytest.mark.parametrize("name, expected_var", [
    ("xavier_uniform", 2 / (200 + 300)),
    ("xavier_normal", 2 / (200 + 300)),
    ("he_normal", 2 / 200),
    ("he_uniform", 2 / 200),
])
def test_variance_follows_the_fans(name, expected_var):
    """Is the sample variance of a (200, 300) weight within 5% of the scheme's?"""
    w = getattr(init, name)((200, 300), np.random.default_rng(0))
    assert w.shape == (200, 300)
    assert abs(w.mean()) < 0.01
    assert w.var() == pytest.approx(expected_var, rel=0.05)


def test_uniform_limits_are_respected():
    """Do xavier_uniform draws stay inside +-sqrt(6 / (fan_in + fan_out))?"""
    w = init.xavier_uniform((50, 70), 0)
    assert np.abs(w).max() <= np.sqrt(6 / 120)


def test_gain_and_fan_overrides():
    """Do gain and fan_in scale the spread as documented?"""
    base = init.he_normal((100, 100), 1)
    np.testing.assert_allclose(init.he_normal((100, 100), 1, gain=2.0), 2 * base)
    np.testing.assert_allclose(init.he_normal((100, 100), 1, fan_in=400), base / 2)


def test_fans_of_dense_and_conv_shapes():
    """Are the fans (D, M) for a matrix and (C*k*k, F*k*k) for a kernel?"""
    assert init.fans((3, 5)) == (3, 5)
    assert init.fans((8, 3, 5, 5)) == (75, 200)
    assert init.fans((4,)) == (4, 4)
    with pytest.raises(ValueError, match=r"at least one axis to have fans; got"):
        init.fans(())


def test_same_seed_same_values_and_dtype_cast():
    """Do equal seeds give equal draws, and float32 the float64 draw rounded?"""
    a = init.xavier_normal((4, 4), 3)
    np.testing.assert_array_equal(a, init.xavier_normal((4, 4), 3))
    b = init.xavier_normal((4, 4), 3, dtype=np.float32)
    assert b.dtype == np.float32
    np.testing.assert_allclose(b, a, rtol=1e-6)


def test_a_generator_advances():
    """Does a shared Generator give different values on each call?"""
    rng = np.random.default_rng(0)
    first, second = init.he_uniform((3, 3), rng), init.he_uniform((3, 3), rng)
    assert not np.array_equal(first, second)


def test_zeros():
    """Is zeros all zeros of the shape and dtype, with rng optional?"""
    z = init.zeros((2, 3), dtype=np.float32)
    assert z.shape == (2, 3) and z.dtype == np.float32 and not z.any()


def test_names_map_to_functions():
    """Do the short names mean Glorot uniform and He normal?"""
    assert init.get_initializer("xavier") is init.xavier_uniform
    assert init.get_initializer("he") is init.he_normal


def test_unknown_names_and_bad_types():
    """Do an unknown name, a non-string, a bad rng and a bad dtype raise clearly?"""
    with pytest.raises(ValueError, match=r"init must be one of .*; got 'kaiming'"):
        init.get_initializer("kaiming")
    with pytest.raises(TypeError, match=r"init must be the name of an initialiser; "
                                        r"got function"):
        init.get_initializer(init.he_normal)
    with pytest.raises(TypeError, match=r"rng must be a numpy.random.Generator or "
                                        r"an int seed; got NoneType"):
        init.he_normal((2, 2), None)
    with pytest.raises(TypeError, match=r"dtype must be np.float32 or np.float64; "
                                        r"got 'float16'"):
        init.float_dtype("float16")
    with pytest.raises(TypeError, match=r"dtype must be .*; got 'not a dtype'"):
        init.float_dtype("not a dtype")
