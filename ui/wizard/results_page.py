"""Step 7, Results: the run in plain words, the final leaderboard, and exporting a model."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from ui.widgets.leaderboard_model import LeaderboardModel
from ui.wizard.common import (
    PAGE_MARGINS,
    SPACING,
    InlineMessage,
    PageHeader,
    busy_bar,
    heading,
    hint,
    name,
    setup_leaderboard_table,
    show_progress,
)
from ui.wizard.stages import export
from ui.wizard.state import WizardState
from ui.wizard.summary import summary_paragraphs
from ui.worker import StageWorker


class ResultsPage(QWizardPage):
    """The last page: Finish closes the wizard; the run is already stored."""

    analyzeRequested = Signal(int)  # a model version id

    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        name(self, "resultsPage")
        self.header = PageHeader(6, "Results",
                                 "What the run found, in words. Everything here is saved in the project.")
        self.setFinalPage(True)
        self.worker = StageWorker(state.store.workspace, self)
        self._paragraphs: list[str] = []

        self.resultsSummary = name(QLabel(""), "resultsSummary")
        self.resultsSummary.setWordWrap(True)
        self.resultsSummary.setTextFormat(Qt.TextFormat.RichText)
        self.resultsSummary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.resultsSummary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.resultsSummary.setMaximumWidth(980)  # lines short enough to read in one sweep
        self.leaderboard = LeaderboardModel(self)
        self.resultsTable = name(QTableView(), "resultsLeaderboard")
        self.resultsTable.setModel(self.leaderboard)
        setup_leaderboard_table(self.resultsTable)
        self.exportButton = name(QPushButton("Export model…"), "exportButton")
        self.exportButton.setProperty("secondary", True)
        self.exportButton.setToolTip("Write the selected model (the best one if none is selected) "
                                     "as a folder that runs without FirstWin")
        self.analyzeButton = name(QPushButton("Analyze…"), "analyzeButton")
        self.analyzeButton.setToolTip("What the selected model (the best one if none is selected) "
                                      "is worth, where it goes wrong and what drives it")
        self.exportProgress = busy_bar("exportProgress")
        self.exportMessage = InlineMessage("exportMessage")

        buttons = QHBoxLayout()
        buttons.addWidget(hint("Select a row to analyze or export another model than the best one."), 1)
        buttons.addWidget(self.exportButton)
        buttons.addWidget(self.analyzeButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.addWidget(self.header)
        layout.setSpacing(SPACING)
        layout.addWidget(self.resultsSummary)
        layout.addSpacing(4)
        layout.addWidget(heading("All models, best first"))
        layout.addWidget(self.resultsTable)
        layout.addLayout(buttons)
        layout.addWidget(self.exportProgress)
        layout.addWidget(self.exportMessage)
        layout.addStretch(1)

        self.exportButton.clicked.connect(self.choose_export_folder)
        self.analyzeButton.clicked.connect(self._request_analysis)
        self.worker.progress.connect(lambda f, m: show_progress(self.exportProgress, f, m))
        self.worker.finished.connect(self._exported)
        self.worker.failed.connect(self._export_failed)
        self.worker.crashed.connect(lambda text: self._export_failed(text, ""))

    # --- QWizardPage ------------------------------------------------------------------------
    def initializePage(self) -> None:
        summary = self.state.training
        if summary is None:
            return
        self._paragraphs = summary_paragraphs(summary, self.state.value, self.state.value_skipped)
        self.resultsSummary.setText(_html(self._paragraphs))
        outcome = summary.outcome
        self.leaderboard.set_final(outcome.leaderboard(), outcome.training.n_folds, summary.model_keys)
        self.resultsTable.clearSelection()  # no row chosen: Export takes the best model
        self.resultsTable.setCurrentIndex(QModelIndex())
        self._fit_table_height()
        self.exportMessage.clear_message()
        self.exportButton.setEnabled(bool(outcome.models))
        self.analyzeButton.setEnabled(bool(outcome.models))

    def _fit_table_height(self) -> None:
        """As tall as its rows (a short leaderboard should not leave a white field)."""
        table = self.resultsTable
        rows = self.leaderboard.rowCount()
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(rows)) or table.verticalHeader().defaultSectionSize()
        table.setMaximumHeight(height + 2)

    def summary_text(self) -> str:
        """The summary as plain text, one paragraph a line."""
        return "\n".join(self._paragraphs)

    # --- export -------------------------------------------------------------------------------
    def selected_model_id(self) -> int | None:
        rows = self.resultsTable.selectionModel().selectedRows()
        if rows:
            return self.leaderboard.rows()[rows[0].row()].model_id
        best = self.state.training.outcome.best_model if self.state.training else None
        return best.id if best else None

    def _request_analysis(self) -> None:
        model_id = self.selected_model_id()
        if model_id is not None:
            self.analyzeRequested.emit(model_id)

    def choose_export_folder(self) -> None:
        """Ask for a folder without blocking (a native dialog where the platform has one)."""
        dialog = QFileDialog(self, "Export the model into a folder")
        dialog.setObjectName("wizardExportFolderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.export_to)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def export_to(self, folder: str) -> None:
        """Write the package for the selected model into ``folder`` (in a worker)."""
        model_id = self.selected_model_id()
        if not folder or model_id is None or self.worker.is_running():
            return
        store = self.state.store
        self.exportMessage.clear_message()
        self.exportButton.setEnabled(False)
        show_progress(self.exportProgress, 0.0, "Writing the model package")
        self.worker.start(lambda reporter: export(store, model_id, folder, reporter))

    def _exported(self, result) -> None:
        self.exportProgress.hide()
        self.exportButton.setEnabled(True)
        notes = " ".join(getattr(result, "notes", []) or [])
        self.exportMessage.show_note(f"Exported to {result.folder}",
                                     "Files written: " + ", ".join(result.files)
                                     + (f". {notes}" if notes else ""))

    def _export_failed(self, message: str, hint_text: str) -> None:
        self.exportProgress.hide()
        self.exportButton.setEnabled(True)
        self.exportMessage.show_error(message, hint_text)


def _html(paragraphs: list[str]) -> str:
    """The first paragraph is the headline; the rest read as body text."""
    parts = []
    for index, text in enumerate(paragraphs):
        style = "font-size:12pt; font-weight:600;" if index == 0 else ""
        parts.append(f"<p style='margin-bottom:10px; {style}'>{escape(text)}</p>")
    return "".join(parts)
