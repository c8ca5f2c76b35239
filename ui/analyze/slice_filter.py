"""Which of the worst rows fall in a weak slice. Qt-free, so it is tested on plain dicts.

Mirrors ``engine.analysis.slices.slice_mask`` on one row's JSON values (worst rows carry
them), so the Errors tab filters without asking the engine:
- "category": the value as the model reads categories (1 and 1.0 are "1", text stripped,
  missing is "(missing)") equals the slice's ``value``;
- "missing": the value is not a number;
- "range": ``low`` <= value <= ``high`` (bins report their smallest and largest value).
"""

from __future__ import annotations

import math

MISSING = "(missing)"  # engine.model_contract.MISSING; a test keeps the two equal


def category_text(cell) -> str:
    """A raw value as the model's category text."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return MISSING
    if isinstance(cell, bool):
        return "True" if cell else "False"
    if isinstance(cell, int | float):
        return str(int(round(cell))) if float(cell).is_integer() else str(float(cell))
    text = str(cell).strip()
    return text or MISSING


def as_number(cell) -> float | None:
    """A raw value as the model's number (thousands commas dropped), None if it is not one."""
    if cell is None or isinstance(cell, bool):
        return None if cell is None else float(cell)
    if isinstance(cell, int | float):
        return float(cell) if math.isfinite(cell) else None
    try:
        number = float(str(cell).strip().replace(",", ""))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def in_slice(values: dict, slice_: dict) -> bool:
    """Whether one row's feature ``values`` fall in ``slice_``."""
    column = slice_.get("column")
    if column not in values:
        return False
    cell = values[column]
    kind = slice_.get("kind")
    if kind == "category":
        return category_text(cell) == str(slice_.get("value"))
    number = as_number(cell)
    if kind == "missing":
        return number is None
    if number is None:
        return False
    return float(slice_["low"]) <= number <= float(slice_["high"])


def rows_in_slice(rows: list[dict], slice_: dict | None) -> list[dict]:
    """The worst-row entries whose ``values`` fall in ``slice_`` (all of them for None)."""
    if slice_ is None:
        return list(rows)
    return [row for row in rows if in_slice(row.get("values") or {}, slice_)]
