"""A model version's lineage in words: the data it learned from, its run, and its stage history.

Built from ``engine.promotion.lineage`` (a few small reads, fine on the GUI thread). The words
come from ``lineage_sections``, which has no Qt in it, so a test can read what the user reads.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from engine.promotion import Lineage
from storage import Event
from ui import theme
from ui.names import name as set_name
from ui.project_summary import METRIC_WORDS, format_when

SECTION_NAMES = {"Data it learned from": "lineageData",
                 "How it was trained": "lineageRun", "Stage history": "stageHistory"}
TASK_WORDS = {"binary": "yes/no", "multiclass": "one of several classes", "regression": "a number"}


def event_words(event: Event) -> tuple[str, str]:
    """One history entry as (when, what): the move, who made it, and the note if one was given."""
    data = event.data or {}
    if event.kind == "stage_changed":
        what = f"Moved from {data.get('from', '?')} to {data.get('to', '?')}"
    elif event.kind == "threshold_changed":
        before = data.get("from")
        what = f"Decision threshold set to {data.get('to', 0):.2f}"
        if isinstance(before, int | float):
            what += f" (was {before:.2f})"
    else:
        what = event.message
    if event.user:
        what += f", by {event.user}"
    if data.get("note"):
        what += f"\n“{data['note']}”"
    return format_when(event.at), what


def model_headline(lineage: Lineage) -> tuple[str, str]:
    """The dialog's title line and the line under it: stage, score, when trained."""
    model = lineage.model
    score = "no score" if model.cv_score is None else (
        f"{METRIC_WORDS.get(model.metric, model.metric)} {model.cv_score:.3f} cross-validated")
    return (f"Model {model.id}: {model.name}",
            f"In {model.stage} · {score} · trained {format_when(model.created_at)}")


def lineage_sections(lineage: Lineage) -> list[tuple[str, list[tuple[str, str]]]]:
    """The dialog's sections as (title, [(label, words)]) pairs."""
    run, data = lineage.run, lineage.dataset
    if data is None:
        data_rows = [("Data", "The dataset version is no longer in this workspace.")]
    else:
        data_rows = [("File", data.source_name), ("Rows", f"{data.rows:,} rows × {data.columns} columns"),
                     ("Fingerprint", f"sha256 {data.sha256[:12]}…"), ("Added", format_when(data.created_at)),
                     ("Version", f"#{data.id}" + (f", from {len(lineage.parents)} earlier version(s)"
                                                  if lineage.parents else ""))]
    spec = lineage.spec
    task = spec.get("task")
    run_rows = [("Run", f"#{run.id}, {run.status}"), ("Started", format_when(run.started_at)),
                ("Budget", str(spec.get("budget") or "—")),
                ("Task", f"predict {spec.get('target') or '?'}"
                 + (f" ({TASK_WORDS.get(task, task)})" if task else ""))]
    history = [e for e in lineage.history if e.kind in ("stage_changed", "threshold_changed")]
    history_rows = [event_words(e) for e in history] or [
        ("", "No stage changes yet: a candidate since it was trained.")]
    return [("Data it learned from", data_rows), ("How it was trained", run_rows), ("Stage history", history_rows)]


class ModelDetailsDialog(QDialog):
    """Where one model version came from. Open it with ``open()``."""

    def __init__(self, lineage: Lineage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "modelDetailsDialog")
        self.lineage = lineage
        self.setWindowTitle(f"Model {lineage.model.id} — details")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 14)
        layout.setSpacing(4)
        title, subtitle = model_headline(lineage)
        self.title_label = QLabel(title)
        set_name(self.title_label, "modelDetailsTitle")
        self.title_label.setFont(theme.scaled_font(self, 1.3, bold=True))
        self.title_label.setWordWrap(True)
        self.subtitle_label = QLabel(subtitle)
        set_name(self.subtitle_label, "modelDetailsSubtitle")
        theme.set_role(self.subtitle_label, "muted")
        layout.addWidget(self.title_label)
        layout.addWidget(self.subtitle_label)
        self.sections: dict[str, list[str]] = {}
        for title, rows in lineage_sections(lineage):
            heading = QLabel(title)
            heading.setFont(theme.scaled_font(self, 1.05, bold=True))
            layout.addSpacing(14)
            layout.addWidget(heading)
            layout.addSpacing(2)
            box = QWidget()
            set_name(box, SECTION_NAMES[title])
            form = QFormLayout(box)
            form.setContentsMargins(0, 0, 0, 0)
            form.setHorizontalSpacing(16)
            form.setVerticalSpacing(4)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
            labels = []
            for label, words in rows:
                value = QLabel(words)
                value.setWordWrap(True)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                labels.append(f"{label}: {words}" if label else words)
                if label:
                    key = QLabel(label)
                    theme.set_role(key, "muted")
                    key.setMinimumWidth(90)
                    key.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                    form.addRow(key, value)
                else:
                    form.addRow(value)
            layout.addWidget(box)
            self.sections[title] = labels
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addSpacing(8)
        layout.addWidget(buttons)

    def text_of(self, title: str) -> str:
        """The words of one section, a line per row (what a test or a screen reader reads)."""
        return "\n".join(self.sections[title])
