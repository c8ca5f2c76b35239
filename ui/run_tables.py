"""The project view's two tables: a project's runs, and the model versions of one run.

A project has tens of runs and a run a handful of models, so plain QTableWidgets filled from
store rows are enough (the million-row preview is a model/view table elsewhere).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from storage import ModelVersion, Run
from ui import theme
from ui.names import name as set_name
from ui.project_summary import METRIC_WORDS, format_duration, format_when

ID_ROLE = Qt.ItemDataRole.UserRole
STATUS_WORDS = {
    "scheduled": "waiting",
    "running": "running",
    "finished": "finished",
    "cancelled": "stopped early",
    "failed": "failed",
    "interrupted": "interrupted",
}


def _item(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


class _Table(QTableWidget):
    """Read-only, whole-row selection, one row selected at a time."""

    NUMERIC: tuple[int, ...] = ()  # columns whose numbers (and headers) align right

    def __init__(self, headers: tuple[str, ...], name: str, parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        set_name(self, name)
        self.setHorizontalHeaderLabels(headers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for column in self.NUMERIC:
            self.horizontalHeaderItem(column).setTextAlignment(right)

    def selected_id(self) -> int | None:
        """The id stored in the first cell of the selected row."""
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        return self.item(rows[0].row(), 0).data(ID_ROLE)

    def select_id(self, row_id: int | None) -> None:
        for row in range(self.rowCount()):
            if self.item(row, 0).data(ID_ROLE) == row_id:
                self.selectRow(row)
                return
        if self.rowCount():
            self.selectRow(0)


class RunsTable(_Table):
    HEADERS = ("Run", "Status", "Started", "Duration", "Best score", "No-ML baseline")
    NUMERIC = (3, 4, 5)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.HEADERS, "runsTable", parent)
        # The spare width goes between the words and the numbers, as in a printed table.
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def fill(self, runs: list[Run], models_by_run: dict[int, list[ModelVersion]]) -> None:
        """One row per run, newest first; scores from the run's top-ranked model."""
        self.setRowCount(len(runs))
        for row, run in enumerate(runs):
            models = models_by_run.get(run.id, [])
            best = models[0] if models else None
            baseline = (best.details.get("baseline") or {}).get("cv_score") if best else None
            first = _item(f"#{run.id}")
            first.setData(ID_ROLE, run.id)
            cells = [
                first,
                _item(STATUS_WORDS.get(run.status, run.status)),
                _item(format_when(run.started_at)),
                _item(format_duration(run), align_right=True),
                _item(_score(best.cv_score if best else None), align_right=True),
                _item(_score(baseline), align_right=True),
            ]
            if best is not None:
                c = theme.colors()
                cells[4].setForeground(QColor(c.warn if best.is_baseline else c.good))
                cells[4].setToolTip(
                    f"{best.name}: {METRIC_WORDS.get(best.metric, best.metric)}, cross-validated"
                )
            if run.error:
                cells[1].setToolTip(run.error)
            for column, cell in enumerate(cells):
                self.setItem(row, column, cell)


class ModelsTable(_Table):
    HEADERS = ("Rank", "Model", "CV score ± std", "Holdout", "Baseline", "Stage")
    NUMERIC = (0, 2, 3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.HEADERS, "modelsTable", parent)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def fill(self, models: list[ModelVersion]) -> None:
        """One row per model version of a run, by rank; no-ML baselines are flagged."""
        self.setRowCount(len(models))
        bold = QFont(self.font())
        bold.setBold(True)
        best_real = next((m.id for m in models if not m.is_baseline), None)
        for row, model in enumerate(models):
            first = _item(str(model.rank), align_right=True)
            first.setData(ID_ROLE, model.id)
            cv = "—" if model.cv_score is None else f"{model.cv_score:.3f}"
            if model.cv_std is not None and model.cv_score is not None:
                cv += f" ± {model.cv_std:.3f}"
            cells = [
                first,
                _item(model.name),
                _item(cv, align_right=True),
                _item(_score(model.holdout_score), align_right=True),
                _item("no-ML baseline" if model.is_baseline else ""),
                _item(model.stage),
            ]
            if model.is_baseline:
                for cell in cells:
                    cell.setForeground(QColor(theme.colors().muted))
            if model.id == best_real:
                cells[1].setFont(bold)
            cells[1].setToolTip(f"Model {model.id}: {model.algorithm}")
            for column, cell in enumerate(cells):
                self.setItem(row, column, cell)
