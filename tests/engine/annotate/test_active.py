"""Labelling order: the most uncertain rows first, with some random picks, repeatable by seed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.annotate.active import labelling_order, pool_probabilities, uncertainty
from engine.annotate.pool import unlabelled_positions


def pool_with_known_doubt(size: int = 100):
    """Pool positions 1000.. whose model doubt falls with the position (1000 is a coin toss)."""
    pool = list(range(1000, 1000 + size))
    yes = np.linspace(0.5, 1.0, size)
    return pool, np.column_stack([1 - yes, yes])


def test_uncertain_rows_come_first_with_one_random_pick_in_ten():
    pool, proba = pool_with_known_doubt()

    order = labelling_order(pool, proba, seed=0, random_share=0.1)

    assert sorted(order) == pool  # every pool row once
    random_slots = [order[i] for i in range(9, 100, 10)]
    uncertain = [p for i, p in enumerate(order) if (i + 1) % 10]
    assert uncertain == sorted(uncertain)  # by falling doubt: 1000 first
    assert order[:9] == list(range(1000, 1009))
    assert any(p > 1050 for p in random_slots)  # random picks reach the confident half


def test_the_order_is_the_same_for_a_seed_and_differs_for_another():
    pool, proba = pool_with_known_doubt()
    assert labelling_order(pool, proba, seed=4) == labelling_order(pool, proba, seed=4)
    assert labelling_order(pool, proba, seed=4) != labelling_order(pool, proba, seed=5)
    assert labelling_order(pool, None, seed=4) == labelling_order(pool, None, seed=4)


def test_without_a_model_the_order_is_a_seeded_shuffle():
    pool = list(range(50))
    order = labelling_order(pool, None, seed=1)
    assert sorted(order) == pool and order != pool


def test_no_random_share_gives_the_pure_uncertainty_order():
    pool, proba = pool_with_known_doubt(20)
    assert labelling_order(pool, proba, random_share=0.0) == pool


def test_uncertainty_is_one_for_a_coin_toss_and_reads_prediction_tables():
    table = pd.DataFrame({"prediction": ["a", "b", "c"],
                          "proba_a": [0.5, 0.9, 0.4], "proba_b": [0.5, 0.1, 0.35],
                          "proba_c": [0.0, 0.0, 0.25]})
    assert uncertainty(table) == pytest.approx([1.0, 0.2, 0.95])


def test_probabilities_that_do_not_match_the_pool_are_refused():
    with pytest.raises(ValueError, match="2 probability rows for 3 pool positions"):
        labelling_order([1, 2, 3], np.full((2, 2), 0.5))


def test_pool_probabilities_come_from_the_labelled_rows_one_row_per_pool_row(churn):
    proba = pool_probabilities(churn, "Churn")

    assert proba.shape == (len(unlabelled_positions(churn, "Churn")), 2)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert pool_probabilities(churn.dropna(subset=["Churn"]), "Churn") is None
