"""Read a Parquet file (.parquet/.pq) with pyarrow.

Nested columns (lists, structs, maps) are turned into JSON text, one string per cell
(``[1, 2]``, ``{"a": 1}``), with a warning naming them; they are never silently dropped.
Dictionary-encoded (categorical) columns become plain text or numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from engine.data_files import read_head
from engine.errors import DataError


def read_parquet(path: Path, notes: list[str]) -> pd.DataFrame:
    """The file's table, nested columns as JSON text (with a note in ``notes``)."""
    try:
        table = pq.read_table(path)
        # Arrow trusts the file's bytes: a damaged page can hold text that is not UTF-8,
        # which fails much later (in cleaning) unless checked here.
        table.validate(full=True)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raw, _ = read_head(path, 4096)
        hint = "Write the file again with pandas or pyarrow, or export it as CSV."
        if not raw.startswith(b"PAR1"):
            hint = "The file does not start like Parquet. " + hint
        raise DataError(
            f"'{path.name}' is not a readable Parquet file: {str(exc).rstrip('.')}.", hint
        ) from None
    nested = []
    for i, fld in enumerate(table.schema):
        if pa.types.is_nested(fld.type):
            values = table.column(i).to_pylist()
            as_text = [
                None if v is None else json.dumps(v, default=str, ensure_ascii=False)
                for v in values
            ]
            table = table.set_column(
                i, pa.field(fld.name, pa.string()), pa.array(as_text, pa.string())
            )
            nested.append(fld.name)
    if nested:
        listed = ", ".join(f"'{n}'" for n in nested)
        notes.append(
            f"Column{'s' if len(nested) > 1 else ''} {listed} held lists or records; each cell was "
            "turned into JSON text (like [1, 2]) so it can be inspected or dropped"
        )
    names = [str(n) for n in table.column_names]
    frame = table.to_pandas(date_as_object=False)
    frame.columns = names
    return frame
