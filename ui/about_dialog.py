"""About FirstWin: what it is, its version, the libraries it runs on, and where data lives."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.error_dialog import log_path
from ui.names import name as set_name


def _version(distribution: str) -> str:
    # importlib.metadata reads the installed version without importing the package (fast).
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


class AboutDialog(QDialog):
    def __init__(self, workspace: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "aboutDialog")
        self.setWindowTitle("About FirstWin")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 16)
        layout.setSpacing(8)

        title = QLabel("FirstWin")
        title.setFont(theme.scaled_font(self, 1.8, bold=True))
        version = QLabel(f"Version {_version('firstwin')}")
        theme.set_role(version, "muted")
        tagline = QLabel(
            "From a business question and a spreadsheet to a first honest ML win, "
            "offline, on one laptop. Every model is measured against a simple rule "
            "that uses no ML."
        )
        tagline.setWordWrap(True)
        libraries = QLabel(
            f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {PySide6.__version__}\n"
            f"pyqtgraph {_version('pyqtgraph')} · scikit-learn {_version('scikit-learn')}"
            f" · pandas {_version('pandas')}"
        )
        theme.set_role(libraries, "muted")
        where = QLabel(f"Workspace: {workspace}\nLog file: {log_path(workspace)}")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        theme.set_role(where, "muted")
        licence = QLabel("Licensed under the Apache License 2.0.")
        theme.set_role(licence, "muted")

        layout.addWidget(title)
        layout.addWidget(version)
        layout.addSpacing(12)
        layout.addWidget(tagline)
        layout.addSpacing(8)
        for label in (libraries, where, licence):
            layout.addWidget(label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addSpacing(8)
        layout.addWidget(buttons)
