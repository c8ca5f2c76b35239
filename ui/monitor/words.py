"""The Monitor view's sentences: the watched model, the batches, an alarm, triggers, a retrain.

Qt-free: plain functions over a ``Board`` and the engine's JSON-safe results.
"""

from __future__ import annotations

from ui.monitor.board import PREDICTION, Board, ratio
from ui.project_summary import METRIC_WORDS, parse_time

STATISTICS = {"ks": "Kolmogorov–Smirnov distance", "js": "Jensen–Shannon distance"}
STAGES = {"production": "in production", "staging": "a challenger, not in production",
          "candidate": "the project's best; not in production yet",
          "archived": "archived"}

EMPTY_TITLE = "No batches scored yet"
EMPTY_HOW = (
    "Monitoring watches the model after it ships. Each time new rows arrive, FirstWin scores "
    "them as a batch and compares them with the training data: a column whose values moved "
    "further than chance would explain raises an alarm, and once the true answers are known "
    "the model's score is tracked in rolling windows. When the model slips, retrain it and "
    "compare the new model (the challenger) with the one in use (the champion).")
EMPTY_WAYS = (
    ("Score a file", "new rows in a CSV, Excel or Parquet file, scored as one batch."),
    ("Replay a file as a live feed", "a file streamed in small timed batches, so the charts "
                                     "move as in production: good for a demo."),
    ("From a script or a scheduler", "the same batches from the command line:"),
)


def metric_words(metric: str | None) -> str:
    return METRIC_WORDS.get(metric or "", metric or "score")


def number(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def model_line(facts: dict | None) -> str:
    """"Watching model 3, Linear model (in production) · ROC-AUC 0.81 at training"."""
    if facts is None:
        return "No trained model yet: train one before scoring new data."
    stage = STAGES.get(facts["stage"], facts["stage"])
    text = f"Watching model {facts['id']}, {facts['name']} ({stage})"
    if facts.get("training") is not None:
        text += f"  ·  {metric_words(facts['metric'])} {facts['training']:.3f} at training"
    return text


def status_line(board: Board) -> str:
    """"2 batches · 800 rows scored, 800 with answers · latest on 2 Mar 2026: 1 alarm"."""
    if board.is_empty():
        return ""
    count = len(board.batches)
    labelled = sum(b.labelled for b in board.batches)
    latest = board.batches[-1]
    alarms = len(latest.alarms)
    said = f"{alarms} alarm{'s' if alarms != 1 else ''}" if alarms else "no alarm"
    return (f"{count:,} batch{'es' if count != 1 else ''}  ·  {board.rows:,} rows scored, "
            f"{labelled:,} with answers  ·  latest on {when(latest.at)}: {said}")


def when(iso: str | None) -> str:
    """"30 Mar 2026", with the time of day unless it is midnight (a batch dated by day)."""
    moment = parse_time(iso)
    if moment is None:
        return "—"
    day = f"{moment.day} {moment:%b %Y}"
    return day if (moment.hour, moment.minute) == (0, 0) else f"{day} {moment:%H:%M}"


def batch_labels(board: Board) -> list[str]:
    """Short tick labels: times when every batch is from one day, else dates."""
    moments = [parse_time(b.at) for b in board.batches]
    days = {m.date() for m in moments if m is not None}
    labels = []
    for moment, batch in zip(moments, board.batches, strict=True):
        if moment is None:
            labels.append(f"#{batch.id}")
        elif len(days) <= 1:
            labels.append(f"{moment:%H:%M:%S}")
        else:
            labels.append(f"{moment.day} {moment:%b}")
    return labels


def feature_name(feature: str) -> str:
    return "Predictions" if feature == PREDICTION else feature


def batch_title(board: Board, index: int) -> str:
    batch = board.batches[index]
    return (f"Batch {index + 1} of {len(board.batches)}: {batch.source}, {batch.rows:,} rows, "
            f"{when(batch.at)}")


def entry_numbers(entry: dict) -> str:
    """The measurement behind the words, for whoever wants it."""
    statistic = STATISTICS.get(entry.get("statistic_name"), entry.get("statistic_name", "distance"))
    text = (f"{statistic} {entry['statistic']:.3f}; the alarm line at this batch size is "
            f"{entry['threshold']:.3f} ({ratio(entry):.1f}× it).")
    importance = entry.get("importance")
    if importance is not None:
        text += f" The model gives this column {importance:.0%} of its weight."
    if entry.get("drifted") and not entry.get("alarm"):
        text += " It moved, but too little of the model rests on it to raise an alarm."
    return text


def alarms_words(board: Board, index: int) -> list[str]:
    """Each alarm of one batch as its sentence, worst first."""
    batch = board.batches[index]
    return [batch.entries[name]["words"] for name in batch.alarms]


def score_words(result: dict) -> str:
    alarms = len(result.get("alarms") or []) + bool(result.get("prediction_drift"))
    said = f"{alarms} alarm{'s' if alarms != 1 else ''}" if alarms else "no alarm"
    return (f"Batch {result['batch_id']} kept: {result['rows']:,} rows of {result['source_name']} "
            f"scored by model {result['model_id']} ({result['labelled']:,} with answers), {said}.")


def attach_words(result: dict) -> tuple[str, str]:
    text = (f"{result['labels']:,} answers read: {result['new']:,} new and {result['changed']:,} "
            f"changed on {len(result['batches'])} batch(es).")
    hint = ""
    if result.get("unmatched"):
        examples = ", ".join(repr(i) for i in result.get("unmatched_examples", []))
        hint = (f"{result['unmatched']:,} id(s) matched no scored row (e.g. {examples}). Were "
                "those rows scored with the same id column?")
    return text, hint


def replay_words(result: dict) -> str:
    alarms = result.get("alarms", 0)
    return (f"Replay finished: {result['rows']:,} rows kept as {result['batches']} batches, "
            f"{alarms} alarm{'s' if alarms != 1 else ''} along the way.")


def triggers_words(result: dict) -> list[str]:
    """Why a retrain is (or is not) suggested, one sentence each."""
    lines = [trigger["reason"] for trigger in result.get("fired", [])]
    if not lines:
        lines.append("No trigger fired: no drift the model relies on, and no drop in "
                     "performance that the answers known so far can show.")
    if result.get("floor") is not None:
        lines.append(f"Performance floor: {metric_words(result.get('metric'))} "
                     f"{result['floor']:.3f}, a little below the score at training.")
    lines.extend(result.get("notes", []))
    return lines
