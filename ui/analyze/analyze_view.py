"""The Analyze view: one model version's evaluation in plain words, numbers and charts.

``show_model(store, model_id)`` evaluates the model on a worker (instant when a kept
evaluation is still valid) and fills six tabs: Summary, Value & threshold, Errors, Drivers,
What-if, Compare. Saving a threshold or the project's values re-evaluates on the worker while
the old numbers stay on screen. ``backRequested`` asks the window to go back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from storage import ModelVersion, Store
from ui import theme
from ui.analyze import jobs
from ui.analyze.analyze_header import AnalyzeHeader
from ui.analyze.compare_tab import CompareTab
from ui.analyze.drivers_tab import DriversTab
from ui.analyze.errors_tab import ErrorsTab
from ui.analyze.summary_tab import SummaryTab
from ui.analyze.value_tab import TITLES, ValueTab
from ui.analyze.whatif_tab import WhatIfTab
from ui.names import name as set_name
from ui.wizard.common import show_progress

TABS = ("summary", "value", "errors", "drivers", "whatif", "compare")


class AnalyzeView(QWidget):
    """One model version, analysed. The window owns it; it owns its workers."""

    backRequested = Signal()
    evaluationShown = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "analyzeView")
        self.store: Store | None = None
        self.model: ModelVersion | None = None
        self.result: dict | None = None
        self._filled: set[str] = set()
        self.job: jobs.LatestJob | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 16, 32, 20)
        outer.setSpacing(8)
        self.header = AnalyzeHeader()
        self.header.backRequested.connect(self.backRequested)
        self.header.cancelRequested.connect(self.cancel)
        self.header.recomputeRequested.connect(self.recompute)
        outer.addWidget(self.header)
        # Short names for what tests and the window reach most.
        self.back_button, self.title, self.subtitle = (
            self.header.back_button, self.header.title, self.header.subtitle)
        self.cancel_button, self.recompute_button = (
            self.header.cancel_button, self.header.recompute_button)
        self.progress, self.message = self.header.progress, self.header.message

        self.summary_tab = SummaryTab()
        self.value_tab = ValueTab()
        self.value_tab.thresholdChosen.connect(self.use_threshold)
        self.value_tab.valuesSaved.connect(self.save_values)
        self.errors_tab = ErrorsTab()
        self.drivers_tab = DriversTab()
        self.whatif_tab = WhatIfTab()
        self.compare_tab = CompareTab()
        self.tabs = QTabWidget()
        set_name(self.tabs, "analyzeTabs")
        self.tabs.setDocumentMode(True)
        for key, widget, title in (
            ("summary", self.summary_tab, "&Summary"), ("value", self.value_tab, TITLES["binary"]),
            ("errors", self.errors_tab, "&Errors"), ("drivers", self.drivers_tab, "&Drivers"),
            ("whatif", self.whatif_tab, "&What-if"), ("compare", self.compare_tab, "&Compare"),
        ):
            self.tabs.addTab(widget, title)
            widget.setProperty("tabKey", key)
        self.tabs.currentChanged.connect(self._fill_current)
        self.placeholder = QLabel("Evaluating the model on rows it never saw during training…")
        set_name(self.placeholder, "analyzePlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        theme.set_role(self.placeholder, "muted")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self.tabs)
        outer.addWidget(self.pages, 1)
        for keys, step in ((QKeySequence("Ctrl+Tab"), 1), (QKeySequence("Ctrl+Shift+Tab"), -1),
                           (QKeySequence("Ctrl+Backtab"), -1)):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.step_tab(step))
        self._set_busy(False)

    # --- public API ---------------------------------------------------------------------------
    def show_model(self, store: Store, model_id: int) -> None:
        """Show model version ``model_id``: header at once, the evaluation when it is ready."""
        self.store = store
        self.model = store.model_version(model_id)  # one small read
        if self.job is None:
            self.job = jobs.LatestJob(store.workspace, self)
            self.job.progress.connect(self._on_progress)
            self.job.finished.connect(self._on_finished)
            self.job.failed.connect(self._on_failed)
            self.job.crashed.connect(self._on_crashed)
            self.job.cancelled.connect(self._on_cancelled)
        self.result = None
        self._filled.clear()
        self.message.clear_message()
        self._show_header()
        self.pages.setCurrentWidget(self.placeholder)
        self.placeholder.setText("Evaluating the model on rows it never saw during training…")
        self.tabs.setCurrentIndex(0)
        self._run(jobs.evaluate(store.workspace, model_id), "Opening the evaluation")

    def current_evaluation(self) -> dict | None:
        """The evaluation on screen (None while the first one computes)."""
        return self.result

    def is_busy(self) -> bool:
        return self.job is not None and self.job.is_running()

    def show_tab(self, key: str) -> QWidget:
        """Make a tab current ("summary", "value", ... "compare") and return it."""
        self.tabs.setCurrentIndex(TABS.index(key))
        return self.tabs.currentWidget()

    def step_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    @Slot()
    def recompute(self) -> None:
        if self.model is not None and self.store is not None:
            self._run(jobs.evaluate(self.store.workspace, self.model.id, refresh=True),
                      "Evaluating again")

    @Slot(float)
    def use_threshold(self, threshold: float) -> None:
        """Save the decision threshold, then re-evaluate (both on the worker)."""
        if self.model is not None and self.store is not None:
            self._run(jobs.set_threshold(self.store.workspace, self.model.id, threshold),
                      f"Saving threshold {threshold:.2f} and updating the numbers")

    @Slot(dict)
    def save_values(self, value: dict) -> None:
        """Save the project's value matrix, then re-evaluate (both on the worker)."""
        if self.model is not None and self.store is not None:
            self._run(jobs.save_values(self.store.workspace, self.model.id, value),
                      "Saving the values and updating the numbers")

    @Slot()
    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def stop(self) -> None:
        """Stop every worker and wait for them (before the window closes)."""
        self.cancel()
        if self.job is not None:
            self.job.wait(10_000)
        self.whatif_tab.stop()
        self.compare_tab.stop()

    # --- work -----------------------------------------------------------------------------------
    def _run(self, fn, words: str) -> None:
        self.message.clear_message()
        show_progress(self.progress, 0.0, words)
        self._set_busy(True)
        self.job.run(fn, self.model.id)

    def _set_busy(self, busy: bool) -> None:
        self.header.set_busy(busy, self.model is not None)

    @Slot(float, str)
    def _on_progress(self, fraction: float, words: str) -> None:
        show_progress(self.progress, fraction, words)

    @Slot(object, object)
    def _on_finished(self, model_id, result: dict) -> None:
        if self.model is None or model_id != self.model.id:
            return
        self._set_busy(False)
        before = self.model.details.get("threshold")
        self.model = self.store.model_version(model_id)  # the threshold may have changed
        if self.model.details.get("threshold") != before:
            self.whatif_tab.forget()  # its session decides yes/no at the old threshold
        self.result = result
        self._filled.clear()
        self._show_header()
        self.tabs.setTabText(1, TITLES.get(result.get("task"), TITLES["binary"]))
        self.pages.setCurrentWidget(self.tabs)
        self._fill_current()
        self.evaluationShown.emit(result)

    @Slot(object, str, str)
    def _on_failed(self, model_id, message: str, hint: str) -> None:
        self._problem(f"The model could not be evaluated. {message}",
                      hint or "Press Recompute to try again, or train the model again.")

    @Slot(object, str)
    def _on_crashed(self, model_id, text: str) -> None:
        self._problem(text, "Your project is safe. Press Recompute to try again.")

    @Slot(object)
    def _on_cancelled(self, model_id) -> None:
        self._set_busy(False)
        if self.result is None:
            self.placeholder.setText("Evaluation stopped. Press Recompute to start it again.")
        self.message.show_note("Stopped. The numbers on screen were not changed.")

    def _problem(self, message: str, hint: str) -> None:
        self._set_busy(False)
        self.message.show_error(message, hint)
        if self.result is None:
            self.placeholder.setText("")

    # --- filling ----------------------------------------------------------------------------------
    def _show_header(self) -> None:
        self.header.show_model(self.model, self.result)

    @Slot()
    def _fill_current(self) -> None:
        """Fill the current tab from the evaluation, once per evaluation (charts are lazy)."""
        if self.result is None:
            return
        widget = self.tabs.currentWidget()
        key = widget.property("tabKey")
        if key in self._filled:
            return
        self._filled.add(key)
        result, workspace = self.result, self.store.workspace
        if key == "summary":
            self.summary_tab.show_evaluation(result)
        elif key == "value":
            self.value_tab.show_evaluation(result, self.store.project(self.model.project_id).value)
        elif key == "errors":
            self.errors_tab.show_evaluation(result)
        elif key == "drivers":
            self.drivers_tab.show_evaluation(result)
        elif key == "whatif":
            self.whatif_tab.open_model(workspace, self.model.id)
        elif key == "compare":
            models = self.store.model_versions(project_id=self.model.project_id)
            self.compare_tab.set_models(workspace, result, models)
