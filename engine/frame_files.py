"""Write a table into the workspace as an immutable Parquet dataset file."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from storage import Store, StoredFile


def put_frame(store: Store, frame: pd.DataFrame) -> StoredFile:
    """Store ``frame`` as ``datasets/<sha256>.parquet``; the same table gives the same file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.parquet"
        parquet_safe(frame).to_parquet(path, index=False)
        return store.put_file(path, "datasets", ".parquet")


def parquet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns holding mixed Python types are written as text (Parquet wants one type)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object:
            present = safe[column].dropna()
            if present.map(type).nunique() > 1:
                safe[column] = safe[column].astype("string")
    return safe
