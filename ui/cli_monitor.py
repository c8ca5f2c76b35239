"""Headless monitoring commands: score, attach-labels, monitor, check-triggers, retrain.

``check-triggers`` exits with 3 when a trigger fired (0 when none did), so a scheduler can
chain ``retrain`` on it.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

from engine.errors import UserError
from storage import Store
from ui.cli_compute import add_compute_options, compute_choice

TRIGGER_FIRED = 3


def add_commands(add) -> None:
    score = add("score", "Score a batch with a model and keep it for monitoring (drift, metrics).")
    score.add_argument("model", help="model id, PROJECT:best or PROJECT:production")
    score.add_argument("data", type=Path, help="CSV, TSV, Excel, Parquet or ARFF file")
    score.add_argument("--labels-col", help="column holding the true answers (default: the target, if present)")
    score.add_argument("--id-col", help="column naming each row, to attach late labels to it")
    score.add_argument("--time-col", help="column giving each row's date and time (default: --at)")
    score.add_argument("--at", help="the batch's date and time (default: now), e.g. 2026-06-30")
    score.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    add_compute_options(score)

    labels = add("attach-labels", "Join labels that arrived late to scored batches, by row id.")
    labels.add_argument("project", help="project name")
    labels.add_argument("data", type=Path, help="file with an id column and a label column")
    labels.add_argument("--id-col", required=True, help="column naming each row (as when scored)")
    labels.add_argument("--label-col", required=True, help="column holding the true answers")
    labels.add_argument("--at", help="when the labels arrived (default: now)")
    labels.add_argument("--json", action="store_true")

    monitor = add("monitor", "Show a project's batches, rolling-window metrics, drift and alarms.")
    monitor.add_argument("project", help="project name")
    _window_options(monitor)
    monitor.add_argument("--as-of", default="now",
                         help="which labels count: 'now' (all known), 'window-end' (those known "
                              "when each window closed), or a date")
    monitor.add_argument("--json", action="store_true")

    check = add("check-triggers", "Say whether a retrain is due (exit code 3 if a trigger fired).")
    check.add_argument("project", help="project name")
    check.add_argument("--floor", type=float, help="lowest acceptable headline metric on the latest window")
    check.add_argument("--max-days", type=float, help="retrain at least every N days")
    _window_options(check)
    check.add_argument("--json", action="store_true")

    retrain = add("retrain", "Retrain on the training data plus new labelled rows; compare with the champion.")
    retrain.add_argument("project", help="project name")
    retrain.add_argument("--data", type=Path, required=True, help="file of new rows with their answers")
    retrain.add_argument("--labels-col", help="column holding the answers (default: the target's name)")
    retrain.add_argument("--auto-promote", action="store_true",
                         help="put the challenger in production if it wins by --margin")
    retrain.add_argument("--margin", type=float, default=0.01, help="how much better it must be (default 0.01)")
    retrain.add_argument("--json", action="store_true")
    add_compute_options(retrain)


def _window_options(parser) -> None:
    parser.add_argument("--window", type=int, help="window size in rows or days (default 500 rows, 7 days)")
    parser.add_argument("--step", type=int, help="step between windows (default: the window size)")
    parser.add_argument("--unit", choices=("rows", "days"), default="rows")


def _score(store: Store, args, reporter) -> int:
    from engine.monitor.record import resolve_monitored, score_batch

    model = resolve_monitored(store, args.model)
    result = score_batch(store, model, args.data, labels_col=args.labels_col, id_col=args.id_col,
                         time_col=args.time_col, at=args.at, reporter=reporter,
                         compute=compute_choice(store, args))
    reporter.finish()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, allow_nan=False))
        return 0
    print(f"Batch {result['batch_id']}: {result['rows']:,} rows of {result['source_name']} scored "
          f"by model {result['model_id']} ({result['labelled']:,} with labels).")
    _print_prediction(result["prediction"])
    if result["metrics"]:
        _print_metrics(result["metrics"])
    _print_drift(result["drift"]["features"], result["drift"]["prediction"])
    return 0


def _attach_labels(store: Store, args, reporter) -> int:
    from engine.monitor.record import attach_labels, find_project

    result = attach_labels(store, find_project(store, args.project), args.data, args.id_col,
                           args.label_col, at=args.at, reporter=reporter)
    reporter.finish()
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{result['labels']:,} label(s) read: {result['new']:,} new and {result['changed']:,} "
          f"changed on {len(result['batches'])} batch(es).")
    if result["unmatched"]:
        examples = ", ".join(repr(i) for i in result["unmatched_examples"])
        print(f"{result['unmatched']:,} id(s) matched no scored row (e.g. {examples}). Were those "
              "rows scored with --id-col?")
    return 0


def _monitor(store: Store, args, reporter) -> int:
    from engine.monitor.record import find_project
    from engine.monitor.report import monitor_report
    from engine.scoring import METRIC_WORDS

    as_of = {"now": None, "window-end": "window_end"}.get(args.as_of, args.as_of)
    if as_of not in (None, "window_end"):
        as_of = _when(as_of)
    report = monitor_report(store, find_project(store, args.project), window=args.window,
                            step=args.step, unit=args.unit, as_of=as_of)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, allow_nan=False))
        return 0
    if not report["batches"]:
        print(f"No batches scored in {report['project']!r} yet. Score one with: "
              f"main.py score {report['project']}:best DATA")
        return 0
    print(f"{report['project']}: {len(report['batches'])} batch(es); latest scored by model "
          f"{report['model_id']}.")
    metric = METRIC_WORDS.get(report["metric"], report["metric"])
    print(f"\n{metric} per window of {report['window']['size']} {args.unit}:")
    shown = [w for w in report["windows"] if w["rows"]]
    for window in shown:
        value = "n/a" if window["value"] is None else (
            f"{window['value']:.3f} [{_num(window['low'])}, {_num(window['high'])}]")
        print(f"  {window['start'][:16]} → {window['end'][:16]}  {window['rows']:>6,} rows "
              f"{window['labelled']:>6,} labelled  {value}")
    if len(shown) < len(report["windows"]):
        print(f"  ({len(report['windows']) - len(shown)} window(s) without rows not shown)")
    _print_drift(report["drift"], report["prediction_drift"])
    return 0


def _check_triggers(store: Store, args, reporter) -> int:
    from engine.monitor.record import find_project
    from engine.monitor.report import project_triggers

    result = project_triggers(store, find_project(store, args.project), floor=args.floor,
                              max_days=args.max_days, window=args.window, step=args.step,
                              unit=args.unit)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, allow_nan=False))
    else:
        for trigger in result["fired"]:
            print(f"TRIGGER {trigger['kind']}: {trigger['reason']}")
        for note in result["notes"]:
            print(f"note: {note}", file=sys.stderr)
        if not result["fired"]:
            print("No trigger fired.")
        else:
            print(f"Retrain with: main.py retrain {shlex.quote(args.project)} --data NEW_LABELLED_FILE",
                  file=sys.stderr)
    return TRIGGER_FIRED if result["fired"] else 0


def _retrain(store: Store, args, reporter) -> int:
    from engine.monitor.record import find_project
    from engine.monitor.retrain import retrain

    if args.margin < 0:
        raise UserError(f"--margin must be 0 or more, not {args.margin}.")
    result = retrain(store, find_project(store, args.project), args.data, reporter,
                     label_col=args.labels_col, auto_promote=args.auto_promote, margin=args.margin,
                     compute=compute_choice(store, args))
    reporter.finish()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, allow_nan=False))
        return 0
    print(f"Run {result['run_id']}: challenger model {result['challenger_id']} "
          f"({result['challenger_name']}), trained with {result['new_rows']:,} new labelled rows.")
    comparison = result["comparison"]
    if comparison is None:
        print("No recent held-out rows to compare it with the champion on.")
    else:
        print(comparison["words"])
    if result["promoted"]:
        print(f"Model {result['challenger_id']} is now in production.")
    else:
        print(f"Promote it with: main.py promote {result['challenger_id']} --stage production")
    return 0


def _print_prediction(prediction: dict) -> None:
    shares = prediction.get("class_shares")
    if shares:
        print("Predicted: " + ", ".join(f"{label} {share:.0%}" for label, share in shares.items()))
    elif prediction.get("mean") is not None:
        print(f"Predicted values: mean {prediction['mean']:.4g}, median {prediction['median']:.4g}")


def _print_metrics(metrics: dict) -> None:
    print(f"On its labelled rows: {metrics['metric']} {_num(metrics['value'])} "
          f"(95 % band {_num(metrics['low'])} to {_num(metrics['high'])})")


def _print_drift(features: list[dict], prediction: dict | None) -> None:
    print("\nDrift against the training data (latest batch):")
    for entry in [*features, *([prediction] if prediction else [])]:
        flag = "ALARM" if entry["alarm"] else ("drift" if entry["drifted"] else "ok")
        print(f"  {flag:<5} {entry['statistic_name']} {entry['statistic']:.3f} "
              f"(threshold {entry['threshold']:.3f})  {entry['words']}")


def _when(text: str):
    import pandas as pd

    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise UserError(f"--as-of {text!r} is not 'now', 'window-end' or a date.",
                        "Example: --as-of 2026-06-30")
    return stamp


def _num(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


HANDLERS = {
    "score": _score,
    "attach-labels": _attach_labels,
    "monitor": _monitor,
    "check-triggers": _check_triggers,
    "retrain": _retrain,
}
