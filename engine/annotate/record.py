"""Record annotations in the store: a new dataset version per batch, and undo.

The only module of ``engine.annotate`` that talks to the store. Semantics:

- ``annotate`` applies a batch to the project's *current* dataset version and stores the
  result as a new version (Parquet, ``parent_id`` = the version it was applied to) together
  with one ``annotations`` row per changed label (who, when, old, new, note), in one
  transaction. Annotations that change nothing are left out; a batch that changes nothing
  is refused. Applying the same batch again after an undo gives back the same version.
- ``undo_annotations`` undoes the batch that made the current version: its rows are marked
  undone and the parent becomes current again. Nothing is deleted and nothing new is made:
  the parent is the very version it was, file and all, so its data is back exactly. Undo
  again to go further back; redo by applying the batch again.
- ``current_version`` is the version the Annotate step (and the next run) should work on.
"""

from __future__ import annotations

import pandas as pd

from engine.annotate.apply import apply_annotations, check_annotations, label_text
from engine.errors import UserError
from engine.frame_files import put_frame
from engine.profile import profile_frame
from engine.task import missing_column_error
from storage import Annotation, DatasetVersion, Store


def current_version(store: Store, project_id: int) -> DatasetVersion:
    """The project's current dataset version; UserError if it has no data yet."""
    version = store.current_dataset_version(project_id)
    if version is None:
        name = store.project(project_id).name
        raise UserError(f"Project {name!r} has no data yet.",
                        "Train it once on a data file; then its rows can be labelled.")
    return version


def read_version(store: Store, version: DatasetVersion) -> pd.DataFrame:
    """The dataset version's rows, in their stored order (row key = position)."""
    return pd.read_parquet(store.path_of(version.path))


def label_changes(frame: pd.DataFrame, target: str, annotations: list[dict]) -> list[tuple]:
    """``(row_key, old_label, new_label)`` for the annotations that change a label."""
    rows, labels = check_annotations(annotations, len(frame))
    column = frame[target]
    changes = []
    for row, label in zip(rows, labels, strict=True):
        old = label_text(column.iloc[row])
        if old != label:
            changes.append((row, old, label))
    return changes


def annotate(
    store: Store,
    dataset_version_id: int,
    target: str,
    changes: list[dict],
    user: str = "",
    note: str = "",
) -> DatasetVersion:
    """Apply ``changes`` (annotations) to a dataset version and store the new version."""
    version = store.dataset_version(dataset_version_id)
    _require_current(store, version, "Labels are applied to the current data only")
    frame = read_version(store, version)
    if target not in frame.columns:
        raise missing_column_error(target, [str(c) for c in frame.columns])
    effective = label_changes(frame, target, changes)
    if not effective:
        raise UserError(
            f"None of the {len(changes)} annotation(s) changes a label: the rows already "
            "have them.", "Nothing was stored; check the row numbers if you expected changes.",
        )
    new = apply_annotations(frame, target, [{"row": r, "label": n} for r, _, n in effective])
    stored = put_frame(store, new)
    return store.add_annotations(
        version.id, stored, effective, rows=len(new), columns=new.shape[1],
        schema={str(c): str(t) for c, t in new.dtypes.items()},
        profile=_profile(new, target), user=user, note=note,
    )


def undo_annotations(store: Store, dataset_version_id: int, user: str = "") -> DatasetVersion:
    """Undo the annotations that made ``dataset_version_id``; returns its parent, now current."""
    version = store.dataset_version(dataset_version_id)
    if not store.annotations_into(version.id, undone=False):
        raise UserError(
            f"Dataset version {version.id} was not made by labelling (or was undone already), "
            "so there is nothing to undo.",
            "Only the most recent batch of labels can be undone.",
        )
    _require_current(store, version, "Only the most recent batch of labels can be undone")
    return store.undo_annotations(version.id, user=user)


def last_batch(store: Store, version: DatasetVersion) -> list[Annotation]:
    """The live annotations that made ``version`` (empty if it was not made by labelling)."""
    return store.annotations_into(version.id, undone=False)


def _require_current(store: Store, version: DatasetVersion, what: str) -> None:
    current = store.current_dataset_version(version.project_id)
    if current is not None and current.id != version.id:
        raise UserError(
            f"{what}, and dataset version {version.id} is not current: version {current.id} is "
            "(it was labelled, undone or imported since).",
            f"Reload the project and work on version {current.id}.",
        )


def _profile(frame: pd.DataFrame, target: str) -> dict:
    """Like a run's: the labelled rows, profiled for the target (or plainly, if that fails)."""
    labelled = frame[frame[target].notna()]
    try:
        return profile_frame(labelled, target).to_dict()
    except UserError:  # no labels left, or a single class: nothing to look for leaks against
        return profile_frame(frame).to_dict()
