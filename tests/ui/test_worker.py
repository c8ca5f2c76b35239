"""StageWorker: engine stages run off the GUI thread and report back by queued signals."""

from __future__ import annotations

import threading
import time

import pytest

from engine.errors import DataError
from ui.worker import StageWorker, crash_log_path

WAIT_MS = 30_000


@pytest.fixture
def worker(qtbot, workspace):
    created = StageWorker(workspace)
    yield created
    created.cancel()
    created.wait(WAIT_MS)


def test_stage_reports_progress_metrics_logs_and_its_result(qtbot, worker):
    def stage(reporter):
        reporter.progress(0.5, "half way")
        reporter.metric("cv/linear/roc_auc", 0.8, 1)
        reporter.log("a note", "warning")
        return {"answer": 42}

    progress, metrics, logs = [], [], []
    worker.progress.connect(lambda f, m: progress.append((f, m)))
    worker.metric.connect(lambda k, v, s: metrics.append((k, v, s)))
    worker.log.connect(lambda m, level: logs.append((m, level)))
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as blocker:
        worker.start(stage)
    assert blocker.args == [{"answer": 42}]
    assert progress[-1] == (0.5, "half way")  # the last progress arrives before the ending
    assert metrics == [("cv/linear/roc_auc", 0.8, 1)]
    assert logs == [("a note", "warning")]
    assert not worker.is_running()


def test_signals_are_delivered_in_the_gui_thread(qtbot, worker):
    # A lambda connected to the worker's signals may touch widgets: it runs in the GUI thread.
    seen = []
    worker.metric.connect(lambda *_: seen.append(threading.current_thread()))
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS):
        worker.start(lambda reporter: reporter.metric("k", 1.0, 0))
    assert seen == [threading.main_thread()]


def test_progress_is_throttled_and_the_last_value_always_arrives(qtbot, worker):
    def stage(reporter):
        for i in range(5000):
            reporter.progress(i / 5000, f"step {i}")
        reporter.progress(1.0, "done")

    received = []
    worker.progress.connect(lambda f, m: received.append((f, m)))
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS):
        worker.start(stage)
    assert received[-1] == (1.0, "done")
    assert len(received) < 100  # 5,001 reports, far fewer signals


def test_user_error_becomes_failed_with_message_and_hint(qtbot, worker):
    def stage(reporter):
        raise DataError("The file is empty.", "Pick a file with rows in it.")

    with qtbot.waitSignal(worker.failed, timeout=WAIT_MS) as blocker:
        worker.start(stage)
    assert blocker.args == ["The file is empty.", "Pick a file with rows in it."]


def test_os_error_becomes_failed_in_words(qtbot, worker, tmp_path):
    missing = tmp_path / "nope" / "file.csv"

    with qtbot.waitSignal(worker.failed, timeout=WAIT_MS) as blocker:
        worker.start(lambda reporter: missing.read_text())
    message, hint = blocker.args
    assert str(missing) in message and "Traceback" not in message
    assert hint


def test_crash_is_logged_with_its_traceback_and_reported_in_words(qtbot, worker, workspace):
    def stage(reporter):
        return 1 / 0

    with qtbot.waitSignal(worker.crashed, timeout=WAIT_MS) as blocker:
        worker.start(stage)
    log = crash_log_path(workspace)
    assert blocker.args == [f"Something went wrong — details are in {log}"]
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError" in text and "def stage" not in blocker.args[0]


def test_cancel_stops_a_running_stage_within_a_second(qtbot, worker):
    started = threading.Event()

    def stage(reporter):
        started.set()
        while True:  # an engine stage checks between folds and columns
            reporter.check_cancelled()
            time.sleep(0.01)

    worker.start(stage)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    with qtbot.waitSignal(worker.cancelled, timeout=1000):
        worker.cancel()
    assert worker.was_cancelled()
    assert not worker.is_running()


def test_a_stage_that_returns_after_cancel_still_delivers_its_result(qtbot, worker):
    # Training does this: a cancelled run returns the models that finished.
    release = threading.Event()

    def stage(reporter):
        release.wait(10)
        return "partial" if reporter.cancelled else "full"

    worker.start(stage)
    worker.cancel()
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as blocker:
        release.set()
    assert blocker.args == ["partial"]
    assert worker.was_cancelled()


def test_one_stage_at_a_time_and_the_worker_can_run_again(qtbot, worker):
    release = threading.Event()
    worker.start(lambda reporter: release.wait(10))
    with pytest.raises(RuntimeError):
        worker.start(lambda reporter: None)
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS):
        release.set()
    assert worker.wait(WAIT_MS)
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as blocker:
        worker.start(lambda reporter: "again")
    assert blocker.args == ["again"]


def test_wait_returns_true_once_the_thread_has_ended(qtbot, worker):
    worker.start(lambda reporter: time.sleep(0.05))
    assert worker.wait(WAIT_MS)
    qtbot.waitUntil(lambda: not worker.is_running(), timeout=WAIT_MS)


def sleep_ignoring_cancel(seconds: float, reporter) -> str:
    """A stage that never looks at its cancel flag, like one long fit (runs in a child)."""
    reporter.progress(0.1, "fitting")
    time.sleep(seconds)
    return "finished anyway"


def test_stop_now_ends_a_stage_in_a_child_process_that_ignores_cancel(qtbot, worker):
    worker.start_in_process(sleep_ignoring_cancel, 120.0)
    qtbot.waitUntil(lambda: worker._thread is not None and worker._thread.isRunning(), timeout=10_000)
    worker.cancel()
    assert worker.stop_now()
    with qtbot.waitSignal(worker.cancelled, timeout=30_000):
        pass
    assert worker.was_killed() and not worker.is_running()


def test_stop_now_is_refused_for_a_stage_on_a_thread(qtbot, worker):
    release = threading.Event()
    worker.start(lambda reporter: release.wait(10))
    assert not worker.stop_now()
    release.set()
    with qtbot.waitSignal(worker.finished, timeout=10_000):
        pass
    assert not worker.was_killed()


def describe_frames(first, second, reporter) -> dict:
    """A child stage that reports what tables it was given (module level: runs in a child)."""
    import pandas as pd

    return {"types": [type(first).__name__, type(second).__name__],
            "dtypes": [str(t) for t in first.dtypes], "rows": len(first),
            "mixed": second["mixed"].tolist(), "sum": float(first["amount"].sum()),
            "labels": pd.Series(first["label"]).tolist()}


def test_a_child_stage_gets_its_tables_whole_and_the_handoff_files_are_removed(qtbot, worker):
    import glob
    import tempfile

    import pandas as pd

    first = pd.DataFrame({"amount": [1.5, 2.5, 3.0], "label": pd.Series(["a", None, "c"], dtype="str")})
    second = pd.DataFrame({"mixed": pd.Series(["x", 1, None], dtype=object)})  # pickled instead
    pattern = f"{tempfile.gettempdir()}/firstwin-handoff-*"
    before = set(glob.glob(pattern))
    with qtbot.waitSignal(worker.finished, timeout=60_000) as blocker:
        worker.start_in_process(describe_frames, first, second)
    got = blocker.args[0]
    assert got["types"] == ["DataFrame", "DataFrame"] and got["rows"] == 3
    assert got["dtypes"] == ["float64", "str"] and got["sum"] == 7.0
    assert got["mixed"] == ["x", 1, None]
    assert got["labels"][0] == "a" and got["labels"][2] == "c"
    qtbot.waitUntil(lambda: not worker.is_running(), timeout=10_000)
    assert worker.wait(WAIT_MS)
    assert set(glob.glob(pattern)) == before


def test_a_child_stage_that_cannot_start_ends_as_crashed_and_is_logged(qtbot, worker, workspace):
    with qtbot.waitSignal(worker.crashed, timeout=30_000) as blocker:
        worker.start_in_process(describe_frames, threading.Lock(), None)  # a lock cannot be pickled
    assert "Something went wrong" in blocker.args[0]
    assert "pickle" in crash_log_path(workspace).read_text()
    qtbot.waitUntil(lambda: not worker.is_running(), timeout=10_000)
