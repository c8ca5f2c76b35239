"""The Monitor view: a project's scored batches, drift, rolling metrics, alarms and retrains.

``show_project(store, project_id)`` reads the project's board on a worker and shows it: four
charts on one batch axis and a side panel that explains the selected alarm in words, or, for a
project without batches, how monitoring works and how to start. Every engine call (reading a
file, scoring, late labels, a replay, triggers, retrain, promotion) runs on a worker and the
view stays usable meanwhile. New boards are drawn by a ~15 Hz timer, never per signal.
``backRequested`` asks the window to go back; ``stop()`` stops and joins the workers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from storage import Store
from ui import theme
from ui.analyze.jobs import LatestJob
from ui.monitor import jobs, words
from ui.monitor.board import Board
from ui.monitor.charts import MonitorCharts
from ui.monitor.empty_state import EmptyState
from ui.monitor.monitor_header import MonitorHeader
from ui.monitor.side_panel import SidePanel
from ui.monitor.tasks import Tasks
from ui.monitor.watched import model_facts, watched_model
from ui.names import name as set_name
from ui.wizard.common import show_progress

REDRAW_MS = 66  # ~15 Hz


class MonitorView(QWidget):
    """One project's monitoring. The window owns it; it owns its workers."""

    backRequested = Signal()
    boardShown = Signal(object)  # the Board just drawn

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "monitorView")
        self.store: Store | None = None
        self.project_id: int | None = None
        self.board: Board | None = None
        self.facts: dict | None = None
        self._pending: Board | None = None
        self._selected: tuple[int, str] | None = None  # (batch id, feature)
        self.loader: LatestJob | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 16, 32, 20)
        outer.setSpacing(8)
        self.header = MonitorHeader()
        self.header.backRequested.connect(self.backRequested)
        self.header.stopRequested.connect(self.cancel)
        self.header.windowChanged.connect(self.reload)
        outer.addWidget(self.header)
        self.placeholder = QLabel("Reading the scored batches…")
        set_name(self.placeholder, "monitorPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.set_role(self.placeholder, "muted")
        self.empty = EmptyState()
        self.charts = MonitorCharts()
        self.charts.cellClicked.connect(self.select)
        self.charts.alarmClicked.connect(self.select_alarm)
        self.side = SidePanel()
        dashboard = QWidget()
        row = QHBoxLayout(dashboard)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        row.addWidget(self.charts, 1)
        row.addWidget(self.side)
        self.dashboard = dashboard
        self.pages = QStackedWidget()
        for page in (self.placeholder, self.empty, dashboard):
            self.pages.addWidget(page)
        outer.addWidget(self.pages, 1)

        self.tasks = Tasks(self)
        self.tasks.busyChanged.connect(self._update_buttons)
        self.tasks.progress.connect(lambda f, w: show_progress(self.header.progress, f, w))
        self.tasks.note.connect(self.header.message.show_note)
        self.tasks.problem.connect(self.header.message.show_error)
        self.tasks.localOffered.connect(self.header.run_locally_button.setVisible)
        self.header.run_locally_button.clicked.connect(self.tasks.run_locally)
        self.tasks.changed.connect(self.reload)
        self.tasks.triggers.connect(self.side.show_triggers)
        self.tasks.retrained.connect(self.side.comparison.show_result)
        self.tasks.promoted.connect(self._on_promoted)
        self.side.promoteRequested.connect(self.tasks.promote)
        header = self.header
        header.score_button.clicked.connect(self.tasks.score)
        header.attach_button.clicked.connect(self.tasks.attach)
        header.replay_button.clicked.connect(self.tasks.replay)
        header.triggers_button.clicked.connect(self.tasks.check_triggers)
        header.retrain_button.clicked.connect(self.tasks.retrain)
        self.empty.scoreRequested.connect(self.tasks.score)
        self.empty.replayRequested.connect(self.tasks.replay)
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._redraw)

    # --- public API ---------------------------------------------------------------------------
    def show_project(self, store: Store, project_id: int) -> None:
        """Open a project's monitoring: the header at once, the board when it is read."""
        if project_id != self.project_id:
            self.board, self._pending, self._selected = None, None, None
            self.side.show_hint(None)
            self.side.show_triggers(None)
            self.side.comparison.hide()
            self.pages.setCurrentWidget(self.placeholder)
        self.store, self.project_id = store, project_id
        if self.loader is None:
            self.loader = LatestJob(store.workspace, self)
            self.loader.finished.connect(self._on_loaded)
            self.loader.failed.connect(lambda _tag, message, hint: self.header.message.show_error(message, hint))
            self.loader.crashed.connect(lambda _tag, text: self.header.message.show_error(
                text, "Your project is safe. Go back and open Monitor again."))
        self.tasks.open(store.workspace, project_id)
        self.header.message.clear_message()
        self._show_header()
        self._timer.start()
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Read the board again (after an action, or another window size)."""
        if self.store is not None and self.project_id is not None:
            self.loader.run(jobs.load(self.store.workspace, self.project_id, self.window()),
                            self.project_id)

    def window(self) -> dict:
        return self.header.window()

    def is_busy(self) -> bool:
        return (self.tasks.is_busy() or (self.loader is not None and self.loader.is_running())
                or self.charts.is_drawing())

    @Slot()
    def cancel(self) -> None:
        self.tasks.cancel()

    def stop(self) -> None:
        """Stop every worker and wait for them (before the window closes or the workspace
        changes); the view forgets its project until ``show_project`` is called again."""
        self._timer.stop()
        self.tasks.stop()
        if self.loader is not None:
            self.loader.cancel()
            self.loader.wait(10_000)
        self.project_id, self.board, self._pending = None, None, None

    # --- selection ------------------------------------------------------------------------------
    @Slot(int, str)
    def select(self, batch_index: int, feature: str) -> None:
        """Show one cell's words in the side panel (batch by position, oldest first)."""
        board = self.board
        if board is None or board.entry(batch_index, feature) is None:
            return
        self._selected = (board.batches[batch_index].id, feature)
        self.charts.select(batch_index, feature)
        self.side.show_entry(board, batch_index, feature)

    @Slot(int)
    def select_alarm(self, batch_index: int) -> None:
        """A batch's alarm marker: its worst alarm, the others listed under it."""
        if self.board is not None and 0 <= batch_index < len(self.board.batches):
            alarms = self.board.batches[batch_index].alarms
            if alarms:
                self.select(batch_index, alarms[0])

    # --- drawing ----------------------------------------------------------------------------------
    @Slot(object, object)
    def _on_loaded(self, project_id, board: Board) -> None:
        if project_id == self.project_id:
            self._pending = board

    @Slot()
    def _redraw(self) -> None:
        sunk, loaded, self._pending = self.tasks.sink.take(), self._pending, None
        board = loaded or sunk  # a load asked for after a replay's batch is the newer
        if board is None or board.project_id != self.project_id:
            return
        self.board = board
        self.facts = board.model
        self._show_header()
        if board.is_empty():
            in_production = bool(self.facts and self.facts["stage"] == "production")
            self.empty.show_project(board.project, in_production, self.facts is not None)
            self.pages.setCurrentWidget(self.empty)
        else:
            self.charts.show_board_in_steps(board, room_to_grow=self.tasks.kind == "replay")
            self.pages.setCurrentWidget(self.dashboard)
            self._restore_selection(board)
        self.header.show_window_controls(not board.is_empty())
        self._update_buttons()
        self.boardShown.emit(board)

    def _restore_selection(self, board: Board) -> None:
        index = None
        if self._selected is not None:
            index = next((i for i, b in enumerate(board.batches) if b.id == self._selected[0]), None)
        if index is None or board.entry(index, self._selected[1]) is None:
            self._selected = None
            self.charts.select(-1, None)
            self.side.show_hint(board)
        else:
            self.charts.select(index, self._selected[1])
            self.side.show_entry(board, index, self._selected[1])

    def _show_header(self) -> None:
        name = self.board.project if self.board else self.store.project(self.project_id).name
        if self.board is None:
            self.facts = model_facts(watched_model(self.store, self.project_id))  # two small reads
        self.header.title.setText(f"Monitor · {name}")
        self.header.model_label.setText(words.model_line(self.facts))
        status = words.status_line(self.board) if self.board else ""
        self.header.status_label.setText(status)
        self.header.status_label.setVisible(bool(status))

    @Slot()
    def _update_buttons(self) -> None:
        self.header.set_busy(self.tasks.is_busy(), can_score=self.facts is not None,
                             has_batches=bool(self.board and not self.board.is_empty()),
                             replaying=self.tasks.kind == "replay")

    @Slot(str)
    def _on_promoted(self, summary: str) -> None:
        self.side.comparison.promoted(summary)  # the reload that follows shows the new model
