"""Preferences → Compute: run on this computer or on a Dask cluster, and test the connection.

The choice belongs to the workspace (``engine.compute``, kept with ``Store.set_setting``). The
connection test runs on a StageWorker: reaching a scheduler can take seconds, or time out.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.compute.choice import (
    CLUSTER_ENV,
    SETTING_KEY,
    ComputeChoice,
    normalise_address,
    workspace_choice,
)
from ui import theme
from ui.names import name as set_name
from ui.worker import StageWorker

MODE_WORDS = {"local": "This computer", "dask": "Dask cluster"}
NOTE = ("Training and large monitoring batches run there. The workers need the same FirstWin, "
        "Python and scikit-learn as this computer.")
NO_ADDRESS = ("Enter the Dask scheduler's address, or choose This computer.",
              "It looks like tcp://host:8786; the port defaults to 8786.")


def compute_status(store) -> str:
    """The status bar's words for where work runs in this workspace ($FIRSTWIN_CLUSTER counts)."""
    choice = workspace_choice(store)
    return f"Compute: Dask cluster {choice.address}" if choice.uses_cluster else "Compute: this computer"


def test_cluster(address: str):
    """Connect to ``address`` and describe it (engine.compute.ClusterInfo); runs on a worker."""
    from engine.compute import cluster

    # The timeout is read when called, not bound at import, so a test can shorten it.
    return cluster.test_connection(address, cluster.CONNECT_TIMEOUT)


test_cluster.__test__ = False  # not a pytest test, whatever its name


class ComputeSection(QWidget):
    """The compute choice's widgets; ``set_choice``/``choice``/``validate`` for the dialog."""

    resultChanged = Signal()  # the result line changed height: the dialog may need to grow

    def __init__(self, workspace: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "computeSection")
        self.worker = StageWorker(workspace, self)
        self.worker.finished.connect(self._connected)
        self.worker.failed.connect(self.show_problem)
        self.worker.crashed.connect(lambda text: self.show_problem(text, ""))

        self.mode_combo = QComboBox()
        set_name(self.mode_combo, "computeCombo", "Where training runs")
        for key, words in MODE_WORDS.items():
            self.mode_combo.addItem(words, key)
        self.address_edit = QLineEdit()
        set_name(self.address_edit, "clusterAddressEdit", "Dask scheduler address")
        self.address_edit.setPlaceholderText("tcp://host:8786")
        self.test_button = QPushButton("Test connection")
        set_name(self.test_button, "testConnectionButton")
        self.result_label = QLabel()
        set_name(self.result_label, "connectionResultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()
        note = QLabel(NOTE)
        note.setWordWrap(True)
        theme.set_role(note, "muted")

        address_row = QHBoxLayout()
        address_row.addWidget(self.address_edit, 1)
        address_row.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.mode_combo, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(address_row)
        layout.addWidget(self.result_label)
        layout.addWidget(note)
        overridden = os.environ.get(CLUSTER_ENV, "").strip()
        if overridden:  # the environment wins over the workspace's choice: say so
            override = QLabel(f"${CLUSTER_ENV} is set ({overridden}): it overrides this choice "
                              "until it is unset.")
            override.setWordWrap(True)
            theme.set_role(override, "warn")
            layout.addWidget(override)

        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        self.address_edit.textEdited.connect(self._clear_result)
        self.test_button.clicked.connect(self.test_connection)
        self._mode_changed()

    # --- the choice ---------------------------------------------------------------------------
    def set_choice(self, choice: ComputeChoice) -> None:
        self.mode_combo.setCurrentIndex(max(self.mode_combo.findData(choice.mode), 0))
        self.address_edit.setText(choice.address)
        self._mode_changed()

    def choice(self) -> ComputeChoice:
        """What the widgets say; a Dask cluster without an address is not valid (``validate``)."""
        address = normalise_address(self.address_edit.text())
        if self.mode_combo.currentData() == "dask" and address:
            return ComputeChoice.cluster(address)
        return ComputeChoice.local(address)

    def validate(self) -> bool:
        """False (and says why, beside the field) for a Dask cluster without an address."""
        if self.mode_combo.currentData() == "dask" and not normalise_address(self.address_edit.text()):
            self.show_problem(*NO_ADDRESS)
            self.address_edit.setFocus()
            return False
        return True

    def load(self, store) -> None:
        self.set_choice(ComputeChoice.from_setting(store.setting(SETTING_KEY)))

    def save(self, store) -> None:
        choice = self.choice()
        if choice != ComputeChoice.from_setting(store.setting(SETTING_KEY)):
            store.set_setting(SETTING_KEY, choice.to_setting())

    # --- testing the connection ---------------------------------------------------------------
    def is_testing(self) -> bool:
        return self.worker.is_running()

    @Slot()
    def test_connection(self) -> None:
        address = normalise_address(self.address_edit.text())
        if not address:
            self.show_problem(*NO_ADDRESS)
            return
        if self.worker.is_running():
            return
        self._show_result("Connecting…", "muted")
        self.worker.start(lambda reporter: test_cluster(address))
        self._mode_changed()

    def _connected(self, info) -> None:
        sklearn = info.versions.get("scikit-learn")
        words = f"Connected: {info.describe()}" + (f" · scikit-learn {sklearn}" if sklearn else "")
        self._show_result(escape(words), "good")
        self._mode_changed()

    def show_problem(self, message: str, hint_text: str) -> None:
        text = f"<b>{escape(message)}</b>" + (f"<br>{escape(hint_text)}" if hint_text else "")
        self._show_result(text, "warn")
        self.result_label.setAccessibleDescription(f"{message} {hint_text}".strip())
        self._mode_changed()

    def _show_result(self, html: str, role: str) -> None:
        self.result_label.setText(html)
        self.result_label.setAccessibleDescription("")
        theme.set_role(self.result_label, role)
        self.result_label.show()
        self.resultChanged.emit()

    @Slot()
    def _clear_result(self) -> None:
        if not self.worker.is_running():
            self.result_label.clear()
            self.result_label.hide()
            self.resultChanged.emit()

    @Slot()
    def _mode_changed(self) -> None:
        on_cluster = self.mode_combo.currentData() == "dask"
        self.address_edit.setEnabled(on_cluster)
        self.test_button.setEnabled(on_cluster and not self.worker.is_running())
        if not on_cluster and not self.worker.is_running():
            self._clear_result()
