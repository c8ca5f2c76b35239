"""Choosing a file and its columns: a window-modal file dialog, then one small options dialog.

The file is read on a worker between the two (it may be large); the options dialog only lists
its columns, with the likely ones chosen (the model's answer column, a column named like an id).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.names import name as set_name
from ui.wizard.common import hint

NONE = "(none)"
HINTS = {
    "label": "The true answers, if the file has them: the model's score is then followed per window.",
    "id": "Names each row once, so answers that arrive later can be joined to it.",
    "time": "When each row happened; without it, the batch is dated now.",
}
TITLES = {"label": "Answer column", "id": "Row id column", "time": "Time column"}
# kind: (dialog title, OK button, [(field, required)])
KINDS = {
    "score": ("Score a file", "Score", [("label", False), ("id", False), ("time", False)]),
    "attach": ("Attach late labels", "Attach", [("id", True), ("label", True)]),
    "replay": ("Replay a file as a live feed", "Start the replay", [("label", False), ("id", False)]),
    "retrain": ("Retrain with new labelled rows", "Retrain", [("label", True)]),
}


def ask_for_file(parent: QWidget, title: str, on_chosen: Callable[[str], None]) -> QFileDialog:
    """A window-modal file dialog (never a blocking exec) that calls ``on_chosen(path)``."""
    from ui.main_window import DATA_FILTER  # the app's one list of readable file types

    dialog = QFileDialog(parent, title, str(Path.home()), DATA_FILTER)
    set_name(dialog, "monitorFileDialog")
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.fileSelected.connect(on_chosen)
    dialog.open()
    return dialog


def guess_id(columns: tuple[str, ...]) -> str | None:
    return next((c for c in columns if c.lower() == "id" or c.lower().endswith("id")), None)


class ColumnsDialog(QDialog):
    """The columns (and, for a replay, the pace) of a file that was just read.

    ``chosen`` carries ``{"label", "id", "time", "batch_size", "interval"}`` (None where unset).
    """

    chosen = Signal(dict)

    def __init__(self, kind: str, file, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title, ok, fields = KINDS[kind]
        set_name(self, "monitorColumnsDialog")
        self.setWindowTitle(title)
        self.kind = kind
        self.rows = len(file.frame)
        layout = QVBoxLayout(self)
        about = QLabel(f"<b>{file.name}</b>: {self.rows:,} rows, {len(file.columns)} columns")
        layout.addWidget(about)
        form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        self.required = {field for field, required in fields if required}
        guesses = {"label": file.target if file.target in file.columns else None,
                   "id": guess_id(file.columns), "time": None}
        for field, required in fields:
            box = QComboBox()
            set_name(box, f"monitor{field.capitalize()}Column")
            if not required:
                box.addItem(NONE, None)
            for column in file.columns:
                box.addItem(column, column)
            index = box.findData(guesses[field])
            box.setCurrentIndex(max(index, 0))
            box.currentIndexChanged.connect(self._check)
            self.boxes[field] = box
            form.addRow(TITLES[field], box)
            form.addRow("", hint(HINTS[field]))
        self.batch_size = QSpinBox()
        set_name(self.batch_size, "monitorReplayBatchSize")
        self.batch_size.setRange(1, max(1, self.rows))
        self.batch_size.setGroupSeparatorShown(True)
        self.batch_size.setValue(max(1, min(1000, max(20, self.rows // 20), self.rows)))
        self.batch_size.setSuffix(" rows")
        self.interval = QDoubleSpinBox()
        set_name(self.interval, "monitorReplayInterval")
        self.interval.setRange(0.0, 60.0)
        self.interval.setSingleStep(0.5)
        self.interval.setValue(1.0)
        self.interval.setSuffix(" s")
        if kind == "replay":
            form.addRow("Each batch", self.batch_size)
            form.addRow("One batch every", self.interval)
        layout.addLayout(form)
        self.problem = hint()
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        set_name(self.ok_button, "monitorColumnsOkButton")
        self.ok_button.setText(ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check()

    def values(self) -> dict:
        chosen = {field: box.currentData() for field, box in self.boxes.items()}
        return {"label": chosen.get("label"), "id": chosen.get("id"), "time": chosen.get("time"),
                "batch_size": self.batch_size.value(), "interval": self.interval.value()}

    def accept(self) -> None:
        if self._check():
            values = self.values()
            super().accept()
            self.chosen.emit(values)

    def _check(self) -> bool:
        chosen = [box.currentData() for box in self.boxes.values() if box.currentData()]
        problem = ""
        if len(chosen) != len(set(chosen)):
            problem = "Choose a different column for each role."
        elif any(self.boxes[field].currentData() is None for field in self.required):
            problem = "Choose a column for each role."
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.ok_button.setEnabled(not problem)
        return not problem
