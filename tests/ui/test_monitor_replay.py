"""Replay a file as a live feed: its rows scored in timed batches on a worker, the charts moving
as each batch lands, and Stop ending it between batches with what was scored kept."""

from __future__ import annotations

import pytest

from storage import Store
from tests.ui import main_window_support as support
from tests.ui import monitor_support as monitoring
from ui.monitor.replay import slices


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


@pytest.fixture
def store(tmp_path):
    with Store.open(monitoring.monitored_workspace(tmp_path)) as opened:
        yield opened


@pytest.fixture
def view(qtbot, store):
    created = monitoring.open_view(qtbot, store)
    yield created
    created.stop()


def start_replay(qtbot, view, path, batch_size: int, interval: float) -> None:
    view.tasks.read("replay", str(path))
    qtbot.waitUntil(lambda: view.tasks.dialog is not None and view.tasks.dialog.isVisible(),
                    timeout=monitoring.WAIT_MS)
    dialog = view.tasks.dialog
    dialog.batch_size.setValue(batch_size)
    dialog.interval.setValue(interval)
    dialog.ok_button.click()


def test_a_file_is_cut_into_batches_of_the_chosen_size():
    assert slices(60, 20) == [(0, 20), (20, 40), (40, 60)]
    assert slices(45, 20) == [(0, 20), (20, 40), (40, 45)]


def test_a_replay_keeps_one_batch_per_slice_and_the_charts_follow(qtbot, view, tmp_path):
    path = monitoring.write_rows(tmp_path / "feed.csv", 1400, 1460)
    drawn: list[int] = []
    view.boardShown.connect(lambda board: drawn.append(len(board.batches)))

    start_replay(qtbot, view, path, batch_size=20, interval=0.4)
    qtbot.waitUntil(lambda: view.tasks.kind == "replay", timeout=monitoring.WAIT_MS)
    assert not view.header.size_box.isEnabled()  # the windows stay as the replay started
    assert view.header.stop_button.isVisible()
    qtbot.waitUntil(lambda: len(view.board.batches) == 5 and not view.is_busy(),
                    timeout=monitoring.WAIT_MS)

    sources = [b.source for b in view.board.batches[2:]]
    assert sources == ["feed.csv · rows 1–20", "feed.csv · rows 21–40", "feed.csv · rows 41–60"]
    assert {3, 4} & set(drawn)  # batches were drawn as they landed, not only at the end
    assert "60 rows kept as 3 batches" in view.header.message.plain_text()
    assert view.header.size_box.isEnabled()


def test_stop_ends_a_replay_between_batches_and_keeps_what_was_scored(qtbot, view, store, tmp_path):
    path = monitoring.write_rows(tmp_path / "feed.csv", 1400, 1460)
    start_replay(qtbot, view, path, batch_size=20, interval=30.0)
    qtbot.waitUntil(lambda: view.tasks.sink.batches == 1, timeout=monitoring.WAIT_MS)

    view.header.stop_button.click()
    monitoring.wait_idle(qtbot, view, timeout=10_000)  # a waiting replay stops at once

    assert len(store.batches(view.project_id)) == 3
    assert len(view.board.batches) == 3
    assert "Replay stopped after 1 batch;" in view.header.message.plain_text()
