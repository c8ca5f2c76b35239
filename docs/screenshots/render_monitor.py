"""Render the Monitor view at 1440 × 900 into docs/screenshots/ (offscreen, no display).

    QT_QPA_PLATFORM=offscreen python docs/screenshots/render_monitor.py [--out DIR] [--workspace DIR]

Trains the bundled Telco sample's first 3,000 rows with the quick budget in a throw-away
workspace, scores the other rows as eight weekly batches (their answers included) where
customers from week 5 on arrive with a quarter of the tenure, retrains on the drifted weeks
and promotes the challenger before week 8. Grabs the view with the drifted week's tenure alarm
selected, light and dark, and the empty state of a project without batches.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402
from shot_tools import grab  # noqa: E402
from shot_tools import wait_for as _wait_for  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "telco_churn.csv"
OUT = Path(__file__).resolve().parent
SIZE = (1440, 900)
PROJECT = "Telco churn (sample)"
EMPTY_PROJECT = "Telco churn, not shipped yet"
QUESTION = "Which customers are about to cancel, so we can call them first?"
TRAIN_ROWS, BATCH_ROWS, WEEKS, DRIFT_FROM, RETRAIN_BEFORE = 3000, 440, 8, 5, 8


def wait_for(condition, ms: int = 600_000) -> None:
    _wait_for(condition, "the Monitor view", ms)


def train(workspace: Path) -> None:
    import pandas as pd

    from engine.monitor.record import score_batch
    from engine.monitor.retrain import retrain
    from engine.promotion import promote
    from storage import Store
    from ui.cli import main as cli_main

    frame = pd.read_csv(SAMPLE)
    training = workspace.parent / "telco-train.csv"
    frame.iloc[:TRAIN_ROWS].to_csv(training, index=False)
    for project in (PROJECT, EMPTY_PROJECT):
        code = cli_main(["train", str(training), "--target", "Churn", "--budget", "quick",
                         "--project", project, "--question", QUESTION, "--workspace", str(workspace)])
        assert code == 0, "training the sample failed"
    with Store.open(workspace) as store:
        project = store.project_by_name(PROJECT)
        promote(store, store.best_model_version(project.id), "production", note="shipped")
        for week in range(1, WEEKS + 1):
            start = TRAIN_ROWS + (week - 1) * BATCH_ROWS
            batch = frame.iloc[start:start + BATCH_ROWS].reset_index(drop=True)
            if week >= DRIFT_FROM:
                batch["tenure"] = batch["tenure"] // 4  # new customers: a promotion brought them in
            if week == RETRAIN_BEFORE:
                drifted = frame.iloc[TRAIN_ROWS + (DRIFT_FROM - 1) * BATCH_ROWS:start].copy()
                drifted["tenure"] = drifted["tenure"] // 4
                result = retrain(store, project, drifted.reset_index(drop=True))
                promote(store, store.model_version(result["challenger_id"]), "production",
                        note="the challenger won on the drifted weeks")
            model = store.production_model_version(project.id)
            at = pd.Timestamp("2026-03-02") + pd.Timedelta(weeks=week - 1)
            score_batch(store, model, batch, id_col="customerID", at=at,
                        source_name=f"week-{week:02d}.csv")


def render(workspace: Path, dark: bool, out: Path) -> None:
    from storage import Store
    from ui import theme
    from ui.monitor.monitor_view import MonitorView

    theme.apply_theme(QApplication.instance(), "dark" if dark else "light")
    suffix = "-dark" if dark else ""
    with Store.open(workspace) as store:
        view = MonitorView()
        view.resize(*SIZE)
        view.show()
        view.show_project(store, store.project_by_name(PROJECT).id)
        wait_for(lambda: view.board is not None and not view.is_busy())
        drifted = next(i for i, b in enumerate(view.board.batches) if "tenure" in b.alarms)
        view.select(drifted, "tenure")
        grab(view, f"monitor{suffix}", out)
        view.show_project(store, store.project_by_name(EMPTY_PROJECT).id)
        wait_for(lambda: view.board is not None and view.board.is_empty() and not view.is_busy())
        grab(view, f"monitor-empty{suffix}", out)
        view.stop()
        view.close()
        view.deleteLater()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files")
    parser.add_argument("--workspace", type=Path, help="reuse a workspace made by this script")
    parser.add_argument("--size", default="1440x900", help="window size, e.g. 1366x768")
    args = parser.parse_args()
    global SIZE
    SIZE = tuple(int(n) for n in args.size.split("x"))
    QApplication([sys.argv[0]])
    scratch = None if args.workspace else Path(tempfile.mkdtemp(prefix="firstwin-monitor-"))
    workspace = args.workspace or scratch / "workspace"
    try:
        if not (workspace / "firstwin.db").exists():
            workspace.parent.mkdir(parents=True, exist_ok=True)
            train(workspace)
        args.out.mkdir(parents=True, exist_ok=True)
        render(workspace, False, args.out)
        render(workspace, True, args.out)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
