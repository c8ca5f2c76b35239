"""Helpers for the Monitor view's tests: the 600-row trained workspace with two scored batches
(the second with a quarter of the tenure), Telco rows as files, and waiting for the board.

Not a conftest, like main_window_support: each test module wraps these in its fixtures.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from tests.ui import main_window_support as support

WAIT_MS = 180_000  # scoring is a second or two; two busy cores can stretch it a lot
STEADY, SHIFTED = "march.csv", "shifted.csv"


def telco_rows(start: int, stop: int, shift: bool = False):
    """Rows ``start:stop`` of the Telco sample (never the 600 trained on); ``shift`` quarters
    the tenure, as if a promotion had brought in new customers."""
    import pandas as pd

    rows = pd.read_csv(support.SAMPLE, nrows=stop).iloc[start:stop].reset_index(drop=True)
    if shift:
        rows["tenure"] = rows["tenure"] // 4
    return rows


def write_rows(path: Path, start: int, stop: int, shift: bool = False) -> Path:
    telco_rows(start, stop, shift).to_csv(path, index=False)
    return path


@cache
def monitored_template() -> Path:
    """The trained workspace with a steady and a shifted batch of 400 rows (once per process)."""
    from engine.monitor.record import score_batch
    from storage import Store

    folder = Path(tempfile.mkdtemp(prefix="firstwin-monitor-tests-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    workspace = folder / "workspace"
    shutil.copytree(support.trained_template(), workspace)
    with Store.open(workspace) as store:
        model = store.best_model_version(store.project_by_name(support.PROJECT).id)
        for name, start, shift, at in ((STEADY, 600, False, "2026-03-02"),
                                       (SHIFTED, 1000, True, "2026-03-09")):
            score_batch(store, model, telco_rows(start, start + 400, shift), id_col="customerID",
                        at=at, source_name=name)
    return workspace


def monitored_workspace(tmp_path: Path) -> Path:
    """A private copy of the monitored workspace (tests may write to it)."""
    target = tmp_path / "monitored-workspace"
    shutil.copytree(monitored_template(), target)
    return target


def open_view(qtbot, store, project_name: str = support.PROJECT):
    """A shown MonitorView on a project, once its first board is drawn."""
    from ui.monitor.monitor_view import MonitorView

    view = MonitorView()
    qtbot.addWidget(view)
    view.resize(1440, 900)
    view.show()
    view.show_project(store, store.project_by_name(project_name).id)
    wait_idle(qtbot, view)
    return view


def wait_idle(qtbot, view, timeout: int = WAIT_MS) -> None:
    """Until no worker runs and the newest board is on screen."""
    qtbot.waitUntil(lambda: view.board is not None and not view.is_busy()
                    and view._pending is None, timeout=timeout)
