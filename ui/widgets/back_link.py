"""The "← Back to …" link at the top of a feature page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from ui.names import name as set_name

STYLE = ("QPushButton { border: none; background: transparent; color: palette(link); "
         "padding: 4px 0; text-align: left; } QPushButton:hover { text-decoration: underline; }")


def back_link(text: str, object_name: str) -> QPushButton:
    """A flat button drawn as a link in the theme's link colour, underlined on hover."""
    button = QPushButton(text)
    set_name(button, object_name)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setStyleSheet(STYLE)
    return button
