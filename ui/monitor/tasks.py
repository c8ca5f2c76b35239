"""The Monitor view's actions, one at a time on one worker: choose a file, read it, ask for its
columns, then score it, attach its labels, replay it, or retrain on it; check the triggers;
promote the challenger. Results come back as signals in words; ``changed`` asks for a reload.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from engine.compute.cluster import CLUSTER_CODES
from ui.monitor import jobs, words
from ui.monitor.file_dialogs import KINDS, ColumnsDialog, ask_for_file
from ui.monitor.replay import BoardSink, replay_in_child
from ui.worker import StageWorker

SAFE = "Your project is safe. Try again; if it happens again, the log file says why."


class Tasks(QObject):
    busyChanged = Signal()
    progress = Signal(float, str)
    note = Signal(str, str)  # (message, hint)
    problem = Signal(str, str)  # (message, hint)
    changed = Signal()  # the store changed: read the board again
    triggers = Signal(dict)  # engine.monitor.report.project_triggers (+ "floor", "metric")
    retrained = Signal(dict)  # engine.monitor.retrain.retrain
    promoted = Signal(str)  # the promotion in words
    localOffered = Signal(bool)  # the last task failed on the cluster: it can run here instead

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self.view = view
        self.workspace: Path | None = None
        self.project_id: int | None = None
        self.worker: StageWorker | None = None
        self.kind: str | None = None  # what runs now: "read:score", "score", "replay", ...
        self.sink = BoardSink()
        self.file: jobs.ReadFile | None = None
        self.dialog = None  # the open file or columns dialog, if any
        self._last: tuple[str, dict] | None = None  # the last score/retrain, for run_locally

    def open(self, workspace: Path, project_id: int) -> None:
        if self.worker is None or workspace != self.workspace:
            if self.worker is not None:
                self.stop()
            self.worker = StageWorker(workspace, self)
            self.worker.progress.connect(self.progress)
            self.worker.finished.connect(self._on_finished)
            self.worker.failed.connect(self._on_failed)
            self.worker.crashed.connect(self._on_crashed)
            self.worker.cancelled.connect(self._on_cancelled)
            self.worker.published.connect(self._on_published)
        self.workspace, self.project_id = workspace, project_id

    def is_busy(self) -> bool:
        return self.worker is not None and self.worker.is_running()

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def stop(self) -> None:
        self.cancel()
        if self.worker is not None:
            self.worker.wait(10_000)

    # --- entry points (buttons) -------------------------------------------------------------
    @Slot()
    def score(self) -> None:
        self._choose("score")

    @Slot()
    def attach(self) -> None:
        self._choose("attach")

    @Slot()
    def replay(self) -> None:
        self._choose("replay")

    @Slot()
    def retrain(self) -> None:
        self._choose("retrain")

    @Slot()
    def check_triggers(self) -> None:
        self._start("triggers", jobs.check_triggers(self.workspace, self.project_id, self.view.window()),
                    "Checking the retrain triggers")

    @Slot(int)
    def promote(self, model_id: int) -> None:
        self._start("promote", jobs.promote(self.workspace, model_id),
                    "Putting the challenger in production")

    # --- steps (public, so tests and automation can skip the file dialog) ---------------------
    def read(self, kind: str, path: str) -> None:
        """Read ``path`` on the worker, then ask for its columns (``kind``: a KINDS key)."""
        if path and not self.is_busy():
            self._start(f"read:{kind}", jobs.read_file(self.workspace, self.project_id, path),
                        f"Reading {Path(path).name}")

    def ask_columns(self, kind: str, file: jobs.ReadFile) -> ColumnsDialog:
        self.file = file
        dialog = ColumnsDialog(kind, file, self.view)
        dialog.chosen.connect(lambda values: self.run(kind, values))
        dialog.open()
        self.dialog = dialog
        return dialog

    def run(self, kind: str, values: dict, compute=None) -> None:
        """Start ``kind`` on the file just read, with the columns (and pace) chosen.

        ``compute`` (an engine.compute.ComputeChoice; None: the workspace's) says where scoring
        and retraining run."""
        file, workspace, project_id = self.file, self.workspace, self.project_id
        if file is None or self.is_busy():
            return
        self.localOffered.emit(False)
        if kind == "score":
            self._last = (kind, dict(values))
            self._start(kind, None, f"Scoring {file.name}", in_child=(
                jobs.score_in_child, str(workspace), project_id, file.frame, file.name,
                dict(values), compute))
        elif kind == "attach":
            self._start(kind, jobs.attach(workspace, project_id, file, values),
                        f"Joining the answers in {file.name}")
        elif kind == "retrain":
            self._last = (kind, dict(values))
            self._start(kind, None, f"Retraining with {file.name}", in_child=(
                jobs.retrain_in_child, str(workspace), project_id, file.frame, values["label"],
                compute))
        elif kind == "replay":
            self.sink = BoardSink()
            self._start(kind, None, f"Replaying {file.name}", in_child=(
                replay_in_child, str(workspace), project_id, file.path, file.name, dict(values),
                values["batch_size"], values["interval"], self.view.window()))

    def run_locally(self) -> None:
        """The fallback when the cluster failed: the same score or retrain, on this computer."""
        from engine.compute.choice import ComputeChoice

        if self._last is not None:
            kind, values = self._last
            self.run(kind, values, ComputeChoice.local())

    def _choose(self, kind: str) -> None:
        if not self.is_busy():
            self.dialog = ask_for_file(self.view, KINDS[kind][0], lambda path: self.read(kind, path))

    def _start(self, kind: str, job, words_now: str, in_child: tuple | None = None) -> None:
        """Run ``job(reporter)`` on a thread, or ``in_child`` (a function and its arguments) in
        a child process."""
        if self.worker is None or self.is_busy():
            return
        self.kind = kind
        if in_child is None:
            self.worker.start(job)
        else:
            self.worker.start_in_process(*in_child)
        self.progress.emit(0.0, words_now)
        self.busyChanged.emit()

    # --- endings, in the GUI thread --------------------------------------------------------------
    def _end(self) -> str:
        kind, self.kind = self.kind or "", None
        self.busyChanged.emit()
        return kind

    @Slot(object)
    def _on_finished(self, result) -> None:
        kind = self._end()
        if kind.startswith("read:"):
            self.ask_columns(kind.split(":", 1)[1], result)
            return
        if kind == "score":
            self.note.emit(words.score_words(result), "")
        elif kind == "attach":
            self.note.emit(*words.attach_words(result))
        elif kind == "replay":
            self.note.emit(words.replay_words(result), "")
        elif kind == "triggers":
            fired = bool(result.get("fired"))
            self.note.emit("A retrain is suggested: see why on the right." if fired
                           else "No trigger fired.", "")
            self.triggers.emit(result)
            return  # a trigger check changes nothing the charts show
        elif kind == "retrain":
            self.retrained.emit(result)
            self.note.emit(f"Challenger trained: model {result['challenger_id']} "
                           f"({result['challenger_name']}). Compare it on the right.", "")
        elif kind == "promote":
            self.promoted.emit(result)
            self.note.emit(result, "")
        self.changed.emit()

    @Slot(object)
    def _on_published(self, payload) -> None:
        self.sink.put_published(payload)

    @Slot(str, str)
    def _on_failed(self, message: str, hint: str) -> None:
        kind = self._end()
        self.problem.emit(message, hint)
        if kind in ("score", "retrain") and self.worker.last_error_code in CLUSTER_CODES:
            self.localOffered.emit(True)
        if kind == "replay":
            self.changed.emit()  # the batches kept before the problem stay

    @Slot(str)
    def _on_crashed(self, text: str) -> None:
        kind = self._end()
        self.problem.emit(text, SAFE)
        if kind == "replay":
            self.changed.emit()

    @Slot()
    def _on_cancelled(self) -> None:
        kind = self._end()
        if kind == "replay":
            kept = self.sink.batches
            self.note.emit(f"Replay stopped after {kept} batch{'es' if kept != 1 else ''}; "
                           "the batches kept so far stay.", "")
            self.changed.emit()
        else:
            self.note.emit("Stopped before it finished.", "")
