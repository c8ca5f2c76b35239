"""The Monitor view's side panel: an alarm explained, the triggers, champion vs challenger.

Three sections, each shown once it has something to say. The words come from the engine (a
drift entry's ``words``, a trigger's ``reason``, a comparison's ``words``); this panel only
lays them out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui import theme
from ui.monitor.board import Board
from ui.monitor.comparison_box import ComparisonBox
from ui.monitor.words import (
    alarms_words,
    batch_title,
    entry_numbers,
    feature_name,
    triggers_words,
)
from ui.names import name as set_name
from ui.wizard.common import heading

PANEL_WIDTH = 360
HOW_TO = ("Click a cell of the drift strip, or a ▼ alarm under the charts, to read what moved "
          "and by how much.")


def _label(object_name: str, role: str = "") -> QLabel:
    label = QLabel()
    set_name(label, object_name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        theme.set_role(label, role)
    return label


class SidePanel(QScrollArea):
    """Emits ``promoteRequested(model_id)`` from the comparison's button."""

    promoteRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "monitorSidePanel")
        self.setWidgetResizable(True)
        self.setFixedWidth(PANEL_WIDTH)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QFrame()
        body.setProperty("panel", True)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(6)
        self.heading = heading("What happened")
        layout.addWidget(self.heading)
        self.where = _label("monitorAlarmWhere", "muted")
        self.words = _label("monitorAlarmWords")
        self.words.setFont(theme.scaled_font(self.words, 1.08, bold=True))
        self.numbers = _label("monitorAlarmNumbers", "muted")
        self.others = _label("monitorAlarmOthers")
        for label in (self.where, self.words, self.numbers):
            layout.addWidget(label)
        self.bars_legend = _label("monitorDriftBarsLegend")
        self.bars_legend.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.bars_legend)
        self.bars = None  # the small chart, built on the first selection (pyqtgraph)
        self._entry_key: tuple | None = None  # the entry on show: a new board may hold it again
        self.bars_slot = QVBoxLayout()
        layout.addLayout(self.bars_slot)
        layout.addWidget(self.others)

        self.triggers_heading = heading("Retrain triggers")
        self.triggers = _label("monitorTriggersText")
        layout.addSpacing(10)
        layout.addWidget(self.triggers_heading)
        layout.addWidget(self.triggers)
        self.comparison = ComparisonBox()
        self.comparison.promoteRequested.connect(self.promoteRequested)
        layout.addSpacing(10)
        layout.addWidget(self.comparison)
        layout.addStretch(1)
        self.setWidget(body)
        self.show_hint(None)
        self.show_triggers(None)
        self.comparison.hide()

    # --- the selected alarm ------------------------------------------------------------------
    def show_hint(self, board: Board | None) -> None:
        """Nothing selected: say how to select, and what the latest batch raised."""
        self._entry_key = None
        self.where.setText("")
        self.where.hide()
        self.words.setText(HOW_TO)
        self.words.setFont(theme.scaled_font(self.numbers, 1.0))
        latest = ""
        if board is not None and not board.is_empty():
            alarms = alarms_words(board, len(board.batches) - 1)
            latest = ("The latest batch raised no alarm." if not alarms
                      else "The latest batch:\n• " + "\n• ".join(alarms))
        self.numbers.setText(latest)
        self.numbers.setVisible(bool(latest))
        self._show_bars(None)
        self.others.hide()

    def show_entry(self, board: Board, batch_index: int, feature: str) -> None:
        """One column of one batch: its words, the numbers behind them, and its bars."""
        entry = board.entry(batch_index, feature)
        if entry is None:
            self.show_hint(board)
            return
        self.where.setText(f"{feature_name(feature)}  ·  {batch_title(board, batch_index)}")
        self.where.show()
        key = (board.batches[batch_index].id, feature, entry["statistic"], entry["words"])
        if key == self._entry_key:
            return  # the same measurement: its words and bars are on screen already
        self._entry_key = key
        self.words.setText(entry["words"])
        self.words.setFont(theme.scaled_font(self.numbers, 1.08, bold=True))
        self.numbers.setText(entry_numbers(entry))
        self.numbers.show()
        self._show_bars(entry)
        others = [w for w in alarms_words(board, batch_index) if w != entry["words"]]
        self.others.setText("Also in this batch:\n• " + "\n• ".join(others) if others else "")
        self.others.setVisible(bool(others))

    def _show_bars(self, entry: dict | None) -> None:
        if entry is None or not (entry.get("chart") or {}).get("bins"):
            if self.bars is not None:
                self.bars.hide()
            self.bars_legend.hide()
            return
        if self.bars is None:
            from ui.monitor.drift_bars import DriftBars

            self.bars = DriftBars()
            self.bars_slot.addWidget(self.bars)
        self.bars.show_entry(entry)
        self.bars.show()
        self.bars_legend.setText("&nbsp;&nbsp; ".join(self.bars.legend()))
        self.bars_legend.show()

    # --- triggers -------------------------------------------------------------------------------
    def show_triggers(self, result: dict | None) -> None:
        visible = result is not None
        self.triggers_heading.setVisible(visible)
        self.triggers.setVisible(visible)
        if visible:
            fired = bool(result.get("fired"))
            self.triggers_heading.setText("Retrain suggested" if fired else "Retrain triggers")
            self.triggers.setText("\n\n".join(triggers_words(result)))

    def words_text(self) -> str:
        """What the panel says about the selection (for tests and screen readers)."""
        return self.words.text()

