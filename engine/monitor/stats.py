"""Distances between binned distributions, and how large they get by chance alone.

A distribution is a vector of bin shares (or counts). Numeric columns are binned on the
training reference's quantiles with missing values as a last bin; categorical columns by
category. Binning the batch and the resampled null draws the same way makes the batch's
statistic and the null's the very same function, so the threshold is calibrated for exactly
what is measured.

The null (``null_threshold``): draw a sample of the batch's size ``n`` *and* one of the
reference's size ``m`` from the reference shares (two multinomial draws, so a draw costs the
number of bins, not ``n``), measure the statistic between them, repeat ``DRAWS`` times and take
the ``1 - ALPHA`` quantile. Drawing both sides matters: the reference is a sample too, and once
a batch is as large as the training data a one-sided null would be too tight and cry wolf.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

# Per feature and batch: a batch from the training distribution alarms on about 1 feature in 100.
ALPHA = 0.01
DRAWS = 2000
# Statistical significance is not practical importance: on a 100,000-row batch the null
# threshold of KS falls below 0.01, a difference nobody would act on. A threshold is never
# below these floors (KS 0.03: at some cut point 3 % more or fewer rows fall below it;
# Jensen-Shannon 0.03: about a 3.5 point move of a 50/50 share).
MIN_EFFECT = {"ks": 0.03, "js": 0.03}
BUCKETS_PER_DOUBLING = 8
QUANTILES = 1000  # points on which two distributions are compared for the Wasserstein distance
PSI_SMOOTHING = 0.5  # added to every bin's count, so an empty bin does not make PSI infinite


def shares(counts: np.ndarray) -> np.ndarray:
    """Counts to shares along the last axis (all-zero rows stay zero)."""
    counts = np.asarray(counts, dtype=float)
    total = counts.sum(axis=-1, keepdims=True)
    return np.divide(counts, total, out=np.zeros_like(counts), where=total > 0)


def ks(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Kolmogorov-Smirnov on ordered bins: the largest gap between the two cumulative shares."""
    gap = np.abs(np.cumsum(p, axis=-1) - np.cumsum(q, axis=-1))
    return gap.max(axis=-1)


def js_distance(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Jensen-Shannon distance (base 2, between 0 and 1); zero shares are allowed on either side."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    mid = (p + q) / 2
    divergence = (_kl(p, mid) + _kl(q, mid)) / 2
    return np.sqrt(np.clip(divergence / math.log(2), 0.0, 1.0))


def _kl(p: np.ndarray, mid: np.ndarray) -> np.ndarray:
    positive = p > 0
    ratio = np.divide(p, mid, out=np.ones_like(p), where=positive)
    return np.where(positive, p * np.log(ratio), 0.0).sum(axis=-1)


def psi(reference_counts: np.ndarray, batch_counts: np.ndarray) -> float:
    """Population stability index, with ``PSI_SMOOTHING`` added to each bin's count."""
    ref = shares(np.asarray(reference_counts, dtype=float) + PSI_SMOOTHING)
    new = shares(np.asarray(batch_counts, dtype=float) + PSI_SMOOTHING)
    return float(np.sum((new - ref) * np.log(new / ref)))


def chi_square(reference_counts: np.ndarray, batch_counts: np.ndarray) -> tuple[float, float]:
    """Chi-square statistic of the 2 x k table (reference vs batch) and its Cramér's V."""
    table = np.vstack([reference_counts, batch_counts]).astype(float)
    table = table[:, table.sum(axis=0) > 0]
    total = table.sum()
    if table.shape[1] < 2 or total == 0 or (table.sum(axis=1) == 0).any():
        return 0.0, 0.0
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / total
    statistic = float(((table - expected) ** 2 / expected).sum())
    return statistic, math.sqrt(statistic / total)


def quantile_grid(values: np.ndarray) -> np.ndarray:
    """``values`` at ``QUANTILES`` evenly spaced quantiles: what ``wasserstein`` compares."""
    if len(values) == 0:
        return np.empty(0)
    return np.quantile(values, (np.arange(QUANTILES) + 0.5) / QUANTILES)


def wasserstein(reference_grid: np.ndarray, values: np.ndarray) -> float:
    """Earth mover's distance, as the mean gap between the two quantile functions.

    Both sides are read at ``QUANTILES`` points, so the cost does not grow with the reference
    (exact up to how finely 1,000 quantiles describe each side).
    """
    if len(reference_grid) == 0 or len(values) == 0:
        return 0.0
    return float(np.mean(np.abs(quantile_grid(values) - reference_grid)))


def n_bucket(n: int) -> int:
    """The null is drawn once per bucket: ``n`` rounded down to 2^(k/8) (steps of ~9 %).

    Rounding down draws samples a little smaller than the batch, so the threshold errs a
    little high (fewer false alarms), never low. (Rescaling it to ``n`` by the asymptotic
    sqrt(1/n + 1/m) was tried: on discrete columns it overshot, to 1.3 % false alarms.)
    """
    if n <= 1:
        return 1
    step = math.floor(BUCKETS_PER_DOUBLING * math.log2(n) + 1e-9)
    return max(1, min(n, math.floor(2 ** (step / BUCKETS_PER_DOUBLING) + 1e-9)))


def null_threshold(
    reference_shares: np.ndarray, n: int, m: int, statistic: str, *, alpha: float = ALPHA,
    draws: int = DRAWS, seed: int = 0,
) -> float:
    """The ``1 - alpha`` quantile of ``statistic`` ("ks" or "js") between samples of sizes
    ``n`` and ``m`` drawn from the same ``reference_shares`` (see the module docstring)."""
    rng = np.random.default_rng(seed)
    p = np.clip(np.asarray(reference_shares, dtype=float), 0.0, None)
    p = p / p.sum()
    batch = rng.multinomial(max(int(n), 1), p, size=draws) / max(int(n), 1)
    reference = rng.multinomial(max(int(m), 1), p, size=draws) / max(int(m), 1)
    measure = ks if statistic == "ks" else js_distance
    values = measure(batch, reference)
    # "higher": on a discrete null the quantile is a value the statistic can take, and an alarm
    # needs a statistic strictly above it, so the alarm rate stays at or under alpha.
    return float(np.quantile(values, 1.0 - alpha, method="higher"))


def seed_for(*parts: object) -> int:
    """A stable seed from names and numbers, so the same batch always gets the same threshold."""
    return zlib.crc32("|".join(str(part) for part in parts).encode("utf-8"))
