"""Step 6, Train: pick a time budget, start, watch the candidates race the no-ML baseline.

Training runs in a StageWorker; the leaderboard and the chart fill in fold by fold from its
metric signals. Stop keeps every model that finished. The page is complete once a run with
at least one stored model exists for the current data, target and recipe. When the Dask cluster
chosen in Preferences cannot be used (or is lost mid-run), "Run on this computer" trains the
same way here instead.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWizardPage,
)

from engine.compute.cluster import CLUSTER_CODES
from ui.widgets.iteration_chart import IterationChart
from ui.widgets.leaderboard_model import LeaderboardModel
from ui.widgets.live_chart import LiveChart
from ui.wizard.common import (
    PAGE_MARGINS,
    SPACING,
    InlineMessage,
    PageHeader,
    busy_bar,
    hint,
    name,
    setup_leaderboard_table,
)
from ui.wizard.estimates import clock, duration_words, estimate_seconds, remaining_seconds
from ui.wizard.stages import TrainingSummary, train_in_child
from ui.wizard.state import WizardState
from ui.worker import StageWorker

STOP_NOW_AFTER_MS = 3000  # how long "Stop" may wait for the current fold before "Stop now"
BUDGETS = (("Quick", "quick"), ("Standard", "standard"), ("Thorough", "thorough"))
EMPTY_NOTE = ("Nothing trained yet. Press Start training: the no-ML baselines go first, then "
              "each candidate, fold by fold.")
# engine.compute's ClusterError codes: the cluster failed, training here would work.
STALE_NOTE = ("The data, target or cleaning recipe changed since the last run, so its results "
              "no longer apply. Train again.")


class TrainPage(QWizardPage):
    """Budget, start/stop, live leaderboard and chart."""

    trained = Signal(int, int)  # project id, run id: a run ended with stored models

    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        name(self, "trainPage")
        self.header = PageHeader(5, "Train and compare",
                                 "Candidate models race against doing it without ML. Every score is "
                         "measured on rows the model did not see while learning.")
        self.worker = StageWorker(state.store.workspace, self)
        self._started_at = 0.0
        self._estimate = 0.0
        self._fraction, self._step = 0.0, ""
        self._inputs_at_start: tuple[int, int, int] | None = None

        self.budgetCombo = name(QComboBox(), "budgetCombo")
        for text, budget in BUDGETS:
            self.budgetCombo.addItem(text, budget)
        self.budgetCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.startTrainingButton = name(QPushButton("Start training"), "startTrainingButton")
        self.startTrainingButton.setProperty("primary", True)  # the app theme's accent button
        self.cancelTrainingButton = name(QPushButton("Stop"), "cancelTrainingButton")
        self.cancelTrainingButton.setToolTip("Stop after the current fold; finished models are kept")
        self.cancelTrainingButton.setEnabled(False)
        self.estimateHint = hint("")
        self.trainingProgress = busy_bar("trainingProgress")
        self.message = InlineMessage("trainMessage")
        self.runLocallyButton = name(QPushButton("Run on this computer"), "runLocallyButton")
        self.runLocallyButton.setToolTip("Train the same models on this computer instead of the cluster")
        self.runLocallyButton.hide()
        self.leaderboard = LeaderboardModel(self)
        self.leaderboardTable = name(QTableView(), "leaderboardTable")
        self.leaderboardTable.setModel(self.leaderboard)
        setup_leaderboard_table(self.leaderboardTable)
        self.liveChart = LiveChart()
        self.iterationChart = IterationChart()
        self.chartTabs = name(QTabWidget(), "trainingChartTabs")
        self.chartTabs.addTab(self.liveChart, "Scores per fold")
        self.chartTabs.addTab(self.iterationChart, "Learning curves")
        self.chartTabs.setDocumentMode(True)
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._show_progress)
        # Stop waits for the current fold; if that takes long (one big fit), offer to end it.
        self._offer_stop_now = QTimer(self)
        self._offer_stop_now.setSingleShot(True)
        self._offer_stop_now.setInterval(STOP_NOW_AFTER_MS)
        self._offer_stop_now.timeout.connect(self._show_stop_now)

        controls = QHBoxLayout()
        controls.setSpacing(8)
        controls.addWidget(QLabel("Time budget"))
        controls.addWidget(self.budgetCombo)
        controls.addSpacing(16)
        controls.addWidget(self.startTrainingButton)
        controls.addWidget(self.cancelTrainingButton)
        controls.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.leaderboardTable)
        splitter.addWidget(self.chartTabs)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([560, 760])  # room for the names without squeezing the chart

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.addWidget(self.header)
        layout.setSpacing(SPACING)
        layout.addLayout(controls)
        layout.addWidget(self.estimateHint)
        layout.addWidget(self.trainingProgress)
        layout.addWidget(self.message)
        layout.addWidget(self.runLocallyButton, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(splitter, 1)

        self.budgetCombo.currentIndexChanged.connect(self._budget_changed)
        self.startTrainingButton.clicked.connect(lambda: self.start_training())
        self.runLocallyButton.clicked.connect(self.run_locally)
        self.cancelTrainingButton.clicked.connect(self.stop_training)
        self.worker.progress.connect(self._progress)
        self.worker.metric.connect(self._metric)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.crashed.connect(lambda text: self._failed(text, ""))
        self.worker.cancelled.connect(self._stopped_early)

    # --- QWizardPage ------------------------------------------------------------------------
    def initializePage(self) -> None:
        self.budgetCombo.setCurrentIndex(max(self.budgetCombo.findData(self.state.budget), 0))
        self._update_estimates()
        if self.worker.is_running() or self.state.training_is_current():
            return
        self.leaderboard.clear()
        self._clear_charts(self.state.analysis.metric_words if self.state.analysis else None)
        self.trainingProgress.hide()
        self.runLocallyButton.hide()
        self.message.show_note(STALE_NOTE if self.state.training is not None else EMPTY_NOTE)

    def cleanupPage(self) -> None:
        """Back keeps the leaderboard (a run still going keeps going)."""

    def isComplete(self) -> bool:
        training = self.state.training
        return (not self.worker.is_running() and self.state.training_is_current()
                and training is not None and len(training.outcome.models) > 0)

    # --- control ------------------------------------------------------------------------------
    def is_training(self) -> bool:
        return self.worker.is_running()

    def start_training(self, compute=None) -> None:
        """Train on the workspace's compute choice, or on ``compute`` (a ComputeChoice)."""
        analysis = self.state.analysis
        if self.worker.is_running() or analysis is None or self.state.data is None:
            return
        spec = self.state.spec()
        store, frame, source = self.state.store, self.state.training_frame(), self.state.source_name()
        keys, folds = self._plan()
        self.leaderboard.names = {k: c.name for k, c in analysis.candidates.items()}
        self.leaderboard.baseline_keys = {k for k, c in analysis.candidates.items() if c.is_baseline}
        self.leaderboard.clear(folds)
        self._clear_charts(analysis.metric_words)
        self.message.clear_message()
        self.runLocallyButton.hide()
        self._inputs_at_start = self.state.inputs()
        self._started_at = time.monotonic()
        self._fraction, self._step = 0.0, "Getting ready"
        self._set_running(True)
        # A child process: training in a thread would stall the window (benchmarks/README.md).
        self.worker.start_in_process(train_in_child, str(store.workspace), frame, spec, source, compute)
        self._show_progress()
        self.completeChanged.emit()

    def run_locally(self) -> None:
        """The fallback when the cluster failed: the same training, on this computer."""
        from engine.compute.choice import ComputeChoice

        self.start_training(ComputeChoice.local())

    def stop_training(self) -> None:
        """First press: stop after the current fold. After a wait, "Stop now" ends the fit."""
        if not self.worker.is_running():
            return
        if self.worker.was_cancelled():
            self.worker.stop_now()
            self._step = "Stopping now"
            self.cancelTrainingButton.setEnabled(False)
        else:
            self.worker.cancel()
            self._step = "Stopping after the current fold"
            self.cancelTrainingButton.setEnabled(False)
            self._offer_stop_now.start()
        self._show_progress()

    def _show_stop_now(self) -> None:
        if self.worker.is_running():
            self.cancelTrainingButton.setText("Stop now")
            self.cancelTrainingButton.setToolTip(
                "End the model that is fitting at once; this run's models are not saved")
            self.cancelTrainingButton.setEnabled(True)

    # --- worker signals -----------------------------------------------------------------------
    def _progress(self, fraction: float, message: str) -> None:
        self._fraction = fraction
        if not self.worker.was_cancelled():
            self._step = message
        self._show_progress()

    def _metric(self, key: str, value: float, step: int) -> None:
        self.leaderboard.add_metric(key, value, step)
        parts = key.split("/")
        if parts[0] in ("cv", "iter") and len(parts) == 3 and self.state.analysis is not None:
            info = self.state.analysis.candidates.get(parts[1])
            label = info.name if info else self.leaderboard.names.get(parts[1], parts[1])
            if parts[1] == "blend":
                label = "Blend of the best models"
            chart = self.liveChart if parts[0] == "cv" else self.iterationChart
            chart.add_point(parts[1], label, step, value, info.is_baseline if info else False)

    def _finished(self, summary: TrainingSummary) -> None:
        self._set_running(False)
        self.trainingProgress.hide()
        outcome = summary.outcome
        self.leaderboard.set_final(outcome.leaderboard(), outcome.training.n_folds, summary.model_keys)
        for model in outcome.models:
            self.liveChart.rename(summary.model_keys.get(model.id, ""), model.name)
        self.liveChart.flush()
        self.iterationChart.flush()
        self.state.training = summary
        self.state.trained_on = self._inputs_at_start
        kept = len(outcome.models)
        if outcome.run.status == "cancelled":
            self.message.show_note(f"Stopped. {kept} finished model{'s' if kept != 1 else ''} kept.",
                                   "Press Next to read the results, or Start training to try again.")
        else:
            took = clock(time.monotonic() - self._started_at)
            self.message.show_note(f"Done in {took} — {kept} models trained and saved.",
                                   "Press Next to read the results in words.")
        if kept:
            self.trained.emit(outcome.run.project_id, outcome.run.id)
        self.completeChanged.emit()

    def _failed(self, message: str, hint_text: str) -> None:
        self._set_running(False)
        self.trainingProgress.hide()
        self.message.show_error(message, hint_text)
        self.runLocallyButton.setVisible(self.worker.last_error_code in CLUSTER_CODES)
        self.completeChanged.emit()

    def _stopped_early(self) -> None:
        self._set_running(False)
        self.trainingProgress.hide()
        if self.worker.was_killed():
            self.state.store.mark_interrupted_runs()  # the ended process left its run "running"
            self.message.show_note("Stopped at once: this run's models were not saved.",
                                   "Start training again when you are ready; a quicker budget "
                                   "fits smaller models.")
        else:
            self.message.show_note("Stopped before any model finished.",
                                   "Start training again when you are ready.")
        self.completeChanged.emit()

    # --- helpers --------------------------------------------------------------------------------
    def _clear_charts(self, metric_words: str | None) -> None:
        for chart in (self.liveChart, self.iterationChart):
            chart.clear()
            if metric_words:
                chart.set_metric(metric_words)

    def _set_running(self, running: bool) -> None:
        self._offer_stop_now.stop()
        self.cancelTrainingButton.setText("Stop")
        self.cancelTrainingButton.setToolTip("Stop after the current fold; finished models are kept")
        self.startTrainingButton.setEnabled(not running)
        self.cancelTrainingButton.setEnabled(running)
        self.budgetCombo.setEnabled(not running)
        if running:
            self._tick.start()
        else:
            self._tick.stop()

    def _show_progress(self) -> None:
        if not self.worker.is_running():
            return
        elapsed = time.monotonic() - self._started_at
        left = duration_words(remaining_seconds(elapsed, self._fraction, self._estimate))
        bar = self.trainingProgress
        bar.show()
        bar.setValue(round(1000 * self._fraction))
        bar.setFormat(f"{self._step} · {clock(elapsed)} elapsed · {left} left".replace("%", "%%"))

    def _plan(self) -> tuple[list[str], int]:
        analysis = self.state.analysis
        keys, folds = analysis.budgets.get(self.state.budget, ([], 3))
        if self.state.candidates:
            keys = [k for k in keys if analysis.candidates[k].is_baseline] + list(self.state.candidates)
        return list(keys), folds

    def _budget_changed(self) -> None:
        self.state.budget = self.budgetCombo.currentData()
        self._update_estimates()

    def _update_estimates(self) -> None:
        analysis, data = self.state.analysis, self.state.data
        if analysis is None or data is None:
            return
        rows = len(data.frame)
        columns = len(self.state.recipe.kept()) if self.state.recipe else data.frame.shape[1]
        for index, (text, budget) in enumerate(BUDGETS):
            keys, folds = analysis.budgets.get(budget, ([], 3))
            seconds = estimate_seconds(keys, folds, rows, columns)
            self.budgetCombo.setItemText(index, f"{text} — {len(keys)} models, {folds} folds, "
                                                f"{duration_words(seconds)}")
        keys, folds = self._plan()
        self._estimate = estimate_seconds(keys, folds, rows, columns)
        self.estimateHint.setText(f"A rough estimate for {rows:,} rows and {columns} columns on "
                                  "this computer; the bar below keeps it honest while it runs.")
