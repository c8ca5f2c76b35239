"""The New-POC wizard: from a business question and a file to trained models, in seven pages
(Annotate only when the target has missing values or near-duplicate class names).

Open it with ``open()`` or ``show()`` (never ``exec()``), so the app keeps drawing and tests
can drive it. Closing while a model trains asks first, then stops the run and closes once
the worker has ended (the finished models are kept).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from ui.wizard.annotate_page import AnnotatePage
from ui.wizard.clean_page import CleanPage
from ui.wizard.common import STEP_NAMES, name
from ui.wizard.data_page import DataPage
from ui.wizard.frame_page import FramePage
from ui.wizard.results_page import ResultsPage
from ui.wizard.state import SAMPLE_FILE, SAMPLE_PROJECT, SAMPLE_QUESTION, SAMPLE_TARGET, WizardState
from ui.wizard.target_page import TargetPage
from ui.wizard.train_page import TrainPage

FRAME, DATA, TARGET, CLEAN, ANNOTATE, TRAIN, RESULTS = range(7)


class PocWizard(QWizard):
    """New proof of concept. ``runFinished(project_id, run_id)`` when a run stored models."""

    runFinished = Signal(int, int)
    analyzeRequested = Signal(int)  # a model version id, from the results page

    def __init__(self, store, parent: QWidget | None = None, *, data_path: str | None = None,
                 sample: bool = False, spec: dict | None = None) -> None:
        """``spec`` (a stored run's spec) prefills every page for a new run of the same POC."""
        super().__init__(parent)
        name(self, "pocWizard")
        self.setWindowTitle("New proof of concept")
        self.setWindowModality(Qt.WindowModality.WindowModal)  # at most: the app keeps running
        # Pages draw their own headers (PageHeader); QWizard's header would clip rich text.
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Finish")
        self.resize(1180, 800)
        self.state = WizardState(store)
        self._close_after_stop = False
        self._confirm: QMessageBox | None = None
        source = self.state.prefill_from_spec(spec) if spec else None
        if sample:
            self.state.project, self.state.question = SAMPLE_PROJECT, SAMPLE_QUESTION
            self.state.preferred_target = SAMPLE_TARGET

        self.framePage = FramePage(self.state)
        self.dataPage = DataPage(self.state)
        self.targetPage = TargetPage(self.state)
        self.cleanPage = CleanPage(self.state)
        self.annotatePage = AnnotatePage(self.state)
        self.trainPage = TrainPage(self.state)
        self.resultsPage = ResultsPage(self.state)
        for page_id, page in enumerate((self.framePage, self.dataPage, self.targetPage,
                                        self.cleanPage, self.annotatePage, self.trainPage,
                                        self.resultsPage)):
            self.setPage(page_id, page)

        self.currentIdChanged.connect(self._page_changed)
        self.dataPage.sampleChosen.connect(self.framePage.prefill_sample)
        self.trainPage.trained.connect(self.runFinished)
        self.resultsPage.analyzeRequested.connect(self._analyze_and_close)
        self.trainPage.worker.finished.connect(self._training_ended)
        self.trainPage.worker.failed.connect(self._training_ended)
        self.trainPage.worker.crashed.connect(self._training_ended)
        self.trainPage.worker.cancelled.connect(self._training_ended)

        path = str(SAMPLE_FILE) if sample else (data_path or (source.path if source else None))
        if path:
            same = source is not None and source.path == path
            self.dataPage.dataPathEdit.setText(path)
            self.dataPage.load(path, source.delimiter if same else None, source.encoding if same else None)

    def nextId(self) -> int:
        """Clean goes to Annotate only when there is something to label or merge."""
        if self.currentId() == CLEAN and not self.annotatePage.is_needed():
            return TRAIN
        return super().nextId()

    def _analyze_and_close(self, model_id: int) -> None:
        """The run is stored: close the wizard and let the window show the model's analysis."""
        self.accept()
        self.analyzeRequested.emit(model_id)

    def _page_changed(self, page_id: int) -> None:
        if 0 <= page_id < len(STEP_NAMES):
            self.setWindowTitle(f"New proof of concept — {STEP_NAMES[page_id]}")

    # --- closing -------------------------------------------------------------------------
    def reject(self) -> None:
        """Cancel / Esc: ask first if a model is training, else stop what runs and close."""
        if self.trainPage.is_training():
            self._ask_to_stop()
            return
        self._stop_quick_workers()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.trainPage.is_training():
            event.ignore()
            self._ask_to_stop()
            return
        self._stop_quick_workers()
        super().closeEvent(event)

    def _ask_to_stop(self) -> None:
        if self._confirm is not None:
            self._confirm.raise_()
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Stop training?",
                          "A model is still training. Stop it and close?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirmStopDialog")
        box.setInformativeText("Models that already finished are kept in the project.")
        box.button(QMessageBox.StandardButton.Yes).setText("Stop and close")
        box.button(QMessageBox.StandardButton.No).setText("Keep training")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(self._confirm_answered)
        self._confirm = box
        box.open()

    def _confirm_answered(self, result: int) -> None:
        box, self._confirm = self._confirm, None
        if box is not None:
            box.deleteLater()
        if result != QMessageBox.StandardButton.Yes.value:
            return
        if not self.trainPage.is_training():  # it ended while the question was open
            self.reject()
            return
        self._close_after_stop = True
        self.trainPage.stop_training()

    def _training_ended(self, *_args) -> None:
        if self._close_after_stop:
            self._close_after_stop = False
            self.reject()

    def _stop_quick_workers(self) -> None:
        """Loading, checking and exporting stop at their next check; nothing waits on them."""
        for page in (self.dataPage, self.targetPage, self.annotatePage, self.resultsPage):
            page.worker.cancel()

    def is_busy(self) -> bool:
        """Whether any page is still working (for the main window's quit check)."""
        return any(p.worker.is_running() for p in (self.dataPage, self.targetPage, self.annotatePage,
                                                     self.trainPage, self.resultsPage))
