"""Distances between binned distributions, and their resampled null thresholds."""

from __future__ import annotations

import numpy as np
import pytest

from engine.monitor import stats


def test_ks_is_the_largest_gap_between_cumulative_shares():
    assert stats.ks(np.array([0.5, 0.5, 0.0]), np.array([0.2, 0.3, 0.5])) == pytest.approx(0.5)
    assert stats.ks(np.array([0.3, 0.7]), np.array([0.3, 0.7])) == 0


def test_jensen_shannon_distance_runs_from_0_to_1_and_allows_empty_bins():
    assert stats.js_distance(np.array([1.0, 0.0]), np.array([0.0, 1.0])) == pytest.approx(1.0)
    assert stats.js_distance(np.array([0.4, 0.6]), np.array([0.4, 0.6])) == pytest.approx(0.0)
    assert 0 < stats.js_distance(np.array([0.5, 0.5, 0.0]), np.array([0.4, 0.5, 0.1])) < 0.3


def test_psi_is_finite_even_when_a_bin_is_empty_on_one_side():
    value = stats.psi(np.array([50, 50, 0]), np.array([40, 40, 20]))
    assert np.isfinite(value) and value > 0.1
    assert stats.psi(np.array([10, 30]), np.array([10, 30])) == pytest.approx(0.0)


def test_chi_square_and_cramers_v_of_a_two_by_k_table():
    chi2, v = stats.chi_square(np.array([50, 50]), np.array([30, 70]))
    # Expected counts 40 and 60 in both rows, every cell 10 off: 2 × (10²/40 + 10²/60) = 8.33.
    assert chi2 == pytest.approx(8.3333, rel=1e-4)
    assert v == pytest.approx(np.sqrt(chi2 / 200))


def test_wasserstein_of_a_shift_is_the_shift():
    values = np.random.default_rng(0).normal(0, 1, 5000)
    grid = stats.quantile_grid(values)
    assert stats.wasserstein(grid, values + 2.0) == pytest.approx(2.0, abs=1e-9)


def test_n_bucket_rounds_down_in_steps_under_ten_percent():
    for n in (1, 2, 19, 20, 256, 300, 99_999):
        bucket = stats.n_bucket(n)
        assert bucket <= n and bucket > n / 1.1 - 1
    assert stats.n_bucket(300) == stats.n_bucket(290)


def test_the_null_threshold_shrinks_with_sample_size_and_is_reproducible():
    shares = np.full(10, 0.1)
    small = stats.null_threshold(shares, 100, 50_000, "ks", seed=1)
    large = stats.null_threshold(shares, 10_000, 50_000, "ks", seed=1)
    assert small > large > 0
    assert small == stats.null_threshold(shares, 100, 50_000, "ks", seed=1)
    # Near the asymptotic KS quantile, 1.63 * sqrt(1/n + 1/m), for n = 100 (discrete bins sit a bit under).
    assert 0.12 < small < 0.17
