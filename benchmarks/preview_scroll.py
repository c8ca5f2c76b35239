"""Benchmark: scrolling the wizard's data preview over a 1M-row × 20-column table.

The real Data page (``ui.wizard.data_page.DataPage``: ``FrameTableModel`` in a ``QTableView``,
fixed row heights), 1440×900 offscreen, shows the generated table of ``benchmarks.scale`` read by
``read_table``. Each step moves the vertical scroll bar and paints synchronously
(``viewport().repaint()``), then lets events run: a page down, a wheel-sized step of 3 rows, a
jump to a random row and a jump to the end, ``--steps`` of each. Goal: every step painted in
under 33 ms (30 steps a second), the same feel as the live charts.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.preview_scroll [--rows 1000000] [--steps 200]
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

from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.scale import make_csv  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "preview_scroll.json"
GOAL_MS = 1000 / 30


def measure(app: QApplication, page, kind: str, steps: int, rng: np.random.Generator) -> dict:
    table = page.previewTable
    bar = table.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    times = []
    for _ in range(steps):
        if kind == "page down":
            target = bar.value() + bar.pageStep()
        elif kind == "wheel (3 rows)":
            target = bar.value() + 3
        elif kind == "jump to a random row":
            target = int(rng.integers(0, bar.maximum() + 1))
        else:  # "jump to the end and back"
            target = bar.maximum() if bar.value() == 0 else 0
        started = time.perf_counter()
        bar.setValue(min(target, bar.maximum()))
        table.viewport().repaint()
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    values = np.array(times)
    return {"kind": kind, "steps": steps, "median_ms": round(float(np.median(values)), 2),
            "p95_ms": round(float(np.percentile(values, 95)), 2),
            "max_ms": round(float(values.max()), 2),
            "steps_per_second": round(1000 / float(values.mean()), 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()
    load = os.getloadavg()
    app = QApplication.instance() or QApplication(sys.argv)
    from engine.importer import read_table
    from storage import Store
    from ui.wizard.data_page import DataPage
    from ui.wizard.state import WizardState

    with tempfile.TemporaryDirectory(prefix="firstwin-preview-") as scratch:
        path = Path(scratch) / "scale.csv"
        make_csv(path, args.rows)
        frame = read_table(path).frame
        store = Store.open(Path(scratch) / "ws")
        page = DataPage(WizardState(store))
        page.resize(1440, 900)
        page.show()
        started = time.perf_counter()
        page.model.set_frame(frame)
        app.processEvents()
        page.previewTable.viewport().repaint()
        first_paint_ms = (time.perf_counter() - started) * 1000
        rng = np.random.default_rng(0)
        results = [measure(app, page, kind, args.steps, rng)
                   for kind in ("page down", "wheel (3 rows)", "jump to a random row",
                                "jump to the end and back")]
        visible = page.previewTable.rowAt(page.previewTable.viewport().height() - 1) - page.previewTable.rowAt(0) + 1
        page.close()
        store.close()
    load_end = os.getloadavg()
    print(f"load average at start: {load[0]:.2f}; preview of {len(frame):,} rows × {frame.shape[1]} "
          f"columns, {visible} rows visible; first paint after set_frame: {first_paint_ms:.1f} ms")
    print(f"\n{'step':<26} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'steps/s':>8}")
    for r in results:
        print(f"{r['kind']:<26} {r['median_ms']:>10.2f} {r['p95_ms']:>8.2f} {r['max_ms']:>8.2f} "
              f"{r['steps_per_second']:>8.1f}")
    worst = max(r["p95_ms"] for r in results)
    print(f"(goal: each step painted in under {GOAL_MS:.0f} ms; worst p95 {worst:.1f} ms → "
          f"{worst / GOAL_MS:.2f} of the budget)")
    print(f"load average at end: {load_end[0]:.2f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count() or 1,
                    "loadavg_start": [round(x, 2) for x in load],
                    "loadavg_end": [round(x, 2) for x in load_end]},
        "rows": len(frame), "columns": int(frame.shape[1]), "visible_rows": visible,
        "first_paint_ms": round(first_paint_ms, 1), "goal_ms": round(GOAL_MS, 1), "results": results,
    }, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
