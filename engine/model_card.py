"""The model card: what the model is for, what it was trained on, how it compares to no ML."""

from __future__ import annotations

from engine.scoring import METRIC_WORDS
from storage import DatasetVersion, ModelVersion, Project


def render_markdown(project: Project, dataset: DatasetVersion, model: ModelVersion) -> str:
    """The MODEL_CARD.md of an exported package."""
    details = model.details
    baseline = details.get("baseline") or {}
    metric = METRIC_WORDS.get(model.metric, model.metric)
    schema = details["schema"]
    lines = [
        f"# Model card: {model.name}",
        "",
        f"Project **{project.name}**. Model version {model.id}, trained {model.created_at} "
        f"by FirstWin in run {model.run_id}.",
        "",
        "## Intended use",
        "",
        project.question or "No business question was written down for this project.",
        "",
        f"It predicts **{schema['target']}** ({_task_words(schema['task'])})"
        + (f"; classes: {', '.join(schema['classes'])}." if schema["classes"] else "."),
        "",
        "## Data",
        "",
        f"- Source: `{dataset.source_name}` ({dataset.rows:,} rows, {dataset.columns} columns, "
        f"sha256 `{dataset.sha256[:16]}…`).",
        f"- Trained on {details['n_train']:,} rows; checked on a holdout of "
        f"{details['n_holdout']:,} rows it never saw.",
        f"- Input columns ({len(schema['columns'])}): "
        + ", ".join(f"`{c['name']}` ({c['kind']})" for c in schema["columns"]),
        *[f"- Not used: `{d['column']}`: {d['reason']}" for d in details.get("dropped_columns", [])],
        "",
        "## How good is it, compared with no ML",
        "",
        f"| | {metric} (cross-validated) | {metric} (holdout) |",
        "|---|---|---|",
        f"| {model.name} | {_num(model.cv_score)} ± {_num(model.cv_std)} | {_num(model.holdout_score)} |",
    ]
    if baseline and not model.is_baseline:
        lines.append(
            f"| {baseline['name']} | {_num(baseline['cv_score'])} | {_num(baseline['holdout_score'])} |"
        )
    lines += ["", *_holdout_lines(details, baseline), "", "## Limits", ""]
    lines += [f"- {w}" for w in details.get("warnings", [])]
    lines += [
        "- Scores come from data like the training data; new kinds of rows (new products, "
        "regions, periods) may score worse. Monitor it on new data before relying on it.",
        "- Columns missing from the input are an error; values never seen in training are "
        "treated as missing or rare.",
        "",
        "## Libraries",
        "",
        ", ".join(f"{k} {v}" for k, v in sorted(model.library_versions.items())),
        "",
    ]
    return "\n".join(lines)


def _holdout_lines(details: dict, baseline: dict) -> list[str]:
    ours = details.get("holdout_metrics") or {}
    theirs = baseline.get("holdout_metrics") or {}
    lines = []
    for key, value in ours.items():
        words = METRIC_WORDS.get(key, key)
        if key in theirs:
            lines.append(f"- Holdout {words}: {_num(value)} (no ML: {_num(theirs[key])}).")
        else:
            lines.append(f"- Holdout {words}: {_num(value)}.")
    return lines


def _task_words(task: str) -> str:
    return {
        "binary": "a yes/no classification",
        "multiclass": "a classification into several classes",
        "regression": "a number",
    }[task]


def _num(value) -> str:
    return "n/a" if value is None else f"{value:.4f}"
