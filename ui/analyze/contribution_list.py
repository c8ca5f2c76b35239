"""What each value did to one prediction, as a list of signed bars drawn in one widget.

Okabe–Ito orange pushes the output up, blue pulls it down: a pair colour-blind eyes tell apart,
and every bar also carries its signed number.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.names import name as set_name
from ui.widgets.palette import is_dark

UP = ("#D55E00", "#E69F00")  # (light, dark): raises the output
DOWN = ("#0072B2", "#56B4E9")  # lowers it
ROW = 26
MAX_ROWS = 10


def signed(effect: float) -> str:
    """"+0.21", "−0.03" (a real minus sign), "+1,250" for large effects."""
    text = f"{effect:+.2f}" if abs(effect) < 100 else f"{effect:+,.0f}"
    return text.replace("-", "−")


def contribution_text(entry: dict) -> str:
    """"Contract = Month-to-month  +0.21"."""
    return f"{entry['feature']} = {_value(entry.get('value'))}  {signed(entry['effect'])}"


def _value(value) -> str:
    if value is None:
        return "(missing)"
    if isinstance(value, float):
        return f"{value:,.4g}"
    return str(value)


class ContributionList(QWidget):
    """Feature = value on the left, a bar from the middle line, the signed effect on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "contributionList")
        self.entries: list[dict] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_entries(self, entries: list[dict]) -> None:
        self.entries = list(entries)[:MAX_ROWS]
        self.setAccessibleDescription("; ".join(contribution_text(e) for e in self.entries))
        self.updateGeometry()
        self.update()

    def texts(self) -> list[str]:
        return [contribution_text(e) for e in self.entries]

    def sizeHint(self) -> QSize:
        return QSize(420, max(1, len(self.entries)) * ROW + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def paintEvent(self, _event) -> None:
        if not self.entries:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        dark = is_dark(palette)
        up, down = QColor(UP[dark]), QColor(DOWN[dark])
        text = palette.color(QPalette.ColorRole.Text)
        metrics = QFontMetrics(self.font())
        width = self.width()
        label_width = int(width * 0.46)
        number_width = metrics.horizontalAdvance("+0.000") + 8
        bar_left = label_width + 8
        bar_width = max(20, width - bar_left - number_width)
        # Zero sits where the largest pull down and push up both fit: no half left empty.
        down_most = max(max(-e["effect"] for e in self.entries), 0.0)
        up_most = max(max(e["effect"] for e in self.entries), 0.0)
        span = (down_most + up_most) or 1.0
        middle = bar_left + 2 + (bar_width - 4) * down_most / span
        scale = (bar_width - 4) / span
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(int(middle), 0, int(middle), len(self.entries) * ROW)
        for i, entry in enumerate(self.entries):
            top = i * ROW
            label = f"{entry['feature']} = {_value(entry.get('value'))}"
            painter.setPen(text)
            painter.drawText(QRectF(0, top, label_width, ROW),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width))
            effect = entry["effect"]
            length = abs(effect) * scale
            left = middle if effect >= 0 else middle - length
            painter.fillRect(QRectF(left, top + 6, length, ROW - 12), up if effect >= 0 else down)
            painter.setPen(text)
            painter.drawText(QRectF(width - number_width, top, number_width, ROW),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                             signed(effect))
        painter.end()
