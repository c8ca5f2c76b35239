"""Benchmark: how long the GUI thread stalls while the wizard loads and trains on adult.

A 10 ms QTimer heartbeat runs on the GUI thread while the real wizard loads
../shared/datasets/clean/adult.csv (48,842 rows), profiles it and trains with the standard
budget, then while the Monitor view replays the same file as a live feed through the trained
model (batches of 2,000 rows, no pause: drift, windows and charts redrawn as each lands).
Every gap between heartbeats longer than 10 ms is a stall the user could feel.
Goal (issue 3): p99 < 25 ms, max < 100 ms. Prints a table; writes benchmarks/results/gui_stall.json.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.gui_stall [--budget standard]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPushButton  # noqa: E402

from storage import Store  # noqa: E402
from ui.wizard import PocWizard  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets" / "clean" / "adult.csv"
RESULTS = ROOT / "benchmarks" / "results"
REPLAY_BATCH = 2000


class Heartbeat:
    """Records the gaps between 10 ms ticks of a timer on the GUI thread, per phase."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.gaps: dict[str, list[float]] = {}
        self.phase = "idle"
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)
        self.last = 0.0

    def start(self) -> None:
        self.clock.start()
        self.last = self.clock.nsecsElapsed() / 1e6
        self.timer.start()

    def tick(self) -> None:
        now = self.clock.nsecsElapsed() / 1e6
        self.gaps.setdefault(self.phase, []).append(now - self.last)
        self.last = now


def wait_until(app: QApplication, condition, timeout_s: float = 600) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the wizard did not get there in time")
        app.processEvents()
        time.sleep(0.001)


def replay(app: QApplication, store: Store) -> float:
    """Replay adult through the Monitor view (the model the wizard just trained); seconds."""
    from ui.monitor.monitor_view import MonitorView

    view = MonitorView()
    view.resize(1440, 900)
    view.show()
    view.show_project(store, store.project_by_name("Adult income").id)
    wait_until(app, lambda: view.board is not None and not view.is_busy())
    started = time.perf_counter()
    view.tasks.read("replay", str(DATA))
    wait_until(app, lambda: view.tasks.dialog is not None and view.tasks.dialog.isVisible())
    view.tasks.dialog.batch_size.setValue(REPLAY_BATCH)
    view.tasks.dialog.interval.setValue(0.0)
    view.tasks.dialog.ok_button.click()
    wait_until(app, lambda: view.tasks.kind is None and not view.is_busy())
    seconds = time.perf_counter() - started
    view.stop()
    view.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", default="standard", choices=("quick", "standard", "thorough"))
    parser.add_argument("--switch-interval", type=float, default=0.0,
                        help="sys.setswitchinterval for this run (default: leave it)")
    args = parser.parse_args()
    if args.switch_interval:
        sys.setswitchinterval(args.switch_interval)
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "workspace")
        wizard = PocWizard(store)
        wizard.resize(1440, 900)
        wizard.show()
        beat = Heartbeat()
        beat.start()
        wizard.findChild(QLineEdit, "projectNameEdit").setText("Adult income")
        wizard.next()

        beat.phase = "import and profile"
        path_edit = wizard.findChild(QLineEdit, "dataPathEdit")
        path_edit.setText(str(DATA))
        path_edit.returnPressed.emit()
        wait_until(app, lambda: wizard.currentPage().isComplete())
        wizard.next()
        wait_until(app, lambda: wizard.currentPage().isComplete())
        wizard.findChild(QComboBox, "targetCombo").setCurrentText("class")
        wait_until(app, lambda: wizard.currentPage().isComplete())
        beat.phase = "page changes"
        wizard.next()
        wizard.next()
        wait_until(app, lambda: True)  # one pass of the event loop: the new page is drawn
        app.processEvents()

        beat.phase = "training"
        budget = wizard.findChild(QComboBox, "budgetCombo")
        budget.setCurrentIndex(budget.findData(args.budget))
        started = time.perf_counter()
        wizard.findChild(QPushButton, "startTrainingButton").click()
        wait_until(app, lambda: wizard.currentPage().isComplete())
        train_seconds = time.perf_counter() - started
        wizard.close()
        beat.phase = "monitor replay"
        replay_seconds = replay(app, store)
        beat.phase = "done"
        beat.timer.stop()
        store.close()

    rows = []
    for phase in ("import and profile", "page changes", "training", "monitor replay"):
        gaps = np.array(beat.gaps.get(phase, [0.0]))
        worst = np.argsort(gaps)[-3:][::-1]
        print(f"  {phase}: worst gaps at tick {list(worst)} of {gaps.size}: {np.round(gaps[worst], 1).tolist()} ms")
        rows.append({"phase": phase, "ticks": int(gaps.size),
                     "p99_ms": round(float(np.percentile(gaps, 99)), 1),
                     "max_ms": round(float(gaps.max()), 1)})
        print(f"{phase:<20} ticks {gaps.size:6d}  p99 {rows[-1]['p99_ms']:6.1f} ms  "
              f"max {rows[-1]['max_ms']:6.1f} ms   (goal p99 < 25, max < 100)")
    print(f"training wall time with the wizard: {train_seconds:.1f} s ({args.budget})")
    print(f"replay of adult in batches of {REPLAY_BATCH:,}: {replay_seconds:.1f} s")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "gui_stall.json"
    out.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "budget": args.budget, "train_seconds": round(train_seconds, 2),
        "replay_seconds": round(replay_seconds, 2), "phases": rows,
    }, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
