"""The presenter's edit mode: show or hide each page, rewrite its headline, set the monthly
volume. Never visible while presenting; ``E`` opens it and Esc closes it without saving.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from engine.story.settings import normalise
from ui.names import name as set_name


def parse_volume(text: str) -> float | None:
    """Cases per month from the field: "5,000" → 5000.0; empty → None; ValueError otherwise."""
    cleaned = text.replace(",", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    number = float(cleaned)
    if not number > 0:
        raise ValueError(text)
    return number


class StoryEditor(QWidget):
    """Emits ``saveRequested(settings)`` with the edited settings, or ``cancelled``."""

    saveRequested = Signal(dict)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "demoEditor")
        self.setAutoFillBackground(True)
        self.rows: dict[str, tuple[QCheckBox, QLineEdit]] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 28, 40, 28)
        title = QLabel("Edit the presentation: pages to show and their headlines "
                       "(an empty headline keeps FirstWin's own words).")
        title.setWordWrap(True)
        outer.addWidget(title)
        self.grid_box = QWidget()
        self.grid = QGridLayout(self.grid_box)
        self.grid.setColumnStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_box)
        outer.addWidget(scroll, 1)
        volume_row = QHBoxLayout()
        volume_row.addWidget(QLabel("Cases a month (for money per month):"))
        self.volume = QLineEdit()
        set_name(self.volume, "demoVolume")
        self.volume.setPlaceholderText("e.g. 5000 — empty: money per 1,000 cases")
        volume_row.addWidget(self.volume, 1)
        outer.addLayout(volume_row)
        self.message = QLabel()
        set_name(self.message, "demoEditorMessage")
        outer.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton("Cancel (Esc)")
        set_name(cancel, "demoEditorCancel")
        cancel.clicked.connect(self.cancelled)
        self.save_button = QPushButton("Save and present")
        set_name(self.save_button, "demoEditorSave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

    def load(self, story: dict) -> None:
        """Fill the rows from a story's pages and settings."""
        while self.grid.count():
            self.grid.takeAt(0).widget().deleteLater()
        self.rows = {}
        self.base = dict(story["settings"])
        for row, page in enumerate(story["pages"]):
            shown = QCheckBox("Show")
            set_name(shown, f"demoShow_{page['key']}")
            shown.setChecked(not page["hidden"])
            headline = QLineEdit(page["headline"] if page["edited"] else "")
            set_name(headline, f"demoHeadlineEdit_{page['key']}")
            headline.setPlaceholderText(page["default_headline"])
            headline.setClearButtonEnabled(True)
            self.grid.addWidget(shown, row, 0)
            self.grid.addWidget(QLabel(f"{page['number']}. {page['title']}"), row, 1)
            self.grid.addWidget(headline, row, 2)
            self.rows[page["key"]] = (shown, headline)
        volume = story.get("monthly_volume")
        self.volume.setText("" if volume is None else f"{volume:,.0f}")
        self.message.clear()

    def settings(self) -> dict:
        """The edited settings; ValueError if the volume is not a positive number."""
        hidden = [key for key, (shown, _) in self.rows.items() if not shown.isChecked()]
        headlines = {key: edit.text().strip() for key, (_, edit) in self.rows.items()
                     if edit.text().strip()}
        return normalise({**self.base, "hidden": hidden, "headlines": headlines,
                          "monthly_volume": parse_volume(self.volume.text())})

    def save(self) -> None:
        try:
            settings = self.settings()
        except ValueError:
            self.message.setText("Cases a month must be a positive number, such as 5000.")
            self.volume.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if len(settings["hidden"]) == len(self.rows):
            self.message.setText("Show at least one page.")
            return
        self.saveRequested.emit(settings)
