"""Benchmark: how long the GUI thread stalls while the wizard loads and trains on adult.

A 10 ms QTimer heartbeat runs on the GUI thread while the real wizard loads
../shared/datasets/clean/adult.csv (48,842 rows), profiles it and trains with the standard
budget, then while the Monitor view replays the same file as a live feed through the trained
model (batches of 2,000 rows, no pause: drift, windows and charts redrawn as each lands).
Every gap between heartbeats longer than 10 ms is a stall the user could feel.
Goal (issue 3): p99 < 25 ms, max < 100 ms. Prints a table; writes benchmarks/results/gui_stall.json.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.gui_stall [--data adult|scale]
        [--budget standard] [--trace-stalls] [--skip-replay]

``--data scale`` imports the generated 1M-row × 20-column file of benchmarks.scale instead and
stops after the target check (writes gui_stall_scale.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
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
PHASES = ("import and profile", "target check", "page changes", "training", "open monitor view",
          "read file to replay", "monitor replay")


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
        self.graveyard: list = []

    def start(self) -> None:
        self.clock.start()
        self.last = self.clock.nsecsElapsed() / 1e6
        self.timer.start()

    def tick(self) -> None:
        now = self.clock.nsecsElapsed() / 1e6
        self.gaps.setdefault(self.phase, []).append(now - self.last)
        self.last = now
        self.last_wall = time.perf_counter()
        self.graveyard.clear()  # stack samples let go on the GUI thread (see StallSampler)


class StallSampler(threading.Thread):
    """With --trace-stalls: samples the GUI thread's Python stack while a heartbeat is late.

    Every 5 ms it looks at the time of the last tick; once that is over 30 ms old, it records
    where the GUI thread and every other thread are (the innermost frames in this repository):
    a GUI thread waiting for the GIL shows up as idle, and the thread holding it as busy. A
    stall spent in C code that keeps the GIL shows the Python line that called it, sampled when
    the GIL comes back.
    """

    def __init__(self, beat: Heartbeat) -> None:
        super().__init__(daemon=True, name="stall-sampler")
        self.beat = beat
        self.gui = threading.main_thread().ident
        self.episodes: list[dict] = []  # one per late heartbeat: phase, start, samples
        self.running = True

    def run(self) -> None:
        me = threading.get_ident()
        current: dict | None = None
        while self.running:
            time.sleep(0.005)
            last = getattr(self.beat, "last_wall", None)
            if last is None:
                continue
            if current is not None and last != current["tick"]:
                current["ms"] = (last - current["tick"]) * 1000
                self.episodes.append(current)
                current = None
            if time.perf_counter() - last > 0.030:
                if current is None:
                    current = {"phase": self.beat.phase, "tick": last, "samples": Counter()}
                frames = sys._current_frames()
                for ident, frame in frames.items():
                    if ident != me:
                        who = "GUI" if ident == self.gui else self.names.get(ident, "other")
                        current["samples"][f"[{who}] {self.where(frame)}"] += 1
                # A frame may hold the last reference to a Qt object; destroying that here
                # deadlocks (Qt's mutex against the GIL), so the GUI thread lets them go.
                self.beat.graveyard.append(frames)
                del frames, frame

    @property
    def names(self) -> dict[int, str]:
        return {t.ident: t.name for t in threading.enumerate() if t.ident is not None}

    @staticmethod
    def where(frame) -> str:
        stack = traceback.extract_stack(frame)
        ours = [f for f in stack if str(ROOT) in f.filename and "benchmarks" not in f.filename]
        inner = stack[-1]
        lines = [f"{Path(f.filename).relative_to(ROOT)}:{f.lineno} {f.name}" for f in ours[-3:]]
        if not ours or ours[-1] is not inner:
            lines.append(f"{Path(inner.filename).name}:{inner.lineno} {inner.name}")
        return " > ".join(lines)

    def report(self, per_phase: int = 4) -> None:
        """The longest stalls of each phase, each with where the threads were."""
        phases = dict.fromkeys(e["phase"] for e in self.episodes)
        for phase in phases:
            worst = sorted((e for e in self.episodes if e["phase"] == phase), key=lambda e: -e["ms"])
            print(f"  the longest stalls while {phase} (samples every 5 ms from 30 ms late):")
            for episode in worst[:per_phase]:
                print(f"    {episode['ms']:.0f} ms:")
                for where, n in episode["samples"].most_common(5):
                    print(f"      {n:3d} × {where}")


def wait_until(app: QApplication, condition, timeout_s: float = 600) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the wizard did not get there in time")
        app.processEvents()
        time.sleep(0.001)


def replay(app: QApplication, store: Store, beat: Heartbeat) -> float:
    """Replay adult through the Monitor view (the model the wizard just trained); seconds."""
    beat.phase = "open monitor view"
    from ui.monitor.monitor_view import MonitorView

    view = MonitorView()
    view.resize(1440, 900)
    view.show()
    view.show_project(store, store.project_by_name("Adult income").id)
    wait_until(app, lambda: view.board is not None and not view.is_busy())
    beat.phase = "read file to replay"
    started = time.perf_counter()
    view.tasks.read("replay", str(DATA))
    wait_until(app, lambda: view.tasks.dialog is not None and view.tasks.dialog.isVisible())
    view.tasks.dialog.batch_size.setValue(REPLAY_BATCH)
    view.tasks.dialog.interval.setValue(0.0)
    beat.phase = "monitor replay"
    view.tasks.dialog.ok_button.click()
    wait_until(app, lambda: view.tasks.kind is None and not view.is_busy())
    seconds = time.perf_counter() - started
    view.stop()
    view.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="adult", choices=("adult", "scale"),
                        help="adult (then train and replay), or scale: the generated 1M-row × "
                             "20-column file of benchmarks.scale (import and target check only)")
    parser.add_argument("--budget", default="standard", choices=("quick", "standard", "thorough"))
    parser.add_argument("--switch-interval", type=float, default=0.0,
                        help="sys.setswitchinterval for this run (default: leave it)")
    parser.add_argument("--trace-stalls", action="store_true",
                        help="sample every thread's stack during each stall and print the longest")
    parser.add_argument("--skip-replay", action="store_true", help="stop after training")
    args = parser.parse_args()
    if args.switch_interval:
        sys.setswitchinterval(args.switch_interval)
    load = os.getloadavg()
    app = QApplication.instance() or QApplication(sys.argv)
    train_seconds = replay_seconds = 0.0
    with tempfile.TemporaryDirectory() as folder:
        if args.data == "scale":
            from benchmarks.scale import TARGET as target
            from benchmarks.scale import make_csv

            data = Path(folder) / "scale.csv"
            make_csv(data, 1_000_000)
        else:
            data, target = DATA, "class"
        store = Store.open(Path(folder) / "workspace")
        wizard = PocWizard(store)
        wizard.resize(1440, 900)
        wizard.show()
        beat = Heartbeat()
        beat.start()
        sampler = StallSampler(beat) if args.trace_stalls else None
        if sampler is not None:
            sampler.start()
        wizard.findChild(QLineEdit, "projectNameEdit").setText("Adult income")
        wizard.next()

        beat.phase = "import and profile"
        path_edit = wizard.findChild(QLineEdit, "dataPathEdit")
        path_edit.setText(str(data))
        path_edit.returnPressed.emit()
        wait_until(app, lambda: wizard.currentPage().isComplete())
        beat.phase = "target check"
        wizard.next()
        wait_until(app, lambda: wizard.currentPage().isComplete())
        wizard.findChild(QComboBox, "targetCombo").setCurrentText(target)
        wait_until(app, lambda: wizard.currentPage().isComplete())
        if args.data == "adult":
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
        if args.data == "adult" and not args.skip_replay:
            replay_seconds = replay(app, store, beat)
        beat.phase = "done"
        beat.timer.stop()
        store.close()
    if sampler is not None:
        sampler.running = False
        sampler.join(timeout=2)  # a daemon thread reading frames during shutdown can crash it
        sampler.report()

    load_end = os.getloadavg()
    print(f"{args.data}: load average {load[0]:.2f} at start, {load_end[0]:.2f} at end")
    rows = []
    for phase in PHASES:
        if phase not in beat.gaps:
            continue
        gaps = np.array(beat.gaps[phase])
        worst = np.argsort(gaps)[-3:][::-1]
        print(f"  {phase}: worst gaps at tick {list(worst)} of {gaps.size}: {np.round(gaps[worst], 1).tolist()} ms")
        rows.append({"phase": phase, "ticks": int(gaps.size),
                     "p99_ms": round(float(np.percentile(gaps, 99)), 1),
                     "max_ms": round(float(gaps.max()), 1)})
        print(f"{phase:<20} ticks {gaps.size:6d}  p99 {rows[-1]['p99_ms']:6.1f} ms  "
              f"max {rows[-1]['max_ms']:6.1f} ms   (goal p99 < 25, max < 100)")
    if train_seconds:
        print(f"training wall time with the wizard: {train_seconds:.1f} s ({args.budget})")
    if replay_seconds:
        print(f"replay of adult in batches of {REPLAY_BATCH:,}: {replay_seconds:.1f} s")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / ("gui_stall.json" if args.data == "adult" else f"gui_stall_{args.data}.json")
    out.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "loadavg_start": [round(x, 2) for x in load],
                    "loadavg_end": [round(x, 2) for x in load_end]},
        "data": args.data, "budget": args.budget, "train_seconds": round(train_seconds, 2),
        "replay_seconds": round(replay_seconds, 2), "phases": rows,
    }, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
