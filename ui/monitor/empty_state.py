"""The Monitor view before any batch: how monitoring works, and the three ways to start."""

from __future__ import annotations

import shlex

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.home_page import primary_button
from ui.monitor.words import EMPTY_HOW, EMPTY_TITLE, EMPTY_WAYS
from ui.names import name as set_name

WIDTH = 760
BUTTON_WIDTH = 270


def cli_command(project: str, in_production: bool) -> str:
    """The command that scores a file for this project from a terminal or a scheduler."""
    which = "production" if in_production else "best"
    return f"python main.py score {shlex.quote(f'{project}:{which}')} NEW_ROWS.csv --id-col ID_COLUMN"


class EmptyState(QWidget):
    """Emits ``scoreRequested`` and ``replayRequested`` from its buttons."""

    scoreRequested = Signal()
    replayRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "monitorEmptyState")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 24, 0, 0)
        panel = QFrame()
        panel.setProperty("panel", True)
        panel.setFixedWidth(WIDTH)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(10)
        title = QLabel(EMPTY_TITLE)
        set_name(title, "monitorEmptyTitle")
        title.setFont(theme.scaled_font(title, 1.35, bold=True))
        self.how = QLabel(EMPTY_HOW)
        set_name(self.how, "monitorEmptyHow")
        self.how.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(self.how)
        layout.addSpacing(8)
        self.score_button = primary_button("Score a file…", "monitorEmptyScoreButton")
        self.replay_button = primary_button("Replay a file as a live feed…",
                                            "monitorEmptyReplayButton", "secondary")
        self.score_button.clicked.connect(self.scoreRequested)
        self.replay_button.clicked.connect(self.replayRequested)
        self.command = QLabel()
        set_name(self.command, "monitorCliCommand")
        self.command.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.command.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.command.setWordWrap(True)
        for (heading, words), action in zip(EMPTY_WAYS, (self.score_button, self.replay_button,
                                                         self.command), strict=True):
            row = QHBoxLayout()
            row.setSpacing(16)
            text = QLabel(f"<b>{heading}</b>: {words}")
            text.setWordWrap(True)
            row.addWidget(text, 1)
            if action is not self.command:
                action.setFixedWidth(BUTTON_WIDTH)
                row.addWidget(action, 0, Qt.AlignmentFlag.AlignVCenter)
            layout.addLayout(row)
            if action is self.command:
                layout.addWidget(self.command)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(panel)
        column.addStretch(2)  # a little above the middle, where the eye lands
        outer.addStretch(1)
        outer.addLayout(column)
        outer.addStretch(1)

    def show_project(self, project: str, in_production: bool, can_score: bool) -> None:
        self.command.setText(cli_command(project, in_production))
        for button in (self.score_button, self.replay_button):
            button.setEnabled(can_score)
            button.setToolTip("" if can_score else "Train a model first (New run… in the project).")
