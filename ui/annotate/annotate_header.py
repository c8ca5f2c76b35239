"""The Annotate view's header: back, the project and its pool in numbers, Stop, progress and
the inline message."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.annotate.words import pool_words
from ui.home_page import primary_button
from ui.names import name as set_name
from ui.widgets.back_link import back_link
from ui.wizard.common import InlineMessage, busy_bar


class AnnotateHeader(QWidget):
    """Emits backRequested and cancelRequested."""

    backRequested = Signal()
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        self.back_button = back_link("← Back to the project", "annotateBackButton")
        self.back_button.clicked.connect(self.backRequested)
        outer.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = QLabel("Annotate")
        set_name(self.title, "annotateTitle")
        self.title.setFont(theme.scaled_font(self, 1.6, bold=True))
        self.subtitle = QLabel()
        set_name(self.subtitle, "poolSummaryLabel")
        self.subtitle.setWordWrap(True)
        theme.set_role(self.subtitle, "muted")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        row.addLayout(titles, 1)
        self.cancel_button = primary_button("Stop", "annotateCancelButton", "secondary")
        self.cancel_button.setToolTip("Stop what is running; nothing on screen is lost.")
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.cancel_button.hide()
        row.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignBottom)
        outer.addLayout(row)
        self.progress = busy_bar("annotateProgress")
        self.message = InlineMessage("annotateMessage")
        outer.addWidget(self.progress)
        outer.addWidget(self.message)

    def show_project(self, name: str, target: str) -> None:
        self.title.setText(f"Annotate: {name}")
        self.subtitle.setText(f"Reading the data and its {target or 'target'} column…")

    def show_pool(self, summary: dict, target: str, version_id: int) -> None:
        self.subtitle.setText(pool_words(summary, target, version_id))

    def set_busy(self, busy: bool, can_stop: bool = True) -> None:
        self.cancel_button.setVisible(busy and can_stop)
        if not busy:
            self.progress.hide()
