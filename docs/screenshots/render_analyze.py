"""Render the Analyze view's tabs at 1440 × 900 into docs/screenshots/ (offscreen, no display).

    QT_QPA_PLATFORM=offscreen python docs/screenshots/render_analyze.py [--out DIR]

Trains the bundled Telco sample with the quick budget in a throw-away workspace (a minute or
two on two cores), enters a value matrix so the value chart shows money, then grabs every
tab in the light palette and the Summary and Value tabs in the dark one.
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
QUESTION = "Which customers are about to cancel, so we can call them first?"
VALUE = {"true_positive_value": 300.0, "false_positive_cost": 40.0,
         "false_negative_cost": 120.0, "currency": "$"}
LIGHT_TABS = ("summary", "value", "errors", "drivers", "whatif", "compare")
DATASETS = ROOT.parent / "shared" / "datasets" / "clean"
# Other tasks draw other Value panels: (file, target, project, screenshot suffix).
OTHER_TASKS = (
    ("abalone.csv", "Rings", "Abalone age", "regression"),
    ("hypothyroid.csv", "Class", "Thyroid diagnosis", "multiclass"),
)
DARK_TABS = ("summary", "value")


def wait_for(condition, ms: int = 600_000) -> None:
    _wait_for(condition, "the Analyze view", ms)


def train(workspace: Path) -> None:
    from storage import Store
    from ui.cli import main as cli_main

    code = cli_main(["train", str(SAMPLE), "--target", "Churn", "--budget", "quick", "--project",
                     PROJECT, "--question", QUESTION, "--workspace", str(workspace)])
    assert code == 0, "training the sample failed"
    with Store.open(workspace) as store:
        project = store.project_by_name(PROJECT)
        store.update_project(project.id, value=VALUE)


def prepare_tab(view, key: str) -> None:
    """Put a tab in a state worth looking at, and wait for its workers."""
    view.show_tab(key)
    if key == "value":
        panel = view.value_tab.panels.get("binary")
        if panel is not None and panel.chart is not None and view.result.get("best_threshold"):
            panel.chart.set_threshold(view.result["best_threshold"] + 0.08)
    elif key == "errors" and view.errors_tab.slices.rowCount():
        view.errors_tab.select_slice(0)
    elif key == "whatif":
        wait_for(lambda: view.whatif_tab.session is not None)
        view.whatif_tab.form.set_value("Contract", "Month-to-month")
        view.whatif_tab.form.set_value("tenure", 4)
        view.whatif_tab.form.changed.emit()
        wait_for(lambda: view.whatif_tab.answer is not None and not view.whatif_tab.is_busy())
    elif key == "compare":
        others = [view.compare_tab.combo.itemData(i) for i in range(1, view.compare_tab.combo.count())]
        if others:
            view.compare_tab.choose(others[0])
            wait_for(lambda: view.compare_tab.other is not None)


def render(workspace: Path, dark: bool, tabs: tuple[str, ...], out: Path,
           project: str = PROJECT, suffix: str = "") -> None:
    from storage import Store
    from ui import theme
    from ui.analyze.analyze_view import AnalyzeView

    theme.apply_theme(QApplication.instance(), "dark" if dark else "light")
    with Store.open(workspace) as store:
        best = store.best_model_version(store.project_by_name(project).id)
        view = AnalyzeView()
        view.resize(*SIZE)
        view.show()
        view.show_model(store, best.id)
        wait_for(lambda: view.current_evaluation() is not None and not view.is_busy())
        for key in tabs:
            prepare_tab(view, key)
            grab(view, f"analyze-{key}{suffix}{'-dark' if dark else ''}", out)
        view.stop()
        view.close()
        view.deleteLater()


def render_other_tasks(workspace: Path, out: Path) -> None:
    """The Value tab of a regression and a multiclass model (skipped without the datasets)."""
    from storage import Store
    from ui.cli import main as cli_main

    for file, target, project, suffix in OTHER_TASKS:
        if not (DATASETS / file).exists():
            print(f"skipped {suffix}: {DATASETS / file} is not there")
            continue
        with Store.open(workspace) as store:
            trained = store.project_by_name(project) is not None
        if not trained:
            code = cli_main(["train", str(DATASETS / file), "--target", target, "--budget", "quick",
                             "--project", project, "--workspace", str(workspace)])
            assert code == 0, f"training {file} failed"
            if suffix == "regression":
                with Store.open(workspace) as store:
                    store.update_project(store.project_by_name(project).id,
                                         value={"cost_per_unit_error": 15.0, "currency": "$"})
        render(workspace, False, ("value",), out, project, f"-{suffix}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files")
    parser.add_argument("--workspace", type=Path, help="reuse a workspace trained by this script")
    parser.add_argument("--size", default="1440x900", help="window size, e.g. 1366x768")
    args = parser.parse_args()
    global SIZE
    SIZE = tuple(int(n) for n in args.size.split("x"))
    QApplication([sys.argv[0]])
    scratch = None if args.workspace else Path(tempfile.mkdtemp(prefix="firstwin-analyze-"))
    workspace = args.workspace or scratch / "workspace"
    try:
        if not (workspace / "firstwin.db").exists():
            train(workspace)
        args.out.mkdir(parents=True, exist_ok=True)
        render(workspace, False, LIGHT_TABS, args.out)
        render(workspace, True, DARK_TABS, args.out)
        render_other_tasks(workspace.parent / "other-tasks", args.out)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
