"""Retrain with the new labels: the offer, the run (in a child process, with Stop) and the
score before → after beside the no-ML baseline.

The run repeats the newest run's spec on the current (labelled) data version; see
``engine.annotate.retrain``. Its result is a small plain ``Retrained``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.analyze.words import metric_name
from ui.annotate import jobs, words
from ui.home_page import primary_button
from ui.names import name as set_name
from ui.wizard.common import InlineMessage, busy_bar, show_progress
from ui.worker import StageWorker

ROWS = ("Best model", "{metric}, cross-validated", "{metric}, held-back rows",
        "No ML, cross-validated", "Labelled rows used")
COLUMNS = ("", "Before", "After", "Change")


class RetrainPanel(QFrame):
    """Emits retrained(Retrained) when a run has ended with a result."""

    retrained = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "retrainPanel")
        self.setProperty("panel", True)
        self.worker: StageWorker | None = None
        self.result = None
        outer = QHBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 14)
        outer.setSpacing(28)
        left = QVBoxLayout()
        left.setSpacing(6)
        self.heading = heading = QLabel("Retrain with the new labels")
        set_name(heading, "retrainHeading")
        heading.setFont(theme.scaled_font(self, 1.1, bold=True))
        self.offer = QLabel()
        set_name(self.offer, "retrainOfferLabel")
        self.offer.setWordWrap(True)
        buttons = QHBoxLayout()
        self.retrain_button = primary_button("Retrain with the new labels", "retrainButton")
        self.stop_button = primary_button("Stop", "retrainStopButton", "secondary")
        self.stop_button.clicked.connect(self.cancel)
        self.stop_button.hide()
        buttons.addWidget(self.retrain_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        self.progress = busy_bar("retrainProgress")
        self.message = InlineMessage("retrainMessage")
        for widget in (heading, self.offer):
            left.addWidget(widget)
        left.addLayout(buttons)
        left.addWidget(self.progress)
        left.addWidget(self.message)
        left.addStretch(1)
        outer.addLayout(left, 2)

        self.result_box = QWidget()
        set_name(self.result_box, "retrainResult")
        box = QVBoxLayout(self.result_box)
        box.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        grid.setHorizontalSpacing(22)
        grid.setVerticalSpacing(4)
        self.cells: list[list[QLabel]] = []
        for r in range(len(ROWS) + 1):
            row = []
            for c in range(len(COLUMNS)):
                cell = QLabel(COLUMNS[c] if r == 0 else "")
                cell.setAlignment(Qt.AlignmentFlag.AlignLeft if c == 0 else Qt.AlignmentFlag.AlignRight)
                if r == 0 or c == 0:
                    theme.set_role(cell, "muted")
                elif c == 2:
                    cell.setFont(theme.scaled_font(cell, 1.0, bold=True))  # the new numbers
                grid.addWidget(cell, r, c)
                row.append(cell)
            self.cells.append(row)
        self.verdict = QLabel()
        set_name(self.verdict, "retrainVerdict")
        self.verdict.setWordWrap(True)
        box.addLayout(grid)
        box.addSpacing(6)
        box.addWidget(self.verdict)
        box.addStretch(1)
        outer.addWidget(self.result_box, 3)
        self.result_box.hide()

    def offer_retrain(self, since: int, run_id: int | None, can_start: bool, why_not: str = "") -> None:
        """The offer after a save; once trained on the data as it is, what to do next instead."""
        self.offer.setText(words.offer_words(since, run_id) if since else
                           f"Run #{run_id} trained on the data as it is now. Label more rows, "
                           "save, and retrain again to see whether they help.")
        self.heading.setText("Retrain with the new labels" if since or self.result is None
                             else "Retrained with the new labels")
        self.retrain_button.setVisible(bool(since) or self.is_busy())
        self.retrain_button.setEnabled(can_start and not self.is_busy())
        self.retrain_button.setToolTip(why_not)

    def start(self, workspace: Path, project_id: int) -> None:
        """Train in a child process: the window stays smooth and Stop works at once."""
        if self.worker is None:
            self.worker = StageWorker(workspace, self)
            self.worker.progress.connect(self._on_progress)
            self.worker.finished.connect(self._on_finished)
            self.worker.failed.connect(self._on_failed)
            self.worker.crashed.connect(self._on_crashed)
            self.worker.cancelled.connect(self._on_cancelled)
        self.message.clear_message()
        show_progress(self.progress, 0.0, "Starting the run")
        self._set_busy(True)
        self.worker.start_in_process(jobs.retrain, str(workspace), project_id)

    def is_busy(self) -> bool:
        return self.worker is not None and self.worker.is_running()

    @Slot()
    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def stop(self) -> None:
        self.cancel()
        if self.worker is not None:
            self.worker.wait(15_000)

    def forget(self) -> None:
        """Another project: its last result is not this one's."""
        self.result = None
        self.result_box.hide()
        self.message.clear_message()

    def show_result(self, result) -> None:
        """Before → after in the run's metric, beside the no-ML baseline."""
        self.result = result
        before, after = result.before, result.after
        metric = metric_name(result.metric)
        self.cells[0][1].setText(f"Before · run #{before.run_id}" if before else "Before")
        self.cells[0][2].setText(f"After · run #{after.run_id}" if after else "After")
        values = [
            (before and before.model_name, after and after.model_name, ""),
            _scores(before and before.cv_score, after and after.cv_score),
            _scores(before and before.holdout_score, after and after.holdout_score),
            _scores(before and before.baseline_cv, after and after.baseline_cv),
            _counts(before and before.rows, after and after.rows),
        ]
        for r, (name, cells) in enumerate(zip(ROWS, values, strict=True), start=1):
            self.cells[r][0].setText(name.format(metric=metric))
            for c, text in enumerate(cells, start=1):
                self.cells[r][c].setText(words.MISSING if text is None else text)
        for r in (2, 3):  # the model's scores: higher is better for every run metric
            change = self.cells[r][3].text()
            theme.set_role(self.cells[r][3], "good" if change.startswith("+") else
                           "warn" if change.startswith("−") else "muted")
        self.verdict.setText(words.verdict(result.metric, before and before.cv_score,
                                           after and after.cv_score, result.cancelled))
        self.result_box.show()

    # --- worker endings -------------------------------------------------------------------
    @Slot(float, str)
    def _on_progress(self, fraction: float, text: str) -> None:
        show_progress(self.progress, fraction, text)

    @Slot(object)
    def _on_finished(self, result) -> None:
        self._set_busy(False)
        self.show_result(result)
        self.retrained.emit(result)

    @Slot(str, str)
    def _on_failed(self, message: str, hint: str) -> None:
        self._set_busy(False)
        self.message.show_error(f"The model could not be retrained. {message}", hint)

    @Slot(str)
    def _on_crashed(self, text: str) -> None:
        self._set_busy(False)
        self.message.show_error(text, "Your labels are saved. Try again, or train from the project.")

    @Slot()
    def _on_cancelled(self) -> None:
        self._set_busy(False)
        self.message.show_note("Stopped before any model finished; nothing was changed.")

    def _set_busy(self, busy: bool) -> None:
        self.stop_button.setVisible(busy)
        self.retrain_button.setEnabled(not busy)
        if not busy:
            self.progress.hide()


def _scores(before, after) -> tuple[str, str, str]:
    return words.score(before), words.score(after), words.change(before, after)


def _counts(before, after) -> tuple[str, str, str]:
    change = f"{after - before:+,}" if before and after and after != before else ""
    return _count(before), _count(after), change


def _count(number) -> str:
    return f"{number:,}" if number else words.MISSING
