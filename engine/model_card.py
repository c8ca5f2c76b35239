"""The model card: what the model is for, what it was trained on, how it compares to no ML."""

from __future__ import annotations

from engine.scoring import METRIC_WORDS
from storage import DatasetVersion, ModelVersion, Project


def render_markdown(
    project: Project, dataset: DatasetVersion, model: ModelVersion, *,
    threshold: float | None = None, formats: list[str] | tuple[str, ...] = (),
) -> str:
    """The MODEL_CARD.md of an exported package.

    ``threshold`` is the decision threshold predict.py applies (binary models); ``formats``
    are sentences about the package's model files (why there is or is no ``model.onnx``).
    """
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
    lines += ["", *_holdout_lines(details, baseline)]
    lines += _threshold_lines(schema, threshold)
    lines += ["", "## Limits", ""]
    lines += [f"- {w}" for w in details.get("warnings", [])]
    lines += [
        "- Scores come from data like the training data; new kinds of rows (new products, "
        "regions, periods) may score worse. Monitor it on new data before relying on it.",
        "- Columns missing from the input are an error; values never seen in training are "
        "treated as missing or rare.",
        "",
        "## Model files",
        "",
        "- `model.skops`: the fitted scikit-learn pipeline; predict.py uses it by default.",
        *[f"- {sentence}" for sentence in formats],
        "",
        "## Libraries",
        "",
        ", ".join(f"{k} {v}" for k, v in sorted(model.library_versions.items())),
        "",
    ]
    return "\n".join(lines)


def _threshold_lines(schema: dict, threshold: float | None) -> list[str]:
    if threshold is None or len(schema.get("classes") or []) != 2:
        return []
    yes = schema["classes"][1]
    return [
        "",
        f"Decision threshold: **{threshold:g}**. predict.py answers '{yes}' when the "
        f"probability of '{yes}' is at least {threshold:g} (`threshold` in schema.json); "
        "the probabilities it writes do not depend on it.",
    ]


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
