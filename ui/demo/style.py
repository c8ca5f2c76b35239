"""Demo mode's look: a light presentation palette and type sized from the window's height.

Everything is in pixels of the window height (``Scale``), so a page reads the same on a
1920×1080 projector and a 1366×768 laptop: the headline is 1/20 of the height, body text 1/36.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from ui.widgets.palette import ACCENT, BASELINE_COLOURS, SERIES_COLOURS, WARNING

BACKGROUND = "#ffffff"
TEXT = "#1d232b"
MUTED = "#5c6673"
CARD = "#eef4f9"
HEADLINE = "#0b3d5e"
# Chart roles (engine.story): the model, the no-ML baseline, the best point, the rest.
ROLE_COLOURS = {"accent": ACCENT, "baseline": BASELINE_COLOURS[0],
                "baseline2": BASELINE_COLOURS[1], "best": WARNING,
                "neutral": SERIES_COLOURS[5], "up": WARNING, "down": ACCENT}


@dataclass(frozen=True)
class Scale:
    """Pixel sizes for a window ``height`` pixels tall."""

    height: int

    def px(self, at_1080: float) -> int:
        """A size given for a 1080-pixel-tall screen, scaled to this one."""
        return max(1, round(at_1080 * self.height / 1080))

    @property
    def headline(self) -> int:
        return self.px(54)

    @property
    def body(self) -> int:
        return self.px(30)

    @property
    def small(self) -> int:
        return self.px(22)

    @property
    def figure(self) -> int:
        return self.px(72)

    @property
    def chart(self) -> int:
        return self.px(24)

    @property
    def margin(self) -> int:
        return self.px(72)


def palette() -> QPalette:
    """Dark text on white: what projectors and shared screens show best."""
    pal = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, BACKGROUND), (QPalette.ColorRole.Base, BACKGROUND),
        (QPalette.ColorRole.WindowText, TEXT), (QPalette.ColorRole.Text, TEXT),
        (QPalette.ColorRole.ButtonText, TEXT), (QPalette.ColorRole.Button, CARD),
        (QPalette.ColorRole.PlaceholderText, MUTED), (QPalette.ColorRole.Mid, "#c9d1d9"),
        (QPalette.ColorRole.Link, ACCENT), (QPalette.ColorRole.AlternateBase, CARD),
    ):
        pal.setColor(role, QColor(colour))
    return pal


def stylesheet(scale: Scale) -> str:
    """The demo window's stylesheet at ``scale`` (regenerated when the window is resized)."""
    return f"""
    QWidget#demoWindow {{ background: {BACKGROUND}; }}
    QLabel {{ color: {TEXT}; font-size: {scale.body}px; }}
    QLabel[demo="kicker"] {{ color: {ACCENT}; font-size: {scale.px(26)}px; font-weight: 600;
        letter-spacing: 1px; }}
    QLabel[demo="headline"] {{ color: {HEADLINE}; font-size: {scale.headline}px;
        font-weight: 700; }}
    QLabel[demo="point"] {{ font-size: {scale.body}px; }}
    QLabel[demo="section"] {{ font-size: {scale.px(32)}px; font-weight: 700; }}
    QLabel[demo="muted"] {{ color: {MUTED}; font-size: {scale.small}px; }}
    QLabel[demo="footer"] {{ color: {MUTED}; font-size: {scale.px(20)}px; }}
    QLabel[demo="prediction"] {{ color: {HEADLINE}; font-size: {scale.figure}px;
        font-weight: 700; }}
    QFrame[demo="card"] {{ background: {CARD}; border-radius: {scale.px(12)}px; }}
    QLabel[demo="figureValue"] {{ color: {HEADLINE}; font-size: {scale.figure}px;
        font-weight: 700; background: transparent; }}
    QLabel[demo="figureLabel"] {{ color: #3a434e; font-size: {scale.small}px;
        background: transparent; }}
    QLabel[demo="figureNote"] {{ color: {MUTED}; font-size: {scale.px(20)}px;
        background: transparent; }}
    QWidget#demoWhatIfForm QLabel, QWidget#demoWhatIfForm QComboBox,
    QWidget#demoWhatIfForm QDoubleSpinBox, QWidget#demoWhatIfForm QLineEdit {{
        font-size: {scale.px(26)}px; }}
    QWidget#demoEditor {{ background: {CARD}; }}
    QWidget#demoEditor QLabel, QWidget#demoEditor QLineEdit, QWidget#demoEditor QCheckBox,
    QWidget#demoEditor QPushButton, QWidget#demoEditor QDoubleSpinBox {{
        font-size: {max(13, scale.px(18))}px; }}
    """
