"""What the wizard has collected so far, shared by its pages. No Qt.

Pages write their part and bump a version when something later pages depend on changes:
``data_version`` (a new file or new read settings), ``analysis_version`` (target or task),
``recipe_version`` (the cleaning recipe). A later page compares the versions it last saw
with these and resets itself only when they moved, so Back never loses anything and a new
data file resets what depended on the old one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.spec import DataSource, Recipe, RunSpec, ValueMatrix

# The bundled sample, as the command line knows it (one definition for both).
from ui.cli import SAMPLE_FILE, SAMPLE_PROJECT, SAMPLE_QUESTION, SAMPLE_TARGET  # noqa: F401
from ui.wizard.stages import LoadedData, TargetAnalysis, TrainingSummary


@dataclass
class WizardState:
    """Everything the pages share; ``spec()`` turns it into the engine's RunSpec."""

    store: Any
    project: str = ""
    question: str = ""
    value: ValueMatrix = field(default_factory=lambda: ValueMatrix(100.0, 20.0, 0.0, 1.0, "$"))
    value_skipped: bool = False
    preferred_target: str | None = None  # from the sample, or a guess; used once per file
    data: LoadedData | None = None
    data_version: int = 0
    target: str | None = None
    task_choice: str = "auto"  # from a spec, for the first target check
    analysis: TargetAnalysis | None = None
    analysis_version: int = 0
    recipe: Recipe | None = None
    recipe_version: int = 0
    budget: str = "quick"
    candidates: list[str] | None = None  # None: the budget decides (tests narrow it)
    seed: int = 0
    training: TrainingSummary | None = None
    trained_on: tuple[int, int, int] | None = None  # inputs() when training ran

    pending_recipe: Recipe | None = None  # from a spec: used once its target is checked

    # --- changes ------------------------------------------------------------------------
    def set_data(self, loaded: LoadedData) -> None:
        """A new file (or the same file read differently): everything after it starts over."""
        self.data = loaded
        self.data_version += 1
        self.analysis = None
        self.recipe = None
        self.training = None
        self.trained_on = None

    def clear_data(self) -> None:
        """The file could not be read: nothing after the data step has anything to work on."""
        if self.data is not None:
            self.data = None
            self.data_version += 1
            self.analysis = None
            self.recipe = None
            self.training = None
            self.trained_on = None

    def set_analysis(self, analysis: TargetAnalysis) -> None:
        self.analysis = analysis
        self.target = analysis.target
        self.analysis_version += 1
        self.recipe = copy.deepcopy(analysis.recipe)
        pending, self.pending_recipe = self.pending_recipe, None
        proposed = [s.column for s in analysis.recipe.steps]
        if pending is not None and [s.column for s in pending.steps] == proposed:
            self.recipe = pending  # the earlier run's recipe, as it was edited then
        self.recipe_version += 1

    def prefill_from_spec(self, raw: dict) -> DataSource | None:
        """Take the question, values, target, task, budget and recipe of an earlier run.

        Returns its data source (None if the spec has none). A spec that does not parse
        prefills what it can: never an error for the user, only fewer fields filled.
        """
        try:
            spec = RunSpec.from_dict(raw)
        except (TypeError, ValueError, KeyError):
            self.project = str(raw.get("project", "") or "")
            self.question = str(raw.get("question", "") or "")
            return None
        self.project, self.question = spec.project, spec.question
        self.value = copy.deepcopy(spec.value)
        value = spec.value
        self.value_skipped = not (value.true_positive_value or value.false_positive_cost
                                  or value.false_negative_cost or value.cost_per_unit_error)
        if self.value_skipped:
            self.value = ValueMatrix(100.0, 20.0, 0.0, 1.0, value.currency)  # defaults to edit
        self.preferred_target = spec.target or None
        self.task_choice = spec.task
        self.budget = spec.budget
        self.seed = spec.seed
        self.pending_recipe = copy.deepcopy(spec.recipe)
        return spec.data if spec.data.path else None

    def clear_analysis(self) -> None:
        """The target or task cannot be used: later pages have nothing to work on."""
        if self.analysis is not None:
            self.analysis = None
            self.recipe = None
            self.analysis_version += 1

    def recipe_edited(self) -> None:
        self.recipe_version += 1

    def inputs(self) -> tuple[int, int, int]:
        """Changes when anything the training depends on changes."""
        return (self.data_version, self.analysis_version, self.recipe_version)

    def training_is_current(self) -> bool:
        return self.training is not None and self.trained_on == self.inputs()

    # --- the spec -----------------------------------------------------------------------
    def value_matrix(self) -> ValueMatrix:
        """The value matrix as stored: all zero when the user skipped it."""
        if self.value_skipped:
            return ValueMatrix(currency=self.value.currency)
        return copy.deepcopy(self.value)

    def spec(self) -> RunSpec:
        """The RunSpec for training (needs data, an analysis and a recipe)."""
        if self.data is None or self.analysis is None or self.recipe is None:
            raise RuntimeError("the wizard has no data, target or recipe yet")
        source = self.data.source
        return RunSpec(
            project=self.project.strip() or "My first win",
            question=self.question.strip(),
            data=DataSource(source.path, source.sheet, source.delimiter, source.encoding, source.decimal),
            target=self.analysis.target,
            task=self.analysis.task,  # already decided and checked on the target page
            value=self.value_matrix(),
            recipe=copy.deepcopy(self.recipe),
            candidates=list(self.candidates) if self.candidates else None,
            budget=self.budget,
            seed=self.seed,
        )

    def source_name(self) -> str:
        return Path(self.data.source.path).name if self.data else "data"
