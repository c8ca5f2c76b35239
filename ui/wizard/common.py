"""Small building blocks the wizard pages share: names, hints, inline messages, progress."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.palette import WARNING, accent

PAGE_MARGINS = (24, 12, 24, 8)
SPACING = 12
STEP_NAMES = ("Frame", "Data", "Target", "Clean", "Annotate", "Train", "Results")


def name(widget: QWidget, object_name: str) -> QWidget:
    """Give a widget its stable objectName, also as its accessible name (docs/automation.md)."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(object_name)
    return widget


def hint(text: str = "") -> QLabel:
    """A muted, word-wrapped explanation under a control."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setProperty("role", "muted")  # the app theme's muted colour, where it has one
    _mute(label)
    return label


def heading(text: str) -> QLabel:
    """A section heading: the body font, a little larger and semi-bold."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.1)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


class PageHeader(QWidget):
    """Where the user is among the seven steps (Annotate is skipped when not needed), the page's title, and what it is for.

    Drawn by the page itself (not QWizard's header, which clips rich text).
    """

    def __init__(self, step: int, title: str, subtitle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageHeader")
        colour = accent(self.palette()).name()
        crumbs = " › ".join(
            f"<b style='color:{colour}'>{escape(s)}</b>" if i == step else escape(s)
            for i, s in enumerate(STEP_NAMES)
        )
        self.stepLabel = QLabel(f"Step {step + 1} of {len(STEP_NAMES)}: {crumbs}")
        self.stepLabel.setTextFormat(Qt.TextFormat.RichText)
        _mute(self.stepLabel)
        self.titleLabel = QLabel(title)
        font = QFont(self.titleLabel.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        self.titleLabel.setFont(font)
        self.titleLabel.setAccessibleName(title)
        self.subtitleLabel = QLabel(subtitle)
        self.subtitleLabel.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setSpacing(4)
        layout.addWidget(self.stepLabel)
        layout.addWidget(self.titleLabel)
        layout.addWidget(self.subtitleLabel)


def _mute(label: QLabel) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)


class InlineMessage(QLabel):
    """A problem (or a note) in words, right where it happened; hidden when there is none."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name(self, object_name)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.kind = ""
        self.hide()

    def show_error(self, message: str, hint_text: str = "") -> None:
        self._show("error", WARNING, message, hint_text)

    def show_note(self, message: str, hint_text: str = "") -> None:
        self._show("note", accent(self.palette()).name(), message, hint_text)

    def clear_message(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()

    def plain_text(self) -> str:
        """The message without markup (what a screen reader and a test read)."""
        return self.accessibleDescription()

    def _show(self, kind: str, colour: str, message: str, hint_text: str) -> None:
        self.kind = kind
        body = f"<b>{escape(message)}</b>"
        if hint_text:
            body += f"<br>{escape(hint_text)}"
        self.setText(body)
        self.setAccessibleDescription(f"{message} {hint_text}".strip())
        self.setStyleSheet(
            f"QLabel {{ border-left: 4px solid {colour}; padding: 8px 12px; "
            f"background: palette(base); }}"
        )
        self.show()


def busy_bar(object_name: str) -> QProgressBar:
    """A thin progress bar with words, hidden until a stage runs."""
    bar = QProgressBar()
    name(bar, object_name)
    bar.setRange(0, 1000)
    bar.setTextVisible(True)
    bar.setFormat("%p %")
    bar.hide()
    return bar


def show_progress(bar: QProgressBar, fraction: float, message: str) -> None:
    bar.show()
    bar.setValue(round(1000 * fraction))
    bar.setFormat(f"{message} — {fraction:.0%}" if message else f"{fraction:.0%}")


def setup_leaderboard_table(table: QTableView) -> None:
    """Read-only rows, the model name taking the spare width."""
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
