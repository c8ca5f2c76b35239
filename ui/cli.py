"""The headless command line: train, run, export, predict, projects, models, sample, promote,
bundle and open-bundle here; more commands come from the modules in ``COMMAND_GROUPS``.

Errors a user can cause are printed in words with what to do next (exit code 2); nothing
here prints a traceback for them. ``--json`` output goes to stdout, everything else to stderr.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from engine.errors import UserError
from engine.spec import BUDGETS, DataSource, RunSpec, SpecError
from storage import Store, StoreError, default_workspace
from storage.model_versions import STAGES
from ui import cli_analyze, cli_annotate, cli_compute, cli_monitor, cli_report
from ui.cli_compute import add_compute_options, compute_choice
from ui.console import ConsoleReporter

# Each group module has ``add_commands(add)`` (``add`` as in build_parser) and ``HANDLERS``.
COMMAND_GROUPS: tuple = (cli_analyze, cli_annotate, cli_monitor, cli_report, cli_compute)
COMMANDS = (
    "train", "run", "export", "predict", "projects", "models", "sample", "promote", "bundle",
    "open-bundle", *(name for group in COMMAND_GROUPS for name in group.HANDLERS),
)
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SAMPLE_FILE = RESOURCES / "samples" / "telco_churn.csv"
SAMPLE_PROJECT = "Telco churn (sample)"
SAMPLE_QUESTION = "Which customers are about to cancel, so we can call them first?"
SAMPLE_TARGET = "Churn"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="FirstWin: from a spreadsheet to a first honest ML model. "
        "Run without a command to open the desktop app.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--workspace", type=Path, help="workspace folder (default: $FIRSTWIN_WORKSPACE or the user data folder)")
        return sub

    train = add("train", "Train candidates on a data file against the no-ML baseline.")
    train.add_argument("data", type=Path, help="CSV, TSV, Excel, Parquet or ARFF file")
    train.add_argument("--target", required=True, help="the column to predict")
    train.add_argument("--task", default="auto", choices=("auto", "binary", "multiclass", "regression"))
    train.add_argument("--budget", default="standard", choices=BUDGETS)
    train.add_argument("--project", help="project name (default: the file name)")
    train.add_argument("--question", default="", help="the business question, in words")
    train.add_argument("--sheet", help="Excel sheet to read (default: the first with data)")
    train.add_argument("--delimiter", help="CSV delimiter (default: detected)")
    train.add_argument("--encoding", help="text encoding (default: detected)")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--spec-out", type=Path, help="also save the run's spec as JSON here")
    train.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    add_compute_options(train)

    run = add("run", "Run the pipeline from a saved spec (JSON).")
    run.add_argument("spec", type=Path)
    run.add_argument("--json", action="store_true")
    add_compute_options(run)

    export = add("export", "Write a model package that runs without FirstWin.")
    export.add_argument("model", help="model id, or PROJECT:best")
    export.add_argument("--out", type=Path, required=True, help="folder to write")
    export.add_argument("--zip", action="store_true", help="also write OUT.zip of the folder")
    export.add_argument("--no-onnx", action="store_true", help="do not try to add model.onnx")

    predict = add("predict", "Score a data file with a stored model.")
    predict.add_argument("model", help="model id, or PROJECT:best")
    predict.add_argument("data", type=Path)
    predict.add_argument("--out", type=Path, required=True, help="CSV file to write")

    projects = add("projects", "List the projects in the workspace.")
    projects.add_argument("--json", action="store_true")

    models = add("models", "List model versions, best first within each run.")
    models.add_argument("--project", help="only this project")
    models.add_argument("--json", action="store_true")

    sample = add("sample", "Train the bundled Telco churn sample project (quick budget).")
    sample.add_argument("--json", action="store_true")
    add_compute_options(sample)

    promote = add("promote", "Move a model version to another stage (one production per project).")
    promote.add_argument("model", help="model id, or PROJECT:best")
    promote.add_argument("--stage", required=True, choices=STAGES)
    promote.add_argument("--note", default="", help="why, for the audit log")
    promote.add_argument("--json", action="store_true")

    bundle = add("bundle", "Write a project (data, runs, models) to one .firstwin file to share.")
    bundle.add_argument("project", help="project name")
    bundle.add_argument("--out", type=Path, required=True, help="file to write, e.g. churn.firstwin")

    open_bundle = add("open-bundle", "Import a .firstwin file into this workspace, after checking it.")
    open_bundle.add_argument("file", type=Path)
    open_bundle.add_argument("--json", action="store_true")

    for group in COMMAND_GROUPS:
        group.add_commands(add)
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    reporter = ConsoleReporter(quiet=getattr(args, "json", False))
    previous = signal.signal(signal.SIGINT, _cancel_on_first_interrupt(reporter))
    try:
        with Store.open(args.workspace or default_workspace()) as store:
            return HANDLERS[args.command](store, args, reporter)
    except (UserError, SpecError, StoreError) as error:
        reporter.finish()
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        reporter.finish()
        signal.signal(signal.SIGINT, previous)


def _cancel_on_first_interrupt(reporter: ConsoleReporter):
    def handler(signum, frame):
        if reporter.cancelled:
            raise KeyboardInterrupt
        reporter.log("Stopping after the current step (Ctrl+C again to abort)...", "warning")
        reporter.cancel()

    return handler


def _train(store: Store, args, reporter) -> int:
    spec = RunSpec(
        project=args.project or args.data.stem,
        question=args.question,
        data=DataSource(path=str(args.data), sheet=args.sheet, delimiter=args.delimiter,
                        encoding=args.encoding),
        target=args.target,
        task=args.task,
        budget=args.budget,
        seed=args.seed,
    )
    return _run_and_report(store, spec, args, reporter)


def _run(store: Store, args, reporter) -> int:
    if not args.spec.exists():
        raise UserError(f"{args.spec} does not exist.", "Give the path of a saved spec JSON file.")
    try:
        spec = RunSpec.load(args.spec)
    except json.JSONDecodeError as error:
        raise UserError(f"{args.spec} is not valid JSON: {error}.", "Fix the file or save it again from FirstWin.") from None
    except TypeError as error:
        raise UserError(f"{args.spec} is not a FirstWin spec: {error}.") from None
    return _run_and_report(store, spec, args, reporter)


def _sample(store: Store, args, reporter) -> int:
    spec = RunSpec(
        project=SAMPLE_PROJECT,
        question=SAMPLE_QUESTION,
        data=DataSource(path=str(SAMPLE_FILE)),
        target=SAMPLE_TARGET,
        budget="quick",
    )
    return _run_and_report(store, spec, args, reporter)


def _run_and_report(store: Store, spec: RunSpec, args, reporter) -> int:
    from engine.runner import run_spec  # heavy imports (pandas, scikit-learn) only when needed

    outcome = run_spec(store, spec, reporter, compute=compute_choice(store, args))
    if getattr(args, "spec_out", None):
        args.spec_out.write_text(outcome.plan.spec.to_json() + "\n", encoding="utf-8")
    reporter.finish()
    board = outcome.leaderboard()
    if getattr(args, "json", False):
        print(json.dumps({
            "project": outcome.project_name,
            "run_id": outcome.run.id,
            "status": outcome.run.status,
            "task": outcome.plan.spec.task,
            "target": outcome.plan.spec.target,
            "metric": outcome.training.metric,
            "best_model_id": outcome.best_model.id if outcome.best_model else None,
            "leaderboard": [
                {k: row[k] for k in ("model_id", "name", "cv_score", "cv_std", "fit_seconds", "is_baseline")}
                for row in board
            ],
        }))
    else:
        _print_leaderboard(outcome, board)
    return 0 if outcome.run.status == "finished" else 3


def _print_leaderboard(outcome, board: list[dict]) -> None:
    metric = outcome.training.metric
    out = sys.stderr
    print(f"\nRun {outcome.run.id} of project '{outcome.project_name}' ({outcome.run.status}), "
          f"task {outcome.plan.spec.task}, metric {metric}:", file=out)
    print(f"  {'id':>5}  {'model':<40} {'CV':>14} {'holdout':>8} {'fit s':>7}", file=out)
    for row in board:
        cv = "n/a" if row["cv_score"] is None else f"{row['cv_score']:.4f}±{row['cv_std']:.3f}"
        hold = "n/a" if row["holdout_score"] is None else f"{row['holdout_score']:.4f}"
        tag = "  (no-ML baseline)" if row["is_baseline"] else ""
        print(f"  {row['model_id']:>5}  {row['name'][:40]:<40} {cv:>14} {hold:>8} {row['fit_seconds']:>7.2f}{tag}", file=out)
    best = outcome.best_model
    if best is not None:
        print(f"\nBest: model {best.id} ({best.name}). Export it with:\n"
              f"  python main.py export {best.id} --out DIR", file=out)


def _export(store: Store, args, reporter) -> int:
    from engine.registry import resolve_model

    model = resolve_model(store, args.model)  # a wrong reference fails before the heavy imports
    from engine.export import export_model

    result = export_model(store, model, args.out, onnx=not args.no_onnx, zip=args.zip)
    print(f"Exported model {model.id} ({model.name}) to {result.folder}:", file=sys.stderr)
    for name in result.files:
        print(f"  {name}", file=sys.stderr)
    for note in result.notes:
        print(f"Note: {note}", file=sys.stderr)
    if result.zip_path is not None:
        print(f"Zipped to {result.zip_path}", file=sys.stderr)
    print(f"Score a file with: python {result.folder / 'predict.py'} INPUT.csv --out OUT.csv", file=sys.stderr)
    return 0


def _promote(store: Store, args, reporter) -> int:
    from engine.promotion import lineage, promote
    from engine.registry import resolve_model

    model = resolve_model(store, args.model)
    promotion = promote(store, model, args.stage, note=args.note)
    if args.json:
        print(json.dumps({"model_id": promotion.model.id, "stage": promotion.model.stage,
                          "previous_stage": promotion.previous_stage,
                          "archived_model_id": promotion.replaced.id if promotion.replaced else None,
                          "lineage": lineage(store, promotion.model).to_dict()}))
    print(promotion.summary(), file=sys.stderr)
    return 0


def _bundle(store: Store, args, reporter) -> int:
    from engine.bundle import find_project, write_bundle

    result = write_bundle(store, find_project(store, args.project), args.out)
    counts = result.counts
    print(f"Wrote project {result.project.name!r} to {result.path} ({result.size / 1e6:.1f} MB): "
          f"{counts['dataset_versions']} dataset version(s), {counts['runs']} run(s), "
          f"{counts['model_versions']} model(s).", file=sys.stderr)
    print(f"Open it elsewhere with: python main.py open-bundle {result.path.name}", file=sys.stderr)
    return 0


def _open_bundle(store: Store, args, reporter) -> int:
    from engine.bundle_import import open_bundle

    result = open_bundle(store, args.file)
    if args.json:
        print(json.dumps({"project_id": result.project_id, "project": result.name,
                          "created": result.created, "added": result.added,
                          "notes": list(result.notes)}))
    if not result.changed:
        print(f"Nothing new: project {result.name!r} already holds everything in {args.file.name}.",
              file=sys.stderr)
        return 0
    verb = "Imported" if result.created else "Updated"
    print(f"{verb} project {result.name!r}: {result.added['runs']} run(s), "
          f"{result.added['model_versions']} model(s), "
          f"{result.added['dataset_versions']} dataset version(s).", file=sys.stderr)
    for note in result.notes:
        print(f"Note: {note}", file=sys.stderr)
    return 0


def _predict(store: Store, args, reporter) -> int:
    from engine.importer import read_table
    from engine.registry import predict_with, resolve_model

    model = resolve_model(store, args.model)
    imported = read_table(args.data, reporter)
    table = predict_with(store, model, imported.frame)
    table.to_csv(args.out, index=False)
    print(f"Wrote {len(table):,} predictions of model {model.id} to {args.out}", file=sys.stderr)
    return 0


def _projects(store: Store, args, reporter) -> int:
    rows = []
    for project in store.projects():
        best = store.best_model_version(project.id)
        rows.append({
            "id": project.id, "name": project.name, "question": project.question,
            "runs": len(store.runs(project.id)), "best_model_id": best.id if best else None,
            "best_score": best.cv_score if best else None, "metric": best.metric if best else None,
            "updated_at": project.updated_at,
        })
    if args.json:
        print(json.dumps(rows))
    elif not rows:
        print("No projects yet. Start one with: python main.py train DATA --target COLUMN", file=sys.stderr)
    else:
        for row in rows:
            score = "no model yet" if row["best_score"] is None else f"best {row['metric']} {row['best_score']:.4f} (model {row['best_model_id']})"
            print(f"{row['id']:>4}  {row['name']:<30} {row['runs']} run(s), {score}")
    return 0


def _models(store: Store, args, reporter) -> int:
    project_id = None
    if args.project:
        project = store.project_by_name(args.project)
        if project is None:
            raise UserError(f"There is no project called {args.project!r}.", "List projects with: main.py projects")
        project_id = project.id
    models = store.model_versions(project_id=project_id)
    rows = [{
        "model_id": m.id, "project_id": m.project_id, "run_id": m.run_id, "rank": m.rank,
        "name": m.name, "algorithm": m.algorithm, "metric": m.metric, "cv_score": m.cv_score,
        "cv_std": m.cv_std, "holdout_score": m.holdout_score, "is_baseline": m.is_baseline,
        "stage": m.stage, "created_at": m.created_at,
    } for m in models]
    if args.json:
        print(json.dumps(rows))
    elif not rows:
        print("No models yet.", file=sys.stderr)
    else:
        for row in rows:
            cv = "n/a" if row["cv_score"] is None else f"{row['cv_score']:.4f}"
            print(f"{row['model_id']:>5}  run {row['run_id']:<4} #{row['rank']:<2} {row['name'][:40]:<40} {row['metric']} {cv}  {row['stage']}")
    return 0


HANDLERS = {
    "train": _train,
    "run": _run,
    "export": _export,
    "predict": _predict,
    "projects": _projects,
    "models": _models,
    "sample": _sample,
    "promote": _promote,
    "bundle": _bundle,
    "open-bundle": _open_bundle,
    **{name: handler for group in COMMAND_GROUPS for name, handler in group.HANDLERS.items()},
}
