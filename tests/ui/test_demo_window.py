"""Demo mode: the story full screen, turned with keys and clickers, edited and remembered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from engine.story import save_settings
from storage import Store
from tests.engine import story_support as support
from ui.demo.demo_window import DemoWindow
from ui.demo.style import Scale, stylesheet

WAIT_MS = 120_000


@pytest.fixture
def workspace(tmp_path):
    return support.story_workspace(tmp_path)


@pytest.fixture
def project_id(workspace):
    with Store.open(workspace) as store:
        return store.project_by_name(support.PROJECT).id


@pytest.fixture
def open_demo(qtbot, workspace, project_id):
    """Open a demo window on the story workspace and wait for its story."""
    windows = []

    def open_() -> DemoWindow:
        window = DemoWindow(workspace, project_id)
        windows.append(window)
        window.resize(1366, 768)
        window.show()
        with qtbot.waitSignal(window.storyShown, timeout=WAIT_MS):
            window.load()
        return window

    yield open_
    for window in windows:
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def keys(window) -> list[str]:
    return [page.page["key"] for page in window.pages]


def test_the_story_opens_on_its_first_page_with_a_page_indicator(open_demo):
    window = open_demo()
    assert keys(window) == ["question", "data", "versus", "value", "drivers", "whatif",
                            "monitoring", "next"]
    assert window.current_page()["key"] == "question"
    assert window.indicator.text().endswith("1 / 8")
    assert window.pages[0].headline.text() == support.QUESTION


def test_arrows_space_and_clicker_keys_turn_the_pages(open_demo, qtbot):
    window = open_demo()
    for key, expected in ((Qt.Key.Key_Right, "data"), (Qt.Key.Key_Space, "versus"),
                          (Qt.Key.Key_PageDown, "value"), (Qt.Key.Key_Left, "versus"),
                          (Qt.Key.Key_PageUp, "data"), (Qt.Key.Key_End, "next"),
                          (Qt.Key.Key_Right, "next"), (Qt.Key.Key_Home, "question")):
        qtbot.keyClick(window, key)
        assert window.current_page()["key"] == expected
    assert window.indicator.text().endswith("1 / 8")


def test_escape_leaves_the_presentation(open_demo, qtbot):
    window = open_demo()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_hidden_pages_are_skipped(open_demo, qtbot, workspace, project_id):
    with Store.open(workspace) as store:
        save_settings(store, project_id, {"hidden": ["data", "whatif"]})
    window = open_demo()
    assert keys(window) == ["question", "versus", "value", "drivers", "monitoring", "next"]
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.current_page()["key"] == "versus"
    assert window.whatif is None  # a hidden what-if page loads no model


def test_an_edited_headline_is_stored_and_shown_after_reopening(open_demo, qtbot):
    window = open_demo()
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.keyClick(window, Qt.Key.Key_E)
    assert window.modes.currentWidget() is window.editor
    _shown, headline = window.editor.rows["data"]
    headline.setText("Six hundred customers, one in four left.")
    with qtbot.waitSignal(window.storyShown, timeout=WAIT_MS):
        window.editor.save_button.click()
    assert window.modes.currentWidget() is not window.editor
    assert window.current_page()["key"] == "data"  # the presenter stays where they were
    assert window.pages[1].headline.text() == "Six hundred customers, one in four left."
    window.close()

    again = open_demo()
    assert again.pages[1].headline.text() == "Six hundred customers, one in four left."


def test_the_editor_hides_pages_and_escape_cancels_it(open_demo, qtbot):
    window = open_demo()
    qtbot.keyClick(window, Qt.Key.Key_E)
    window.editor.rows["monitoring"][0].setChecked(False)
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)
    assert window.modes.currentWidget() is not window.editor and "monitoring" in keys(window)

    qtbot.keyClick(window, Qt.Key.Key_E)
    window.editor.rows["monitoring"][0].setChecked(False)
    window.editor.volume.setText("2,500")
    with qtbot.waitSignal(window.storyShown, timeout=WAIT_MS):
        window.editor.save_button.click()
    assert "monitoring" not in keys(window)
    assert window.story["money_unit"] == "a month" and window.story["monthly_volume"] == 2500


def test_the_editor_refuses_a_volume_that_is_not_a_number(open_demo, qtbot):
    window = open_demo()
    qtbot.keyClick(window, Qt.Key.Key_E)
    window.editor.volume.setText("lots")
    window.editor.save_button.click()
    assert window.modes.currentWidget() is window.editor
    assert "positive number" in window.editor.message.text()


def test_the_whatif_page_answers_live_and_keeps_arrow_keys_for_its_fields(open_demo, qtbot):
    window = open_demo()
    window.go_to(keys(window).index("whatif"))
    panel = window.whatif
    qtbot.waitUntil(lambda: panel.answer is not None and not panel.is_busy(), timeout=WAIT_MS)
    first = panel.prediction.text()
    assert first.endswith("%") and panel.chart.chart["bars"]
    editor = next(iter(panel.form.inputs.values()))
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Right)  # the field's own key
    assert window.current_page()["key"] == "whatif"
    qtbot.keyClick(editor, Qt.Key.Key_PageDown)  # a clicker always turns the page
    assert window.current_page()["key"] == "monitoring"


def test_type_is_sized_from_the_window_height():
    laptop, projector = Scale(768), Scale(1080)
    assert projector.headline == 54 and laptop.headline == 38
    assert "font-size: 38px" in stylesheet(laptop) and "font-size: 54px" in stylesheet(projector)
