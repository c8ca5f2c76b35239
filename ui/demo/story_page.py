"""One demo page drawn from a story page dict: kicker, headline, big numbers, words, a chart."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.demo.style import Scale
from ui.names import name as set_name

MAX_POINTS = 3


def label(text: str, role: str, object_name: str = "") -> QLabel:
    """A word-wrapped label styled by the demo stylesheet's ``demo`` role."""
    widget = QLabel(text)
    widget.setProperty("demo", role)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if object_name:
        set_name(widget, object_name)
    return widget


def figure_card(figure: dict) -> QFrame:
    """A big number with its label above and its note below."""
    card = QFrame()
    card.setProperty("demo", "card")
    layout = QVBoxLayout(card)
    layout.setSpacing(2)
    layout.addWidget(label(figure["label"], "figureLabel"))
    value = label(figure["value"], "figureValue")
    value.setWordWrap(False)
    layout.addWidget(value)
    if figure.get("note"):
        layout.addWidget(label(figure["note"], "figureNote"))
    layout.addStretch(1)
    return card


def points_box(points: list[str], title: str = "") -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(10)
    if title:
        layout.addWidget(label(title, "section"))
    for text in points[:MAX_POINTS + 1 if title else MAX_POINTS]:
        layout.addLayout(bullet(text))
    layout.addStretch(1)
    return box


def bullet(text: str) -> QHBoxLayout:
    """A bullet point whose wrapped lines hang under its first word."""
    row = QHBoxLayout()
    row.setSpacing(14)
    dot = label("•", "point")
    dot.setWordWrap(False)
    row.addWidget(dot, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(label(text, "point"), 1)
    return row


class StoryPage(QWidget):
    """A story page. ``chart`` is its StoryChart (None without one); ``extra`` a side widget."""

    def __init__(self, page: dict, parent: QWidget | None = None, extra: QWidget | None = None) -> None:
        super().__init__(parent)
        self.extra = extra
        set_name(self, f"demoPage_{page['key']}")
        self.page = page
        self.chart = None
        self.scale = Scale(1080)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(18)
        self.kicker = label(f"{page['title'].upper()}", "kicker", "demoKicker")
        self.headline = label(page["headline"], "headline", "demoHeadline")
        layout.addWidget(self.kicker)
        layout.addWidget(self.headline)
        layout.addSpacing(12)
        self.body = QHBoxLayout()
        self.body.setSpacing(48)
        layout.addLayout(self.body, 1)
        if extra is not None:
            self.body.addWidget(extra, 1)
            return
        chart = page.get("chart")
        left = QVBoxLayout()
        left.setSpacing(24)
        if page["figures"]:
            left.addLayout(self._figures(page["figures"], columns=2 if chart else 3))
        if page["sections"]:
            sections = QHBoxLayout()
            sections.setSpacing(48)
            for section in page["sections"]:
                sections.addWidget(points_box(section["points"], section["title"]), 1)
            left.addLayout(sections, 1)
        else:
            left.addWidget(points_box(page["points"]), 1)
        self.body.addLayout(left, 5 if chart else 1)
        if chart:
            self.body.addWidget(self._chart(chart), 6)

    @staticmethod
    def _figures(figures: list[dict], columns: int) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(16)
        for i, figure in enumerate(figures):
            grid.addWidget(figure_card(figure), i // columns, i % columns)
        return grid

    def _chart(self, chart: dict) -> QWidget:
        from ui.demo.charts import StoryChart  # pyqtgraph: only for pages that draw

        self.chart = StoryChart(self)
        self.chart.set_chart(chart, self.scale.chart)
        return self.chart

    def apply_scale(self, scale: Scale) -> None:
        """Resize the chart's type to the window (labels follow the window's stylesheet)."""
        self.scale = scale
        if hasattr(self.extra, "apply_scale"):
            self.extra.apply_scale(scale)
        if self.chart is not None:
            self.chart.set_chart(self.page["chart"], scale.chart)

    def shown(self) -> None:
        """Called when the presenter arrives on this page (the monitoring chart replays)."""
        if self.chart is not None and self.page.get("status") == "monitored":
            self.chart.replay()
