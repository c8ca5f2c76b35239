"""Value & threshold for a yes/no model: the curve with its draggable line, the confusion
matrix at that threshold, and saving it.

Dragging only looks entries up in the evaluation's ``threshold_curve``; nothing is recomputed
until "Use this threshold" saves it (the view then re-evaluates on its worker).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme
from ui.analyze.confusion_panel import ConfusionPanel
from ui.analyze.value_form import ValueForm
from ui.analyze.words import entry_near, money, no_ml_levels
from ui.home_page import primary_button
from ui.names import name as set_name

PANEL_WIDTH = 380


class ThresholdPanel(QWidget):
    """The binary Value tab. ``show_evaluation(result, value)`` fills it."""

    thresholdChosen = Signal(float)
    valuesSaved = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "thresholdPanel")
        self.result: dict = {}
        self.curve: list[dict] = []
        self.currency = "$"
        self.has_values = False
        self.chart = None  # the ThresholdChart, created on first use (pyqtgraph is lazy)
        self.entry: dict | None = None

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(20)
        self.chart_box = QVBoxLayout()
        self.chart_box.setSpacing(6)
        self.chart_title = QLabel()
        self.chart_title.setFont(theme.scaled_font(self, 1.05, bold=True))
        self.chart_hint = QLabel("Drag the blue line to try another threshold: the counts on the "
                                 "right follow it. Nothing is saved until you press "
                                 "“Use this threshold”.")
        self.chart_hint.setWordWrap(True)
        theme.set_role(self.chart_hint, "muted")
        self.chart_box.addWidget(self.chart_title)
        self.chart_box.addWidget(self.chart_hint)
        layout.addLayout(self.chart_box, 1)

        side = QWidget()
        side.setFixedWidth(PANEL_WIDTH)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        self.at_label = QLabel()
        set_name(self.at_label, "thresholdLabel")
        self.at_label.setFont(theme.scaled_font(self, 1.25, bold=True))
        self.value_label = QLabel()
        set_name(self.value_label, "valueAtThreshold")
        self.value_label.setWordWrap(True)
        self.value_label.setTextFormat(Qt.TextFormat.RichText)
        self.confusion = ConfusionPanel()
        self.best_label = QLabel()
        set_name(self.best_label, "bestThresholdLabel")
        self.best_label.setWordWrap(True)
        theme.set_role(self.best_label, "muted")
        self.saved_label = QLabel()
        set_name(self.saved_label, "savedThresholdLabel")
        self.saved_label.setWordWrap(True)
        theme.set_role(self.saved_label, "muted")
        buttons = QHBoxLayout()
        self.best_button = primary_button("Go to best", "bestThresholdButton", "secondary")
        self.best_button.clicked.connect(self._go_to_best)
        self.use_button = primary_button("Use this threshold", "useThresholdButton")
        self.use_button.setToolTip("Save it: predictions, the exported package and this "
                                   "evaluation then use it. Recorded in the project's history.")
        self.use_button.clicked.connect(self._use)
        buttons.addWidget(self.best_button)
        buttons.addStretch(1)
        buttons.addWidget(self.use_button)
        self.values_toggle = QPushButton("Change what answers are worth…")
        set_name(self.values_toggle, "editValuesButton")
        self.values_toggle.setFlat(True)
        self.values_toggle.setCursor(Qt.CursorShape.PointingHandCursor)
        self.values_toggle.setStyleSheet("QPushButton { border: none; background: transparent; "
                                         "color: palette(link); text-align: left; padding: 2px 0; }"
                                         "QPushButton:hover { text-decoration: underline; }")
        self.values_toggle.clicked.connect(lambda: self.form.setVisible(not self.form.isVisible()))
        self.form = ValueForm()
        self.form.saveRequested.connect(self.valuesSaved)
        for widget in (self.at_label, self.value_label, self.confusion, self.best_label):
            column.addWidget(widget)
        column.addLayout(buttons)
        column.addWidget(self.saved_label)
        column.addSpacing(6)
        column.addWidget(self.values_toggle)
        column.addWidget(self.form)
        column.addStretch(1)
        layout.addWidget(side)

    # --- filling --------------------------------------------------------------------------
    def show_evaluation(self, result: dict, project_value: dict) -> None:
        self.result = result
        self.curve = list(result.get("threshold_curve") or [])
        value = result.get("value") or {}
        self.currency = value.get("currency") or "$"
        self.has_values = bool(value.get("has_values"))
        self.confusion.set_classes(result.get("classes") or [])
        self.form.set_values(project_value)
        self.form.setVisible(not self.has_values)
        self.values_toggle.setVisible(self.has_values)
        if self.has_values:
            self.chart_title.setText("What the model is worth at each threshold")
        else:
            self.chart_title.setText("Precision and recall at each threshold")
        best = result.get("best_threshold")
        source = result.get("threshold_source") or "holdout"
        self.best_button.setVisible(self.has_values and best is not None)
        if self.has_values and best is not None:
            at_best = entry_near(self.curve, best) or {}
            self.best_label.setText(
                f"The most valuable threshold is {best:.2f} (chosen on {_source_words(source)}): "
                f"{money(at_best.get('value_per_1000'), self.currency)} per 1,000 rows here.")
        else:
            self.best_label.setText("Enter what answers are worth to see the most valuable threshold.")
        chosen = result.get("chosen_threshold")
        chosen = 0.5 if chosen is None else float(chosen)
        self.saved_label.setText(f"Saved threshold: {chosen:.2f}. Predictions and exports use it.")
        chart = self._ensure_chart()
        mode = "value" if self.has_values else "rates"
        chart.set_curve(self.curve, mode, best if self.has_values else None,
                        no_ml_levels(self.curve, value) if self.has_values else {}, self.currency)
        chart.set_threshold(chosen)
        self.show_threshold(chosen)

    def _ensure_chart(self):
        if self.chart is None:
            from ui.analyze.threshold_chart import ThresholdChart

            self.chart = ThresholdChart(self)
            self.chart.thresholdMoved.connect(self.show_threshold)
            self.chart_box.insertWidget(1, self.chart, 1)
        return self.chart

    @Slot(float)
    def show_threshold(self, threshold: float) -> None:
        """Counts, words and value at ``threshold``: a lookup in the curve, no recompute."""
        entry = entry_near(self.curve, threshold)
        self.entry = entry
        if entry is None:
            self.at_label.setText("No threshold curve")
            return
        self.at_label.setText(f"At threshold {entry['threshold']:.2f}")
        self.confusion.show_entry(entry)
        if self.has_values:
            self.value_label.setText(
                f"<span style='font-size:16pt; font-weight:600'>"
                f"{money(entry.get('value_per_1000'), self.currency)}</span> per 1,000 rows")
        else:
            precision, recall = entry.get("precision"), entry.get("recall")
            self.value_label.setText(
                f"Right {_share(precision)} of the times it says yes; "
                f"catches {_share(recall)} of the real yes.")
        saved = self.result.get("chosen_threshold")
        self.use_button.setEnabled(saved is None or abs(entry["threshold"] - float(saved)) > 1e-9)

    # --- actions --------------------------------------------------------------------------
    def _go_to_best(self) -> None:
        best = self.result.get("best_threshold")
        if best is not None and self.chart is not None:
            self.chart.set_threshold(float(best))

    def _use(self) -> None:
        if self.entry is not None:
            self.thresholdChosen.emit(float(self.entry["threshold"]))


def _source_words(source: str) -> str:
    if source == "out-of-fold":
        return "the training rows, out of fold, so this figure is not flattered"
    return "these same holdout rows, so this figure is a little flattering"


def _share(value) -> str:
    return "—" if value is None else f"{value:.0%}"
