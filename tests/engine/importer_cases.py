"""Helpers for the importer tests: where the real datasets live and small file writers."""

from __future__ import annotations

from pathlib import Path

import pytest

DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"
RAW = DATASETS / "raw"

# The same little table in every encoding test: accented letters in text, a number column.
ACCENTED_TEXT = "name,city,score\nRené,Zürich,1.5\nJosé,Köln,2\nAnaïs,Genève,3.25\n"
ACCENTED_NAMES = ["René", "José", "Anaïs"]
ACCENTED_CITIES = ["Zürich", "Köln", "Genève"]


def raw_file(name: str) -> Path:
    """A file from shared/datasets/raw/, or skip the test when the datasets are not there."""
    path = RAW / name
    if not path.exists():
        pytest.skip(f"dataset {path} is not available")
    return path


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def write_text(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    return write_bytes(tmp_path, name, text.encode(encoding))


def write_workbook(tmp_path: Path, name: str, sheets: dict[str, list[list[object]]]) -> Path:
    """An .xlsx file with one sheet per entry (rows as lists; an empty list is an empty sheet)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def set_cached_values(path: Path, values: dict[str, object]) -> None:
    """Store cached results for formula cells, as Excel does on save (openpyxl cannot)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                for ref, value in values.items():
                    text = re.sub(
                        rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*/>',
                        rf"\g<1><v>{value}</v>",
                        text,
                    )
                data = text.encode("utf-8")
            zout.writestr(info, data)
