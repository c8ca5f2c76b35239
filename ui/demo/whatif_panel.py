"""Demo page 6, live: the top drivers as a large form, the prediction and what moved it.

The model loads on a worker when the story arrives; each change is debounced and explained on
a worker too (only the newest request is answered), as in the Analyze view's What-if tab,
whose jobs and form this reuses.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui.analyze import jobs
from ui.analyze.contribution_list import signed
from ui.analyze.whatif_form import WhatIfForm
from ui.demo.story_page import label
from ui.names import name as set_name

DEBOUNCE_MS = 150
FORM_FIELDS = 5
BARS = 5


def prediction_words(answer: dict) -> tuple[str, str]:
    """The big answer and the line under it: ("72 %", "chance of “Yes”: the model answers Yes")."""
    if answer.get("value") is not None:
        return f"{answer['value']:,.4g}", "predicted value"
    probabilities = answer.get("probabilities") or {}
    prediction = answer.get("prediction", "")
    if len(probabilities) == 2:
        yes, chance = list(probabilities.items())[1]
        return f"{100 * chance:.0f}\u00a0%", f"chance of “{yes}”: the model answers “{prediction}”"
    ranked = sorted(probabilities.items(), key=lambda kv: -kv[1])
    return str(prediction), "   ".join(f"{label_}: {p:.0%}" for label_, p in ranked[:3])


def contribution_chart(answer: dict) -> dict:
    """The biggest contributions as signed horizontal bars (vermillion up, blue down)."""
    entries = (answer.get("contributions") or [])[:BARS]
    bars = [{"label": f"{e['feature']} = {e['value']}", "value": e["effect"],
             "text": signed(e["effect"]), "role": "up" if e["effect"] >= 0 else "down"}
            for e in entries]
    return {"kind": "bars", "horizontal": True, "bars": bars, "money": False,
            "axis": f"moves the {answer.get('output_name', 'output')}"}


class WhatIfPanel(QWidget):
    """The live what-if: ``open(workspace, model_id, features)`` loads the model on a worker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "demoWhatIf")
        self.session = None
        self.answer: dict | None = None
        self.features: list[str] = []
        self.opener: jobs.LatestJob | None = None
        self.explainer: jobs.LatestJob | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._explain)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(56)
        left = QVBoxLayout()
        self.status = label("Loading the model…", "muted", "demoWhatIfStatus")
        self.form = WhatIfForm()
        set_name(self.form, "demoWhatIfForm")
        self.form.changed.connect(self._debounce.start)
        left.addWidget(self.status)
        left.addWidget(self.form)
        left.addStretch(1)
        layout.addLayout(left, 4)
        right = QVBoxLayout()
        right.setSpacing(8)
        self.prediction = label("…", "prediction", "demoWhatIfPrediction")
        self.probabilities = label("", "point", "demoWhatIfProbabilities")
        self.compared = label("", "muted", "demoWhatIfCompared")
        right.addWidget(self.prediction)
        right.addWidget(self.probabilities)
        right.addWidget(self.compared)
        from ui.demo.charts import StoryChart  # pyqtgraph: only once the page is built

        self.chart = StoryChart(self)
        right.addWidget(self.chart, 1)
        layout.addLayout(right, 6)

    def open(self, workspace: Path, model_id: int, features: list[str]) -> None:
        """Load the model (on a worker); the form shows ``features`` (the top drivers)."""
        self.features = list(features)
        self.opener = jobs.LatestJob(workspace, self)
        self.opener.finished.connect(self._opened)
        self.opener.failed.connect(self._problem)
        self.opener.crashed.connect(lambda _tag, text: self._problem(_tag, text, ""))
        self.explainer = jobs.LatestJob(workspace, self)
        self.explainer.finished.connect(self._explained)
        self.explainer.failed.connect(self._problem)
        self.explainer.crashed.connect(lambda _tag, text: self._problem(_tag, text, ""))
        self.opener.run(jobs.open_whatif(workspace, model_id), model_id)

    def is_busy(self) -> bool:
        return any(job is not None and job.is_running() for job in (self.opener, self.explainer)) \
            or self._debounce.isActive()

    @Slot(object, object)
    def _opened(self, _tag, payload) -> None:
        self.session, fields = payload
        rank = {name: i for i, name in enumerate(self.features)}
        wanted = sorted((f for f in fields if f["name"] in rank), key=lambda f: rank[f["name"]])
        wanted = wanted or fields
        self.status.setText("The top drivers; every other input keeps a typical value.")
        self.form.set_fields(wanted[:FORM_FIELDS])

    @Slot()
    def _explain(self) -> None:
        if self.session is None or self.explainer is None:
            return
        session, values = self.session, self.form.values()
        self.explainer.run(lambda _reporter: session.explain(values), "explain")

    @Slot(object, object)
    def _explained(self, _tag, answer: dict) -> None:
        self.answer = answer
        big, line = prediction_words(answer)
        self.prediction.setText(big)
        self.probabilities.setText(line)
        baseline, output = answer.get("baseline_output"), answer.get("output")
        if baseline is not None and output is not None:
            fmt = "{:.2f}" if answer.get("probabilities") else "{:,.4g}"
            self.compared.setText(f"A typical case: {fmt.format(baseline)}; these values: "
                                  f"{fmt.format(output)} ({answer.get('output_name', 'output')}). "
                                  "Orange bars raise it, blue bars lower it.")
        self.chart.set_chart(contribution_chart(answer))

    def _problem(self, _tag, message: str, hint: str) -> None:
        self.status.setText(f"{message} {hint}".strip())

    def apply_scale(self, scale) -> None:
        """Chart type and form spacing for the window's size (fonts come from the stylesheet)."""
        self.form.layout_.setVerticalSpacing(scale.px(18))
        self.form.layout_.setHorizontalSpacing(scale.px(24))
        self.chart.font_px = scale.chart
        self.chart.apply_palette()

    def stop(self) -> None:
        self._debounce.stop()
        for job in (self.opener, self.explainer):
            if job is not None:
                job.cancel()
                job.wait(10_000)
