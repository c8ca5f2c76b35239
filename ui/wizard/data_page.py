"""Step 2, Data: pick a file (or the sample), see it, and fix how it was read.

Reading and profiling run in a StageWorker; this page only shows what came back. Typing a
path and pressing Enter loads it, as does Browse or "Use sample data".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from engine.spec import DataSource
from ui.widgets.frame_table_model import FrameTableModel
from ui.wizard.common import (
    PAGE_MARGINS,
    SPACING,
    InlineMessage,
    PageHeader,
    busy_bar,
    hint,
    name,
    show_progress,
)
from ui.wizard.stages import LoadedData, load_data
from ui.wizard.state import SAMPLE_FILE, SAMPLE_TARGET, WizardState
from ui.worker import StageWorker

# engine.importer.SUPPORTED_SUFFIXES (a test keeps them equal; importing it loads pandas).
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet", ".pq", ".arff")
DELIMITERS = (("Comma", ","), ("Semicolon", ";"), ("Tab", "\t"), ("Pipe", "|"))
ENCODINGS = (("UTF-8", "utf-8"), ("Windows-1252", "cp1252"), ("Latin-1", "latin-1"), ("UTF-16", "utf-16"))
EMPTY_NOTE = "No data yet."
EMPTY_HINT = ("Type or paste the path of a file above and press Enter, choose Browse…, or try "
              "the sample data to see how it works.")
KIND_WORDS = {"numeric": "number", "categorical": "categories", "boolean": "yes/no",
              "datetime": "dates", "text": "free text", "identifier": "an ID"}


class PathEdit(QLineEdit):
    """A line edit that keeps Enter for itself: Enter loads the file, it does not press Next."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class DataPage(QWizardPage):
    """Complete once a file is loaded and profiled."""

    sampleChosen = Signal()

    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        name(self, "dataPage")
        self.header = PageHeader(1, "Choose the data",
                                 "A table with one row per case and the answer you want to predict in "
                         "one of its columns: CSV, TSV, Excel, Parquet or ARFF.")
        self.worker = StageWorker(state.store.workspace, self)
        self._loading_source: DataSource | None = None
        self._detected: dict[str, str | None] = {}  # what detection found for the current path

        self.dataPathEdit = name(PathEdit(), "dataPathEdit")
        self.dataPathEdit.setPlaceholderText("Type or paste the path of a file, then press Enter")
        self.dataPathEdit.setClearButtonEnabled(True)
        self.browseButton = name(QPushButton("Browse…"), "browseButton")
        self.useSampleButton = name(QPushButton("Use sample data"), "useSampleButton")
        self.useSampleButton.setProperty("secondary", True)
        self.useSampleButton.setToolTip("IBM's Telco customer churn table: 7,043 customers, "
                                        "and whether they left")
        self.delimiterCombo = name(QComboBox(), "delimiterCombo")
        self.encodingCombo = name(QComboBox(), "encodingCombo")
        self._fill_read_combos()
        self.shapeLabel = name(QLabel(""), "shapeLabel")
        self.loadProgress = busy_bar("loadProgress")
        self.message = InlineMessage("dataMessage")
        self.importNotes = hint("")
        self.importNotes.hide()
        self.model = FrameTableModel(parent=self)
        self.previewTable = name(QTableView(), "previewTable")
        self._setup_table()

        picker = QHBoxLayout()
        picker.setSpacing(8)
        picker.addWidget(self.dataPathEdit, 1)
        picker.addWidget(self.browseButton)
        picker.addWidget(self.useSampleButton)
        reading = QHBoxLayout()
        reading.setSpacing(8)
        reading.addWidget(QLabel("Delimiter"))
        reading.addWidget(self.delimiterCombo)
        reading.addSpacing(16)
        reading.addWidget(QLabel("Encoding"))
        reading.addWidget(self.encodingCombo)
        reading.addStretch(1)
        reading.addWidget(self.shapeLabel)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.addWidget(self.header)
        layout.setSpacing(SPACING)
        layout.addLayout(picker)
        layout.addLayout(reading)
        layout.addWidget(self.loadProgress)
        layout.addWidget(self.message)
        layout.addWidget(self.previewTable, 1)
        layout.addWidget(self.importNotes)

        self.message.show_note(EMPTY_NOTE, EMPTY_HINT)  # the empty state says what to do
        self.dataPathEdit.returnPressed.connect(self.load_typed_path)
        self.browseButton.clicked.connect(self.browse)
        self.useSampleButton.clicked.connect(self.use_sample)
        self.delimiterCombo.activated.connect(self._read_settings_changed)
        self.encodingCombo.activated.connect(self._read_settings_changed)
        self.worker.progress.connect(lambda f, m: show_progress(self.loadProgress, f, m))
        self.worker.finished.connect(self._loaded)
        self.worker.failed.connect(self._failed)
        self.worker.crashed.connect(lambda text: self._failed(text, ""))
        self.worker.cancelled.connect(self._stopped)

    def _setup_table(self) -> None:
        table = self.previewTable
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)  # alternating rows guide the eye more calmly than a grid
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setWordWrap(False)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = table.horizontalHeader()
        header.setDefaultSectionSize(120)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure a million rows
        rows.setDefaultSectionSize(table.fontMetrics().height() + 10)

    def _fill_read_combos(self) -> None:
        self.delimiterCombo.addItem("Detected", None)
        for text, value in DELIMITERS:
            self.delimiterCombo.addItem(text, value)
        self.encodingCombo.addItem("Detected", None)
        for text, value in ENCODINGS:
            self.encodingCombo.addItem(text, value)
        self._set_read_combos_enabled(False)

    # --- loading --------------------------------------------------------------------------
    def load_typed_path(self) -> None:
        self.load(self.dataPathEdit.text().strip().strip('"'))

    def browse(self) -> None:
        """A native file dialog, opened without blocking (never exec())."""
        start = str(Path(self.dataPathEdit.text()).expanduser().parent) if self.dataPathEdit.text() else ""
        dialog = QFileDialog(self, "Choose a data file", start)
        dialog.setObjectName("dataFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        patterns = " ".join(f"*{s}" for s in SUFFIXES)
        dialog.setNameFilters([f"Data files ({patterns})", "All files (*)"])
        dialog.fileSelected.connect(self.load)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def use_sample(self) -> None:
        self.state.preferred_target = SAMPLE_TARGET
        self.sampleChosen.emit()
        self.load(str(SAMPLE_FILE))

    def load(self, path: str, delimiter: str | None = None, encoding: str | None = None) -> None:
        """Read ``path`` in the worker (cancelling a load already under way)."""
        if not path:
            self.message.show_error("Type the path of a data file first.",
                                    "Or use Browse… to pick one, or try the sample data.")
            return
        path = str(Path(path).expanduser())
        if self.dataPathEdit.text() != path:
            self.dataPathEdit.setText(path)
        if path != (self._detected.get("path") or ""):
            self._detected = {"path": path}
            delimiter = encoding = None
        source = DataSource(path=path, delimiter=delimiter, encoding=encoding)
        if self.worker.is_running():
            self._loading_source = source  # started when the running load ends
            self.worker.cancel()
            return
        self._start(source)

    def _start(self, source: DataSource) -> None:
        self._loading_source = None
        self.message.clear_message()
        show_progress(self.loadProgress, 0.0, f"Opening {Path(source.path).name}")
        self.completeChanged.emit()
        self.worker.start(lambda reporter: load_data(source, reporter))

    def _read_settings_changed(self) -> None:
        path = self._detected.get("path")
        if path:
            self.load(path, self.delimiterCombo.currentData(), self.encodingCombo.currentData())

    def _loaded(self, loaded: LoadedData) -> None:
        if self._restart_pending():
            return
        self.loadProgress.hide()
        self._remember_detection(loaded.source)
        self.state.set_data(loaded)
        self.model.set_frame(loaded.frame)
        self.model.set_header_tooltips(_column_tips(loaded.profile))
        rows, columns = loaded.frame.shape
        self.shapeLabel.setText(f"{rows:,} rows · {columns:,} columns · {loaded.format.upper()}")
        notes = loaded.warnings + list(loaded.profile.warnings)
        self.importNotes.setText("\n".join(f"• {n}" for n in notes))
        self.importNotes.setVisible(bool(notes))
        self.completeChanged.emit()

    def _failed(self, message: str, hint_text: str) -> None:
        if self._restart_pending():
            return
        self.loadProgress.hide()
        # Nothing half-loaded stays behind: an old preview under a new path would mislead.
        self.state.clear_data()
        self.model.set_frame(None)
        self.shapeLabel.setText("")
        self.importNotes.hide()
        self.message.show_error(message, hint_text)
        self.completeChanged.emit()

    def _stopped(self) -> None:
        if not self._restart_pending():
            self.loadProgress.hide()
            self.completeChanged.emit()

    def _restart_pending(self) -> bool:
        """A newer request came in while this one ran: start it instead of showing this one."""
        if self._loading_source is None:
            return False
        self._start(self._loading_source)
        return True

    def _remember_detection(self, used: DataSource) -> None:
        """Show what was detected; the overrides stay as the user set them."""
        text = used.delimiter is not None or used.encoding is not None
        self._set_read_combos_enabled(text)
        if "delimiter" not in self._detected and text:
            self._detected["delimiter"] = used.delimiter
            self._detected["encoding"] = used.encoding
            self.delimiterCombo.setItemText(0, f"Detected: {_delimiter_words(used.delimiter)}")
            self.encodingCombo.setItemText(0, f"Detected: {used.encoding or 'unknown'}")
            self.delimiterCombo.setCurrentIndex(0)
            self.encodingCombo.setCurrentIndex(0)
        elif not text:
            self.delimiterCombo.setItemText(0, "Not a text file")
            self.encodingCombo.setItemText(0, "Not a text file")

    def _set_read_combos_enabled(self, enabled: bool) -> None:
        self.delimiterCombo.setEnabled(enabled)
        self.encodingCombo.setEnabled(enabled)

    # --- QWizardPage --------------------------------------------------------------------------
    def isComplete(self) -> bool:
        return self.state.data is not None and not self.worker.is_running()

    def cleanupPage(self) -> None:
        """Back keeps the loaded file."""


def _delimiter_words(delimiter: str | None) -> str:
    for text, value in DELIMITERS:
        if value == delimiter:
            return text.lower()
    return repr(delimiter) if delimiter else "unknown"


def _column_tips(profile) -> dict[str, str]:
    """Header tooltips: what kind of column it is, how much is missing, how many values."""
    tips = {}
    for column in profile.columns:
        kind = KIND_WORDS.get(column.kind, column.kind)
        missing = f"{100 * column.missing_share:.0f} % missing" if column.missing else "nothing missing"
        tips[column.name] = f"{column.name}: {kind}, {column.distinct:,} different values, {missing}"
    return tips
