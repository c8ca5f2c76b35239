"""The Drivers tab: what the model leans on (importance), in words, and how one feature moves
the prediction (dependence)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.analyze.words import METRIC_NAMES
from ui.names import name as set_name


class DriversTab(QWidget):
    """Importance bars on the left; sentences and the dependence plot on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "analyzeDriversTab")
        self.result: dict = {}
        self.importance_chart = None  # pyqtgraph charts: created on first use
        self.dependence_chart = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(24)
        self.left = QVBoxLayout()
        self.left.setSpacing(6)
        heading = QLabel("What the model leans on")
        heading.setFont(theme.scaled_font(self, 1.05, bold=True))
        self.left_note = QLabel()
        self.left_note.setWordWrap(True)
        theme.set_role(self.left_note, "muted")
        self.left.addWidget(heading)
        self.left.addWidget(self.left_note)
        layout.addLayout(self.left, 1)

        self.right = QVBoxLayout()
        self.right.setSpacing(8)
        self.sentences = QLabel()
        set_name(self.sentences, "driversText")
        self.sentences.setWordWrap(True)
        self.sentences.setTextFormat(Qt.TextFormat.RichText)
        self.sentences.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        picker = QHBoxLayout()
        dep_heading = QLabel("How one feature moves the prediction")
        dep_heading.setFont(theme.scaled_font(self, 1.05, bold=True))
        self.feature_combo = QComboBox()
        set_name(self.feature_combo, "dependenceFeatureCombo")
        self.feature_combo.setMinimumContentsLength(14)
        self.feature_combo.currentTextChanged.connect(self._show_dependence)
        picker.addWidget(dep_heading)
        picker.addStretch(1)
        picker.addWidget(self.feature_combo)
        self.dep_note = QLabel("The average prediction when every held-back row takes the value "
                               "on the axis, all else unchanged.")
        self.dep_note.setWordWrap(True)
        theme.set_role(self.dep_note, "muted")
        self.right.addWidget(self.sentences)
        self.right.addSpacing(6)
        self.right.addLayout(picker)
        self.right.addWidget(self.dep_note)
        layout.addLayout(self.right, 1)

    def show_evaluation(self, result: dict) -> None:
        self.result = result
        importance = result.get("importance") or []
        metric = METRIC_NAMES.get(result.get("metric", ""), result.get("metric", "score"))
        self.left_note.setText(
            f"How much the {metric} drops when one feature's values are shuffled between rows; "
            "the thin bars show how much that varied, the % its share of the total.")
        self._charts()
        self.importance_chart.set_importance(importance, metric)
        self.sentences.setText("".join(f"<p style='margin-bottom:6px'>{escape(s)}</p>"
                                       for s in result.get("drivers_text") or []))
        dependence = result.get("dependence") or {}
        self.feature_combo.blockSignals(True)
        self.feature_combo.clear()
        ordered = [e["feature"] for e in importance if e["feature"] in dependence]
        ordered += [f for f in dependence if f not in ordered]
        self.feature_combo.addItems(ordered)
        self.feature_combo.blockSignals(False)
        self.feature_combo.setEnabled(bool(ordered))
        self._show_dependence(self.feature_combo.currentText())

    def _charts(self) -> None:
        if self.importance_chart is None:
            from ui.analyze.drivers_charts import DependenceChart, ImportanceChart

            self.importance_chart = ImportanceChart(self)
            self.left.addWidget(self.importance_chart, 1)
            self.dependence_chart = DependenceChart(self)
            self.right.addWidget(self.dependence_chart, 1)

    @Slot(str)
    def _show_dependence(self, feature: str) -> None:
        if self.dependence_chart is None:
            return
        curve = (self.result.get("dependence") or {}).get(feature)
        self.dependence_chart.set_curve(curve)
        self.dependence_chart.setVisible(curve is not None)
        if curve is None:
            self.dep_note.setText("No dependence curve was drawn for this model.")
