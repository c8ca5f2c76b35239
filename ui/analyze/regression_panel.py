"""Value & errors for a model that predicts a number: what its errors cost against no ML,
the residuals against the predictions, and how the errors spread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.analyze.value_form import ValueForm
from ui.analyze.words import money
from ui.names import name as set_name


def cost_words(value: dict) -> str:
    """The cost of the errors per 1,000 rows against the baseline's, or why there is none."""
    cost = value.get("cost") if value.get("has_values") else None
    currency = value.get("currency") or "$"
    if not cost:
        return ("No cost per unit of error was entered, so the errors cannot be put in money. "
                "Enter it below.")
    saving = cost["saving_per_1000"]
    verdict = "saves" if saving >= 0 else "costs an extra"
    return (f"The model's errors cost {money(cost['model_per_1000'], currency)} per 1,000 rows, "
            f"against {money(cost['baseline_per_1000'], currency)} without ML: it {verdict} "
            f"{money(abs(saving), currency)} per 1,000 rows.")


class RegressionPanel(QWidget):
    """Cost in words and the value form on the right; two charts on the left."""

    valuesSaved = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "regressionPanel")
        self.charts = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(20)
        self.chart_box = QHBoxLayout()
        self.chart_box.setSpacing(12)
        layout.addLayout(self.chart_box, 1)
        side = QVBoxLayout()
        side.setSpacing(10)
        heading = QLabel("What the errors cost")
        heading.setFont(theme.scaled_font(self, 1.05, bold=True))
        self.cost = QLabel()
        set_name(self.cost, "regressionCost")
        self.cost.setWordWrap(True)
        self.cost.setTextFormat(Qt.TextFormat.PlainText)
        self.form = ValueForm(regression=True)
        self.form.intro.setText("What being off by one unit costs, in your own currency.")
        self.form.saveRequested.connect(self.valuesSaved)
        holder = QWidget()
        holder.setFixedWidth(340)
        holder.setLayout(side)
        for widget in (heading, self.cost, self.form):
            side.addWidget(widget)
        side.addStretch(1)
        layout.addWidget(holder)

    def show_evaluation(self, result: dict, project_value: dict) -> None:
        self.cost.setText(cost_words(result.get("value") or {}))
        self.form.set_values(project_value)
        if self.charts is None:
            from ui.analyze.regression_charts import ErrorHistogram, ResidualScatter

            self.charts = (ResidualScatter(self), ErrorHistogram(self))
            for chart in self.charts:
                self.chart_box.addWidget(chart, 1)
        views = result.get("regression") or {}
        self.charts[0].set_points(views.get("residuals") or {}, result.get("target") or "value")
        self.charts[1].set_histogram(views.get("error_histogram") or {})
