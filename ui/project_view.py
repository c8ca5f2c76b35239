"""The project view: where a project stands, its runs, a run's models and fold-score chart.

Everything here is redrawn from the store alone, so any past run can be re-opened and looks as
it did when it ran. New runs go through the wizard (prefilled with the last run's spec);
exports run off the GUI thread in ``ExportDialog``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from storage import ModelVersion, Project, Run, Store
from ui import theme
from ui.export_dialog import ExportDialog, package_folder
from ui.home_page import primary_button
from ui.names import name as set_name
from ui.project_summary import DONE_RUN_STATUSES, METRIC_WORDS, stages_done
from ui.run_tables import ModelsTable, RunsTable
from ui.stage_menu import ask_note, model_menu
from ui.stage_strip import StageStrip


def _section(title: str, body: QWidget, note: QLabel | None = None,
             actions: tuple[QWidget, ...] = ()) -> QWidget:
    """A titled block; ``actions`` sit right of the title (they act on what the block shows)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    heading = QLabel(title)
    heading.setFont(theme.scaled_font(box, 1.05, bold=True))
    heading.setWordWrap(bool(actions))  # a long title wraps instead of pushing its buttons out
    row = QHBoxLayout()
    row.setSpacing(8)
    row.addWidget(heading, 1)
    for action in actions:
        row.addWidget(action)
    layout.addLayout(row)
    if note is not None:
        layout.addWidget(note)
    layout.addWidget(body, 1)
    box.heading = heading  # the run-specific sections retitle themselves
    return box


class ProjectView(QWidget):
    """One project. ``show_project(store, project_id)`` (re)loads it from the store."""

    backRequested = Signal()
    newRunRequested = Signal(object)  # the spec (dict) of the project's newest run, or {}
    analyzeRequested = Signal(int)  # a model version id
    annotateRequested = Signal(int)  # a project id
    presentRequested = Signal(int)  # a project id: its story, full screen
    reportRequested = Signal(int)  # a project id: its story as HTML or PDF
    monitorRequested = Signal(int)  # a project id: its scored batches, drift and retrains

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "projectView")
        self.store: Store | None = None
        self.project: Project | None = None
        self.runs: list[Run] = []
        self.models_by_run: dict[int, list[ModelVersion]] = {}
        self.chart: QWidget | None = None
        self.iteration_chart: QWidget | None = None
        self.export_dialog: ExportDialog | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 16, 32, 20)
        outer.setSpacing(10)
        self.back_button = QPushButton("← All projects")
        set_name(self.back_button, "backButton")
        self.back_button.setFlat(True)
        self.back_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.back_button.clicked.connect(self.backRequested)
        outer.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.name_label = QLabel()
        set_name(self.name_label, "projectNameLabel")
        self.name_label.setFont(theme.scaled_font(self, 1.6, bold=True))
        self.question_label = QLabel()
        set_name(self.question_label, "projectQuestionLabel")
        self.question_label.setWordWrap(True)
        theme.set_role(self.question_label, "muted")
        titles.addWidget(self.name_label)
        titles.addWidget(self.question_label)
        header.addLayout(titles, 1)
        self.new_run_button = primary_button("New run…", "newRunButton", "secondary")
        self.new_run_button.clicked.connect(self._request_new_run)
        self.export_button = primary_button("Export model…", "exportModelButton")
        self.export_button.setToolTip("Write the selected model as a package that runs without FirstWin.")
        self.export_button.clicked.connect(self.choose_export_folder)
        self.promote_button = primary_button("Put in production", "promoteButton", "secondary")
        self.promote_button.setToolTip("Mark the selected model as the one in use; the previous "
                                       "production model is archived. Recorded in the project's history.")
        self.promote_button.clicked.connect(self.promote_selected)
        self.details_button = primary_button("Details…", "modelDetailsButton", "secondary")
        self.details_button.setToolTip("Where the selected model came from: its data, its run "
                                       "and its stage history (or right-click it to move it).")
        self.details_button.clicked.connect(self.show_details)
        self.details_dialog = None
        self.note_dialog = None
        self.analyze_button = primary_button("Analyze…", "analyzeButton", "secondary")
        self.analyze_button.setToolTip("What the selected model is worth, where it goes wrong and "
                                       "what drives it, beside the no-ML baseline (or double-click it).")
        self.analyze_button.clicked.connect(self._request_analysis)
        self.annotate_button = primary_button("Annotate…", "annotateButton", "secondary")
        self.annotate_button.setToolTip("Label the rows whose answer is missing and correct "
                                        "doubtful labels, then retrain on them.")
        self.annotate_button.clicked.connect(self._request_annotation)
        self.present_button = primary_button("Present…", "presentButton", "secondary")
        self.present_button.setToolTip("The project told as a story, full screen, for a meeting "
                                       "(arrow keys or a clicker; Esc leaves).")
        self.present_button.clicked.connect(lambda: self._request_story(self.presentRequested))
        self.report_button = primary_button("Report…", "reportButton", "secondary")
        self.report_button.setToolTip("Save the story as a report: HTML or PDF, an executive "
                                      "summary first, then the technical appendix.")
        self.report_button.clicked.connect(lambda: self._request_story(self.reportRequested))
        self.monitor_button = primary_button("Monitor…", "monitorButton", "secondary")
        self.monitor_button.setToolTip("Score new data with the model in use and watch drift, "
                                       "performance and retrains over time.")
        self.monitor_button.clicked.connect(self._request_monitor)
        # The project's own steps, in the loop's order; what acts on one model sits by the models.
        for button in (self.annotate_button, self.new_run_button, self.monitor_button,
                       self.present_button, self.report_button):
            header.addWidget(button, 0, Qt.AlignmentFlag.AlignBottom)
        outer.addLayout(header)
        self.stage_strip = StageStrip()
        outer.addSpacing(4)
        outer.addWidget(self.stage_strip)
        outer.addSpacing(8)

        self.runs_table = RunsTable()
        self.runs_table.itemSelectionChanged.connect(self._on_run_selected)
        self.models_table = ModelsTable()
        self.models_table.itemSelectionChanged.connect(self._update_buttons)
        self.models_table.itemDoubleClicked.connect(self._request_analysis)
        self.models_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.models_table.customContextMenuRequested.connect(self._show_model_menu)
        self.chart_box = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_box)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_note = QLabel()
        theme.set_role(self.chart_note, "muted")
        self.chart_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_layout.addWidget(self.chart_note)

        self.runs_section = _section("Runs", self.runs_table)
        self.models_section = _section(
            "Models", self.models_table,
            actions=(self.details_button, self.analyze_button, self.promote_button, self.export_button))
        # Side by side, both tables start at the same height under their titles.
        self.runs_section.heading.setMinimumHeight(self.export_button.sizeHint().height())
        self.chart_section = _section("Scores", self.chart_box)
        # Runs and the selected run's models side by side (selection reads left to right), the
        # run's chart below at full width: its legend needs the room.
        tables = QSplitter(Qt.Orientation.Horizontal)
        tables.addWidget(self.runs_section)
        tables.addWidget(self.models_section)
        tables.setChildrenCollapsible(False)
        tables.setStretchFactor(0, 4)
        tables.setStretchFactor(1, 5)
        tables.setSizes([600, 760])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(tables)
        split.addWidget(self.chart_section)
        split.setChildrenCollapsible(False)
        split.setSizes([250, 470])
        outer.addWidget(split, 1)

    # --- loading ----------------------------------------------------------------------------
    def show_project(self, store: Store, project_id: int, run_id: int | None = None) -> None:
        """Load a project (a few small reads) and select ``run_id`` or the newest run."""
        self.store = store
        self.project = store.project(project_id)
        self.runs = store.runs(project_id)
        self.models_by_run = {}
        for model in store.model_versions(project_id=project_id):
            self.models_by_run.setdefault(model.run_id, []).append(model)
        self.name_label.setText(self.project.name)
        self.question_label.setText(self.project.question or "No business question written yet.")
        self.stage_strip.set_done(stages_done(store, project_id, self.runs))
        self.runs_table.fill(self.runs, self.models_by_run)
        self.runs_table.select_id(run_id)
        if not self.runs:
            self._on_run_selected()
        self._update_buttons()

    def selected_run(self) -> Run | None:
        run_id = self.runs_table.selected_id()
        return next((r for r in self.runs if r.id == run_id), None)

    def selected_model(self) -> ModelVersion | None:
        model_id = self.models_table.selected_id()
        run = self.selected_run()
        models = self.models_by_run.get(run.id, []) if run else []
        return next((m for m in models if m.id == model_id), None)

    @Slot()
    def _on_run_selected(self) -> None:
        run = self.selected_run()
        models = self.models_by_run.get(run.id, []) if run else []
        self.models_table.fill(models)
        self.models_table.select_id(None)
        self.models_section.heading.setText(f"Models of run #{run.id}" if run else "Models")
        self.chart_section.heading.setText(
            f"Scores, run #{run.id}" if run else "Scores"
        )
        self._redraw_chart(run)
        self._update_buttons()

    def _redraw_chart(self, run: Run | None) -> None:
        metrics = self.store.metrics(run.id) if run and self.store else []
        models = self.models_by_run.get(run.id, []) if run else []
        chart = self._ensure_chart()
        for drawn in (chart, self.iteration_chart):
            if models:
                drawn.set_metric(METRIC_WORDS.get(models[0].metric, models[0].metric))
            drawn.load_from_metrics(metrics, models)
        self.chart_note.setVisible(not metrics)
        self.chart_note.setText("" if metrics else "No scores recorded for this run.")

    def _ensure_chart(self):
        """The fold-score chart (and the learning curves beside it, in a tab), created on first
        use: pyqtgraph stays off the start-up path."""
        if self.chart is None:
            from ui.widgets.iteration_chart import IterationChart
            from ui.widgets.live_chart import LiveChart

            tabs = QTabWidget(self.chart_box)
            set_name(tabs, "runChartTabs")
            tabs.setDocumentMode(True)
            self.chart = LiveChart()
            set_name(self.chart, "runChart")
            # Its legend's size hint is as wide as all names in a row; let the splitter decide.
            self.chart.setMinimumWidth(320)
            self.iteration_chart = IterationChart()
            tabs.addTab(self.chart, "Scores per fold")
            tabs.addTab(self.iteration_chart, "Learning curves")
            self.chart_layout.addWidget(tabs, 1)
        return self.chart

    @Slot()
    def _update_buttons(self) -> None:
        run = self.selected_run()
        self.new_run_button.setEnabled(self.project is not None)
        for button in (self.present_button, self.report_button):
            button.setEnabled(any(self.models_by_run.values()))  # a story needs a model
        self.monitor_button.setEnabled(any(self.models_by_run.values()))  # scoring needs one too
        # Labelling needs a target, which a finished run names.
        self.annotate_button.setEnabled(
            any(r.status in DONE_RUN_STATUSES and r.spec.get("target") for r in self.runs))
        ready = run is not None and run.status != "running" and self.selected_model() is not None
        self.export_button.setEnabled(ready)
        self.analyze_button.setEnabled(ready)
        self.details_button.setEnabled(ready)
        model = self.selected_model()
        self.promote_button.setEnabled(ready and model is not None and model.stage != "production")

    # --- actions ----------------------------------------------------------------------------
    @Slot()
    def _request_new_run(self) -> None:
        newest = self.runs[0] if self.runs else None
        self.newRunRequested.emit(dict(newest.spec) if newest else {})

    def _request_story(self, signal) -> None:
        if self.project is not None and self.present_button.isEnabled():
            signal.emit(self.project.id)

    @Slot()
    def _request_monitor(self) -> None:
        if self.project is not None and self.monitor_button.isEnabled():
            self.monitorRequested.emit(self.project.id)

    @Slot()
    def _request_annotation(self) -> None:
        if self.project is not None and self.annotate_button.isEnabled():
            self.annotateRequested.emit(self.project.id)

    @Slot()
    def _request_analysis(self, *_item) -> None:
        model = self.selected_model()
        if model is not None and self.analyze_button.isEnabled():
            self.analyzeRequested.emit(model.id)

    @Slot()
    def promote_selected(self) -> str:
        """Put the selected model in production (a few row writes) and reload the tables."""
        return self.move_selected_to("production", "from the project view")

    def move_selected_to(self, stage: str, note: str = "") -> str:
        """Move the selected model to ``stage`` (recorded with ``note``); reload, keeping it selected."""
        from engine.promotion import promote

        model, run = self.selected_model(), self.selected_run()
        if model is None or run is None or self.store is None:
            return ""
        promotion = promote(self.store, model, stage, note=note)
        self.show_project(self.store, model.project_id, run.id)
        self._on_run_selected()  # the same run stays selected, so refill its models by hand
        self.models_table.select_id(model.id)
        where = "is in production" if stage == "production" else f"moved to {stage}"
        self.models_section.heading.setText(f"Models of run #{run.id} — model {model.id} {where}")
        self.models_section.heading.setToolTip(promotion.summary())
        return promotion.summary()

    def model_menu(self):
        """The right-click menu for the selected model (None when no model can be acted on)."""
        model = self.selected_model()
        if model is None or not self.details_button.isEnabled():
            return None
        return model_menu(self, model, self.show_details, self.ask_stage_note)

    @Slot(object)
    def _show_model_menu(self, pos) -> None:
        menu = self.model_menu()
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.models_table.viewport().mapToGlobal(pos))

    def ask_stage_note(self, stage: str):
        """Ask for an optional note, then move the selected model to ``stage``."""
        model = self.selected_model()
        if model is None:
            return None
        self.note_dialog = ask_note(self, model, stage,
                                    lambda note: self.move_selected_to(stage, note.strip()))
        return self.note_dialog

    @Slot()
    def show_details(self):
        """Open the selected model's lineage (its data, run and stage history) in a dialog."""
        from engine.promotion import lineage
        from ui.model_details_dialog import ModelDetailsDialog

        model = self.selected_model()
        if model is None or self.store is None:
            return None
        if self.details_dialog is not None:
            self.details_dialog.close()
            self.details_dialog.deleteLater()
        self.details_dialog = ModelDetailsDialog(lineage(self.store, model), self)
        self.details_dialog.open()
        return self.details_dialog

    @Slot()
    def choose_export_folder(self) -> None:
        """Ask for a folder (window-modal, never a blocking exec) and export into it."""
        dialog = QFileDialog(self, "Export the model to a folder")
        set_name(dialog, "exportFolderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setDirectory(str(Path.home()))
        dialog.fileSelected.connect(self.export_to)
        dialog.open()

    @Slot(str)
    def export_to(self, chosen: str) -> ExportDialog | None:
        """Export the selected model into ``chosen`` (a new folder inside it if it is not empty)."""
        model, project = self.selected_model(), self.project
        if model is None or project is None or self.store is None:
            return None
        folder = package_folder(Path(chosen), project.name, model)
        self.export_dialog = ExportDialog(self.store.workspace, model, folder, self)
        self.export_dialog.open()
        return self.export_dialog
