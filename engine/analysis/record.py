"""Evaluate a stored model version once and keep the result, so reopening it is instant."""

from __future__ import annotations

import json
import time

from engine.analysis.evaluate import EVALUATOR_VERSION, evaluate
from engine.analysis.inputs import load_inputs
from engine.reporter import Reporter
from storage import ModelVersion, Store, StoreError


def stored_evaluation(store: Store, model: ModelVersion) -> dict | None:
    """The kept evaluation of ``model`` by this FirstWin's evaluator, if it is still valid.

    An evaluation depends on the model's decision threshold and the project's value matrix;
    when either changed since, it is stale and None is returned.
    """
    kept = store.latest_evaluation(model.id, EVALUATOR_VERSION)
    if kept is None:
        return None
    try:
        result = store.read_evaluation(kept)
    except StoreError:
        return None
    if result.get("fingerprint") != _fingerprint(store, model):
        return None
    return result


def evaluate_model_version(
    store: Store, model: ModelVersion, reporter: Reporter | None = None, *, refresh: bool = False
) -> dict:
    """The evaluation of ``model``: the kept one, or computed now and kept."""
    if not refresh:
        kept = stored_evaluation(store, model)
        if kept is not None:
            return kept
    started = time.perf_counter()
    result = evaluate(load_inputs(store, model), reporter)
    result["fingerprint"] = _fingerprint(store, model)
    data = json.dumps(result, allow_nan=False, ensure_ascii=False).encode("utf-8")
    stored = store.put_bytes(data, "artifacts", ".json")
    store.add_evaluation(
        model.id, stored, evaluator_version=EVALUATOR_VERSION,
        seconds=time.perf_counter() - started,
    )
    return result


def _fingerprint(store: Store, model: ModelVersion) -> dict:
    """What an evaluation's numbers depend on besides the model file itself."""
    return {
        "threshold": model.details.get("threshold"),
        "value": store.project(model.project_id).value,
    }
