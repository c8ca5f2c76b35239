"""Shared helpers for the wizard tests: small data files and driving the wizard like a user.

This module holds no tests; the wizard test modules import these fixtures and functions.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from storage import Store
from ui.wizard import PocWizard
from ui.wizard.poc_wizard import CLEAN, DATA, TARGET, TRAIN

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "telco_churn.csv"
WAIT_MS = 120_000  # generous: the machine is shared; nothing here is a timing assertion


def write_sample_slice(folder: Path, rows: int = 600, name: str = "telco_slice.csv") -> Path:
    """The first ``rows`` rows of the bundled Telco sample, as a CSV in ``folder``."""
    path = folder / name
    pd.read_csv(SAMPLE, nrows=rows).to_csv(path, index=False)
    return path


@pytest.fixture
def store(workspace: Path) -> Store:
    opened = Store.open(workspace)
    yield opened
    opened.close()


@pytest.fixture
def slice_csv(tmp_path: Path) -> Path:
    return write_sample_slice(tmp_path)


@pytest.fixture
def wizard(qtbot, store) -> PocWizard:
    created = PocWizard(store)
    qtbot.addWidget(created)
    created.show()
    yield created
    stop_everything(created)


def stop_everything(wizard: PocWizard) -> None:
    """Cancel whatever still runs so no thread outlives the test."""
    for page in (wizard.dataPage, wizard.targetPage, wizard.annotatePage, wizard.trainPage,
                 wizard.resultsPage):
        page.worker.cancel()
        page.worker.wait(60_000)


def type_path_and_enter(qtbot, wizard: PocWizard, path: Path) -> None:
    """What a user does: type the path into dataPathEdit and press Enter."""
    edit = wizard.dataPage.dataPathEdit
    edit.clear()
    qtbot.keyClicks(edit, str(path))
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def load(qtbot, wizard: PocWizard, path: Path) -> None:
    """Go to the data page, load ``path`` and wait until it is read and profiled."""
    if wizard.currentId() < DATA:
        wizard.framePage.projectNameEdit.setText(wizard.framePage.projectNameEdit.text() or "Churn test")
        wizard.next()
    type_path_and_enter(qtbot, wizard, path)
    qtbot.waitUntil(lambda: wizard.dataPage.isComplete() and wizard.state.data is not None,
                    timeout=WAIT_MS)


def to_target(qtbot, wizard: PocWizard, path: Path, target: str = "Churn", task: str = "auto") -> None:
    """Load ``path``, go to the target page and check ``target`` as ``task``."""
    load(qtbot, wizard, path)
    wizard.next()
    assert wizard.currentId() == TARGET
    qtbot.waitUntil(lambda: not wizard.targetPage.worker.is_running(), timeout=WAIT_MS)
    if wizard.targetPage.targetCombo.currentText() != target or task != "auto":
        wizard.targetPage.choose(target, task)
    qtbot.waitUntil(wizard.targetPage.isComplete, timeout=WAIT_MS)


def to_train(qtbot, wizard: PocWizard, path: Path, candidates: list[str] | None = ("linear",)) -> None:
    """Through data, target and clean to the train page; few candidates keep tests quick."""
    to_target(qtbot, wizard, path)
    wizard.next()
    assert wizard.currentId() == CLEAN
    wizard.next()
    assert wizard.currentId() == TRAIN
    wizard.state.candidates = list(candidates) if candidates else None


def train(qtbot, wizard: PocWizard) -> None:
    """Press Start training and wait until the page is complete."""
    wizard.trainPage.startTrainingButton.click()
    qtbot.waitUntil(wizard.trainPage.isComplete, timeout=WAIT_MS)
