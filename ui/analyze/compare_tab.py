"""The Compare tab: this model beside another version of the same project, and no ML.

The other model's evaluation runs on the tab's own worker (instant when it was kept).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from storage import ModelVersion
from ui import theme
from ui.analyze import jobs
from ui.analyze.metrics_model import MetricsModel
from ui.analyze.summary_tab import fit_height, metrics_table
from ui.analyze.words import with_money
from ui.names import name as set_name
from ui.wizard.common import InlineMessage, busy_bar, show_progress

TOP_DRIVERS = 5


def threshold_words(result: dict) -> str:
    threshold = result.get("chosen_threshold")
    return "" if threshold is None else f"Says yes from a probability of {threshold:.2f}. "


def drivers_html(result: dict) -> str:
    entries = (result.get("importance") or [])[:TOP_DRIVERS]
    if not entries:
        return "<i>not measured</i>"
    return "<ol style='margin-left:-20px'>" + "".join(
        f"<li>{escape(e['feature'])} <span style='color:{theme.colors().muted}'>"
        f"{e.get('share', 0):.0%}</span></li>" for e in entries) + "</ol>"


class CompareTab(QWidget):
    """Pick another model version; both evaluations side by side with the no-ML baseline."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "analyzeCompareTab")
        self.workspace: Path | None = None
        self.result: dict = {}
        self.other: dict | None = None
        self.job: jobs.LatestJob | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(10)
        picker = QHBoxLayout()
        label = QLabel("Compare with")
        self.combo = QComboBox()
        set_name(self.combo, "compareModelCombo")
        self.combo.setMinimumContentsLength(40)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        label.setBuddy(self.combo)
        self.combo.activated.connect(self._chosen)
        picker.addWidget(label)
        picker.addWidget(self.combo)
        picker.addStretch(1)
        layout.addLayout(picker)
        self.progress = busy_bar("compareProgress")
        self.message = InlineMessage("compareMessage")
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        self.model = MetricsModel(self)
        self.table = metrics_table("compareTable", self.model)
        self.table.setMaximumWidth(980)
        layout.addWidget(self.table)
        grid = QGridLayout()
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(4)
        self.heads = [QLabel(), QLabel()]
        self.values = [QLabel(), QLabel()]
        self.drivers = [QLabel(), QLabel()]
        for column in range(2):
            self.heads[column].setFont(theme.scaled_font(self, 1.05, bold=True))
            self.heads[column].setWordWrap(True)
            self.values[column].setWordWrap(True)
            self.drivers[column].setTextFormat(Qt.TextFormat.RichText)
            set_name(self.values[column], f"compareValue{column}")
            set_name(self.drivers[column], f"compareDrivers{column}")
            grid.addWidget(self.heads[column], 0, column)
            grid.addWidget(self.values[column], 1, column)
            grid.addWidget(self.drivers[column], 2, column, Qt.AlignmentFlag.AlignTop)
            grid.setColumnStretch(column, 1)
        holder = QWidget()
        holder.setMaximumWidth(980)  # the columns line up under the table's
        holder.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(holder)
        self.note = QLabel()
        self.note.setWordWrap(True)
        theme.set_role(self.note, "muted")
        layout.addWidget(self.note)
        layout.addStretch(1)

    def set_models(self, workspace: Path, result: dict, models: list[ModelVersion]) -> None:
        """This model's evaluation and the project's other model versions to pick from."""
        self.workspace, self.result = workspace, result
        if self.job is None:
            self.job = jobs.LatestJob(workspace, self)
            self.job.progress.connect(lambda f, m: show_progress(self.progress, f, m))
            self.job.finished.connect(self._evaluated)
            self.job.failed.connect(lambda _t, m, h: self._problem(m, h))
            self.job.crashed.connect(lambda _t, text: self._problem(text, ""))
        chosen = self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("Choose a model version…", None)
        for model in models:
            if model.id != result.get("model_id"):
                baseline = " — no ML" if model.is_baseline else ""
                self.combo.addItem(f"Model {model.id}: {model.name} (run #{model.run_id}){baseline}",
                                   model.id)
        index = self.combo.findData(chosen)
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)
        if index <= 0:
            self.other = None
        self._fill()

    def choose(self, model_id: int) -> None:
        """Compare with ``model_id`` (as picking it in the list would)."""
        self.combo.setCurrentIndex(self.combo.findData(model_id))
        self._chosen(self.combo.currentIndex())

    @Slot(int)
    def _chosen(self, index: int) -> None:
        model_id = self.combo.itemData(index)
        self.other = None
        self._fill()
        if model_id is None or self.workspace is None or self.job is None:
            return
        self.message.clear_message()
        show_progress(self.progress, 0.0, f"Evaluating model {model_id}")
        self.job.run(jobs.evaluate(self.workspace, model_id), model_id)

    @Slot(object, object)
    def _evaluated(self, model_id, result: dict) -> None:
        if model_id != self.combo.currentData():
            return
        self.progress.hide()
        self.other = result
        self._fill()

    def _fill(self) -> None:
        this, other = self.result, self.other
        this_metrics, no_ml = with_money(this)
        columns = [(f"This model ({this.get('model_id', '')})", this_metrics)]
        if other is not None:
            columns.append((f"Model {other.get('model_id')}", with_money(other)[0]))
        currency = (this.get("value") or {}).get("currency") or "$"
        self.model.set_columns(columns, ("No ML", no_ml), currency)
        fit_height(self.table)
        for column, result in enumerate((this, other)):
            shown = result is not None
            self.heads[column].setVisible(shown)
            self.values[column].setVisible(shown)
            self.drivers[column].setVisible(shown)
            if shown:
                self.heads[column].setText(f"Model {result.get('model_id')}: {result.get('model_name')}")
                self.values[column].setText(f"{threshold_words(result)}Top drivers:")
                self.drivers[column].setText(drivers_html(result))
        if other is None:
            self.note.setText("Pick another version of this project's models to see both side by "
                              "side. The ✓/✗ column compares this model with no ML.")
        elif other.get("rows") != this.get("rows") or other.get("baseline_name") != this.get("baseline_name"):
            self.note.setText("The two models come from different runs: each is measured on its "
                              "own held-back rows, so small differences may be noise.")
        else:
            self.note.setText("Both models are measured on the same held-back rows.")

    def _problem(self, message: str, hint: str) -> None:
        self.progress.hide()
        self.message.show_error(message, hint or "Pick the model again, or another one.")

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job.wait(10_000)
