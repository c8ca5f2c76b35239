"""The Annotate view: label the unlabelled pool, fix doubtful labels, merge class spellings.

``show_project(store, project_id)`` reads the current data version and orders the pool on a
worker, then fills three tabs: Label (keyboard-first), Suspect labels, Class names. Changes
wait in memory until "Save N labels" stores them as one batch (a new data version, undoable);
leaving with unsaved changes asks first. After a save, the retrain panel offers a new run on
the labelled data and shows the score before → after. ``backRequested`` asks the window to
go back; ``stop()`` stops and joins the workers.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from storage import Store
from ui.annotate import jobs
from ui.annotate.annotate_header import AnnotateHeader
from ui.annotate.annotate_tabs import AnnotateTabs
from ui.annotate.data_job import DataJob
from ui.annotate.retrain_panel import RetrainPanel
from ui.annotate.save_bar import SaveBar, ask_before_leaving
from ui.annotate.words import saved_words
from ui.names import name as set_name
from ui.wizard.common import show_progress

NOTE = "labelled in FirstWin"


class AnnotateView(QWidget):
    """One project's labels. The window owns it; it owns its workers."""

    backRequested = Signal()
    saved = Signal(int)  # the new current data version
    retrained = Signal(int)  # the project, after a run on the labelled data

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "annotateView")
        self.store: Store | None = None
        self.project_id: int | None = None
        self.loaded: jobs.Loaded | None = None
        self.job: DataJob | None = None
        self._saving, self._after_save, self._note = [], None, ""
        self.dialog = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 16, 32, 20)
        outer.setSpacing(10)
        self.header = AnnotateHeader()
        self.header.backRequested.connect(self.request_back)
        self.header.cancelRequested.connect(self.cancel)
        outer.addWidget(self.header)
        self.body = AnnotateTabs()
        self.body.changed.connect(self._update_bars)
        self.body.mergeRequested.connect(self.merge)
        outer.addWidget(self.body, 1)
        # Short names for what tests and the window reach most.
        self.tabs, self.label_tab = self.body.tabs, self.body.label_tab
        self.suspects_tab, self.classes_tab = self.body.suspects_tab, self.body.classes_tab
        self.retrain_panel = RetrainPanel()
        self.retrain_panel.retrain_button.clicked.connect(self.retrain)
        self.retrain_panel.retrained.connect(self._on_retrained)
        self.retrain_panel.hide()
        outer.addWidget(self.retrain_panel)
        self.save_bar = SaveBar()
        self.save_bar.saveRequested.connect(self.save)
        self.save_bar.discardRequested.connect(self.discard)
        self.save_bar.undoRequested.connect(self.undo_last_batch)
        outer.addWidget(self.save_bar)

    # --- public API ---------------------------------------------------------------------------
    def show_project(self, store: Store, project_id: int) -> None:
        """Open a project's labels; the same project with unsaved changes is kept as it is."""
        if project_id == self.project_id and self.pending_count():
            return
        if project_id != self.project_id:
            self.retrain_panel.forget()
        self.store, self.project_id, self.loaded = store, project_id, None
        if self.job is None or self.job.workspace != store.workspace:
            self._new_job(store)
        self.header.show_project(store.project(project_id).name, "")
        self.body.wait_with("Reading the data and ordering the rows to label…")
        self.retrain_panel.hide()
        self._busy("Reading the data", can_stop=True)
        self.job.load(project_id)

    def pending_count(self) -> int:
        return self.body.pending_count()

    def pending_changes(self) -> list[dict]:
        return self.body.changes()

    def is_busy(self) -> bool:
        return self.job is not None and self.job.is_running()

    def show_tab(self, key: str) -> QWidget:
        """Make a tab current ("label", "suspects", "classes") and return it."""
        return self.body.show_tab(key)

    def confirm_leave(self, then: Callable[[], None]) -> bool:
        """True if nothing is unsaved (go on). Otherwise False: it asks (Save / Discard / Keep
        labelling) and calls ``then`` once the labels are saved or discarded. Never loses
        labels silently."""
        pending = self.pending_count()
        if not pending:
            return True
        if self.dialog is None or not self.dialog.isVisible():
            self.dialog = ask_before_leaving(self, pending, lambda: self.save(then),
                                             lambda: (self.discard(), then()))
        return False

    @Slot()
    def request_back(self) -> None:
        if self.confirm_leave(self.backRequested.emit):
            self.backRequested.emit()

    @Slot()
    def save(self, then: Callable[[], None] | None = None) -> None:
        """Store every unsaved change (labels and fixes) as one batch, on the worker."""
        changes = self.pending_changes()
        if not changes or self.loaded is None or self.is_busy():
            return
        self._saving, self._after_save = [c["row"] for c in changes], then
        self._busy(f"Saving {len(changes):,} labels", saving=True)
        self.job.save(self.loaded, changes, NOTE)

    @Slot()
    def discard(self) -> None:
        self.body.discard()

    @Slot()
    def undo_last_batch(self) -> None:
        if self.loaded is not None and not self.pending_count() and not self.is_busy():
            self._busy("Undoing the last batch")
            self.job.undo(self.loaded)

    @Slot(dict)
    def merge(self, proposal: dict) -> None:
        if self.loaded is not None and not self.is_busy():
            self._busy(f"Merging into {proposal['into']!r}")
            self.job.merge(self.loaded, proposal)

    @Slot()
    def retrain(self) -> None:
        if self.loaded is not None and not self.pending_count():
            self.retrain_panel.start(self.store.workspace, self.project_id)
            self._update_bars()

    @Slot()
    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def stop(self) -> None:
        """Stop every worker and wait for them (before the window closes)."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait(10_000)
        self.body.stop()
        self.retrain_panel.stop()

    # --- work ---------------------------------------------------------------------------------
    def _new_job(self, store: Store) -> None:
        if self.job is not None:
            self.job.wait(10_000)
            self.job.deleteLater()
        self.job = DataJob(store.workspace, self)
        self.job.progress.connect(self._on_progress)
        self.job.opened.connect(self._on_opened)
        self.job.stored.connect(self._on_stored)
        self.job.problem.connect(self._on_problem)
        self.job.stopped.connect(self._on_stopped)

    def _busy(self, words: str, can_stop: bool = False, saving: bool = False) -> None:
        self.header.message.clear_message()
        show_progress(self.header.progress, 0.0, words)
        self.header.set_busy(True, can_stop)
        self.body.set_busy(True, saving)
        self._update_bars(busy=True)

    def _idle(self) -> None:
        self.header.set_busy(False)
        self.body.set_busy(False)

    @Slot(float, str)
    def _on_progress(self, fraction: float, words: str) -> None:
        show_progress(self.header.progress, fraction, words)

    @Slot(object, str)
    def _on_opened(self, loaded: jobs.Loaded, kind: str) -> None:
        self._idle()
        self.loaded = loaded
        self.header.show_project(loaded.project_name, loaded.data.target)
        self.header.show_pool(loaded.data.summary, loaded.data.target, loaded.data.version.id)
        self.body.fill(self.store.workspace, loaded)
        self._note = ""
        if kind == "undo":
            self._note = f"Undid the last batch: back to data version {loaded.data.version.id}."
        self._update_bars()

    @Slot(object, str)
    def _on_stored(self, data: jobs.DataState, kind: str) -> None:
        self._idle()
        self.loaded.data = data
        self.body.refresh(self.store.workspace, self.loaded.spec, data, self._saving)
        self._saving = []
        self.header.show_pool(data.summary, data.target, data.version.id)
        self._note = saved_words(data.last_batch, data.version.id)
        self._update_bars()
        then, self._after_save = self._after_save, None
        self.saved.emit(data.version.id)
        if then is not None:
            then()

    @Slot(str, str, str)
    def _on_problem(self, kind: str, message: str, hint: str) -> None:
        self._idle()
        self._after_save, self._saving = None, []
        self.header.message.show_error(message, hint)
        if kind == "load":
            self.body.wait_with("")
        self._update_bars()

    @Slot(str)
    def _on_stopped(self, kind: str) -> None:
        self._idle()
        self.body.wait_with("Stopped. Open the project's labels again to continue.")

    # --- retraining and the bars -------------------------------------------------------------
    @Slot(object)
    def _on_retrained(self, result) -> None:
        after = result.after
        if self.loaded is not None and after is not None and result.project_id == self.project_id:
            self.loaded.trained_run_id = after.run_id
            self.loaded.trained_version_id = after.dataset_version_id
            if after.dataset_version_id == self.loaded.data.version.id:
                self.loaded.data.since_training = 0
        self._update_bars()
        self.retrained.emit(result.project_id)

    @Slot()
    def _update_bars(self, busy: bool | None = None) -> None:
        pending, data = self.pending_count(), self.loaded.data if self.loaded else None
        busy = self.is_busy() if busy is None else busy
        self.save_bar.show_state(pending, data.last_batch if data else 0, busy, self._note)
        since = data.since_training if data else 0
        self.retrain_panel.setVisible(bool(since) or self.retrain_panel.result is not None
                                      or self.retrain_panel.is_busy())
        run_id = self.loaded.trained_run_id if self.loaded else None
        self.retrain_panel.offer_retrain(since, run_id, since > 0 and not pending,
                                         "Save or discard the unsaved changes first." if pending else "")
