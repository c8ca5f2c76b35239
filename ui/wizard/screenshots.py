"""Render every wizard page at 1440×900: ``python -m ui.wizard.screenshots [--dark] [OUT]``.

Runs offscreen on the bundled sample with the quick budget, in a throw-away workspace, and
writes ``wizard-<page>.png`` (``wizard-<page>-dark.png`` with ``--dark``; plus
``wizard-train-running.png`` mid-run) into OUT (default ``docs/screenshots``). For looking
at the wizard the way a designer would. The sample is copied with some Churn values blanked,
so the Annotate page is shown (``wizard-annotate.png``).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SIZE = (1440, 900)
ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    args = list(sys.argv[1:] if argv is None else argv)
    dark = "--dark" in args
    paths = [a for a in args if a != "--dark"]
    out = Path(paths[0] if paths else ROOT / "docs" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    try:
        from ui.theme import apply_theme  # the app's own look, where it exists

        apply_theme(app, "dark" if dark else "light")
    except ImportError:
        app.setStyle("Fusion")
    from storage import Store
    from ui.wizard import PocWizard

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(folder)
        wizard = PocWizard(store, sample=True)
        wizard.resize(*SIZE)
        wizard.show()
        _shoot_all(app, wizard, out, "-dark" if dark else "", _sample_with_blanks(Path(folder)))
        wizard.close()
        store.close()
    return 0


def _sample_with_blanks(folder: Path) -> Path:
    """A copy of the sample with some Churn values blanked, so the Annotate page is shown."""
    import pandas as pd

    from ui.wizard.state import SAMPLE_FILE

    frame = pd.read_csv(SAMPLE_FILE)
    frame.loc[frame.index[::150], "Churn"] = None  # 47 rows without an answer
    path = folder / "sample" / SAMPLE_FILE.name
    path.parent.mkdir()
    frame.to_csv(path, index=False)
    return path


def _shoot_all(app, wizard, out: Path, suffix: str, data_path: Path) -> None:
    def wait(condition, seconds: float = 600) -> None:
        end = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("the wizard did not get there in time")
            app.processEvents()
            time.sleep(0.02)

    def shoot(name: str) -> None:
        for _ in range(5):  # let layouts and the chart timer settle
            app.processEvents()
            time.sleep(0.05)
        path = out / f"wizard-{name}{suffix}.png"
        wizard.grab().save(str(path))
        print(path)  # a command-line tool: say what was written

    wait(wizard.dataPage.isComplete)
    wizard.dataPage.dataPathEdit.setText(str(data_path))
    wizard.dataPage.load(str(data_path))
    wait(lambda: wizard.state.data is not None and wizard.state.data.source.path == str(data_path)
         and wizard.dataPage.isComplete())
    shoot("frame")
    wizard.next()
    shoot("data")
    wizard.next()
    wait(wizard.targetPage.isComplete)
    shoot("target")
    wizard.next()
    shoot("clean")
    wizard.next()
    page = wizard.annotatePage
    wait(lambda: not page.worker.is_running())
    tab = page.labelTab
    for label in ("No", "Yes", "No"):  # a few labels given, as a user would
        tab.choose(label)
    shoot("annotate")
    wizard.next()
    shoot("train-empty")
    wizard.trainPage.startTrainingButton.click()
    wait(lambda: wizard.trainPage.leaderboard.rowCount() >= 3 or wizard.trainPage.isComplete())
    shoot("train-running")
    wait(wizard.trainPage.isComplete)
    shoot("train")
    wizard.next()
    shoot("results")


if __name__ == "__main__":
    raise SystemExit(main())
