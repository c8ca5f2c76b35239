"""Headless analysis commands: evaluate, whatif and threshold (see ui/cli.py)."""

from __future__ import annotations

import json
import sys

from engine.errors import UserError
from storage import Store


def add_commands(add) -> None:
    evaluate = add("evaluate", "Evaluate a model on its holdout: metrics vs no-ML, value, drivers, errors.")
    evaluate.add_argument("model", help="model id, or PROJECT:best")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    evaluate.add_argument("--refresh", action="store_true", help="recompute even if kept")

    whatif = add("whatif", "Predict one row and show which values moved the prediction most.")
    whatif.add_argument("model", help="model id, or PROJECT:best")
    whatif.add_argument(
        "--set", action="append", default=[], metavar="COLUMN=VALUE",
        help="a feature value (repeat it); unset features take typical values",
    )
    whatif.add_argument("--json", action="store_true")

    threshold = add("threshold", "Set a yes/no model's decision threshold (used by predict and export).")
    threshold.add_argument("model", help="model id, or PROJECT:best")
    threshold.add_argument("value", help="a probability between 0 and 1, or 'best' for the most valuable")
    threshold.add_argument("--note", default="", help="why, for the audit log")


def _evaluate(store: Store, args, reporter) -> int:
    from engine.analysis.record import evaluate_model_version
    from engine.registry import resolve_model

    model = resolve_model(store, args.model)
    result = evaluate_model_version(store, model, reporter, refresh=args.refresh)
    reporter.finish()
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    _print_evaluation(result)
    return 0


def _print_evaluation(result: dict) -> None:
    print(f"Model {result['model_id']}: {result['model_name']} "
          f"(vs no-ML: {result['baseline_name'] or 'none'})")
    for sentence in result["summary"]:
        print(f"  {sentence}")
    baseline = result.get("baseline_metrics") or {}
    print("\nmetric                 model    no-ML")
    for key, number in result["metrics"].items():
        print(f"  {key:<20} {_number(number):>7}  {_number(baseline.get(key)):>7}")
    if result["importance"]:
        print("\nWhat drives it:")
        for sentence in result["drivers_text"]:
            print(f"  {sentence}")
    if result["slices"]:
        print("\nWhere it does worst (look here first):")
        for entry in result["slices"][:5]:
            print(f"  {entry['label']}: {entry['metric']} {_number(entry['score'])} "
                  f"vs {_number(entry['overall'])} overall ({entry['rows']} rows)")
    for warning in result["warnings"]:
        print(f"\nwarning: {warning}")


def _whatif(store: Store, args, reporter) -> int:
    from engine.analysis.whatif_session import WhatIfSession
    from engine.registry import resolve_model

    model = resolve_model(store, args.model)
    session = WhatIfSession.open(store, model)
    answer = session.explain(_assignments(args.set, session.feature_names))
    reporter.finish()
    if args.json:
        print(json.dumps(answer, ensure_ascii=False))
        return 0
    shown = answer["prediction"] if answer["value"] is None else _number(answer["value"])
    print(f"Prediction: {shown}")
    for label, probability in (answer["probabilities"] or {}).items():
        print(f"  P({label}) = {probability:.3f}")
    print(f"Moved most by ({answer['output_name']}, vs typical rows):")
    for entry in answer["contributions"][:8]:
        print(f"  {entry['feature']} = {entry['value']}: {entry['effect']:+.3f}")
    return 0


def _assignments(pairs: list[str], known: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        column, sep, value = pair.partition("=")
        if not sep or not column:
            raise UserError(f"--set {pair!r} is not COLUMN=VALUE.", "Example: --set tenure=12")
        if column not in known:
            raise UserError(
                f"The model has no feature {column!r}.", f"Its features: {', '.join(known)}."
            )
        values[column] = value
    return values


def _threshold(store: Store, args, reporter) -> int:
    from engine.analysis.record import evaluate_model_version
    from engine.registry import resolve_model

    model = resolve_model(store, args.model)
    if model.details.get("task") != "binary":
        raise UserError(f"Model {model.id} does not answer yes or no, so it has no threshold.")
    if args.value == "best":
        chosen = evaluate_model_version(store, model, reporter)["best_threshold"]
    else:
        try:
            chosen = float(args.value)
        except ValueError:
            raise UserError(f"{args.value!r} is not a number.", "Give 0.3, or 'best'.") from None
        if not 0 <= chosen <= 1:
            raise UserError(f"A threshold is between 0 and 1, not {chosen}.")
    store.set_threshold(model.id, chosen, note=args.note)
    reporter.finish()
    print(f"Model {model.id} now answers yes from a probability of {chosen:.2f}.", file=sys.stderr)
    return 0


def _number(value) -> str:
    return "—" if value is None else f"{value:.4f}"


HANDLERS = {"evaluate": _evaluate, "whatif": _whatif, "threshold": _threshold}
