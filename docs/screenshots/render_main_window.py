"""Render the main window's screens at 1440 × 900 into docs/screenshots/ (offscreen, no display).

    QT_QPA_PLATFORM=offscreen python docs/screenshots/render_main_window.py [--dark]

Trains three quick projects in a throw-away workspace first (about half a minute), so the
pictures show real numbers, then grabs: home (empty and with projects), a project, the
Preferences and About dialogs.
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

DATASETS = Path(os.environ.get("FIRSTWIN_DATASETS", ROOT.parent / "shared" / "datasets")) / "clean"
OUT = Path(__file__).resolve().parent
SIZE = (1440, 900)
PROJECTS = [  # (file, target, project, question)
    (DATASETS / "abalone.csv", "Rings", "Abalone age",
     "Can we tell an abalone's age from its size and weight, without counting rings?"),
    (DATASETS / "credit_g.csv", "class", "Credit risk",
     "Which loan applications are likely to go bad, so an analyst looks at them first?"),
    (ROOT / "resources" / "samples" / "telco_churn.csv", "Churn", "Telco churn (sample)",
     "Which customers are about to cancel, so we can call them first?"),
]


def train(workspace: Path) -> None:
    from storage import Store
    from ui.cli import main as cli_main

    for data, target, project, question in PROJECTS:
        code = cli_main(["train", str(data), "--target", target, "--budget", "quick", "--project",
                         project, "--question", question, "--workspace", str(workspace)])
        assert code == 0, project
    with Store.open(workspace) as store:  # one project that is only framed so far
        store.create_project("Store footfall",
                             "How many visitors will each store have next Saturday?")


def grab(widget, name: str, suffix: str) -> None:
    QApplication.processEvents()
    path = OUT / f"{name}{suffix}.png"
    widget.grab().save(str(path))
    print(path.relative_to(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dark", action="store_true", help="render the dark palette")
    args = parser.parse_args()
    app = QApplication([sys.argv[0]])
    from ui import theme
    from ui.app import create_main_window
    from ui.settings import AppSettings

    theme.apply_theme(app, "dark" if args.dark else "light")
    suffix = "-dark" if args.dark else ""
    tmp = Path(tempfile.mkdtemp(prefix="firstwin-shots-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))
    settings = AppSettings.at(tmp / "settings.ini")

    empty = create_main_window(tmp / "empty", settings=settings)
    empty.resize(*SIZE)
    empty.show()
    grab(empty, "home-empty", suffix)
    empty.close()
    empty.store.close()

    workspace = tmp / "workspace"
    train(workspace)
    window = create_main_window(workspace, settings=settings)
    window.resize(*SIZE)
    window.show()
    grab(window, "home-projects", suffix)
    churn = window.store.project_by_name("Telco churn (sample)")
    window.open_project(churn.id)
    grab(window, "project-view", suffix)
    for name, dialog in (("preferences", window.open_preferences()), ("about", window.open_about())):
        dialog.adjustSize()
        grab(dialog, name, suffix)
        dialog.close()
    window.close()
    window.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
