"""The Label tab: one unlabelled row at a time, labelled with the keyboard.

Keys: 1–9 pick a class, Enter accepts the model's guess, S skips, Backspace takes back the
last label or skip. The guess is shown, never preselected. Labels stay in memory (``changes``)
until the view saves them; moving on only changes texts (see RowForm), never widgets.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from ui import theme
from ui.annotate.class_buttons import ClassButtons
from ui.annotate.row_form import RowForm
from ui.annotate.session import LabelSession
from ui.annotate.words import counter, guess_words, value_text
from ui.names import name as set_name
from ui.wizard.common import InlineMessage

PROGRESS_STYLE = ("QProgressBar { border: none; border-radius: 4px; background: palette(mid); }"
                  "QProgressBar::chunk { border-radius: 4px; background: palette(link); }")
DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


class LabelTab(QWidget):
    """Emits ``changed`` whenever the unsaved labels change."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "annotateLabelTab")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.session = LabelSession([])
        self.suggestions: dict[int, tuple[str, float]] = {}
        self._columns: list[str] = []
        self._arrays: list = []  # one numpy array per shown column: a row is a cheap lookup
        self._frozen = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 12, 0, 0)
        outer.setSpacing(10)
        top = QHBoxLayout()
        top.setSpacing(16)
        self.counter = QLabel()
        set_name(self.counter, "labelCounter")
        self.counter.setFont(theme.scaled_font(self, 1.15, bold=True))
        self.progress = QProgressBar()
        set_name(self.progress, "labelProgress")
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)
        self.progress.setStyleSheet(PROGRESS_STYLE)
        top.addWidget(self.counter)
        top.addWidget(self.progress, 1)
        outer.addLayout(top)
        self.message = InlineMessage("labelMessage")
        outer.addWidget(self.message)

        body = QHBoxLayout()
        body.setSpacing(16)
        self.form = RowForm()
        body.addWidget(self.form, 1)
        self.buttons = ClassButtons()
        self.buttons.classChosen.connect(self.choose)
        self.buttons.acceptRequested.connect(self.accept_guess)
        self.buttons.skipRequested.connect(self.skip)
        self.buttons.undoRequested.connect(self.undo)
        self.buttons.revisitRequested.connect(self.revisit_skipped)
        body.addWidget(self.buttons)
        outer.addLayout(body, 1)
        self._show_current()

    # --- filling ------------------------------------------------------------------------
    def open_pool(self, frame, target: str, classes: list[str], order: list[int],
                  suggestions: dict[int, tuple[str, float]], note: str = "") -> None:
        """A new session over ``order`` (pool row keys, in labelling order)."""
        self._columns = [str(c) for c in frame.columns if str(c) != target]
        self._arrays = [frame[c].to_numpy(dtype=object) for c in frame.columns
                        if str(c) != target]
        self.form.set_columns(self._columns)
        self.buttons.set_classes(classes)
        self.session = LabelSession(order)
        self.suggestions = suggestions
        self.buttons.clear_last()
        self.message.clear_message()
        if note:
            self.message.show_note(note)
        self._show_current()
        self.changed.emit()

    def set_classes(self, classes: list[str]) -> None:
        self.buttons.set_classes(classes)  # rebuilds only if they changed (a merge)

    def changes(self) -> list[dict]:
        return self.session.changes()

    def mark_saved(self, rows: list[int]) -> None:
        self.session.mark_saved(rows)
        self._show_current()

    def discard(self) -> None:
        self.session.discard()
        self._show_current()
        self.changed.emit()

    def set_frozen(self, frozen: bool) -> None:
        """No labelling while a save is on its way (its rows must not change under it)."""
        self._frozen = frozen
        self.buttons.setEnabled(not frozen)

    # --- acting (keys and buttons) --------------------------------------------------------
    @Slot(str)
    def choose(self, label: str) -> None:
        row = self.session.current()
        if self._ready():
            self.session.label(label)
            self._moved(f"Row {row:,} → {label}")

    @Slot()
    def accept_guess(self) -> None:
        row = self.session.current()
        if not self._ready() or row is None:
            return
        guess = self.suggestions.get(row)
        if guess is None:
            self.message.show_note("There is no guess for this row.", "Pick its class with a number key.")
            return
        self.choose(guess[0])

    @Slot()
    def skip(self) -> None:
        row = self.session.current()
        if self._ready():
            self.session.skip()
            self._moved(f"Row {row:,} skipped")

    @Slot()
    def undo(self) -> None:
        if self._frozen:
            return
        row = self.session.undo()
        if row is None:
            self.message.show_note("Nothing to take back here.",
                                   "Saved labels are undone with “Undo last batch” below.")
            return
        self._moved(f"Took back row {row:,}")

    @Slot()
    def revisit_skipped(self) -> None:
        self.session.revisit_skipped()
        self._show_current()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        label = self.buttons.label_for(DIGITS[key]) if key in DIGITS else None
        actions = {Qt.Key.Key_Return: self.accept_guess, Qt.Key.Key_Enter: self.accept_guess,
                   Qt.Key.Key_Backspace: self.undo, Qt.Key.Key_S: self.skip}
        if mods != Qt.KeyboardModifier.NoModifier or (label is None and key not in actions):
            super().keyPressEvent(event)  # not ours: let it travel on
            return
        event.accept()
        if label is not None:
            self.choose(label)
        else:
            actions[key]()

    # --- drawing --------------------------------------------------------------------------
    def _ready(self) -> bool:
        return not self._frozen and self.session.current() is not None

    def _moved(self, words: str) -> None:
        self.message.clear_message()
        self.buttons.set_last(words)
        self._show_current()
        self.changed.emit()

    def _show_current(self) -> None:
        labelled, skipped, left = self.session.counts()
        total = len(self.session.order)
        self.counter.setText(counter(labelled, skipped, left))
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(labelled + skipped)
        self.buttons.set_can_undo(self.session.can_undo())
        row = self.session.current()
        if row is None:
            done = "Every row has a label." if not skipped else "Every row is labelled or skipped."
            self.form.clear(done if total else "No row is waiting for a label.")
            self.buttons.show_finished(skipped)
            return
        texts = [value_text(values[row]) for values in self._arrays]
        self.form.show_values(f"Row {row:,}", texts)
        guess = self.suggestions.get(row)
        self.buttons.show_guess(guess_words(guess), guess is not None)
