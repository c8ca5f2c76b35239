"""Stable names for automation: the objectName, also the accessible name (docs/automation.md).

Test tools and screen-reader-based automation find widgets by these names, so they never change
with the wording on screen. The human words go in the accessible description instead.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def name(widget: QWidget, object_name: str, description: str = "") -> QWidget:
    """Give ``widget`` its stable name (objectName + accessibleName) and a description in words."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(object_name)
    if description:
        widget.setAccessibleDescription(description)
    return widget
