"""The report's technical appendix as HTML tables: data, recipe, leaderboard, metrics, threshold,
drivers, slices, model card and monitoring. Reads ``story["appendix"]`` (engine.story.appendix).
"""

from __future__ import annotations

from html import escape

from engine.analysis.value import format_money
from engine.card_html import markdown_to_html
from engine.story.words import percent, score

BREAK = ' style="page-break-before: always"'


def appendix_html(story: dict) -> str:
    """Every appendix section, starting on a new page."""
    data = story["appendix"]
    parts = [
        f"<h1{BREAK}>Technical appendix</h1>",
        '<p class="muted">For the analysts who check the numbers behind the story.</p>',
        _profile(data["data_profile"]),
        _recipe(data["recipe"]),
        _leaderboard(data["leaderboard"]),
        _metrics(data["metrics"], story["model"]["baseline_name"]),
        _threshold(data["threshold"], story["currency"]),
        _drivers(data["drivers"]),
        _slices(data["slices"]),
        "<h2>H. Model card</h2>" + card_body(data["model_card"]),
        _monitoring(data["monitoring"]),
    ]
    return "\n".join(p for p in parts if p)


def table(headers: list[str], rows: list[list[str]], widths: tuple[int, ...] = ()) -> str:
    """A bordered table of already escaped cells; ``widths`` in % of the page, per column."""
    head = "".join(f'<th width="{w}%">{h}</th>' if w else f"<th>{h}</th>"
                   for h, w in zip(headers, widths or (0,) * len(headers), strict=True))
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    # No <thead>: QTextDocument repeats a header row on every page a table spans, and where a
    # table ends right at a page break the repeated row lands on the next section's heading.
    return (f'<table class="data" width="100%" cellspacing="0" cellpadding="3"><tr>{head}</tr>'
            f"{body}</table>")


def _profile(profile: dict) -> str:
    rows = [[escape(c["name"]), escape(c["kind"]), c["missing"], c["distinct"],
             escape(c["summary"])] for c in profile["table"]]
    more = (f'<p class="muted small">…and {profile["more_columns"]} more columns.</p>'
            if profile["more_columns"] else "")
    warnings = "".join(f"<p>{escape(w)}</p>" for w in profile["warnings"])
    return (f"<h2>A. Data profile</h2><p>{escape(profile['source'])}: {profile['rows']:,} rows, "
            f"{profile['columns']} columns (sha256 <code>{escape(profile['sha256'][:16])}…</code>).</p>"
            + table(["Column", "Kind", "Missing", "Distinct", "Values"], rows, (19, 15, 11, 11, 44))
            + more + warnings)


def _recipe(steps: list[dict]) -> str:
    if not steps:
        return "<h2>B. Cleaning recipe</h2><p>The run kept no recipe.</p>"
    rows = [[escape(s["column"]), escape(s["action"]), escape(s["kind"]),
             escape(s["impute"]), escape(s["encode"]), escape(s["reason"])] for s in steps]
    return ("<h2>B. Cleaning recipe</h2><p>How each column was prepared before training "
            "(the exported model replays exactly this).</p>"
            + table(["Column", "Action", "Kind", "Missing values", "Encoding", "Why"], rows,
                    (15, 10, 15, 14, 14, 32)))


def _leaderboard(board: dict) -> str:
    rows = []
    for r in board["rows"]:
        name = escape(r["name"]) + (" (no ML)" if r["baseline"] else "")
        if r["chosen"]:
            name = f"<b>{name} — in this report</b>"
        rows.append([str(r["rank"]), name, f"{r['cv']} ± {r['cv_std']}", r["holdout"],
                     r["fit_seconds"], escape(r["stage"])])
    return (f"<h2>C. Leaderboard (run {board['run_id']})</h2><p>Every candidate of the run, "
            f"ranked by cross-validated {escape(board['metric'])}; the no-ML baselines always run "
            "first.</p>"
            + table(["#", "Model", f"{escape(board['metric'])} (CV)", "Holdout", "Fit s", "Stage"], rows))


def _metrics(metrics: list[dict], baseline_name: str) -> str:
    rows = [[escape(m["name"]), m["model"], m["baseline"],
             f'<span class="{m["verdict"]}">{m["verdict"]}</span>' if m["verdict"] else ""]
            for m in metrics]
    return (f"<h2>D. Metrics against no ML</h2><p>On the holdout rows; no ML is "
            f"{escape(baseline_name or 'the baseline')}.</p>"
            + table(["Metric", "Model", "No ML", "Model is"], rows))


def _threshold(data: dict | None, currency: str) -> str:
    if data is None:
        return ""
    value = "Value per 1,000 cases" if data["has_values"] else ""
    rows = [[r["threshold"], str(r["tp"]), str(r["fp"]), str(r["fn"]), str(r["tn"]),
             r["precision"], r["recall"]]
            + ([format_money(r["value_per_1000"], currency)] if value else []) for r in data["rows"]]
    headers = ["Threshold", "Caught", "False alarms", "Missed", "Correctly left", "Precision",
               "Recall"] + ([value] if value else [])
    return (f"<h2>E. Decision threshold</h2><p>The model answers yes from a probability of "
            f"{_num(data['chosen'])}; the most valuable threshold is {_num(data['best'])} "
            f"(chosen on {escape(data['source'] or 'holdout')} predictions).</p>"
            + table(headers, rows))


def _drivers(drivers: dict) -> str:
    rows = [[escape(e["feature"]), percent(e.get("share")), score(e.get("mean")), score(e.get("std"))]
            for e in drivers["importance"]]
    words = "".join(f"<p>{escape(t)}</p>" for t in drivers["text"])
    return ("<h2>F. Drivers</h2>" + words + "<p>Permutation importance on the holdout: how much "
            "the score drops when a column is shuffled.</p>"
            + table(["Feature", "Share", "Drop in score", "Spread"], rows))


def _slices(slices: list[dict]) -> str:
    if not slices:
        return "<h2>G. Weak slices</h2><p>No group of rows does clearly worse than the rest.</p>"
    rows = [[escape(s["label"]), f"{s['rows']:,}", f"{escape(s['metric'])} {score(s['score'])}",
             score(s["overall"]), score(s["gap"])] for s in slices]
    return ("<h2>G. Weak slices</h2><p>Groups of holdout rows where the model does worse than "
            "overall.</p>" + table(["Slice", "Rows", "Score", "Overall", "Gap"], rows))


def _monitoring(monitoring: dict) -> str:
    points = "".join(f"<li>{escape(p)}</li>" for p in monitoring["points"])
    return f"<h2>I. Monitoring</h2><p><b>{escape(monitoring['headline'])}</b></p><ul>{points}</ul>"


def card_body(markdown: str) -> str:
    """The model card's HTML body, its headings demoted to fit inside the appendix."""
    if not markdown:
        return "<p>No model card: the training data is no longer in the workspace.</p>"
    document = markdown_to_html(markdown, "Model card")
    body = document.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    for old, new in (("h2>", "h4>"), ("h1>", "h3>")):
        body = body.replace(f"<{old}", f"<{new}").replace(f"</{old}", f"</{new}")
    body = body.replace("<thead>", "").replace("</thead>", "").replace("<tbody>", "")
    body = body.replace("</tbody>", "")
    return body.replace("<table>", '<table class="data" width="100%" cellspacing="0" cellpadding="3">')


def _num(value) -> str:
    return "n/a" if value is None else f"{value:.2f}"
