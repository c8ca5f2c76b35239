"""The Analyze view's header: back, the model's name against its no-ML baseline, Stop and
Recompute, the progress bar and the inline message."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from storage import ModelVersion
from ui import theme
from ui.home_page import primary_button
from ui.names import name as set_name
from ui.project_summary import TASK_WORDS
from ui.widgets.back_link import back_link
from ui.wizard.common import InlineMessage, busy_bar


def describe(model: ModelVersion, result: dict) -> str:
    """"vs no-ML: No ML: always 'No'  ·  answers yes / no  ·  measured on 1,409 held-back rows"."""
    parts = [f"vs no-ML: {result['baseline_name']}"] if result.get("baseline_name") else []
    task = TASK_WORDS.get(model.details.get("task", ""), "")
    if task:
        parts.append(f"answers {task}")
    rows = (result.get("rows") or {}).get("holdout")
    if rows:
        parts.append(f"measured on {rows:,} held-back rows")
    if model.is_baseline:
        parts.append("this is itself a no-ML baseline")
    return "  ·  ".join(parts)


class AnalyzeHeader(QWidget):
    """Emits backRequested, cancelRequested and recomputeRequested."""

    backRequested = Signal()
    cancelRequested = Signal()
    recomputeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        self.back_button = back_link("← Back to the project", "analyzeBackButton")
        self.back_button.clicked.connect(self.backRequested)
        outer.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = QLabel()
        set_name(self.title, "analyzeModelLabel")
        self.title.setFont(theme.scaled_font(self, 1.6, bold=True))
        self.subtitle = QLabel()
        set_name(self.subtitle, "analyzeBaselineLabel")
        self.subtitle.setWordWrap(True)
        theme.set_role(self.subtitle, "muted")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        row.addLayout(titles, 1)
        self.cancel_button = primary_button("Stop", "analyzeCancelButton", "secondary")
        self.cancel_button.setToolTip("Stop the evaluation; the numbers on screen stay as they are.")
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.recompute_button = primary_button("Recompute", "recomputeButton", "secondary")
        self.recompute_button.setToolTip("Evaluate the model again from its data and file.")
        self.recompute_button.clicked.connect(self.recomputeRequested)
        row.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.recompute_button, 0, Qt.AlignmentFlag.AlignBottom)
        outer.addLayout(row)
        self.progress = busy_bar("analyzeProgress")
        self.message = InlineMessage("analyzeMessage")
        outer.addWidget(self.progress)
        outer.addWidget(self.message)

    def show_model(self, model: ModelVersion, result: dict | None) -> None:
        self.title.setText(f"Model {model.id}: {model.name}")
        self.subtitle.setText(describe(model, result or {}))

    def set_busy(self, busy: bool, can_recompute: bool) -> None:
        self.cancel_button.setVisible(busy)
        self.recompute_button.setEnabled(not busy and can_recompute)
        if not busy:
            self.progress.hide()
