"""Start-up time: from process start to the main window shown (goal: under 1 s).

    python benchmarks/startup.py [--runs 5] [--workspace DIR]

Each run spawns a fresh ``python -c`` that does what ``python main.py`` does (QApplication,
theme, ``create_main_window``, ``show``) and reports ``time.perf_counter()`` at the window's
first paint. perf_counter is CLOCK_MONOTONIC on Linux, shared by both processes, so the parent's
reading just before the spawn gives the whole cost: interpreter, imports, store, first paint.
It also lists the heavy modules that got imported on the way (there must be none).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "sklearn", "scipy", "pyarrow", "skops", "numpy", "pyqtgraph")  # all deferred

CHILD = r"""
import sys, time, json
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from ui import theme
from ui.app import create_main_window
from ui.settings import AppSettings

workspace, settings_file, heavy = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
app = QApplication([sys.argv[0]])
theme.apply_theme(app)
window = create_main_window(workspace, settings=AppSettings.at(settings_file))
result = {}

def report():
    result.setdefault("shown_at", time.perf_counter())
    result["heavy"] = [m for m in heavy if m in sys.modules]
    result["via_paint"] = result.get("via_paint", False)
    print(json.dumps(result), flush=True)
    app.quit()

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "shown_at" not in result:
            result["shown_at"] = time.perf_counter()
            result["via_paint"] = True
            QTimer.singleShot(0, report)
        return False

painted = FirstPaint()
window.installEventFilter(painted)
window.show()
QTimer.singleShot(3000, report)  # a platform that never paints still ends
app.exec()
window.store.close()
"""


def one_run(workspace: Path, settings_file: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(workspace), str(settings_file), ",".join(HEAVY)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True,
    ).stdout
    report = json.loads(out.strip().splitlines()[-1])
    report["seconds"] = report["shown_at"] - started
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workspace", type=Path, help="default: a fresh empty workspace")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="firstwin-startup-") as tmp:
        workspace = args.workspace or Path(tmp) / "workspace"
        settings_file = Path(tmp) / "settings.ini"
        one_run(workspace, settings_file)  # warm the OS file cache; not counted
        runs = [one_run(workspace, settings_file) for _ in range(args.runs)]
    seconds = [r["seconds"] for r in runs]
    heavy = sorted({m for r in runs for m in r["heavy"]})
    print(f"start-up to a shown window over {len(runs)} runs: median {statistics.median(seconds):.3f} s, "
          f"max {max(seconds):.3f} s (goal < 1 s)")
    print("runs: " + ", ".join(f"{s:.3f}" for s in seconds))
    print(f"first paint seen: {all(r['via_paint'] for r in runs)}")
    print("heavy modules imported on the way: " + (", ".join(heavy) if heavy else "none"))
    return 0 if not heavy else 1


if __name__ == "__main__":
    sys.exit(main())
