"""Headless report command: the project's story as a self-contained HTML file and/or a PDF."""

from __future__ import annotations

import sys
from pathlib import Path

from engine.errors import UserError
from storage import Project, Store


def add_commands(add) -> None:
    report = add("report", "Write the project's story as a report: an executive summary, then "
                           "the technical appendix (HTML with everything inside, and/or PDF).")
    report.add_argument("project", help="project name (or id)")
    report.add_argument("--html", type=Path, metavar="FILE", help="write one self-contained HTML file")
    report.add_argument("--pdf", type=Path, metavar="FILE", help="write an A4 PDF")


def _report(store: Store, args, reporter) -> int:
    from engine.report_html import report_html, write_report_html
    from engine.story import build_story

    if args.html is None and args.pdf is None:
        raise UserError("Say where to write the report.", "Add --html FILE and/or --pdf FILE.")
    project = find_project(store, args.project)
    story = build_story(store, project.id, reporter)
    reporter.finish()
    if args.html is not None:
        write_report_html(story, args.html)
        print(f"Wrote {args.html}", file=sys.stderr)
    if args.pdf is not None:
        from ui.report_pdf import write_report_pdf  # Qt only when a PDF is asked for

        pages = write_report_pdf(report_html(story), args.pdf, f"{project.name}: report")
        print(f"Wrote {args.pdf} ({pages} pages)", file=sys.stderr)
    return 0


def find_project(store: Store, reference: str) -> Project:
    """A project by name, or by id when no project has that name."""
    project = store.project_by_name(reference)
    if project is None and reference.strip().isdigit():
        project = next((p for p in store.projects() if p.id == int(reference)), None)
    if project is None:
        names = ", ".join(p.name for p in store.projects()) or "none yet"
        raise UserError(f"There is no project called {reference!r}.", f"Projects: {names}.")
    return project


HANDLERS = {"report": _report}
