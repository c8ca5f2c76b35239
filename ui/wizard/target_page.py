"""Step 3, Target: which column to predict, what kind of question that is, and what to watch.

Checking the target, profiling with it (leak checks) and proposing the cleaning recipe run
in a StageWorker. The page shows the detected task and why, the class balance or the
distribution, and the profile's warnings in words.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ui.widgets.target_chart import TargetChart
from ui.wizard.common import (
    PAGE_MARGINS,
    SPACING,
    InlineMessage,
    PageHeader,
    busy_bar,
    heading,
    name,
    show_progress,
)
from ui.wizard.stages import TargetAnalysis, analyse_target
from ui.wizard.state import WizardState
from ui.worker import StageWorker

TASKS = (("Detect it for me", "auto"), ("Yes or no (binary)", "binary"),
         ("One of several classes (multiclass)", "multiclass"), ("A number (regression)", "regression"))
TASK_HEADLINES = {"binary": "A yes/no question", "multiclass": "One of several classes",
                  "regression": "A number"}
LIKELY_TARGETS = ("target", "label", "class", "y", "outcome", "churn", "churned")
PANEL_HEIGHT = 380
NO_WARNINGS = "Nothing to worry about: the columns look usable as they are."


class TargetPage(QWizardPage):
    """Complete once the chosen target was checked against its task."""

    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        name(self, "targetPage")
        self.header = PageHeader(2, "What should be predicted?",
                                 "Pick the column that holds the answer. FirstWin works out what kind of "
                         "question that is and checks the other columns for traps.")
        self.worker = StageWorker(state.store.workspace, self)
        self._seen_data_version = -1
        self._pending: tuple[str, str] | None = None  # (target, task) asked while a check ran

        self.targetCombo = name(QComboBox(), "targetCombo")
        self.targetCombo.setMinimumContentsLength(24)
        self.targetCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.taskCombo = name(QComboBox(), "taskCombo")
        for text, task in TASKS:
            self.taskCombo.addItem(text, task)
        self.taskLabel = name(QLabel(""), "taskLabel")
        self.taskLabel.setWordWrap(True)
        self.taskLabel.setTextFormat(Qt.TextFormat.RichText)
        self.checkProgress = busy_bar("targetProgress")
        self.message = InlineMessage("targetMessage")
        self.chart = TargetChart()
        self.warningsList = name(QListWidget(), "profileWarnings")
        self.warningsList.setWordWrap(True)
        self.warningsList.setAlternatingRowColors(True)
        self.warningsList.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.warningsList.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.warningsList.setSpacing(2)
        self.warningsList.setFrameShape(QListWidget.Shape.NoFrame)  # a white panel, like the chart
        self.warningsList.setStyleSheet("QListWidget::item { padding: 6px 4px; }")

        pickers = QHBoxLayout()
        pickers.setSpacing(8)
        pickers.addWidget(QLabel("Column to predict"))
        pickers.addWidget(self.targetCombo)
        pickers.addSpacing(24)
        pickers.addWidget(QLabel("Kind of question"))
        pickers.addWidget(self.taskCombo)
        pickers.addStretch(1)

        self.chartHeading = heading("The answers in the data")
        chart_side = QVBoxLayout()
        chart_side.addWidget(self.chartHeading)
        chart_side.addWidget(self.chart, 1)
        warn_side = QVBoxLayout()
        warn_side.addWidget(heading("What to look out for"))
        warn_side.addWidget(self.warningsList, 1)
        # Chart and warnings share one calm band; a 900-pixel-tall bar chart says no more.
        self.panels = QWidget()
        self.panels.setMaximumHeight(PANEL_HEIGHT)
        panels = QHBoxLayout(self.panels)
        panels.setContentsMargins(0, 0, 0, 0)
        panels.setSpacing(SPACING * 2)
        panels.addLayout(chart_side, 1)
        panels.addLayout(warn_side, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.addWidget(self.header)
        layout.setSpacing(SPACING)
        layout.addLayout(pickers)
        layout.addWidget(self.taskLabel)
        layout.addWidget(self.checkProgress)
        layout.addWidget(self.message)
        layout.addSpacing(4)
        layout.addWidget(self.panels, 1)
        layout.addStretch(0)

        self.targetCombo.activated.connect(self._choice_changed)
        self.taskCombo.activated.connect(self._choice_changed)
        self.worker.progress.connect(lambda f, m: show_progress(self.checkProgress, f, m))
        self.worker.finished.connect(self._analysed)
        self.worker.failed.connect(self._failed)
        self.worker.crashed.connect(lambda text: self._failed(text, ""))
        self.worker.cancelled.connect(self._stopped)

    # --- QWizardPage ------------------------------------------------------------------------
    def initializePage(self) -> None:
        """On a new data file: list its columns, pick the likeliest target and check it."""
        if self.state.data_version == self._seen_data_version:
            return  # same data as last time: keep the user's choices
        self._seen_data_version = self.state.data_version
        data = self.state.data
        self.targetCombo.clear()
        self.chart.clear_chart()
        self.warningsList.clear()
        self.taskLabel.setText("")
        self.message.clear_message()
        if data is None:
            return
        columns = [str(c) for c in data.frame.columns]
        self.targetCombo.addItems(columns)
        self.targetCombo.setCurrentIndex(columns.index(_likely_target(columns, self.state)))
        # A task from an earlier run's spec applies to the first check only; new files start at auto.
        task, self.state.task_choice = self.state.task_choice, "auto"
        self.taskCombo.setCurrentIndex(max(self.taskCombo.findData(task), 0))
        self._choice_changed()

    def cleanupPage(self) -> None:
        """Back keeps the chosen target."""

    def isComplete(self) -> bool:
        analysis = self.state.analysis
        return (analysis is not None and not self.worker.is_running()
                and analysis.target == self.targetCombo.currentText())

    # --- checking -----------------------------------------------------------------------------
    def choose(self, target: str, task: str = "auto") -> None:
        """Select ``target`` and ``task`` as a user would, and check them."""
        self.targetCombo.setCurrentText(target)
        self.taskCombo.setCurrentIndex(max(self.taskCombo.findData(task), 0))
        self._choice_changed()

    def _choice_changed(self) -> None:
        target, task = self.targetCombo.currentText(), self.taskCombo.currentData()
        if not target or self.state.data is None:
            return
        if self.worker.is_running():
            self._pending = (target, task)
            self.worker.cancel()
            return
        self._start(target, task)

    def _start(self, target: str, task: str) -> None:
        self._pending = None
        self.message.clear_message()
        self.state.clear_analysis()
        show_progress(self.checkProgress, 0.0, f"Looking at {target}")
        self.completeChanged.emit()
        frame = self.state.data.frame
        self.worker.start(lambda reporter: analyse_target(frame, target, task, reporter))

    def _restart_pending(self) -> bool:
        if self._pending is None:
            return False
        self._start(*self._pending)
        return True

    def _analysed(self, analysis: TargetAnalysis) -> None:
        if self._restart_pending():
            return
        self.checkProgress.hide()
        self.state.set_analysis(analysis)
        self.taskLabel.setText(f"<b>{TASK_HEADLINES[analysis.task]}.</b> {escape(analysis.reason)}")
        self._draw_chart(analysis)
        self._show_warnings(analysis.warnings)
        self.completeChanged.emit()

    def _failed(self, message: str, hint_text: str) -> None:
        if self._restart_pending():
            return
        self.checkProgress.hide()
        self.taskLabel.setText("")
        self.chart.clear_chart()
        self.warningsList.clear()
        self.message.show_error(message, hint_text)
        self.completeChanged.emit()

    def _stopped(self) -> None:
        if not self._restart_pending():
            self.checkProgress.hide()
            self.completeChanged.emit()

    # --- drawing ------------------------------------------------------------------------------
    def _draw_chart(self, analysis: TargetAnalysis) -> None:
        if analysis.task == "regression":
            self.chartHeading.setText(f"How {analysis.target} is spread")
            self.chart.show_histogram(analysis.histogram_edges, analysis.chart_counts, analysis.target)
        else:
            self.chartHeading.setText(f"How often each {analysis.target} value occurs")
            self.chart.show_classes(analysis.chart_labels, analysis.chart_counts)

    def _show_warnings(self, warnings: list[str]) -> None:
        self.warningsList.clear()
        for text in warnings or [NO_WARNINGS]:
            item = QListWidgetItem(text)
            item.setToolTip(text)
            self.warningsList.addItem(item)

    def warnings(self) -> list[str]:
        """The warnings as shown (for tests and for reading aloud)."""
        return [self.warningsList.item(i).text() for i in range(self.warningsList.count())]


def _likely_target(columns: list[str], state: WizardState) -> str:
    """The sample's target, else a column named like a target, else the last column."""
    if state.preferred_target in columns:
        return state.preferred_target
    if state.target in columns:
        return state.target
    lowered = {c.lower(): c for c in columns}
    for guess in LIKELY_TARGETS:
        if guess in lowered:
            return lowered[guess]
    return columns[-1]
