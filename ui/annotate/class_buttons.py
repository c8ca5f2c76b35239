"""The Label tab's side panel: the model's guess, one button per class with its number key, and
the Enter / S / Backspace keys as buttons too. Big key caps: the keyboard is the fast way.

Class buttons are built once per set of classes (``rebuilds`` counts it); showing another row
only changes the guess's text.
"""

from __future__ import annotations

from collections import deque
from html import escape

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme
from ui.names import name as set_name

KEYED_CLASSES = 9
RECENT = 5  # the last steps shown under the keys
PANEL_WIDTH = 340
KEYCAP_STYLE = ("QLabel { border: 1px solid palette(mid); border-bottom-width: 3px; "
                "border-radius: 5px; padding: 1px 8px; background: palette(window); }")


class KeyButton(QPushButton):
    """A wide button showing a key cap ("1", "Enter") before its words."""

    def __init__(self, key: str, text: str, object_name: str, scale: float = 1.0) -> None:
        super().__init__()
        set_name(self, object_name, f"{text} (key {key})")
        self.setProperty("secondary", True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the tab, never to a button
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(12)
        self.keycap = QLabel(key)
        self.keycap.setFont(theme.scaled_font(self, scale, bold=True))
        self.keycap.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keycap.setMinimumWidth(self.keycap.fontMetrics().horizontalAdvance("Enter") + 20)
        self.keycap.setStyleSheet(KEYCAP_STYLE)
        self.words = QLabel(text)
        self.words.setFont(theme.scaled_font(self, scale, bold=scale > 1.0))
        for label in (self.keycap, self.words):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(self.keycap)
        layout.addWidget(self.words, 1)
        self.setMinimumHeight(layout.sizeHint().height() + (10 if scale > 1.0 else 4))

    def sizeHint(self) -> QSize:
        # QPushButton sizes itself by its own (empty) text: ask the key cap and words instead.
        return self.layout().sizeHint().expandedTo(QSize(0, self.minimumHeight()))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class ClassButtons(QFrame):
    """Emits classChosen(label), acceptRequested, skipRequested, undoRequested, revisitRequested."""

    classChosen = Signal(str)
    acceptRequested = Signal()
    skipRequested = Signal()
    undoRequested = Signal()
    revisitRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "labelClassPanel")
        self.setProperty("panel", True)
        self.setFixedWidth(PANEL_WIDTH)
        self.classes: list[str] = []
        self.class_buttons: list[KeyButton] = []
        self.rebuilds = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 16)
        outer.setSpacing(8)
        self.guess = QLabel()
        set_name(self.guess, "guessLabel")
        self.guess.setFont(theme.scaled_font(self, 1.2, bold=True))
        self.guess.setWordWrap(True)
        self.guess_detail = QLabel()
        set_name(self.guess_detail, "guessDetail")
        self.guess_detail.setWordWrap(True)
        theme.set_role(self.guess_detail, "muted")
        outer.addWidget(self.guess)
        outer.addWidget(self.guess_detail)
        outer.addSpacing(8)
        pick = QLabel("Pick its class")
        theme.set_role(pick, "muted")
        outer.addWidget(pick)
        self._class_box = QVBoxLayout()
        self._class_box.setSpacing(8)
        outer.addLayout(self._class_box)
        outer.addSpacing(12)
        self.accept_button = KeyButton("Enter", "Accept the guess", "acceptGuessButton")
        self.skip_button = KeyButton("S", "Skip this row", "skipButton")
        self.undo_button = KeyButton("⌫", "Take back the last one", "undoLabelButton")
        self.revisit_button = QPushButton("Go through the skipped rows")
        set_name(self.revisit_button, "revisitSkippedButton")
        self.revisit_button.setProperty("secondary", True)
        for button, signal in ((self.accept_button, self.acceptRequested),
                               (self.skip_button, self.skipRequested),
                               (self.undo_button, self.undoRequested),
                               (self.revisit_button, self.revisitRequested)):
            button.clicked.connect(signal)
            outer.addWidget(button)
        self.revisit_button.hide()
        outer.addSpacing(16)
        self.recent_heading = QLabel("Just now")
        theme.set_role(self.recent_heading, "muted")
        self.recent_heading.hide()
        self.last = QLabel()
        set_name(self.last, "lastActionLabel")
        self._recent: deque[str] = deque(maxlen=RECENT)
        outer.addWidget(self.recent_heading)
        outer.addWidget(self.last)
        outer.addStretch(1)

    def set_classes(self, classes: list[str]) -> None:
        """One button per class (number keys for the first nine); rebuilt only on a change."""
        if classes == self.classes and self.class_buttons:
            return
        self.rebuilds += 1
        for button in self.class_buttons:
            self._class_box.removeWidget(button)
            button.deleteLater()
        self.classes = list(classes)
        self.class_buttons = []
        for number, label in enumerate(self.classes, start=1):
            key = str(number) if number <= KEYED_CLASSES else "·"
            button = KeyButton(key, label, f"classButton{number}", scale=1.2)
            button.setToolTip(f"Label this row {label}" + (f" (key {number})"
                                                           if number <= KEYED_CLASSES else ""))
            button.clicked.connect(lambda _=False, label=label: self.classChosen.emit(label))
            self._class_box.addWidget(button)
            self.class_buttons.append(button)

    def label_for(self, number: int) -> str | None:
        """The class behind number key ``number`` (1-based), if there is one."""
        return self.classes[number - 1] if 1 <= number <= min(len(self.classes), KEYED_CLASSES) else None

    def show_guess(self, words: tuple[str, str], has_guess: bool) -> None:
        """The guess for the row on screen (its words; Enter works only with a guess)."""
        self.guess.setText(words[0])
        self.guess_detail.setText(words[1])
        for button in (*self.class_buttons, self.skip_button):
            button.setEnabled(True)
        self.accept_button.setEnabled(has_guess)
        self.revisit_button.hide()

    def show_finished(self, skipped: int) -> None:
        """No row left: say what to do next; offer the skipped rows again."""
        self.guess.setText("All done here")
        self.guess_detail.setText(f"{skipped:,} skipped row(s) wait for a second look. "
                                  if skipped else "Save the labels below, then retrain.")
        for button in (*self.class_buttons, self.accept_button, self.skip_button):
            button.setEnabled(False)
        self.revisit_button.setVisible(skipped > 0)

    def set_can_undo(self, can: bool) -> None:
        self.undo_button.setEnabled(can)

    def set_last(self, words: str) -> None:
        """Add a step to the "Just now" list (newest first)."""
        self._recent.appendleft(words)
        lines = "".join(f"<div style='margin-bottom:3px'>{escape(line)}</div>"
                        for line in self._recent)
        self.last.setText(lines)
        self.recent_heading.show()

    def clear_last(self) -> None:
        self._recent.clear()
        self.last.setText("")
        self.recent_heading.hide()
