"""Render the model Details… dialog into docs/screenshots/model-details[-dark].png (offscreen).

    QT_QPA_PLATFORM=offscreen python docs/screenshots/render_model_details.py [--dark]

Trains the Telco churn sample once (quick budget) in a throw-away workspace, moves its best
model to staging and then production with notes, sets a threshold, and grabs the dialog.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = Path(__file__).resolve().parent
SAMPLE = ROOT / "resources" / "samples" / "telco_churn.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dark", action="store_true", help="render the dark palette")
    args = parser.parse_args()
    app = QApplication([sys.argv[0]])
    from ui import theme
    from ui.app import create_main_window
    from ui.cli import main as cli_main
    from ui.settings import AppSettings

    theme.apply_theme(app, "dark" if args.dark else "light")
    tmp = Path(tempfile.mkdtemp(prefix="firstwin-shots-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))
    workspace = tmp / "workspace"
    assert cli_main(["train", str(SAMPLE), "--target", "Churn", "--budget", "quick", "--project",
                     "Telco churn (sample)", "--workspace", str(workspace)]) == 0
    window = create_main_window(workspace, settings=AppSettings.at(tmp / "settings.ini"))
    window.open_project(window.store.project_by_name("Telco churn (sample)").id)
    view = window.project_view
    view.models_table.selectRow(0)
    view.move_selected_to("staging", "beats the no-ML baseline on the holdout")
    window.store.set_threshold(view.selected_model().id, 0.35, note="a missed churner costs more")
    view.move_selected_to("production", "approved by the retention team")
    dialog = view.show_details()
    dialog.resize(560, dialog.layout().totalHeightForWidth(560))
    QApplication.processEvents()
    path = OUT / f"model-details{'-dark' if args.dark else ''}.png"
    dialog.grab().save(str(path))
    print(path.relative_to(ROOT))
    dialog.close()
    window.close()
    window.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
