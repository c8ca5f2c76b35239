"""Light and dark palettes that follow the system, the Fusion style and one accent colour.

Fusion honours any palette on every platform, so one pair of palettes gives the same calm look
on Windows, macOS and Linux. Sizes in the stylesheet are in device-independent pixels (Qt scales
them at 200 %) and fonts are the system's, scaled relatively: nothing breaks on high-DPI screens.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget


@dataclass(frozen=True)
class Colors:
    window: str
    surface: str  # cards, tables, inputs
    text: str
    muted: str  # secondary text
    border: str
    accent: str
    accent_text: str  # text on the accent colour
    good: str  # beats the baseline
    warn: str  # does not beat it
    selection: str  # a tint of the accent: selected rows stay readable and calm


LIGHT = Colors(
    window="#f5f6f8", surface="#ffffff", text="#1d232b", muted="#5c6673", border="#dde1e6",
    accent="#0072b2", accent_text="#ffffff", good="#1f7a4d", warn="#a15c07",
    selection="#d5e7f4",
)
DARK = Colors(
    window="#1c1f24", surface="#25292f", text="#e7e9ec", muted="#9aa3ad", border="#363b43",
    accent="#56b4e9", accent_text="#0f1216", good="#5cc08a", warn="#e0a54a",
    selection="#1e3d55",
)

# Selectors refer to objectNames and dynamic properties so widgets opt in by name, not by class.
_follower = None  # the slot that re-themes on system colour-scheme changes

STYLESHEET = """
QFrame#projectCard {{
    background: {c.surface}; border: 1px solid {c.border}; border-radius: 8px;
}}
QFrame#projectCard:hover, QFrame#projectCard:focus {{ border: 1px solid {c.accent}; }}
QFrame#emptyState, QFrame#panel, QFrame[panel="true"] {{
    background: {c.surface}; border: 1px solid {c.border}; border-radius: 10px;
}}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="good"] {{ color: {c.good}; }}
QLabel[role="warn"] {{ color: {c.warn}; }}
QPushButton {{ padding: 6px 14px; }}
QPushButton[primary="true"] {{
    background: {c.accent}; color: {c.accent_text}; border: 1px solid {c.accent};
    border-radius: 6px; padding: 8px 18px; font-weight: 600;
}}
QPushButton[primary="true"]:hover {{ background: {hover}; }}
QPushButton[secondary="true"] {{
    background: {c.surface}; color: {c.text}; border: 1px solid {c.border};
    border-radius: 6px; padding: 8px 18px;
}}
QPushButton[secondary="true"]:hover {{ border-color: {c.accent}; }}
QPushButton[large="true"] {{ padding: 11px 26px; }}
QPushButton#backButton {{
    border: none; background: transparent; color: {c.accent}; padding: 4px 0; text-align: left;
}}
QPushButton#backButton:hover {{ text-decoration: underline; }}
QPushButton[primary="true"]:disabled {{ background: {c.border}; border-color: {c.border}; }}
QPushButton[secondary="true"]:disabled {{ color: {c.muted}; background: transparent; }}
QTableView {{
    background: {c.surface}; border: 1px solid {c.border}; border-radius: 6px;
    gridline-color: {c.border};
}}
QHeaderView::section {{
    background: {c.window}; color: {c.muted}; border: none;
    border-bottom: 1px solid {c.border}; padding: 5px 8px;
}}
QScrollArea {{ border: none; background: transparent; }}
QStatusBar {{ color: {c.muted}; }}
"""


def is_dark(app: QGuiApplication | None = None) -> bool:
    """Whether the system asks for a dark colour scheme (Qt 6.5+; Unknown counts as light)."""
    app = app or QGuiApplication.instance()
    return app is not None and app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def colors(dark: bool | None = None) -> Colors:
    """The colours in use (of the system's scheme unless ``dark`` is given)."""
    if dark is None:
        app = QApplication.instance()
        dark = bool(app.property("firstwinDark")) if app is not None else False
    return DARK if dark else LIGHT


def palette(c: Colors) -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window,
        QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.surface,
        QPalette.ColorRole.AlternateBase: c.window,
        QPalette.ColorRole.Text: c.text,
        QPalette.ColorRole.Button: c.surface,
        QPalette.ColorRole.ButtonText: c.text,
        QPalette.ColorRole.ToolTipBase: c.surface,
        QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.PlaceholderText: c.muted,
        QPalette.ColorRole.Highlight: c.selection,
        QPalette.ColorRole.HighlightedText: c.text,
        QPalette.ColorRole.Link: c.accent,
        QPalette.ColorRole.Accent: c.accent,
        QPalette.ColorRole.Mid: c.border,
        QPalette.ColorRole.Midlight: c.border,
    }
    for role, value in roles.items():
        pal.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.muted))
    return pal


def apply_theme(app: QApplication, appearance: str = "system") -> None:
    """Fusion + the palette for ``appearance`` ("system", "light", "dark") + the stylesheet.

    With "system" the theme follows later system changes too (colorSchemeChanged).
    """
    app.setStyle("Fusion")
    dark = is_dark(app) if appearance == "system" else appearance == "dark"
    c = colors(dark)
    app.setProperty("firstwinDark", dark)
    app.setPalette(palette(c))
    hover = QColor(c.accent).lighter(112) if dark else QColor(c.accent).darker(112)
    app.setStyleSheet(STYLESHEET.format(c=c, hover=hover.name()))
    hints = app.styleHints()
    # Replace the previous follower so a changed preference does not leave an old one behind.
    global _follower
    if _follower is not None:
        hints.colorSchemeChanged.disconnect(_follower)
        _follower = None
    if appearance == "system":
        def follow(_scheme) -> None:
            apply_theme(app, "system")

        hints.colorSchemeChanged.connect(follow)
        _follower = follow


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    """The widget's font scaled by ``factor`` (relative to the system size, DPI-safe)."""
    font = QFont(widget.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * factor)
    font.setBold(bold)
    return font


def set_role(widget: QWidget, role: str) -> None:
    """Tag a label with a stylesheet role ("muted", "good", "warn") and restyle it."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
