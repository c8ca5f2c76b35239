"""The spec: everything the wizard (or a JSON file) says about one run, as plain dataclasses.

A spec is stored with every run, so any run can be replayed with ``main.py run spec.json``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

Task = Literal["binary", "multiclass", "regression"]
TaskChoice = Literal["auto", "binary", "multiclass", "regression"]
Budget = Literal["quick", "standard", "thorough"]
BUDGETS: tuple[str, ...] = ("quick", "standard", "thorough")
TASKS: tuple[str, ...] = ("binary", "multiclass", "regression")


@dataclass
class ValueMatrix:
    """What predictions are worth, in the business's own currency.

    Classification: the value of a true positive and the costs of a false positive and a
    false negative. Regression: the cost of one unit of absolute error.
    """

    true_positive_value: float = 0.0
    false_positive_cost: float = 0.0
    false_negative_cost: float = 0.0
    cost_per_unit_error: float = 0.0
    currency: str = "$"


@dataclass
class DataSource:
    """Where the data comes from and how to read it (None means: detect it)."""

    path: str = ""
    sheet: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    decimal: str | None = None


@dataclass
class ColumnStep:
    """How the cleaning recipe treats one column."""

    column: str
    action: Literal["keep", "drop"] = "keep"
    kind: Literal["numeric", "categorical", "boolean", "datetime", "text", "identifier"] = (
        "numeric"
    )
    impute: Literal["median", "mean", "most_frequent", "constant", "none"] = "median"
    encode: Literal["onehot", "ordinal", "none"] = "none"
    reason: str = ""


@dataclass
class Recipe:
    """The cleaning recipe: one step per input column, plus how rare categories are capped."""

    steps: list[ColumnStep] = field(default_factory=list)
    rare_category_share: float = 0.01
    max_categories: int = 30

    def kept(self) -> list[ColumnStep]:
        return [s for s in self.steps if s.action == "keep"]

    def step(self, column: str) -> ColumnStep:
        for s in self.steps:
            if s.column == column:
                return s
        raise KeyError(column)


@dataclass
class Validation:
    """How candidates are compared: k-fold CV on the training part, then a final holdout."""

    scheme: Literal["kfold", "group", "time"] = "kfold"
    folds: int | None = None  # None: the budget decides (3 for quick, 5 otherwise)
    holdout_fraction: float = 0.2
    group_column: str | None = None
    time_column: str | None = None


@dataclass
class RunSpec:
    """One run: question, data, target, task, recipe, candidates, budget, validation, seed."""

    project: str = "My first win"
    question: str = ""
    data: DataSource = field(default_factory=DataSource)
    target: str = ""
    task: TaskChoice = "auto"
    value: ValueMatrix = field(default_factory=ValueMatrix)
    recipe: Recipe | None = None
    candidates: list[str] | None = None
    budget: Budget = "standard"
    validation: Validation = field(default_factory=Validation)
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> RunSpec:
        """Build a spec from a dict, rejecting keys it does not know (typos must not pass)."""
        raw = dict(raw)
        _reject_unknown(cls, raw, "spec")
        if isinstance(raw.get("data"), dict):
            _reject_unknown(DataSource, raw["data"], "spec.data")
            raw["data"] = DataSource(**raw["data"])
        if isinstance(raw.get("value"), dict):
            _reject_unknown(ValueMatrix, raw["value"], "spec.value")
            raw["value"] = ValueMatrix(**raw["value"])
        if isinstance(raw.get("validation"), dict):
            _reject_unknown(Validation, raw["validation"], "spec.validation")
            raw["validation"] = Validation(**raw["validation"])
        if isinstance(raw.get("recipe"), dict):
            recipe = dict(raw["recipe"])
            _reject_unknown(Recipe, recipe, "spec.recipe")
            recipe["steps"] = [ColumnStep(**s) for s in recipe.get("steps", [])]
            raw["recipe"] = Recipe(**recipe)
        spec = cls(**raw)
        spec.validate()
        return spec

    @classmethod
    def from_json(cls, text: str) -> RunSpec:
        return cls.from_dict(json.loads(text))

    @classmethod
    def load(cls, path: str | Path) -> RunSpec:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))

    def validate(self) -> None:
        """Raise SpecError naming the first field that cannot work."""
        if self.task not in ("auto", *TASKS):
            raise SpecError(f"task must be auto, binary, multiclass or regression, not {self.task!r}")
        if self.budget not in BUDGETS:
            raise SpecError(f"budget must be quick, standard or thorough, not {self.budget!r}")
        if self.validation.folds is not None and not 2 <= self.validation.folds <= 20:
            raise SpecError("validation.folds must be between 2 and 20")
        if not 0.0 <= self.validation.holdout_fraction < 0.9:
            raise SpecError("validation.holdout_fraction must be at least 0 and below 0.9")
        if self.validation.scheme == "group" and not self.validation.group_column:
            raise SpecError("validation.scheme 'group' needs validation.group_column")
        if self.validation.scheme == "time" and not self.validation.time_column:
            raise SpecError("validation.scheme 'time' needs validation.time_column")


class SpecError(ValueError):
    """A spec that cannot run, with a message that says which field to fix."""


def _reject_unknown(cls: type, raw: dict[str, Any], where: str) -> None:
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SpecError(f"{where} has unknown keys {unknown}; known keys are {sorted(known)}")
