"""A project's story as one self-contained HTML report: nothing fetched, charts inline.

The document is a one-page executive summary, the story page by page, then the technical
appendix (``engine.report_appendix``). It uses only the HTML and CSS that Qt's QTextDocument
also understands (tables, no flex or grid, ``page-break-before``), so ``ui.report_pdf`` prints
the very same file to PDF.
"""

from __future__ import annotations

from html import escape

from engine.report_appendix import appendix_html
from engine.report_svg import chart_svg, data_uri
from engine.story import visible_pages

STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #1d232b;
       font-size: 10.5pt; line-height: 1.4; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 20pt; margin: 0 0 6pt 0; }
h2 { font-size: 14pt; margin: 12pt 0 3pt 0; }
h3 { font-size: 12pt; margin: 12pt 0 2pt 0; }
p { margin: 3pt 0; }
.kicker { color: #5c6673; font-size: 9.5pt; letter-spacing: 0.04em; text-transform: uppercase; }
.lead { font-size: 13pt; margin: 4pt 0 10pt 0; }
.headline { font-size: 12.5pt; font-weight: bold; color: #0b4f7c; margin: 2pt 0 6pt 0; }
.figure { background-color: #eef4f9; }
.figure-value { font-size: 16pt; font-weight: bold; color: #0b4f7c; }
.figure-label { font-size: 9.5pt; color: #3a434e; }
.figure-note { font-size: 8.5pt; color: #5c6673; }
.muted { color: #5c6673; }
.small { font-size: 8.5pt; }
table.data { border-collapse: collapse; margin: 4pt 0 8pt 0; }
table.data th { background-color: #eef1f4; text-align: left; font-size: 9pt; }
table.data td { font-size: 9pt; }
table.data th, table.data td { border: 1px solid #d0d7de; padding: 3px 6px; }
.better { color: #1f6f43; font-weight: bold; }
.worse { color: #a04000; font-weight: bold; }
ol.story li { margin-bottom: 4pt; }
p.chart { line-height: 100%; margin: 6pt 0; }
table.data { width: 100%; }
"""
BREAK = ' style="page-break-before: always"'
FIGURES_A_ROW = 3


def report_html(story: dict) -> str:
    """The full report for a story from ``engine.story.build_story``."""
    title = f"{story['project']['name']}: report"
    parts = [summary_html(story), story_pages_html(story), appendix_html(story)]
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def summary_html(story: dict) -> str:
    """The one-page executive summary: the question, three numbers, the story, one chart."""
    pages = {p["key"]: p for p in story["pages"]}
    question = pages["question"]["headline"]
    versus = pages["versus"]
    told = [p for p in visible_pages(story) if p["key"] != "question"]
    out = [
        f'<p class="kicker">Executive summary &middot; {escape(story["project"]["name"])} '
        f'&middot; {escape(story["generated_at"][:10])}</p>',
        f"<h1>{escape(question)}</h1>",
        f'<p class="lead">{escape(versus["headline"])}</p>',
        figures_html(_summary_figures(pages)),
        "<h2>The story in brief</h2>",
        '<ol class="story">' + "".join(
            f"<li><b>{escape(_sentence(p['title']))}</b> {escape(p['headline'])}</li>"
            for p in told) + "</ol>",
    ]
    chart = (pages["value"]["chart"] if pages["value"]["chart"] and pages["value"]["chart"]["kind"] == "line"
             else versus["chart"])
    if chart:
        out.append(chart_html(chart, 640, 230))
    drivers = pages["drivers"]["chart"]
    if drivers and not pages["drivers"]["hidden"]:
        out.append(f'<p class="muted small">{escape(pages["drivers"]["headline"])}</p>')
        out.append(chart_html({**drivers, "bars": drivers["bars"][:4]}, 640, 130))
    model = story["model"]
    out.append(f'<p class="muted small">Model {model["id"]} ({escape(model["name"])}, '
               f'{escape(model["stage"])}), trained {escape(model["created_at"][:10])}. Every '
               "number is measured on cases the model never saw; details in the appendix.</p>")
    return '<div class="summary">\n' + "\n".join(out) + "\n</div>"


def _sentence(title: str) -> str:
    """A page title as the lead-in of a sentence: "The data." but "Is it still working?"."""
    return title if title.endswith(("?", "!", ".")) else title + "."


def _summary_figures(pages: dict) -> list[dict]:
    """No ML, the model and their difference; the top driver when there is no difference."""
    figures = list(pages["versus"]["figures"])[:3]
    drivers = pages["drivers"]["chart"]
    if len(figures) < 3 and drivers:
        top = drivers["bars"][0]
        figures.append({"label": "Top driver", "value": top["label"], "note": top["text"]})
    return figures


def story_pages_html(story: dict) -> str:
    """Each visible story page as a section: headline, figures, chart, points."""
    out = []
    for number, page in enumerate(visible_pages(story), start=1):
        # Two story pages to a sheet, each pair on a fresh one: no figure row split by a break.
        if number % 2 == 1:
            out.append(f'<p class="kicker"{BREAK}>The story, page by page</p>')
        out.append(f"<h2>{number}. {escape(page['title'])}</h2>")
        out.append(f'<p class="headline">{escape(page["headline"])}</p>')
        if page["figures"]:
            out.append(figures_html(page["figures"]))
        if page["chart"]:
            out.append(chart_html(page["chart"], 600, 180))
        out.append(bullets(page["points"]))
        for section in page["sections"]:
            out.append(f"<h3>{escape(section['title'])}</h3>")
            out.append(bullets(section["points"]))
    return "\n".join(out)


def figures_html(figures: list[dict]) -> str:
    """Big numbers side by side (a table: QTextDocument has no flex layout)."""
    if not figures:
        return ""
    rows = [figures[i:i + FIGURES_A_ROW] for i in range(0, len(figures), FIGURES_A_ROW)]
    html = ""
    for row in rows:
        cells = "".join(
            f'<td class="figure" width="{100 // len(row)}%" valign="top">'
            f'<span class="figure-label">{escape(f["label"])}</span><br>'
            f'<span class="figure-value">{escape(f["value"])}</span>'
            + (f'<br><span class="figure-note">{escape(f["note"])}</span>' if f.get("note") else "")
            + "</td>"
            for f in row)
        html += (f'<table class="figures" width="{100 * len(row) // FIGURES_A_ROW}%" cellspacing="6" '
                 f'cellpadding="8"><tr>{cells}</tr></table>')
    return html


def chart_html(chart: dict, width: int, height: int) -> str:
    """A chart as an ``<img>`` whose source is an inline SVG (no file, no network)."""
    svg = chart_svg(chart, width, height)
    alt = chart.get("axis") or chart.get("y_label") or "chart"
    return (f'<p class="chart"><img src="{data_uri(svg)}" width="{width}" height="{height}" '
            f'alt="{escape(alt)}"></p>')


def bullets(points: list[str]) -> str:
    if not points:
        return ""
    return "<ul>" + "".join(f"<li>{escape(p)}</li>" for p in points) + "</ul>"


def write_report_html(story: dict, path) -> None:
    """Write the report to ``path`` (via a temporary name, so a failed write leaves no stub)."""
    from pathlib import Path

    target = Path(path)
    temporary = target.with_name(target.name + ".part")
    temporary.write_text(report_html(story), encoding="utf-8")
    temporary.replace(target)
