"""The home page: the workspace's projects as cards, or a friendly empty state.

Cards show what a newcomer wants at a glance (question, task, best score against the no-ML
baseline, last run, stage reached). Projects opened lately come first, then by last activity.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from storage import Store
from ui import theme
from ui.names import name as set_name
from ui.project_summary import TASK_WORDS, ProjectSummary, format_when, summarize

CONTENT_WIDTH = 880  # cards read best at a comfortable line length, centred on wide screens


def primary_button(text: str, name: str, kind: str = "primary") -> QPushButton:
    """A button styled by the theme: "primary" (the accent) or "secondary" (same size, quiet)."""
    button = QPushButton(text)
    set_name(button, name)
    button.setProperty(kind, True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class ProjectCard(QFrame):
    """One project; click, Enter or Space opens it."""

    activated = Signal(int)

    def __init__(self, summary: ProjectSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        project = summary.project
        set_name(self, "projectCard", f"Project {project.name}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(6)

        top = QHBoxLayout()
        self.name_label = QLabel(project.name)
        self.name_label.setFont(theme.scaled_font(self, 1.2, bold=True))
        top.addWidget(self.name_label, 1)
        stage = QLabel(f"Stage reached: {summary.stage_reached}")
        set_name(stage, "stageLabel")
        theme.set_role(stage, "muted")
        top.addWidget(stage)
        layout.addLayout(top)

        question = QLabel(project.question or "No business question written yet.")
        question.setWordWrap(True)
        theme.set_role(question, "muted")
        layout.addWidget(question)

        facts = QHBoxLayout()
        facts.setSpacing(18)
        self.score_label = QLabel(self._score_text())
        set_name(self.score_label, "scoreLabel")
        if summary.score is None:
            theme.set_role(self.score_label, "muted")
        else:
            theme.set_role(self.score_label, "warn" if summary.score.best_is_baseline else "good")
        task = QLabel(f"Predicts: {TASK_WORDS.get(summary.task or '', 'not decided yet')}")
        last = QLabel(f"Last run: {format_when(summary.last_run_at)}" if summary.runs else "No runs yet")
        for label in (task, last):
            theme.set_role(label, "muted")
        for label in (task, self.score_label, last):
            facts.addWidget(label)
        facts.addStretch(1)
        layout.addSpacing(4)
        layout.addLayout(facts)

    def _score_text(self) -> str:
        return self.summary.score.words() if self.summary.score else "Not trained yet"

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.summary.project.id)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.summary.project.id)
            return
        super().keyPressEvent(event)


class EmptyState(QFrame):
    """What a new workspace shows: two big, friendly ways to begin."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "emptyState")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(12)
        title = QLabel("Start your first proof of concept")
        title.setFont(theme.scaled_font(self, 1.7, bold=True))
        text = QLabel(
            "Bring a business question and a spreadsheet. FirstWin trains a few honest models "
            "and shows, in plain words, whether they beat a simple rule that uses no ML."
        )
        text.setFont(theme.scaled_font(self, 1.1))
        text.setWordWrap(True)
        theme.set_role(text, "muted")
        for label in (title, text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addSpacing(16)
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        self.new_button = primary_button("New proof of concept", "newProjectButton")
        self.sample_button = primary_button("Open the sample project", "openSampleButton", "secondary")
        self.sample_button.setToolTip("Customer churn of a telecom company: 7,043 customers.")
        buttons.addStretch(1)
        for button in (self.new_button, self.sample_button):
            button.setProperty("large", True)
            button.setFont(theme.scaled_font(button, 1.1, bold=button is self.new_button))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        drop = QLabel("…or drop a CSV, TSV, Excel, Parquet or ARFF file anywhere in this window.")
        drop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.set_role(drop, "muted")
        layout.addWidget(drop)


class HomePage(QWidget):
    """Project cards, or the empty state when the workspace has none."""

    projectActivated = Signal(int)
    newProjectRequested = Signal()
    sampleRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "homePage")
        self.cards: list[ProjectCard] = []
        self._stack = QStackedLayout(self)

        self.empty_state = EmptyState()
        self.empty_state.setMaximumWidth(720)
        self.empty_state.new_button.clicked.connect(self.newProjectRequested)
        self.empty_state.sample_button.clicked.connect(self.sampleRequested)
        self._stack.addWidget(_centred(self.empty_state, vertical=True))

        self.list_page = QWidget()
        outer = QVBoxLayout(self.list_page)
        outer.setContentsMargins(32, 28, 32, 12)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)  # the titles line up with the cards' edges
        titles = QVBoxLayout()
        title = QLabel("Your projects")
        title.setFont(theme.scaled_font(self, 1.6, bold=True))
        self.subtitle = QLabel()
        theme.set_role(self.subtitle, "muted")
        titles.addWidget(title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        self.new_button = primary_button("New proof of concept", "homeNewProjectButton")
        self.new_button.clicked.connect(self.newProjectRequested)
        header.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)
        header_box = QWidget()
        header_box.setLayout(header)
        header_box.setMaximumWidth(CONTENT_WIDTH)
        outer.addWidget(_centred(header_box))
        outer.addSpacing(16)

        self._cards_box = QWidget()
        self._cards_layout = QVBoxLayout(self._cards_box)
        self._cards_layout.setContentsMargins(0, 0, 0, 16)
        self._cards_layout.setSpacing(12)
        self._cards_box.setMaximumWidth(CONTENT_WIDTH)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(_centred(self._cards_box, vertical=False, top=True))
        outer.addWidget(scroll, 1)
        self._stack.addWidget(self.list_page)

    def refresh(self, store: Store, recent_ids: list[int] | None = None) -> None:
        """Re-read the projects (a few small queries each) and rebuild the cards."""
        summaries = [summarize(store, p) for p in store.projects()]
        order = {pid: i for i, pid in enumerate(recent_ids or [])}
        # Opened lately first (in that order), then the rest by last activity, newest first.
        summaries.sort(key=lambda s: s.last_activity, reverse=True)
        summaries.sort(key=lambda s: order.get(s.project.id, len(order)))
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        while self._cards_layout.count():
            self._cards_layout.takeAt(0)
        for summary in summaries:
            card = ProjectCard(summary)
            card.activated.connect(self.projectActivated)
            self._cards_layout.addWidget(card)
            self.cards.append(card)
        self._cards_layout.addStretch(1)
        count = len(summaries)
        self.subtitle.setText(f"{count} project{'s' if count != 1 else ''}, most recent first")
        self._stack.setCurrentIndex(1 if summaries else 0)

    def is_empty_state(self) -> bool:
        return self._stack.currentIndex() == 0


def _centred(widget: QWidget, vertical: bool = False, top: bool = False) -> QWidget:
    """Wrap ``widget`` so it sits centred horizontally (and vertically if asked)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget, 100)
    row.addStretch(1)
    if vertical:
        layout.addStretch(1)
    layout.addLayout(row)
    if vertical or top:
        layout.addStretch(1)
    return box
