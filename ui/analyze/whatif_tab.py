"""The What-if tab: change a row's values and see the prediction and what moved it.

Opening the session loads the model (a worker job). One ``explain`` takes 60–300 ms on the
sample's models (measured: linear 58 ms, boosting 62 ms, a blend 300 ms median), too slow for
the GUI thread, so each runs on a worker too: edits are debounced (150 ms) and only the newest
request is answered.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.analyze import jobs
from ui.analyze.contribution_list import ContributionList
from ui.analyze.whatif_form import WhatIfForm
from ui.home_page import primary_button
from ui.names import name as set_name
from ui.wizard.common import InlineMessage

DEBOUNCE_MS = 150


class WhatIfTab(QWidget):
    """A form on the left; the prediction, its probabilities and contributions on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "analyzeWhatIfTab")
        self.workspace: Path | None = None
        self.model_id: int | None = None
        self.session = None
        self.answer: dict | None = None
        self.opener: jobs.LatestJob | None = None
        self.explainer: jobs.LatestJob | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._explain)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(28)
        left = QVBoxLayout()
        left.setSpacing(6)
        top = QHBoxLayout()
        heading = QLabel("Try a row")
        heading.setFont(theme.scaled_font(self, 1.05, bold=True))
        self.reset_button = primary_button("Typical values", "whatIfResetButton", "secondary")
        self.reset_button.setToolTip("Put every field back to a typical value from the training data.")
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.reset_button)
        self.form = WhatIfForm()
        self.form.changed.connect(self._debounce.start)
        self.reset_button.clicked.connect(self.form.reset)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        left.addLayout(top)
        self.status = QLabel("Loading the model…")
        set_name(self.status, "whatIfStatus")
        theme.set_role(self.status, "muted")
        left.addWidget(self.status)
        left.addWidget(scroll, 1)
        layout.addLayout(left, 4)

        right = QVBoxLayout()
        right.setSpacing(8)
        self.prediction = QLabel("…")
        set_name(self.prediction, "whatIfPrediction")
        self.prediction.setFont(theme.scaled_font(self, 2.2, bold=True))
        self.probabilities = QLabel()
        set_name(self.probabilities, "whatIfProbabilities")
        self.probabilities.setWordWrap(True)
        self.probabilities.setTextFormat(Qt.TextFormat.RichText)
        self.compared = QLabel()
        self.compared.setWordWrap(True)
        theme.set_role(self.compared, "muted")
        moved = QLabel("What moved it, compared with typical rows")
        moved.setFont(theme.scaled_font(self, 1.05, bold=True))
        self.key = QLabel()
        self.key.setWordWrap(True)
        theme.set_role(self.key, "muted")
        self.contributions = ContributionList()
        self.message = InlineMessage("whatIfMessage")
        for widget in (self.prediction, self.probabilities, self.compared):
            right.addWidget(widget)
        right.addSpacing(10)
        right.addWidget(moved)
        right.addWidget(self.key)
        right.addWidget(self.contributions)
        right.addWidget(self.message)
        right.addStretch(1)
        layout.addLayout(right, 5)

    # --- session ----------------------------------------------------------------------------
    def open_model(self, workspace: Path, model_id: int) -> None:
        """Load the model for what-if questions (on a worker); the form appears when ready."""
        if self.model_id == model_id and (self.session is not None or self._opening()):
            return
        self.workspace, self.model_id, self.session, self.answer = workspace, model_id, None, None
        if self.opener is None:
            self.opener = jobs.LatestJob(workspace, self)
            self.opener.finished.connect(self._opened)
            self.opener.failed.connect(lambda _t, m, h: self._problem(m, h))
            self.opener.crashed.connect(lambda _t, text: self._problem(text, ""))
            self.explainer = jobs.LatestJob(workspace, self)
            self.explainer.finished.connect(self._explained)
            self.explainer.failed.connect(lambda _t, m, h: self._problem(m, h))
            self.explainer.crashed.connect(lambda _t, text: self._problem(text, ""))
        self.status.setText("Loading the model…")
        self.status.show()
        self.message.clear_message()
        self.form.set_fields([])
        self.opener.run(jobs.open_whatif(workspace, model_id), model_id)

    def forget(self) -> None:
        """Drop the loaded session: the next ``open_model`` loads the model again."""
        self.model_id, self.session = None, None

    def _opening(self) -> bool:
        return self.opener is not None and self.opener.is_running()

    def is_busy(self) -> bool:
        return self._opening() or self._debounce.isActive() or (
            self.explainer is not None and self.explainer.is_running())

    @Slot(object, object)
    def _opened(self, model_id, payload) -> None:
        if model_id != self.model_id:
            return
        self.session, fields = payload
        self.status.setText("Change any value: the prediction follows.")
        self.form.set_fields(fields)

    @Slot()
    def _explain(self) -> None:
        if self.session is None or self.explainer is None:
            return
        session, values = self.session, self.form.values()
        self.explainer.run(lambda _reporter: session.explain(values), self.model_id)

    @Slot(object, object)
    def _explained(self, model_id, answer: dict) -> None:
        if model_id != self.model_id:
            return
        self.answer = answer
        self.message.clear_message()
        probabilities = answer.get("probabilities")
        if answer.get("value") is not None:
            self.prediction.setText(f"{answer['value']:,.4g}")
            self.probabilities.setText("predicted value")
        else:
            self.prediction.setText(str(answer["prediction"]))
            ranked = sorted((probabilities or {}).items(), key=lambda kv: -kv[1])
            self.probabilities.setText("  ·  ".join(
                f"<b>{p:.0%}</b> {label}" for label, p in ranked))
        baseline, output = answer.get("baseline_output"), answer.get("output")
        name = answer.get("output_name", "output")
        if baseline is not None and output is not None:
            fmt = "{:.2f}" if probabilities else "{:,.4g}"
            self.compared.setText(f"Typical rows get a {name} of {fmt.format(baseline)}; "
                                  f"these values give {fmt.format(output)}.")
        self.key.setText(f"Orange bars raise the {name}, blue bars lower it.")
        self.contributions.set_entries(answer.get("contributions") or [])

    def prediction_text(self) -> str:
        """The prediction and its probabilities, as plain words (for tests)."""
        answer = self.answer or {}
        if answer.get("value") is not None:
            return f"{answer['value']:,.4g}"
        probabilities = answer.get("probabilities") or {}
        return f"{answer.get('prediction', '')} " + " ".join(
            f"{label} {p:.3f}" for label, p in probabilities.items())

    def _problem(self, message: str, hint: str) -> None:
        self.status.hide()
        self.message.show_error(message, hint or "Close the Analyze view and open it again.")

    def stop(self) -> None:
        self._debounce.stop()
        for job in (self.opener, self.explainer):
            if job is not None:
                job.cancel()
                job.wait(10_000)
