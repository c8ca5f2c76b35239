"""Numbers in the words of a story: money per month (or per 1,000 cases), shares, scores."""

from __future__ import annotations

import math

from engine.analysis.value import format_money

PER = 1000
METRIC_NAMES = {
    "roc_auc": "ROC-AUC",
    "pr_auc": "PR-AUC",
    "balanced_accuracy": "balanced accuracy",
    "accuracy": "accuracy",
    "precision": "precision",
    "recall": "recall",
    "f1": "F1",
    "f1_macro": "F1 (average over classes)",
    "log_loss": "log loss",
    "brier": "Brier score",
    "mae": "mean absolute error",
    "rmse": "root mean squared error",
    "median_absolute_error": "median absolute error",
    "mape": "mean absolute % error",
    "r2": "R²",
}
LOWER_IS_BETTER = frozenset({"log_loss", "brier", "mae", "rmse", "mse", "mape",
                             "median_absolute_error"})


class Money:
    """Turns value per 1,000 cases into the story's unit: per month when the volume is known."""

    def __init__(self, currency: str, monthly_volume: float | None) -> None:
        self.currency = currency or "$"
        self.volume = monthly_volume

    @property
    def per_month(self) -> bool:
        return self.volume is not None

    @property
    def unit(self) -> str:
        """"a month" or "per 1,000 cases"."""
        return "a month" if self.per_month else "per 1,000 cases"

    def amount(self, per_1000: float | None) -> float | None:
        """Money in the story's unit from money per 1,000 cases."""
        if per_1000 is None or not math.isfinite(per_1000):
            return None
        return per_1000 * self.volume / PER if self.per_month else per_1000

    def text(self, per_1000: float | None) -> str:
        """"$41,200" in the story's unit (without the unit words)."""
        return format_money(self.amount(per_1000), self.currency)

    def with_unit(self, per_1000: float | None) -> str:
        """"$41,200 a month"."""
        return f"{self.text(per_1000)} {self.unit}"

    def plain(self, amount: float | None) -> str:
        """An amount already in money (a value-matrix entry): "$300"."""
        return format_money(amount, self.currency)


HABITS = {"act_on_everyone": "acting on every case", "act_on_no_one": "acting on no case"}


def habit(no_ml: dict, key: str | None = None) -> str:
    """The no-ML choice in words: "acting on every case" (the better one unless ``key``)."""
    return HABITS.get(key or no_ml.get("better", ""), "doing without a model")


def quoted(label) -> str:
    """A class label in typographic quotes: “Yes”."""
    return f"“{label}”"


def metric_name(key: str) -> str:
    return METRIC_NAMES.get(key, key.replace("_", " "))


def score(value) -> str:
    """A metric as text: 3 decimals, "n/a" when missing."""
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3f}"


def percent(share: float | None, digits: int = 0) -> str:
    """"25 %" (the house style puts a space before %: a no-break one, so it never wraps)."""
    if share is None or not math.isfinite(share):
        return "n/a"
    return f"{100 * share:.{digits}f}\u00a0%"


def amount(value: float | None) -> str:
    """A quantity in the target's units: "1.52", "1,204"."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.3g}"


def verdict(key: str, model, baseline) -> str:
    """"better", "worse", "same" or "" when either number is missing."""
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in (model, baseline)):
        return ""
    if abs(model - baseline) < 1e-9:
        return "same"
    better = model < baseline if key in LOWER_IS_BETTER else model > baseline
    return "better" if better else "worse"


def count(n: int, word: str) -> str:
    """"1 row", "2,400 rows", "2 batches"."""
    plural = word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")
    return f"{n:,} {word if n == 1 else plural}"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text
