"""Benchmark: live chart updates per second with 100k and 1M points (goal ≥ 30 updates/s).

A pyqtgraph ``PlotWidget`` (offscreen QApplication, 800×300) holds one curve set up as
FirstWin's big series is (``ui/monitor/prediction_chart.py``, the per-row moving mean of
the Monitor view, under ``ui/monitor/chart_box.py``'s PlotItem settings):
``setDownsampling(auto=True, mode="peak")`` and ``setClipToView(True)`` on the PlotItem (an
item's own settings are overwritten by ``PlotItem.addItem``), a 1-px tinted pen, the view following the data. Each update appends a batch of points (2,000
by default, a Monitor batch) and redraws: ``setData`` on the whole series, then
``widget.repaint()`` (a synchronous paint) and ``processEvents``. Paint events on the viewport
are counted, so an update that never reached the screen would show. Two views: the whole
series (auto range), and the last 10,000 points (clipping does the work).

    QT_QPA_PLATFORM=offscreen python -m benchmarks.chart_rate [--seconds 3] [--append 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "chart_rate.json"
GOAL_UPDATES_PER_SECOND = 30.0
SIZES = (100_000, 1_000_000)
WINDOW = 10_000


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def one_size(app: QApplication, points: int, append: int, seconds: float, view: str) -> dict:
    widget = pg.PlotWidget()
    widget.resize(800, 300)
    plot = widget.getPlotItem()
    plot.setMenuEnabled(False)
    plot.hideButtons()
    # As ChartBox does: on the PlotItem, which hands its settings to each item it is given
    # (PlotItem.addItem overwrites an item's own setDownsampling / setClipToView).
    plot.setDownsampling(auto=True, mode="peak")
    plot.setClipToView(True)
    curve = pg.PlotDataItem([], [])
    plot.addItem(curve)
    pen = pg.mkPen((31, 119, 180, 120), width=1)
    counter = PaintCounter()
    widget.viewport().installEventFilter(counter)
    widget.show()
    app.processEvents()

    rng = np.random.default_rng(7)
    capacity = points + append * 2000
    xs = np.arange(capacity, dtype=float)
    ys = np.cumsum(rng.normal(0, 0.01, capacity)) + 0.5  # a wandering moving mean
    n = points

    def update() -> float:
        nonlocal n
        started = time.perf_counter()
        n += append
        curve.setData(xs[:n], ys[:n], pen=pen)
        if view == "last 10k":
            plot.setXRange(n - WINDOW, n, padding=0)
        widget.repaint()
        app.processEvents()
        return time.perf_counter() - started

    update()  # first draw (ranges, caches) not counted
    painted_before = counter.count
    times = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline and n + append <= capacity:
        times.append(update())
    painted = counter.count - painted_before
    drawn = len(curve.curve.xData)  # points handed to Qt after downsampling and clipping
    widget.close()
    widget.deleteLater()
    app.processEvents()
    ms = np.array(times) * 1000
    rate = len(times) / (ms.sum() / 1000)
    return {
        "points_at_start": points, "points_at_end": n, "view": view, "append_per_update": append,
        "updates": len(times), "paints": painted, "points_drawn": drawn, "updates_per_second": round(rate, 1),
        "ratio_to_goal": round(rate / GOAL_UPDATES_PER_SECOND, 2),
        "median_ms": round(float(np.median(ms)), 1), "p95_ms": round(float(np.percentile(ms, 95)), 1),
        "max_ms": round(float(ms.max()), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per size and view")
    parser.add_argument("--append", type=int, default=2000, help="points added per update")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; "
          f"Qt platform {os.environ['QT_QPA_PLATFORM']}")
    app = QApplication.instance() or QApplication(sys.argv)
    rows = [one_size(app, points, args.append, args.seconds, view)
            for points in SIZES for view in ("whole series", "last 10k")]
    load_end = os.getloadavg()
    print(f"\n{'points':>10} {'view':<13} {'updates':>8} {'paints':>7} {'drawn':>7} {'updates/s':>10} {'/ goal':>7} "
          f"{'median ms':>10} {'p95 ms':>7} {'max ms':>7}")
    for r in rows:
        print(f"{r['points_at_start']:>10,} {r['view']:<13} {r['updates']:>8} {r['paints']:>7} {r['points_drawn']:>7,} "
              f"{r['updates_per_second']:>10.1f} {r['ratio_to_goal']:>7.2f} {r['median_ms']:>10.1f} "
              f"{r['p95_ms']:>7.1f} {r['max_ms']:>7.1f}")
    print(f"(goal ≥ {GOAL_UPDATES_PER_SECOND:.0f} updates/s; each update appends {args.append:,} points "
          f"and repaints; pyqtgraph {pg.__version__})")
    print(f"load average at end: {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count() or 1,
                    "qt_platform": os.environ["QT_QPA_PLATFORM"], "pyqtgraph": pg.__version__,
                    "loadavg_start": [round(x, 2) for x in load], "loadavg_end": [round(x, 2) for x in load_end]},
        "goal_updates_per_second": GOAL_UPDATES_PER_SECOND, "results": rows,
    }, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
