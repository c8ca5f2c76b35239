"""Render the Annotate view at 1440 × 900 into docs/screenshots/ (offscreen, no display).

    QT_QPA_PLATFORM=offscreen python docs/screenshots/render_annotate.py [--out DIR]

Trains the bundled Telco sample, with the Churn value of one row in twenty blanked, with the
quick budget in a throw-away workspace (a minute or two on two cores). Then grabs the Label
tab mid-session, the Suspect labels tab with a few decisions queued, and the retrain result
after a save, in the light palette, and the Label tab in the dark one.
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

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from shot_tools import grab  # noqa: E402
from shot_tools import wait_for as _wait_for  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "telco_churn.csv"
OUT = Path(__file__).resolve().parent
SIZE = (1440, 900)
PROJECT = "Telco churn (sample)"
QUESTION = "Which customers are about to cancel, so we can call them first?"
BLANK_EVERY = 20
# Mid-session: labels, a skip, a label taken back (Backspace) and skipped instead.
KEYS = ("1", "2", "\r", "1", "s", "\r", "\r", "2", "1", "\r", "\b", "s", "\r", "2", "\r", "1",
        "s", "\r")


def wait_for(condition, ms: int = 900_000) -> None:
    _wait_for(condition, "the Annotate view", ms)


def train(workspace: Path, folder: Path) -> None:
    import pandas as pd

    from ui.cli import main as cli_main

    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    frame.loc[frame.index % BLANK_EVERY == 3, "Churn"] = ""
    data = folder / "telco_churn_gaps.csv"
    frame.to_csv(data, index=False)
    code = cli_main(["train", str(data), "--target", "Churn", "--budget", "quick", "--project",
                     PROJECT, "--question", QUESTION, "--workspace", str(workspace)])
    assert code == 0, "training the sample failed"


def open_view(store, dark: bool):
    from ui import theme
    from ui.annotate.annotate_view import AnnotateView

    theme.apply_theme(QApplication.instance(), "dark" if dark else "light")
    view = AnnotateView()
    view.resize(*SIZE)
    view.show()
    view.show_project(store, store.project_by_name(PROJECT).id)
    wait_for(lambda: view.loaded is not None and not view.is_busy())
    for key in KEYS:
        QTest.keyClick(view.label_tab, {"\r": Qt.Key.Key_Return, "\b": Qt.Key.Key_Backspace}
                       .get(key, key))
    return view


def decide_suspects(view) -> None:
    tab = view.show_tab("suspects")
    wait_for(lambda: not tab.is_busy() and tab.model.rowCount() > 0)
    tab.accept_suggestion()
    tab.accept_suggestion()
    tab.keep()
    tab.accept_suggestion()


def render(workspace: Path, out: Path) -> None:
    from storage import Store

    with Store.open(workspace) as store:
        view = open_view(store, dark=False)
        grab(view, "annotate-label", out)
        decide_suspects(view)
        grab(view, "annotate-suspects", out)
        view.save()
        wait_for(lambda: not view.is_busy())
        view.show_tab("label")
        view.retrain()
        wait_for(lambda: not view.retrain_panel.is_busy())
        for key in ("\r", "1", "\r"):  # labelling goes on after the retrain
            QTest.keyClick(view.label_tab, Qt.Key.Key_Return if key == "\r" else key)
        grab(view, "annotate-retrain", out)
        undo_all(view)
        view.stop()
        view.close()
        view.deleteLater()

        view = open_view(store, dark=True)
        grab(view, "annotate-label-dark", out)
        view.discard()
        view.stop()
        view.close()
        view.deleteLater()


def undo_all(view) -> None:
    """Put the workspace back as trained (so a re-run with --workspace starts the same)."""
    view.discard()
    while view.save_bar.undo_button.isEnabled():
        view.undo_last_batch()
        wait_for(lambda: not view.is_busy())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files")
    parser.add_argument("--workspace", type=Path, help="reuse a workspace trained by this script")
    args = parser.parse_args()
    QApplication([sys.argv[0]])
    scratch = None if args.workspace else Path(tempfile.mkdtemp(prefix="firstwin-annotate-"))
    workspace = args.workspace or scratch / "workspace"
    try:
        if not (workspace / "firstwin.db").exists():
            workspace.mkdir(parents=True, exist_ok=True)
            train(workspace, workspace.parent)
        args.out.mkdir(parents=True, exist_ok=True)
        render(workspace, args.out)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
