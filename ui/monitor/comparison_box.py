"""Champion vs challenger after a retrain: both models on the same recent rows, and a button.

Promotion stays a decision: the box says which model did better on rows neither trained on,
and "Promote challenger" puts the new one in production (the old one is archived).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.home_page import primary_button
from ui.monitor.words import metric_words, number
from ui.names import name as set_name
from ui.wizard.common import heading

ROLES = (("champion", "Champion (in use)"), ("challenger", "Challenger (retrained)"))


def side_text(side: dict) -> str:
    metrics = side.get("metrics") or {}
    band = ""
    if metrics.get("low") is not None and metrics.get("high") is not None:
        band = f"  [{metrics['low']:.3f}–{metrics['high']:.3f}]"
    return f"{number(metrics.get('value'))}{band}"


class ComparisonBox(QWidget):
    """``show_result(retrain result)``; emits ``promoteRequested(challenger id)``."""

    promoteRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "monitorComparison")
        self.result: dict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.heading = heading("Champion vs challenger")
        layout.addWidget(self.heading)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.cells: dict[str, tuple[QLabel, QLabel]] = {}
        for row, (role, words) in enumerate(ROLES):
            title = QLabel(words)
            theme.set_role(title, "muted")
            model, score = QLabel(), QLabel()
            set_name(model, f"monitor{role.capitalize()}Model")
            set_name(score, f"monitor{role.capitalize()}Score")
            model.setWordWrap(True)
            score.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(title, 2 * row, 0, 1, 2)
            self.grid.addWidget(model, 2 * row + 1, 0)
            self.grid.addWidget(score, 2 * row + 1, 1)
            self.cells[role] = (model, score)
        self.grid.setColumnStretch(0, 1)
        layout.addLayout(self.grid)
        self.words = QLabel()
        set_name(self.words, "monitorComparisonWords")
        self.words.setWordWrap(True)
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.words)
        self.promote_button = primary_button("Promote challenger", "monitorPromoteButton")
        self.promote_button.setToolTip("Put the challenger in production; the champion is archived. "
                                       "Recorded in the project's history.")
        self.promote_button.clicked.connect(self._promote)
        layout.addWidget(self.promote_button, 0, Qt.AlignmentFlag.AlignLeft)

    def show_result(self, result: dict) -> None:
        """A retrain's result (``engine.monitor.retrain.retrain``)."""
        self.result = result
        comparison = result.get("comparison")
        if comparison is None:
            for model, score in self.cells.values():
                model.setText("")
                score.setText("")
            self.words.setText(
                f"Challenger: model {result['challenger_id']} ({result['challenger_name']}), "
                f"trained with {result['new_rows']:,} new labelled rows. There were no recent "
                "held-back rows to compare it with the champion on.")
        else:
            metric = metric_words(comparison["metric"])
            for role, _ in ROLES:
                side = comparison[role]
                model, score = self.cells[role]
                model.setText(f"Model {side['model_id']}: {side['name']}")
                score.setText(f"<b>{escape(side_text(side))}</b>")
                score.setToolTip(f"{metric} with its 95 % band")
            verdict = {"challenger": "The challenger did better.",
                       "champion": "The champion did better: keep it.",
                       "tie": "They did equally well."}[comparison["better"]]
            self.words.setText(f"{comparison['words']} {verdict}")
        self.promote_button.setEnabled(not result.get("promoted"))
        self.promote_button.setText("Promote challenger")
        self.show()

    def promoted(self, words: str) -> None:
        self.promote_button.setEnabled(False)
        self.promote_button.setText("Promoted")
        self.words.setText(f"{self.words.text()}\n\n{words}")

    def _promote(self) -> None:
        if self.result is not None:
            self.promoteRequested.emit(int(self.result["challenger_id"]))
