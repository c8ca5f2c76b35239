"""The Summary tab: the evaluation in sentences, its warnings, and the key numbers vs no ML."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.analyze.metrics_model import MetricsModel
from ui.analyze.words import with_money
from ui.names import name as set_name
from ui.widgets.palette import WARNING


def read_only_table(object_name: str, model) -> QTableView:
    """A read-only, gridless table with left-aligned headers sized to their contents."""
    table = QTableView()
    set_name(table, object_name)
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


def metrics_table(object_name: str, model: MetricsModel) -> QTableView:
    """A table of numbers to read, not to select from."""
    table = read_only_table(object_name, model)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fit_height(table: QTableView) -> None:
    """As tall as the rows, so a short table leaves no empty field below it."""
    rows = table.model().rowCount()
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(rows)) if rows else 0
    table.setFixedHeight(height + 2)


def warning_label(object_name: str) -> QLabel:
    label = QLabel()
    set_name(label, object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setStyleSheet(f"QLabel {{ border-left: 4px solid {WARNING}; padding: 8px 12px; "
                        f"background: palette(base); }}")
    label.hide()
    return label


NEXT_STEPS = {
    "binary": (("Value & threshold", "choose from which probability the model says yes, and "
                "see what each choice is worth"),),
    "multiclass": (("Per class", "see which answers it finds well and which it mixes up"),),
    "regression": (("Value & errors", "see what its errors cost and how they spread"),),
}
COMMON_STEPS = (
    ("Errors", "find the groups of rows where it does worst, and its biggest mistakes"),
    ("Drivers", "see what it leans on: check that nothing there gives the answer away"),
    ("What-if", "change one customer's values and watch the prediction move"),
    ("Compare", "put it beside another model of this project"),
)


def next_steps(task: str) -> str:
    steps = NEXT_STEPS.get(task, ()) + COMMON_STEPS
    return "".join(f"<p style='margin:0 0 4px 0'><b>{escape(tab)}</b> — {escape(what)}</p>"
                   for tab, what in steps)


class SummaryTab(QWidget):
    """Sentences on the left, numbers on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "analyzeSummaryTab")
        self.plain = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(28)
        words = QVBoxLayout()
        words.setSpacing(10)
        self.sentences = QLabel()
        set_name(self.sentences, "summaryText")
        self.sentences.setWordWrap(True)
        self.sentences.setTextFormat(Qt.TextFormat.RichText)
        self.sentences.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentences.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.sentences.setFont(theme.scaled_font(self, 1.1))
        self.warnings = warning_label("summaryWarnings")
        self.next_heading = QLabel("Where to look next")
        self.next_heading.setFont(theme.scaled_font(self, 1.05, bold=True))
        self.rows_note = QLabel()
        set_name(self.rows_note, "summaryNextSteps")
        self.rows_note.setWordWrap(True)
        self.rows_note.setTextFormat(Qt.TextFormat.RichText)
        words.addWidget(self.sentences)
        words.addWidget(self.warnings)
        words.addSpacing(8)
        words.addWidget(self.next_heading)
        words.addWidget(self.rows_note)
        words.addStretch(1)
        layout.addLayout(words, 5)

        numbers = QVBoxLayout()
        numbers.setSpacing(6)
        heading = QLabel("Key numbers on rows the model never saw")
        heading.setFont(theme.scaled_font(self, 1.05, bold=True))
        self.model = MetricsModel(self)
        self.table = metrics_table("keyNumbersTable", self.model)
        self.table_note = QLabel()
        self.table_note.setWordWrap(True)
        theme.set_role(self.table_note, "muted")
        numbers.addWidget(heading)
        numbers.addWidget(self.table)
        numbers.addWidget(self.table_note)
        numbers.addStretch(1)
        layout.addLayout(numbers, 4)

    def show_evaluation(self, result: dict) -> None:
        paragraphs = result.get("summary") or []
        self.plain = "\n".join(paragraphs)
        self.sentences.setText("".join(f"<p style='margin-bottom:8px'>{escape(p)}</p>"
                                       for p in paragraphs))
        warnings = result.get("warnings") or []
        self.warnings.setVisible(bool(warnings))
        self.warnings.setText("<b>Check before you trust it</b><br>"
                              + "<br>".join(escape(w) for w in warnings))
        self.rows_note.setText(next_steps(result.get("task", "binary")))
        baseline = result.get("baseline_name") or "No ML"
        model, no_ml = with_money(result)
        currency = (result.get("value") or {}).get("currency") or "$"
        self.model.set_columns([("This model", model)], ("No ML", no_ml), currency)
        self.table_note.setText(
            "No ML is the plain rule every model must beat: "
            f"“{baseline}”. Measures marked lower-is-better shrink as the model improves.")
        fit_height(self.table)

    def text(self) -> str:
        """The sentences as plain text (what a test and a screen reader read)."""
        return self.plain
