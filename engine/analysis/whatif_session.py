"""A what-if predictor for one stored model: load once, then explain rows as values change."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from engine.analysis import whatif
from engine.errors import UserError
from engine.registry import decision_threshold
from storage import ModelVersion, NotFound, Store, StoreError

BACKGROUND_ROWS = 200
BACKGROUND_SEED = 0


@dataclass
class WhatIfSession:
    """The fitted model, its schema and typical rows, ready for ``explain`` calls."""

    model_id: int
    model: object
    schema: dict
    task: str
    classes: list[str]
    background: pd.DataFrame
    threshold: float | None

    @classmethod
    def open(cls, store: Store, model: ModelVersion) -> WhatIfSession:
        from engine.model_io import load_model  # skops pulls scikit-learn: only when asked

        details = model.details
        schema = details["schema"]
        columns = [c["name"] for c in schema["columns"]]
        try:
            version = store.dataset_version(details["dataset_version_id"])
            frame = pd.read_parquet(store.path_of(version.path), columns=columns)
        except (KeyError, NotFound, StoreError, OSError) as error:
            raise UserError(
                f"The data model {model.id} was trained on is no longer in the workspace ({error}).",
                "Train the model again to use the what-if predictor.",
            ) from None
        background = frame.sample(min(BACKGROUND_ROWS, len(frame)), random_state=BACKGROUND_SEED)
        return cls(
            model_id=model.id,
            model=load_model(store.path_of(model.artifact_path)),
            schema=schema,
            task=details["task"],
            classes=list(details.get("classes") or []),
            background=background.reset_index(drop=True),
            threshold=decision_threshold(model),
        )

    @property
    def feature_names(self) -> list[str]:
        return [c["name"] for c in self.schema["columns"]]

    def fields(self) -> list[dict]:
        """One form field per feature: kind, choices or range, and a typical default."""
        return whatif.form_fields(self.schema, self.background)

    def explain(self, values: dict) -> dict:
        """The prediction for typical values overridden by ``values``, with contributions."""
        row = {**whatif.default_row(self.background, self.schema), **values}
        return whatif.explain_row(
            self.model, row, self.schema, self.task, self.classes, self.background,
            threshold=self.threshold,
        )
