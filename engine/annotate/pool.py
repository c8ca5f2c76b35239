"""The unlabelled pool: rows whose target is missing, by row key (see ``engine.annotate``).

"Missing" means what training means by it (``engine.plan`` leaves these rows out): an empty
cell, NaN or None. A blank-looking text such as ``" "`` is a label, as the trainer sees it.
"""

from __future__ import annotations

import pandas as pd

from engine.task import missing_column_error


def _target(frame: pd.DataFrame, target: str) -> pd.Series:
    if target not in frame.columns:
        raise missing_column_error(target, [str(c) for c in frame.columns])
    return frame[target]


def unlabelled_positions(frame: pd.DataFrame, target: str) -> list[int]:
    """Row keys of the rows with no ``target`` value, in order."""
    missing = _target(frame, target).isna().to_numpy()
    return [int(i) for i in missing.nonzero()[0]]


def labelled_positions(frame: pd.DataFrame, target: str) -> list[int]:
    """Row keys of the rows with a ``target`` value, in order."""
    present = _target(frame, target).notna().to_numpy()
    return [int(i) for i in present.nonzero()[0]]


def pool_summary(frame: pd.DataFrame, target: str) -> dict:
    """``{"rows", "labelled", "unlabelled"}``: counts for a progress line in the GUI."""
    missing = int(_target(frame, target).isna().sum())
    return {"rows": len(frame), "labelled": len(frame) - missing, "unlabelled": missing}
