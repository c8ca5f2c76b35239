"""What the wizard has collected so far, shared by its pages. No Qt.

Pages write their part and bump a version when something later pages depend on changes:
``data_version`` (a new file or new read settings), ``analysis_version`` (target or task),
``recipe_version`` (the cleaning recipe), ``annotation_version`` (labels given on the
Annotate page). A later page compares the versions it last saw
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
    trained_on: tuple[int, int, int, int] | None = None  # inputs() when training ran
    # The Annotate page's labels and accepted merges, and the frame they make: training uses
    # it (so they are part of the first dataset version). None: nothing annotated.
    annotations: list[dict] = field(default_factory=list)
    annotated_frame: Any = None
    annotated_task: str | None = None  # the task re-detected after merges (auto only)
    annotation_version: int = 0

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
        self.clear_annotations()

    def clear_data(self) -> None:
        """The file could not be read: nothing after the data step has anything to work on."""
        if self.data is not None:
            self.data = None
            self.data_version += 1
            self.analysis = None
            self.recipe = None
            self.training = None
            self.trained_on = None
            self.clear_annotations()

    def set_analysis(self, analysis: TargetAnalysis) -> None:
        self.analysis = analysis
        self.target = analysis.target
        self.analysis_version += 1
        self.clear_annotations()
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
            self.clear_annotations()

    def recipe_edited(self) -> None:
        self.recipe_version += 1

    def set_annotations(self, annotations: list[dict]) -> None:
        """Labels and merges from the Annotate page, applied to the loaded frame (pure)."""
        if annotations == self.annotations and (self.annotated_frame is not None or not annotations):
            return  # the same as before: a run on them stays current
        self.annotations = [dict(a) for a in annotations]
        self.annotated_frame = self.annotated_task = None
        if annotations and self.data is not None and self.analysis is not None:
            from engine.annotate.apply import apply_annotations  # pandas only, no scikit-learn
            from engine.task import detect_task

            target = self.analysis.target
            self.annotated_frame = apply_annotations(self.data.frame, target, self.annotations)
            if self.analysis.task == self.analysis.detected_task:  # auto: merges may change it
                labelled = self.annotated_frame[target].dropna()
                self.annotated_task = detect_task(labelled, target).task
        self.annotation_version += 1

    def clear_annotations(self) -> None:
        if self.annotations or self.annotated_frame is not None:
            self.annotations, self.annotated_frame, self.annotated_task = [], None, None
            self.annotation_version += 1

    def training_frame(self) -> Any:
        """The frame to train on: the loaded one with the Annotate page's labels, if any."""
        if self.annotated_frame is not None:
            return self.annotated_frame
        return self.data.frame if self.data is not None else None

    def inputs(self) -> tuple[int, int, int, int]:
        """Changes when anything the training depends on changes."""
        return (self.data_version, self.analysis_version, self.recipe_version,
                self.annotation_version)

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
            # Decided and checked on the target page (re-detected if merges changed the classes).
            task=self.annotated_task or self.analysis.task,
            value=self.value_matrix(),
            recipe=copy.deepcopy(self.recipe),
            candidates=list(self.candidates) if self.candidates else None,
            budget=self.budget,
            seed=self.seed,
        )

    def source_name(self) -> str:
        return Path(self.data.source.path).name if self.data else "data"
