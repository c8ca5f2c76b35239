"""One column of the training reference binned once, and a batch's column measured against it.

Numeric: a percentile grid (``FINE_BINS``) for Kolmogorov-Smirnov, deciles for PSI, both with
missing values as a last bin; 1,000 quantiles for the Wasserstein distance, divided by the
reference's IQR (its standard deviation when the IQR is 0, or 1). Categorical: the
``MAX_CATEGORIES`` most common training values, then the rest of the training values, then
values never seen in training.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine.monitor import stats

FINE_BINS = 100  # percentile grid for KS
PSI_BINS = 10
MAX_CATEGORIES = 30
REST, NEW = "(rest of training values)", "(new)"


@dataclass
class ColumnReference:
    """One column of the training reference, binned once."""

    name: str
    kind: str  # numeric, categorical, boolean, prediction
    rows: int
    counts: np.ndarray  # reference counts per bin (numeric: grid bins + missing)
    importance: float | None = None
    numeric: bool = True
    cuts: np.ndarray = field(default_factory=lambda: np.empty(0))
    psi_cuts: np.ndarray = field(default_factory=lambda: np.empty(0))
    psi_counts: np.ndarray = field(default_factory=lambda: np.empty(0))
    quantiles: np.ndarray = field(default_factory=lambda: np.empty(0))  # for Wasserstein
    scale: float = 1.0
    categories: list[str] = field(default_factory=list)  # bins: categories + [REST, NEW]
    known: frozenset[str] = frozenset()
    summary: dict = field(default_factory=dict)


def reference_column(name: str, kind: str, values: pd.Series, share: float | None
                     ) -> ColumnReference:
    """Bin one reference column: a percentile grid and deciles, or its top categories."""
    if kind == "numeric":
        x = values.to_numpy(dtype=float)
        present = x[~np.isnan(x)]
        cuts = _cuts(present, FINE_BINS)
        psi_cuts = _cuts(present, PSI_BINS)
        return ColumnReference(
            name, kind, len(x), _numeric_counts(x, cuts), share, True, cuts, psi_cuts,
            _numeric_counts(x, psi_cuts), stats.quantile_grid(present), _scale(present),
            summary=_numeric_summary(x),
        )
    text = values.astype(str)
    frequent = text.value_counts()
    categories = [str(c) for c in frequent.index[:MAX_CATEGORIES]]
    column = ColumnReference(name, kind, len(text), np.empty(0), share, False,
                             categories=categories, known=frozenset(map(str, frequent.index)))
    column.counts = _category_counts(column, text)[0]
    return column


def _cuts(present: np.ndarray, bins: int) -> np.ndarray:
    if len(present) == 0:
        return np.empty(0)
    return np.unique(np.quantile(present, np.linspace(0, 1, bins + 1)[1:-1]))


def _numeric_counts(x: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    missing = np.isnan(x)
    binned = np.bincount(np.searchsorted(cuts, x[~missing], side="left"), minlength=len(cuts) + 1)
    return np.append(binned, missing.sum()).astype(float)


def _category_counts(column: ColumnReference, text: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Counts over categories + [REST, NEW], and the batch's new values by frequency."""
    k = len(column.categories)
    position = {category: i for i, category in enumerate(column.categories)}
    codes, uniques = pd.factorize(text.to_numpy(dtype=object))
    per_unique = np.bincount(codes[codes >= 0], minlength=len(uniques)).astype(float)
    bins = np.array([position.get(u, k if u in column.known else k + 1) for u in uniques],
                    dtype=np.int64)
    counts = np.bincount(bins, weights=per_unique, minlength=k + 2) if len(uniques) else \
        np.zeros(k + 2)
    new = bins == k + 1
    new_values = pd.Series(per_unique[new], index=uniques[new]).sort_values(ascending=False)
    return counts.astype(float), new_values


def _scale(present: np.ndarray) -> float:
    if len(present) == 0:
        return 1.0
    q1, q3 = np.quantile(present, [0.25, 0.75])
    spread = float(q3 - q1) or float(np.std(present))
    return spread if spread > 0 else 1.0


def _numeric_summary(x: np.ndarray) -> dict:
    present = x[~np.isnan(x)]
    if len(present) == 0:
        return {"median": None, "mean": None, "missing_share": 1.0 if len(x) else 0.0}
    return {"median": float(np.median(present)), "mean": float(present.mean()),
            "missing_share": float(1 - len(present) / len(x))}


def numeric_statistics(column: ColumnReference, values: pd.Series):
    """(KS, all statistics, decile counts, summary) of a batch's numeric column."""
    x = values.to_numpy(dtype=float)
    counts = _numeric_counts(x, column.cuts)
    psi_counts = _numeric_counts(x, column.psi_cuts)
    present = x[~np.isnan(x)]
    statistic = float(stats.ks(stats.shares(counts), stats.shares(column.counts)))
    statistics = {
        "ks": statistic,
        "wasserstein": stats.wasserstein(column.quantiles, present) / column.scale,
        "psi": stats.psi(column.psi_counts, psi_counts),
    }
    return statistic, statistics, psi_counts, _numeric_summary(x)


def category_statistics(column: ColumnReference, values: pd.Series):
    """(Jensen-Shannon, all statistics, bin counts, new values) of a batch's categorical column."""
    text = values.astype(str)
    counts, new_values = _category_counts(column, text)
    statistic = float(stats.js_distance(stats.shares(counts), stats.shares(column.counts)))
    chi2, cramers_v = stats.chi_square(column.counts, counts)
    n = max(len(text), 1)
    statistics = {
        "js": statistic,
        "chi_square": chi2,
        "cramers_v": cramers_v,
        "psi": stats.psi(column.counts, counts),
        "new_share": float(counts[-1] / n),
    }
    extra = {"new_share": float(counts[-1] / n),
             "new_examples": [str(v) for v in new_values.index[:3]]}
    return statistic, statistics, counts, extra
