"""Headless annotation commands: suspects and label (see ui/cli.py and engine.annotate).

Rows are named by their row key: the position in the data, counted from 0 (the first data
row under the header is row 0).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from engine.errors import UserError
from storage import Store

ANNOTATION_COLUMNS = ("row", "label")


def add_commands(add) -> None:
    suspects = add("suspects", "List labelled rows whose label looks wrong, most doubtful first.")
    suspects.add_argument("data", type=Path, help="CSV, TSV, Excel, Parquet or ARFF file")
    suspects.add_argument("--target", required=True, help="the column holding the labels")
    suspects.add_argument("--task", default="auto", choices=("auto", "binary", "multiclass"))
    suspects.add_argument("--top", type=int, default=20, help="how many rows to list (default 20)")
    suspects.add_argument("--seed", type=int, default=0)
    suspects.add_argument("--json", action="store_true", help="print one JSON object on stdout")

    label = add("label", "Apply labels from a CSV (columns row,label) to a project's data, or undo.")
    label.add_argument("project", help="project name")
    action = label.add_mutually_exclusive_group(required=True)
    action.add_argument("--apply", type=Path, metavar="FILE.csv",
                        help="CSV with columns row,label; an empty label removes the label")
    action.add_argument("--undo", action="store_true", help="undo the last batch of labels")
    label.add_argument("--target", help="the label column (default: the target of the last run)")
    label.add_argument("--user", default="", help="who labelled (default: the logged-in user)")
    label.add_argument("--note", default="", help="why, for the history")
    label.add_argument("--json", action="store_true", help="print one JSON object on stdout")


def _suspects(store: Store, args, reporter) -> int:
    from engine.annotate.hygiene import near_duplicate_classes
    from engine.annotate.suspects import suspect_labels
    from engine.importer import read_table

    if args.top < 1:
        raise UserError(f"--top must be at least 1, not {args.top}.", "Give how many rows to list.")
    frame = read_table(args.data, reporter).frame
    found = suspect_labels(frame, args.target, args.task, seed=args.seed, reporter=reporter,
                           top=args.top)
    duplicates = near_duplicate_classes(frame[args.target])
    reporter.finish()
    if args.json:
        print(json.dumps({"target": args.target, "suspects": found,
                          "duplicate_classes": duplicates}, ensure_ascii=False))
        return 0
    print(f"{'row':>7}  {'given':<20} {'suggested':<20} {'suspicion':>9}")
    for entry in found:
        print(f"{entry['row']:>7}  {entry['given'][:20]:<20} {entry['suggested'][:20]:<20} "
              f"{entry['suspicion']:>9.3f}")
    for proposal in duplicates:
        print(f"Note: {proposal['reason']} ({proposal['rows']} row(s))", file=sys.stderr)
    print("Rows are counted from 0. Correct labels with: python main.py label PROJECT "
          "--apply FILE.csv (columns row,label)", file=sys.stderr)
    return 0


def _label(store: Store, args, reporter) -> int:
    from engine.annotate.record import current_version
    from engine.bundle import find_project

    project = find_project(store, args.project)
    version = current_version(store, project.id)
    if args.undo:
        return _undo(store, args, project, version)
    return _apply(store, args, project, version, reporter)


def _apply(store: Store, args, project, version, reporter) -> int:
    from engine.annotate.pool import pool_summary
    from engine.annotate.record import annotate, read_version

    frame = read_version(store, version)
    target = args.target or _project_target(store, project)
    if target not in frame.columns:
        raise UserError(f"The data of project {project.name!r} has no column {target!r}.",
                        "Name the label column with --target.")
    changes = read_annotation_file(args.apply)
    warnings = _unknown_label_warnings(frame[target], changes)
    for warning in warnings:
        reporter.log(warning, "warning")
    new = annotate(store, version.id, target, changes, user=args.user, note=args.note)
    batch = store.annotations_into(new.id, undone=False)
    counts = {
        "changed": len(batch),
        "labelled": sum(a.old_label is None for a in batch),
        "corrected": sum(a.old_label is not None and a.new_label is not None for a in batch),
        "removed": sum(a.new_label is None for a in batch),
        "unchanged": len(changes) - len(batch),
    }
    left = pool_summary(read_version(store, new), target)["unlabelled"]
    reporter.finish()
    if args.json:
        print(json.dumps({"project": project.name, "from_version_id": version.id,
                          "dataset_version_id": new.id, **counts, "unlabelled_left": left,
                          "warnings": warnings}, ensure_ascii=False))
        return 0
    print(f"Dataset version {new.id} of project {project.name!r} (from {version.id}): "
          f"{counts['changed']} label(s) changed ({counts['labelled']} new, "
          f"{counts['corrected']} corrected, {counts['removed']} removed); "
          f"{counts['unchanged']} already as given. {left:,} row(s) still unlabelled.")
    print(f"Undo with: python main.py label {project.name!r} --undo", file=sys.stderr)
    return 0


def _undo(store: Store, args, project, version) -> int:
    from engine.annotate.record import last_batch, undo_annotations

    batch = last_batch(store, version)
    if not batch:
        raise UserError(f"The current data of project {project.name!r} (dataset version "
                        f"{version.id}) was not made by labelling, so there is nothing to undo.",
                        "Only batches applied with 'label --apply' can be undone.")
    parent = undo_annotations(store, version.id, user=args.user)
    if args.json:
        print(json.dumps({"project": project.name, "undone_version_id": version.id,
                          "dataset_version_id": parent.id, "undone": len(batch)}))
        return 0
    print(f"Undid {len(batch)} label change(s): project {project.name!r} is back to dataset "
          f"version {parent.id}.")
    return 0


def read_annotation_file(path: Path) -> list[dict]:
    """Annotations from a CSV with columns row,label (an empty label removes the label)."""
    import pandas as pd

    if not path.is_file():
        raise UserError(f"{path} does not exist.", "Give a CSV file with columns row,label.")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise UserError(f"{path.name} cannot be read as CSV: {error}.",
                        "Save it as a UTF-8 CSV with columns row,label.") from None
    table.columns = [str(c).strip().lower() for c in table.columns]
    missing = [c for c in ANNOTATION_COLUMNS if c not in table.columns]
    if missing:
        raise UserError(f"{path.name} has no column {missing[0]!r}.",
                        f"Its first line must be: row,label (it is: {','.join(table.columns)}).")
    return [_annotation(row, label, line)
            for line, (row, label) in enumerate(zip(table["row"], table["label"], strict=True), 2)]


def _annotation(row: str, label: str, line: int) -> dict:
    text = row.strip()
    if not text.lstrip("-").isdigit():
        raise UserError(f"Line {line}: row {row!r} is not a whole number.",
                        "Rows are positions in the data, counted from 0.")
    return {"row": int(text), "label": label.strip() or None}


def _project_target(store: Store, project) -> str:
    for run in store.runs(project.id):
        target = run.spec.get("target")
        if target:
            return target
    raise UserError(f"Project {project.name!r} has no run that names its target.",
                    "Name the label column with --target.")


def _unknown_label_warnings(values, changes: list[dict]) -> list[str]:
    from engine.task import class_labels

    classes = set(class_labels(values.dropna()).tolist())
    new = sorted({c["label"].strip() for c in changes if c["label"] is not None} - classes)
    if not new or not classes:
        return []
    shown = ", ".join(repr(label) for label in new[:5]) + (" ..." if len(new) > 5 else "")
    return [f"{shown} {'is' if len(new) == 1 else 'are'} not among the existing classes "
            f"({', '.join(sorted(classes)[:8])}); applied anyway. Check the spelling if that "
            "was not meant."]


HANDLERS = {"suspects": _suspects, "label": _label}
