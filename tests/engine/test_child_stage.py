"""A stage run for a child process reports through a queue and obeys a cancel event."""

import queue
import threading

from engine.child_stage import run_child
from engine.errors import DataError
from engine.reporter import ChildReporter


def _drain(messages: queue.Queue) -> list[tuple]:
    out = []
    while not messages.empty():
        out.append(messages.get())
    return out


def counting_stage(n, reporter):
    inner = ChildReporter(reporter, 0.0, 1.0)  # stages wrap reporters; cancel must reach them
    for step in range(n):
        inner.check_cancelled()
        inner.metric("score", step / 10, step)
        inner.progress((step + 1) / n, f"step {step + 1}")
    return n * 2


def test_events_and_the_result_arrive_in_order_on_the_queue():
    messages = queue.Queue()
    run_child(counting_stage, (3,), messages, threading.Event())
    received = _drain(messages)
    assert [m for m in received if m[0] == "metric"] == [("metric", "score", 0.0, 0), ("metric", "score", 0.1, 1), ("metric", "score", 0.2, 2)]
    assert received[-1] == ("finished", 6)
    assert ("progress", 1.0, "step 3") in received


def test_a_cancel_event_stops_the_stage_at_its_next_check():
    messages, cancel = queue.Queue(), threading.Event()
    cancel.set()
    run_child(counting_stage, (1000,), messages, cancel)
    assert _drain(messages)[-1][0] == "cancelled"


def failing_stage(reporter):
    raise DataError("The file is empty.", "Pick another file.")


def crashing_stage(reporter):
    raise ZeroDivisionError("oops")


def test_user_errors_and_crashes_end_the_stage_in_words():
    messages = queue.Queue()
    run_child(failing_stage, (), messages, threading.Event())
    assert _drain(messages)[-1] == ("failed", ("The file is empty.", "Pick another file."))
    run_child(crashing_stage, (), messages, threading.Event())
    kind, text = _drain(messages)[-1]
    assert kind == "crashed" and "ZeroDivisionError" in text
