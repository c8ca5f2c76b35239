"""Repeat: retrain on the reference plus new labelled rows, then champion against challenger.

A retrain replays the project's newest finished run (same recipe, candidates, budget,
validation and seed) on its training rows plus the new labelled rows, through
``engine.runner.run_frame``. Its best model becomes the *challenger* (stage ``staging``, a
``retrain`` event linking the run to its triggers). The *champion* is the production model,
else the model of the latest batch, else the best model before the retrain.

The two are compared on the new rows that the retrain's split held out: neither model trained
on them, and they are the most recent data there is. Promotion stays a decision: a click, or
``auto_promote`` when the challenger wins by at least ``margin`` on the headline metric.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from engine.compute import ComputeChoice
from engine.errors import DataError, UserError
from engine.monitor import batches as kept
from engine.monitor.record import read_source
from engine.monitor.reference import dataset_rows
from engine.monitor.windows import window_metrics
from engine.promotion import promote
from engine.registry import package_schema, predict_with
from engine.reporter import Reporter
from engine.runner import run_frame
from engine.scoring import METRIC_WORDS
from engine.spec import DataSource, RunSpec
from storage import ModelVersion, Project, Store

DEFAULT_MARGIN = 0.01


def retrain(
    store: Store, project: Project, new_data: str | Path | DataSource | pd.DataFrame,
    reporter: Reporter | None = None, *, label_col: str | None = None,
    triggers: list[dict] | None = None, auto_promote: bool = False, margin: float = DEFAULT_MARGIN,
    compute: ComputeChoice | None = None,
) -> dict:
    """Train a challenger on the reference + ``new_data`` and compare it with the champion.

    ``compute`` says where it trains (None: the workspace's choice, as ``run_frame``).

    Returns ``{"run_id", "challenger_id", "challenger_name", "champion_id", "reference_rows",
    "new_rows", "comparison" (``compare_champion_challenger``, or None), "promoted",
    "leaderboard"}``.
    """
    reporter = reporter or Reporter()
    last = _last_run(store, project)
    spec = RunSpec.from_dict(last.spec)
    champion = champion_of(store, project)
    schema = store.model_versions(run_id=last.id)[0].details["schema"]
    reference = dataset_rows(store, last.dataset_version_id, spec.target)
    new, name = read_source(new_data, None, reporter)
    new = _new_labelled(new, spec.target, label_col, schema, reference.columns)
    combined = pd.concat([reference, new], ignore_index=True)
    where = name if isinstance(new_data, pd.DataFrame) else str(getattr(new_data, "path", new_data))
    spec = replace(spec, project=project.name, data=DataSource(path=where))
    reporter.log(f"Retraining on {len(reference):,} training rows + {len(new):,} new labelled rows")
    outcome = run_frame(store, combined, spec, reporter, source_name=f"retrain + {name}",
                        compute=compute)
    challenger = outcome.best_model
    if challenger is None:
        raise UserError("The retrain finished no model, so there is no challenger.",
                        "Look at the run's warnings, or retrain with a larger budget.")
    challenger = store.set_stage(challenger.id, "staging",
                                 note=f"challenger from retrain run {outcome.run.id}")
    store.add_event(
        "retrain",
        f"Run {outcome.run.id} retrained on {len(new):,} new labelled rows; challenger: model "
        f"{challenger.id} ({challenger.name})",
        project_id=project.id, entity="run", entity_id=outcome.run.id,
        data={"champion": None if champion is None else champion.id,
              "challenger": challenger.id, "new_rows": len(new), "source": name,
              "previous_run": last.id, "triggers": triggers or []},
    )
    held_out = [i for i in outcome.plan.split.holdout if i >= len(reference)]
    comparison = None
    if champion is not None and held_out:
        comparison = compare_champion_challenger(store, champion, challenger,
                                                 combined.iloc[held_out].reset_index(drop=True))
    promoted = bool(auto_promote and promote_if_better(store, challenger, comparison, margin))
    return {"run_id": outcome.run.id, "challenger_id": challenger.id,
            "challenger_name": challenger.name,
            "champion_id": None if champion is None else champion.id,
            "reference_rows": len(reference), "new_rows": len(new), "comparison": comparison,
            "promoted": promoted, "leaderboard": outcome.leaderboard()}


def compare_champion_challenger(
    store: Store, champion: ModelVersion, challenger: ModelVersion, recent_frame: pd.DataFrame
) -> dict:
    """Both models scored on the same labelled rows (raw, with the target column).

    Returns ``{"rows", "metric", "champion": {"model_id", "name", "metrics" (``value``,
    ``low``, ``high`` and ``metrics`` per ``windows.window_metrics``)}, "challenger": {...},
    "difference" (challenger minus champion, headline; None if either is undefined),
    "better" ("challenger", "champion" or "tie"), "words"}``.
    """
    sides = {}
    for role, model in (("champion", champion), ("challenger", challenger)):
        schema = package_schema(model)
        classes = [str(c) for c in schema.get("classes") or []]
        labels = kept.labels_of(recent_frame[schema["target"]], schema["task"])
        table = predict_with(store, model, recent_frame)
        rows = kept.scored_rows(table, times=pd.Series(pd.Timestamp.now(tz="UTC"), index=table.index),
                                labels=labels)
        sides[role] = {"model_id": model.id, "name": model.name,
                       "metrics": window_metrics(rows[rows["label"].notna()], schema["task"], classes)}
    old, new = sides["champion"]["metrics"]["value"], sides["challenger"]["metrics"]["value"]
    difference = None if old is None or new is None else new - old
    better = "tie" if not difference else ("challenger" if difference > 0 else "champion")
    metric = sides["challenger"]["metrics"]["metric"]
    words = (f"On {len(recent_frame):,} recent labelled rows neither model trained on, the "
             f"challenger (model {challenger.id}) scores {METRIC_WORDS.get(metric, metric)} "
             f"{_number(new)} against {_number(old)} for the champion (model {champion.id}).")
    return {"rows": len(recent_frame), "metric": metric, **sides, "difference": difference,
            "better": better, "words": words}


def promote_if_better(store: Store, challenger: ModelVersion, comparison: dict | None,
                      margin: float = DEFAULT_MARGIN) -> bool:
    """Put the challenger in production if it beat the champion by at least ``margin``."""
    if comparison is None or comparison["difference"] is None or comparison["difference"] < margin:
        return False
    promote(store, challenger, "production",
            note=f"won against the champion by {comparison['difference']:.4f} "
                 f"{comparison['metric']} (margin {margin:g})")
    return True


def champion_of(store: Store, project: Project) -> ModelVersion | None:
    """The production model, else the model that scored the latest batch, else the best."""
    production = store.production_model_version(project.id)
    if production is not None:
        return production
    latest = store.latest_batch(project.id)
    if latest is not None:
        return store.model_version(latest.model_version_id)
    return store.best_model_version(project.id)


def _last_run(store: Store, project: Project):
    for run in store.runs(project.id):
        if run.status == "finished" and run.dataset_version_id is not None and run.spec:
            return run
    raise UserError(f"Project {project.name!r} has no finished training run to repeat.",
                    "Train it first with: main.py train DATA --target COLUMN --project NAME")


def _new_labelled(new: pd.DataFrame, target: str, label_col: str | None, schema: dict,
                  columns: pd.Index) -> pd.DataFrame:
    if label_col and label_col != target:
        if label_col not in new.columns:
            raise DataError(f"The new data has no column {label_col!r}.",
                            f"Its columns: {', '.join(map(str, new.columns[:20]))}.")
        new = new.drop(columns=[target], errors="ignore").rename(columns={label_col: target})
    if target not in new.columns:
        raise DataError(f"The new data has no {target!r} column, so it holds no answers to learn from.",
                        "Add the answers in that column, or name their column with --labels-col.")
    absent = [c["name"] for c in schema["columns"] if c["name"] not in new.columns]
    if absent:
        raise DataError(f"The new data lacks column(s) the model uses: {', '.join(absent[:10])}.",
                        "Retrain with a file that has the same columns as the training data.")
    labelled = new[new[target].notna()]
    if labelled.empty:
        raise DataError(f"No row of the new data has a {target!r} value.",
                        "Retraining needs new rows whose answers are known.")
    return labelled[[c for c in columns if c in labelled.columns]].reset_index(drop=True)


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"
