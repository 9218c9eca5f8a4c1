"""Tests for dlkit.monitoring: bins, fractions and the population stability index."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.monitoring import bin_fractions, population_stability_index, quantile_edges

EDGES = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
EVEN = np.array([0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9])      # two per bin


def test_fractions_count_each_bin_and_clip_the_outside_into_the_end_bins():
    """Is a value on an inner edge counted in the bin to its right, and are
    values beyond the edges counted in the first or the last bin?"""
    values = np.array([-3.0, 0.0, 0.25, 0.5, 0.99, 1.0, 7.0, 0.3])
    np.testing.assert_allclose(bin_fractions(values, EDGES),
                               np.array([2, 2, 1, 3]) / 8)


def test_psi_of_a_hand_computed_case():
    """Does the PSI of fractions (.25,.25,.25,.25) -> (.5,.25,.125,.125) equal
    0.25 ln 2 + 2 * 0.125 ln 2, as computed by hand?"""
    current = np.array([0.05, 0.1, 0.15, 0.2, 0.3, 0.35, 0.6, 0.95])
    value = population_stability_index(EVEN, current, EDGES)
    assert isinstance(value, float)
    assert value == pytest.approx(0.5 * np.log(2.0), rel=1e-12)


def test_psi_is_zero_for_the_same_fractions_and_symmetric():
    """Is the PSI 0 when nothing moved, and the same with the samples swapped?"""
    rng = np.random.default_rng(0)
    a, b = rng.normal(0, 1, 500), rng.normal(0.5, 1.2, 300)
    edges = quantile_edges(a, 8)
    assert population_stability_index(a, a, edges) == 0.0
    assert population_stability_index(a, b, edges) == pytest.approx(
        population_stability_index(b, a, edges), rel=1e-12)


def test_an_empty_bin_gives_a_finite_psi_through_eps():
    """Does a bin that the current sample leaves empty count with eps instead
    of giving an infinite PSI?"""
    current = np.full(8, 0.1)                       # all in the first bin
    expected = (1 - 0.25) * np.log(1 / 0.25) + 3 * (1e-4 - 0.25) * np.log(
        1e-4 / 0.25)
    assert population_stability_index(EVEN, current, EDGES) == pytest.approx(
        expected, rel=1e-12)


def test_psi_grows_with_the_shift():
    """Does a larger move of the distribution give a larger PSI?"""
    rng = np.random.default_rng(1)
    reference = rng.normal(size=2000)
    edges = quantile_edges(reference)
    values = [population_stability_index(reference, rng.normal(m, 1, 2000), edges)
              for m in (0.0, 0.3, 1.0)]
    assert values[0] < 0.02 < values[1] < values[2]


def test_quantile_edges_fill_the_bins_equally_and_merge_repeats():
    """Do quantile edges give equally filled bins, and do repeated quantiles
    of a sample with many equal values merge into fewer bins?"""
    edges = quantile_edges(np.arange(100.0), 4)
    np.testing.assert_allclose(bin_fractions(np.arange(100.0), edges), 0.25)
    merged = quantile_edges(np.array([0.0] * 90 + [1.0, 2.0] * 5), 10)
    assert np.all(np.diff(merged) > 0) and merged.size < 11


@pytest.mark.parametrize("call, error, message", [
    (lambda: quantile_edges(np.ones(5)), ValueError, r"a single value \(1\)"),
    (lambda: quantile_edges(np.arange(5.0), 0), ValueError, r"n_bins must be"),
    (lambda: bin_fractions(np.ones((2, 3)), EDGES), ValueError,
     r"values must be a non-empty 1-D array of shape \(N,\); got shape \(2, 3\)"),
    (lambda: bin_fractions(np.array([1.0, np.nan]), EDGES), ValueError,
     r"values contains NaN"),
    (lambda: bin_fractions(EVEN, [0.0, 0.5, 0.5, 1.0]), ValueError,
     r"edges must be at least two strictly increasing"),
    (lambda: bin_fractions(np.array(["a"]), EDGES), TypeError,
     r"values must hold numbers"),
    (lambda: population_stability_index(EVEN, EVEN, EDGES, eps=0.0), ValueError,
     r"eps must be a number above 0"),
])
def test_wrong_arguments_are_named(call, error, message):
    """Does a wrong argument raise an error that names it and says what fits?"""
    with pytest.raises(error, match=message):
        call()
