"""The Monitor view's header: back, the project and its watched model, the actions, the window
controls, Stop, the progress bar and the inline message."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.home_page import primary_button
from ui.names import name as set_name
from ui.widgets.back_link import back_link
from ui.wizard.common import InlineMessage, busy_bar

DEFAULT_SIZE = {"rows": 500, "days": 7}  # engine.monitor.report.DEFAULT_WINDOW (pandas-free)
WINDOW_DELAY_MS = 400  # typing 1-2-0-0 asks for one reload, not four


class MonitorHeader(QWidget):
    backRequested = Signal()
    stopRequested = Signal()
    windowChanged = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        self.back_button = back_link("← Back to the project", "monitorBackButton")
        self.back_button.clicked.connect(self.backRequested)
        outer.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.title = QLabel("Monitor")
        set_name(self.title, "monitorTitle")
        self.title.setFont(theme.scaled_font(self, 1.6, bold=True))
        self.model_label = QLabel()
        set_name(self.model_label, "monitorModelLabel")
        self.model_label.setWordWrap(True)
        self.status_label = QLabel()
        set_name(self.status_label, "monitorStatusLabel")
        theme.set_role(self.status_label, "muted")
        for label in (self.title, self.model_label, self.status_label):
            outer.addWidget(label)
        outer.addSpacing(4)

        row = QHBoxLayout()
        row.setSpacing(8)
        self.score_button = primary_button("Score a file…", "monitorScoreButton")
        self.score_button.setToolTip("Score new rows with the watched model and keep them as a batch.")
        self.attach_button = primary_button("Attach late labels…", "monitorAttachButton", "secondary")
        self.attach_button.setToolTip("Join answers that arrived later to scored rows, by row id.")
        self.replay_button = primary_button("Replay a file as a live feed…", "monitorReplayButton",
                                            "secondary")
        self.replay_button.setToolTip("Stream a file's rows in timed batches, as in production.")
        self.triggers_button = primary_button("Check triggers", "monitorTriggersButton", "secondary")
        self.triggers_button.setToolTip("Say whether drift or a drop in performance calls for a retrain.")
        self.retrain_button = primary_button("Retrain…", "monitorRetrainButton", "secondary")
        self.retrain_button.setToolTip("Train a challenger on the training rows plus new labelled "
                                       "rows, and compare it with the model in use.")
        self.stop_button = primary_button("Stop", "monitorStopButton", "secondary")
        self.stop_button.clicked.connect(self.stopRequested)
        self.action_buttons = (self.score_button, self.attach_button, self.replay_button,
                        self.triggers_button, self.retrain_button)
        for button in (*self.action_buttons, self.stop_button):
            row.addWidget(button)
        row.addStretch(1)
        windows_of = QLabel("Windows of")
        self.size_box = QSpinBox()
        set_name(self.size_box, "monitorWindowSize")
        self.size_box.setRange(1, 10_000_000)
        self.size_box.setGroupSeparatorShown(True)
        self.unit_box = QComboBox()
        set_name(self.unit_box, "monitorWindowUnit")
        self.unit_box.addItem("rows", "rows")
        self.unit_box.addItem("days", "days")
        self.step_box = QSpinBox()
        set_name(self.step_box, "monitorWindowStep")
        self.step_box.setRange(0, 10_000_000)
        self.step_box.setGroupSeparatorShown(True)
        self.step_box.setSpecialValueText("no overlap")
        self.step_box.setToolTip("How far each window moves on; 'no overlap' moves it by its size.")
        self.window_widgets = (windows_of, self.size_box, self.unit_box, QLabel("moving by"),
                               self.step_box)
        for widget in self.window_widgets:
            row.addWidget(widget)
        outer.addLayout(row)
        self.progress = busy_bar("monitorProgress")
        self.message = InlineMessage("monitorMessage")
        outer.addWidget(self.progress)
        outer.addWidget(self.message)
        # Shown only after scoring or retraining failed on the workspace's Dask cluster.
        self.run_locally_button = primary_button("Run on this computer", "monitorRunLocallyButton",
                                                 "secondary")
        self.run_locally_button.setToolTip(
            "Do the same scoring or retraining here; the workspace keeps its cluster choice.")
        self.run_locally_button.hide()
        outer.addWidget(self.run_locally_button, 0, Qt.AlignmentFlag.AlignLeft)

        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(WINDOW_DELAY_MS)
        self._delay.timeout.connect(lambda: self.windowChanged.emit(self.window()))
        self.set_window({"size": DEFAULT_SIZE["rows"], "step": 0, "unit": "rows"})
        self.size_box.valueChanged.connect(self._delay.start)
        self.step_box.valueChanged.connect(self._delay.start)
        self.unit_box.currentIndexChanged.connect(self._unit_changed)
        self.set_busy(False, can_score=False, has_batches=False)

    def window(self) -> dict:
        size = self.size_box.value()
        return {"size": size, "step": self.step_box.value() or size, "unit": self.unit_box.currentData()}

    def set_window(self, window: dict) -> None:
        for box in (self.size_box, self.step_box, self.unit_box):
            box.blockSignals(True)
        self.unit_box.setCurrentIndex(max(0, self.unit_box.findData(window.get("unit", "rows"))))
        self.size_box.setValue(int(window.get("size") or DEFAULT_SIZE[self.unit_box.currentData()]))
        step = int(window.get("step") or 0)
        self.step_box.setValue(0 if step == self.size_box.value() else step)
        for box in (self.size_box, self.step_box, self.unit_box):
            box.blockSignals(False)

    def set_busy(self, busy: bool, *, can_score: bool, has_batches: bool,
                 replaying: bool = False) -> None:
        """Actions wait while one runs; the charts and the window controls stay usable."""
        self.stop_button.setVisible(busy)
        self.score_button.setEnabled(not busy and can_score)
        self.replay_button.setEnabled(not busy and can_score)
        self.attach_button.setEnabled(not busy and has_batches)
        self.triggers_button.setEnabled(not busy and has_batches)
        self.retrain_button.setEnabled(not busy and can_score)
        for box in (self.size_box, self.unit_box, self.step_box):
            box.setEnabled(not replaying)
        if not busy:
            self.progress.hide()

    def show_window_controls(self, visible: bool) -> None:
        """Windows mean nothing before the first batch: hide their controls until then."""
        for widget in self.window_widgets:
            widget.setVisible(visible)

    def _unit_changed(self) -> None:
        unit = self.unit_box.currentData()
        self.size_box.blockSignals(True)
        self.size_box.setValue(DEFAULT_SIZE[unit])
        self.size_box.blockSignals(False)
        self.step_box.blockSignals(True)
        self.step_box.setValue(0)
        self.step_box.blockSignals(False)
        self._delay.start()
