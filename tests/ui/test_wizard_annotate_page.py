"""The wizard's Annotate page: shown only when the target has blanks or near-duplicate names."""
# ruff: noqa: F811 - the fixtures imported from test_wizard_helpers are named as arguments

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from tests.ui.test_wizard_helpers import (  # noqa: F401 - fixtures
    SAMPLE,
    WAIT_MS,
    slice_csv,
    store,
    to_target,
    wizard,
)
from ui.wizard.poc_wizard import ANNOTATE, CLEAN, TRAIN

BLANK_ROWS = [3, 10, 25, 40, 77]


@pytest.fixture
def blanks_csv(tmp_path: Path) -> Path:
    frame = pd.read_csv(SAMPLE, nrows=400)
    frame.loc[BLANK_ROWS, "Churn"] = None
    path = tmp_path / "blanks.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture
def spellings_csv(tmp_path: Path) -> Path:
    frame = pd.read_csv(SAMPLE, nrows=400)
    yes = frame.index[frame["Churn"] == "Yes"][:4]
    frame.loc[yes, "Churn"] = "yes "
    path = tmp_path / "spellings.csv"
    frame.to_csv(path, index=False)
    return path


def to_annotate(qtbot, wizard, path: Path) -> None:
    to_target(qtbot, wizard, path)
    wizard.next()
    assert wizard.currentId() == CLEAN
    wizard.next()
    assert wizard.currentId() == ANNOTATE


def test_blanks_go_clean_annotate_train_and_keys_label_rows(qtbot, wizard, blanks_csv):
    to_annotate(qtbot, wizard, blanks_csv)
    page = wizard.annotatePage
    assert "Step 5 of 7" in page.header.stepLabel.text()
    assert "saved with the data when training starts" in page.header.subtitleLabel.text()
    qtbot.waitUntil(lambda: not page.worker.is_running(), timeout=WAIT_MS)
    tab = page.labelTab
    assert sorted(tab.session.order) == BLANK_ROWS
    assert tab.buttons.classes == ["No", "Yes"]
    first, second, third = tab.session.order[:3]
    qtbot.keyClick(tab, Qt.Key.Key_2)  # "Yes"
    qtbot.keyClick(tab, Qt.Key.Key_S)  # skip
    qtbot.keyClick(tab, Qt.Key.Key_Backspace)  # take the skip back
    qtbot.keyClick(tab, Qt.Key.Key_1)  # "No"
    assert tab.session.current() == third
    if tab.suggestions:  # the quick model found a guess: Enter accepts it
        guess = tab.suggestions[third][0]
        qtbot.keyClick(tab, Qt.Key.Key_Return)
        assert tab.session.labels[third] == guess
    assert tab.session.labels[first] == "Yes" and tab.session.labels[second] == "No"

    wizard.next()
    assert wizard.currentId() == TRAIN
    assert "Step 6 of 7" in wizard.trainPage.header.stepLabel.text()
    churn = wizard.state.training_frame()["Churn"]
    assert churn.iloc[first] == "Yes" and churn.iloc[second] == "No"
    assert wizard.state.data.frame["Churn"].iloc[first] is None or pd.isna(
        wizard.state.data.frame["Churn"].iloc[first])  # the loaded frame is untouched
    assert churn.isna().sum() == len(BLANK_ROWS) - len(tab.session.labels)

    version = wizard.state.annotation_version
    wizard.back()  # Back keeps the labels
    assert wizard.currentId() == ANNOTATE
    assert tab.session.labels[first] == "Yes"
    wizard.next()
    assert wizard.state.annotation_version == version  # the same labels: nothing to redo


def test_without_blanks_the_page_is_skipped_and_back_returns_to_clean(qtbot, wizard, slice_csv):
    to_target(qtbot, wizard, slice_csv)
    wizard.next()
    assert wizard.currentId() == CLEAN
    wizard.next()
    assert wizard.currentId() == TRAIN
    assert wizard.state.training_frame() is wizard.state.data.frame
    wizard.back()
    assert wizard.currentId() == CLEAN


def test_near_duplicate_names_are_merged_when_ticked(qtbot, wizard, spellings_csv):
    to_annotate(qtbot, wizard, spellings_csv)
    page = wizard.annotatePage
    assert not page.labelTab.isVisible()  # nothing to label, only names to merge
    assert page.mergePanel.isVisible() and len(page.mergeChecks) == 1
    assert "“yes”" in page.mergeChecks[0].text()  # the importer trims the space
    wizard.next()
    assert wizard.state.training_frame() is wizard.state.data.frame  # not ticked: unchanged
    wizard.back()
    page.mergeChecks[0].setChecked(True)
    wizard.next()
    assert wizard.currentId() == TRAIN
    churn = wizard.state.training_frame()["Churn"]
    assert set(churn.unique()) == {"Yes", "No"}
    assert wizard.state.spec().task == "binary"
