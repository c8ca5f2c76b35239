"""Render demo mode's pages and the report into docs/screenshots/ (offscreen, no display).

    QT_QPA_PLATFORM=offscreen python docs/screenshots/render_demo.py [--out DIR] [--workspace WS]

Trains the bundled Telco sample with the quick budget in a throw-away workspace (a minute or
two on two cores), enters a value matrix, sets the most valuable threshold and a monthly
volume, then grabs all eight demo pages at 1920 × 1080 (demo-1-question.png …), two of them
at a laptop's 1366 × 768 (demo-laptop-*.png), page 7 once three batches are monitored
(demo-monitored-monitoring.png), and the PDF report's pages via pdftoppm (report-1.png …)
when poppler-utils is installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QElapsedTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "telco_churn.csv"
OUT = Path(__file__).resolve().parent
PROJECT = "Telco churn (sample)"
QUESTION = "Which customers are about to cancel, so we can call them first?"
VALUE = {"true_positive_value": 300.0, "false_positive_cost": 40.0,
         "false_negative_cost": 120.0, "currency": "$"}
MONTHLY_VOLUME = 5000
PROJECTOR, LAPTOP = (1920, 1080), (1366, 768)
LAPTOP_PAGES = ("value", "whatif")


def train(workspace: Path) -> None:
    """The sample trained, valued, at its most valuable threshold, with a monthly volume."""
    from engine.analysis.record import evaluate_model_version
    from engine.story import save_settings
    from storage import Store
    from ui.cli import main as cli_main

    code = cli_main(["train", str(SAMPLE), "--target", "Churn", "--budget", "quick", "--project",
                     PROJECT, "--question", QUESTION, "--workspace", str(workspace)])
    assert code == 0, "training the sample failed"
    with Store.open(workspace) as store:
        project = store.project_by_name(PROJECT)
        store.update_project(project.id, value=VALUE)
        best = store.best_model_version(project.id)
        chosen = evaluate_model_version(store, best)["best_threshold"]
        store.set_threshold(best.id, chosen, note="the most valuable, for the screenshots")
        save_settings(store, project.id, {"monthly_volume": MONTHLY_VOLUME})


def wait_for(condition, ms: int = 300_000) -> None:
    timer = QElapsedTimer()
    timer.start()
    while not condition():
        QCoreApplication.processEvents()
        if timer.elapsed() > ms:
            raise TimeoutError("the demo window did not get ready in time")
        QCoreApplication.instance().thread().msleep(20)
    QCoreApplication.processEvents()


def settle(ms: int = 400) -> None:
    """Let layouts and axes that resize after a first paint settle before a grab."""
    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < ms:
        QCoreApplication.processEvents()
        QCoreApplication.instance().thread().msleep(10)


def render_pages(workspace: Path, size: tuple[int, int], keys, prefix: str, out: Path) -> None:
    """Grab the demo pages named in ``keys`` (None: all) at ``size``."""
    from storage import Store
    from ui.demo.demo_window import DemoWindow

    with Store.open(workspace) as store:
        project_id = store.project_by_name(PROJECT).id
    window = DemoWindow(workspace, project_id)
    window.resize(*size)
    window.show()
    window.load()
    wait_for(lambda: window.story is not None and not window.job.is_running())
    for index, page in enumerate(window.pages):
        key = page.page["key"]
        if keys is not None and key not in keys:
            continue
        window.go_to(index)
        if key == "whatif":
            wait_for(lambda: window.whatif.session is not None)
            window.whatif.form.set_value("Contract", "Month-to-month")
            window.whatif.form.set_value("tenure", 4)
            window.whatif.form.changed.emit()
            wait_for(lambda: window.whatif.answer is not None and not window.whatif.is_busy())
        if page.chart is not None:
            wait_for(lambda page=page: page.chart.shown is None)  # a replay has finished
        settle()
        path = out / f"{prefix}-{index + 1}-{key}.png" if prefix == "demo" else out / f"{prefix}-{key}.png"
        window.grab().save(str(path))
        print(path)
    window.close()
    window.deleteLater()


def render_monitored(workspace: Path, out: Path) -> None:
    """Page 7 once three monthly batches are scored (in a copy: the rest stays unmonitored)."""
    import pandas as pd

    from engine.monitor.record import score_batch
    from storage import Store

    copy = Path(tempfile.mkdtemp(prefix="firstwin-monitored-")) / "workspace"
    try:
        shutil.copytree(workspace, copy)
        rows = pd.read_csv(SAMPLE).sample(1500, random_state=1).reset_index(drop=True)
        with Store.open(copy) as store:
            model = store.best_model_version(store.project_by_name(PROJECT).id)
            for month, start in ((1, 0), (2, 500), (3, 1000)):
                score_batch(store, model, rows.iloc[start:start + 500].reset_index(drop=True),
                            at=f"2026-0{month}-01", source_name=f"customers-2026-0{month}.csv")
        render_pages(copy, PROJECTOR, ("monitoring",), "demo-monitored", out)
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)


def render_report(workspace: Path, out: Path) -> None:
    """The PDF report, page by page at 60 dpi (needs pdftoppm from poppler-utils)."""
    from engine.report_html import report_html, write_report_html
    from engine.story import build_story
    from storage import Store
    from ui.report_pdf import write_report_pdf

    with Store.open(workspace) as store:
        story = build_story(store, store.project_by_name(PROJECT).id)
    folder = Path(tempfile.mkdtemp(prefix="firstwin-report-"))
    try:
        pdf = folder / "report.pdf"
        write_report_pdf(report_html(story), pdf, f"{PROJECT}: report")
        write_report_html(story, folder / "report.html")
        if shutil.which("pdftoppm") is None:
            print("skipped the report pages: pdftoppm is not installed (apt-get install poppler-utils)")
            return
        for old in out.glob("report-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "report")], check=True)
        for page in sorted(out.glob("report-*.png")):
            number = int(page.stem.split("-")[-1])  # pdftoppm pads: report-01.png
            page.rename(out / f"report-{number}.png")
            print(out / f"report-{number}.png")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files")
    parser.add_argument("--workspace", type=Path, help="reuse a workspace trained by this script")
    args = parser.parse_args()
    app = QApplication([sys.argv[0]])
    from ui import theme

    theme.apply_theme(app, "light")
    scratch = None if args.workspace else Path(tempfile.mkdtemp(prefix="firstwin-demo-"))
    workspace = args.workspace or scratch / "workspace"
    try:
        if not (workspace / "firstwin.db").exists():
            train(workspace)
        args.out.mkdir(parents=True, exist_ok=True)
        render_pages(workspace, PROJECTOR, None, "demo", args.out)
        render_pages(workspace, LAPTOP, LAPTOP_PAGES, "demo-laptop", args.out)
        render_monitored(workspace, args.out)
        render_report(workspace, args.out)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
