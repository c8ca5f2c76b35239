"""The model card as one self-contained HTML page (no scripts, no fonts, nothing fetched).

It renders the Markdown subset ``engine.model_card`` writes: ``#``/``##`` headings,
paragraphs, ``- `` bullets, pipe tables, ``**bold**`` and ```code```. Everything else is
escaped and shown as text.
"""

from __future__ import annotations

import html
import re

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 52rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1f2328; }
h1 { font-size: 1.6rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
h2 { font-size: 1.2rem; margin-top: 1.8rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: left; }
th { background: #f6f8fa; }
code { background: #f6f8fa; padding: .1rem .3rem; border-radius: 4px; font-size: 90%; }
"""


def markdown_to_html(markdown: str, title: str) -> str:
    """A complete HTML document for the card's Markdown."""
    body: list[str] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif line.startswith("## "):
            body.append(f"<h2>{_inline(line[3:])}</h2>")
            i += 1
        elif line.startswith("# "):
            body.append(f"<h1>{_inline(line[2:])}</h1>")
            i += 1
        elif line.startswith("- "):
            items, i = _take(lines, i, lambda text: text.startswith("- "))
            body.append("<ul>" + "".join(f"<li>{_inline(t[2:])}</li>" for t in items) + "</ul>")
        elif line.startswith("|"):
            rows, i = _take(lines, i, lambda text: text.startswith("|"))
            body.append(_table(rows))
        else:
            text, i = _take(lines, i, _is_paragraph)
            body.append(f"<p>{_inline(' '.join(text))}</p>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _is_paragraph(text: str) -> bool:
    return bool(text.strip()) and not text.startswith(("#", "- ", "|"))


def _take(lines: list[str], start: int, belongs) -> tuple[list[str], int]:
    end = start
    while end < len(lines) and belongs(lines[end]):
        end += 1
    return lines[start:end], end


def _table(rows: list[str]) -> str:
    cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
    cells = [row for row in cells if not all(re.fullmatch(r":?-+:?", c) for c in row if c)]
    if not cells:
        return ""
    head = "".join(f"<th>{_inline(c)}</th>" for c in cells[0])
    body = "".join(
        "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in cells[1:]
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _inline(text: str) -> str:
    parts = re.split(r"(`[^`]*`)", text)
    out = []
    for part in parts:
        if len(part) >= 2 and part.startswith("`") and part.endswith("`"):
            out.append(f"<code>{html.escape(part[1:-1])}</code>")
        else:
            escaped = html.escape(part)
            out.append(re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped))
    return "".join(out)
