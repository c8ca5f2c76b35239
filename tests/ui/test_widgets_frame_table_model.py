"""FrameTableModel: a DataFrame preview that reads one cell per call and formats it for people."""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from ui.widgets.frame_table_model import MISSING_TEXT, FrameTableModel, format_cell

DISPLAY = Qt.ItemDataRole.DisplayRole


def cell(model: FrameTableModel, row: int, column: int, role=DISPLAY):
    return model.data(model.index(row, column), role)


def test_cells_read_like_a_person_writes_them(qapp):
    frame = pd.DataFrame({
        "price": [29.85, 1889.5, np.nan],
        "count": pd.array([1, None, 3], dtype="Int64"),
        "name": pd.Series(["a", None, "c"], dtype="str"),
        "flag": [True, False, True],
        "when": pd.to_datetime(["2024-01-02", "2024-03-04 05:06:07", None], format="ISO8601"),
    })
    model = FrameTableModel(frame)
    assert (model.rowCount(), model.columnCount()) == (3, 5)
    assert [cell(model, 0, c) for c in range(5)] == ["29.85", "1", "a", "True", "2024-01-02"]
    assert cell(model, 1, 0) == "1889.5"
    assert cell(model, 1, 4) == "2024-03-04 05:06:07"
    assert [cell(model, 2, 0), cell(model, 1, 1), cell(model, 1, 2), cell(model, 2, 4)] == [MISSING_TEXT] * 4
    assert cell(model, 2, 0, Qt.ItemDataRole.ToolTipRole) == "Missing value"


def test_numbers_are_trimmed_not_rounded_away():
    assert format_cell(0.1 + 0.2) == "0.3"
    assert format_cell(3.0) == "3"
    assert format_cell(123456.789) == "123456.789"
    assert format_cell(1.5e-7) == "1.5e-07"
    assert format_cell(np.int64(7)) == "7"
    assert format_cell(float("inf")) == "∞"


def test_numbers_are_right_aligned_and_text_left(qapp):
    model = FrameTableModel(pd.DataFrame({"n": [1.5], "t": ["x"]}))
    align = Qt.ItemDataRole.TextAlignmentRole
    assert cell(model, 0, 0, align) & int(Qt.AlignmentFlag.AlignRight)
    assert cell(model, 0, 1, align) & int(Qt.AlignmentFlag.AlignLeft)
    assert model.headerData(0, Qt.Orientation.Horizontal, align) & int(Qt.AlignmentFlag.AlignRight)


def test_headers_name_columns_count_rows_from_one_and_carry_tooltips(qapp):
    model = FrameTableModel(pd.DataFrame({"Churn": ["No", "Yes"]}))
    model.set_header_tooltips({"Churn": "Churn: categories, 2 different values"})
    assert model.headerData(0, Qt.Orientation.Horizontal, DISPLAY) == "Churn"
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole).startswith("Churn: categories")
    assert model.headerData(1, Qt.Orientation.Vertical, DISPLAY) == "2"


def test_a_million_rows_are_shown_without_copying_the_frame(qtbot):
    frame = pd.DataFrame({"x": np.arange(1_000_000, dtype=float), "s": ["v"] * 1_000_000})
    model = FrameTableModel(frame)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.scrollToBottom()
    assert model.rowCount() == 1_000_000
    assert cell(model, 999_999, 0) == "999999"
    assert model.frame() is frame
    assert np.shares_memory(model._columns[0].to_numpy(), frame["x"].to_numpy())


def test_set_frame_none_clears_the_preview(qapp):
    model = FrameTableModel(pd.DataFrame({"a": [1]}))
    model.set_frame(None)
    assert (model.rowCount(), model.columnCount()) == (0, 0)


def test_cells_on_both_sides_of_a_chunk_edge_and_after_a_new_frame_are_the_right_ones(qapp):
    from ui.widgets.frame_table_model import CHUNK_ROWS

    rows = CHUNK_ROWS * 3 + 5
    text = pd.Series([f"r{i}" if i % 7 else None for i in range(rows)], dtype="str")
    model = FrameTableModel(pd.DataFrame({"text": text, "n": np.arange(rows, dtype=float)}))
    display, foreground = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole
    for row in (0, CHUNK_ROWS - 1, CHUNK_ROWS, 2 * CHUNK_ROWS + 1, rows - 1, 1):  # 1: cached again
        expected = MISSING_TEXT if row % 7 == 0 else f"r{row}"
        assert model.data(model.index(row, 0), display) == expected
        assert model.data(model.index(row, 1), display) == str(row)
        assert (model.data(model.index(row, 0), foreground) is not None) == (row % 7 == 0)
    model.set_frame(pd.DataFrame({"text": pd.Series(["new"] * rows, dtype="str"), "n": np.zeros(rows)}))
    assert model.data(model.index(CHUNK_ROWS, 0), display) == "new"
    assert model.data(model.index(CHUNK_ROWS, 1), display) == "0"
