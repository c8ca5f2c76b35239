"""Demo mode's and reports' work off the GUI thread. Each job opens its own Store on the worker
(a SQLite connection is not shared between threads) and imports the engine there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from storage import Store


def build_story(workspace: Path, project_id: int) -> Callable:
    """The project's story (evaluating its model first if nothing is kept)."""
    def run(reporter):
        from engine.story import build_story as build

        with Store.open(workspace) as store:
            return build(store, project_id, reporter)
    return run


def save_settings(workspace: Path, project_id: int, settings: dict) -> Callable:
    """Store the presenter's edits, then tell the story again with them."""
    def run(reporter):
        from engine.story import build_story as build
        from engine.story import save_settings as save

        with Store.open(workspace) as store:
            save(store, project_id, settings)
            return build(store, project_id, reporter)
    return run


def write_report(workspace: Path, project_id: int, path: str | Path) -> Callable:
    """Write the report as HTML or PDF (by the file's suffix); returns the path written."""
    def run(reporter):
        from engine.report_html import report_html, write_report_html
        from engine.story import build_story as build

        with Store.open(workspace) as store:
            story = build(store, project_id, reporter)
        target = Path(path)
        if target.suffix.lower() == ".pdf":
            from ui.report_pdf import write_report_pdf

            write_report_pdf(report_html(story), target, f"{story['project']['name']}: report")
        else:
            write_report_html(story, target)
        return str(target)
    return run
