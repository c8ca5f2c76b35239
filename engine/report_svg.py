"""Story charts as small hand-written SVG (no Qt, no plotting library), for self-contained reports.

Colours are Okabe–Ito (safe for colour-blind readers) and every bar and marker also carries
its number, so nothing depends on telling colours apart.
"""

from __future__ import annotations

import base64
import math
from html import escape

ROLE_COLOURS = {"accent": "#0072B2", "baseline": "#6E6E6E", "baseline2": "#9A9A9A",
                "best": "#D55E00", "neutral": "#56B4E9"}
DASHES = {"baseline2": "2 4"}  # a second no-ML level is dotted, the first dashed
TEXT, MUTED, GRID = "#1d232b", "#5c6673", "#dde1e6"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def chart_svg(chart: dict, width: int = 640, height: int = 280) -> str:
    """An SVG document for a story chart (``engine.story``'s "bars" or "line" kinds)."""
    if chart["kind"] == "line":
        return line_svg(chart, width, height)
    if chart.get("horizontal"):
        return hbars_svg(chart, width, height)
    return bars_svg(chart, width, height)


def data_uri(svg: str) -> str:
    """The SVG as a ``data:`` URI, for an ``<img src>`` that needs no file and no network."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _svg(width: int, height: int, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="{FONT}">'
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>{"".join(body)}</svg>')


def _text(x: float, y: float, words: str, size: int = 13, anchor: str = "middle",
          colour: str = TEXT, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{colour}"{weight}>{escape(str(words))}</text>')


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bars_svg(chart: dict, width: int, height: int) -> str:
    bars = chart["bars"]
    top, bottom, side = 34, 46, 24
    plot_h = height - top - bottom
    high = max([b["value"] for b in bars if b["value"] is not None] + [0.0]) or 1.0
    low = min([b["value"] for b in bars if b["value"] is not None] + [0.0])
    span = (high - low) or 1.0
    slot = (width - 2 * side) / max(1, len(bars))
    zero_y = top + plot_h * high / span
    body = [f'<line x1="{side}" y1="{zero_y:.1f}" x2="{width - side}" y2="{zero_y:.1f}" '
            f'stroke="{MUTED}" stroke-width="1"/>']
    for i, bar in enumerate(bars):
        value = bar["value"] or 0.0
        x = side + slot * i + slot * 0.18
        h = plot_h * abs(value) / span
        y = zero_y - h if value >= 0 else zero_y
        colour = ROLE_COLOURS.get(bar.get("role", "neutral"), ROLE_COLOURS["neutral"])
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.64:.1f}" height="{h:.1f}" '
                    f'fill="{colour}" rx="3"/>')
        label_y = y - 8 if value >= 0 else y + h + 18
        body.append(_text(x + slot * 0.32, label_y, bar["text"], 15, bold=True))
        body.append(_text(x + slot * 0.32, height - bottom + 22,
                          _short(bar["label"], max(6, int(slot / 8))), 13))
    body.append(_text(width / 2, height - 6, chart.get("axis", ""), 12, colour=MUTED))
    return _svg(width, height, body)


def hbars_svg(chart: dict, width: int, height: int) -> str:
    bars = chart["bars"]
    label_w, right, top = min(220, 40 + 8 * max(len(b["label"]) for b in bars)), 70, 10
    row = (height - top - 26) / max(1, len(bars))
    high = max(b["value"] or 0.0 for b in bars) or 1.0
    body = []
    for i, bar in enumerate(bars):
        y = top + row * i
        w = (width - label_w - right) * max(bar["value"] or 0.0, 0.0) / high
        colour = ROLE_COLOURS.get(bar.get("role", "neutral"), ROLE_COLOURS["neutral"])
        body.append(_text(label_w - 10, y + row * 0.62, _short(bar["label"], 24), 14, "end"))
        body.append(f'<rect x="{label_w}" y="{y + row * 0.18:.1f}" width="{w:.1f}" '
                    f'height="{row * 0.64:.1f}" fill="{colour}" rx="3"/>')
        body.append(_text(label_w + w + 8, y + row * 0.62, bar["text"], 14, "start", bold=True))
    body.append(_text(width / 2, height - 6, chart.get("axis", ""), 12, colour=MUTED))
    return _svg(width, height, body)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2 or 5 times a power of ten apart)."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low]
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    return [round(start + i * step, 12) for i in range(int((high - start) / step) + 2)
            if start + i * step <= high + step * 1e-9]


def short_number(value: float, money: bool, currency: str = "$") -> str:
    """Tick labels: "$45k", "−$1.2M", "0.25"."""
    sign = "−" if value < 0 else ""
    amount = abs(value)
    if not money:
        return f"{sign}{amount:g}" if amount < 1000 else f"{sign}{amount / 1000:g}k"
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if amount >= limit:
            text = f"{amount / limit:.1f}".rstrip("0").rstrip(".") + suffix
            break
    else:
        text = f"{amount:.0f}"
    return f"{sign}{currency}{text}" if len(currency) <= 1 else f"{sign}{text} {currency}"


def line_svg(chart: dict, width: int, height: int) -> str:
    xs = [float(x) for x in chart["x"]]
    ys_all = [y for s in chart["series"] for y in s["y"] if y is not None]
    ys_all += [lv["value"] for lv in chart.get("levels", []) if lv.get("value") is not None]
    if not xs or not ys_all:
        return _svg(width, height, [_text(width / 2, height / 2, "No data to draw", 14)])
    money, currency = chart.get("money", False), chart.get("currency", "$")
    keys = [(lv["label"], ROLE_COLOURS.get(lv.get("role"), MUTED), DASHES.get(lv.get("role"), "5 3"))
            for lv in chart.get("levels", []) if lv.get("value") is not None]
    keys += [(s["label"], ROLE_COLOURS.get(s.get("role"), ROLE_COLOURS["accent"]), False)
             for s in chart["series"]]
    placed = _legend_layout(keys, 16, width - 16)
    legend_rows = 1 + max((row for _, row, *_ in placed), default=-1)
    left, right, top, bottom = 78, 20, 30, 48 + 20 * legend_rows
    low, high = min(ys_all + ([0.0] if money else [])), max(ys_all)
    pad = (high - low) * 0.08 or 1.0
    low, high = low - pad, high + pad
    x0, x1 = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1

    def px(x: float) -> float:
        return left + (width - left - right) * (x - x0) / (x1 - x0)

    def py(y: float) -> float:
        return top + (height - top - bottom) * (high - y) / (high - low)

    body = []
    for tick in [v for v in nice_ticks(low, high) if low <= v <= high]:
        body.append(f'<line x1="{left}" y1="{py(tick):.1f}" x2="{width - right}" '
                    f'y2="{py(tick):.1f}" stroke="{GRID}" stroke-width="1"/>')
        body.append(_text(left - 8, py(tick) + 4, short_number(tick, money, currency), 12, "end", MUTED))
    ticks = chart.get("x_ticks")
    for i, x in enumerate(xs if ticks else nice_ticks(x0, x1)):
        body.append(_text(px(x), height - bottom + 18, ticks[i] if ticks else f"{x:g}", 12,
                          colour=MUTED))
    body.append(_text((left + width - right) / 2, height - bottom + 36, chart.get("x_label", ""),
                      12, colour=MUTED))
    for level in chart.get("levels", []):
        if level.get("value") is not None:
            colour = ROLE_COLOURS.get(level.get("role"), MUTED)
            dash = DASHES.get(level.get("role"), "7 5")
            body.append(f'<line x1="{left}" y1="{py(level["value"]):.1f}" x2="{width - right}" '
                        f'y2="{py(level["value"]):.1f}" stroke="{colour}" stroke-width="2" '
                        f'stroke-dasharray="{dash}"/>')
    for series in chart["series"]:
        colour = ROLE_COLOURS.get(series.get("role"), ROLE_COLOURS["accent"])
        points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, series["y"], strict=True)
                          if y is not None)
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="3"/>')
    body += _markers(chart.get("markers", []), px, py, left + 40, width - right - 40)
    body += _legend(placed, height - 8 - 20 * (legend_rows - 1))
    return _svg(width, height, body)


def _markers(markers: list[dict], px, py, low_x: float, high_x: float) -> list[str]:
    """A dot per marker with its label above it (the second one below, if they would touch)."""
    body, previous = [], None
    for marker in markers:
        colour = ROLE_COLOURS.get(marker.get("role"), ROLE_COLOURS["accent"])
        x, y = px(marker["x"]), py(marker["y"])
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{colour}" '
                    'stroke="#ffffff" stroke-width="2"/>')
        below = previous is not None and abs(previous[0] - x) < 140 and abs(previous[1] - y) < 40
        label_y = y + 28 if below or y < 56 else y - 14
        anchor, label_x = "middle", x
        if x < low_x + 60:
            anchor, label_x = "start", x + 10
        elif x > high_x - 60:
            anchor, label_x = "end", x - 10
        body.append(_text(label_x, label_y, marker["label"], 13, anchor, colour, bold=True))
        previous = (x, y)
    return body


def _legend_layout(entries: list[tuple[str, str, str | bool]], left: float, right: float
                   ) -> list[tuple[float, int, str, str, str | bool]]:
    """Where each legend key goes: (x, row, label, colour, dash pattern or False), wrapped."""
    placed, x, row = [], left, 0
    for label, colour, dashed in entries:
        span = 32 + 7 * len(label)
        if x + span > right and x > left:
            x, row = left, row + 1
        placed.append((x, row, label, colour, dashed))
        x += span + 12
    return placed


def _legend(placed: list[tuple[float, int, str, str, str | bool]], first_y: float) -> list[str]:
    """Legend keys: a dashed or dotted line for levels, a solid one for series, then words."""
    body = []
    for x, row, label, colour, dashed in placed:
        y = first_y + 20 * row
        dash = f' stroke-dasharray="{dashed}"' if dashed else ""
        body.append(f'<line x1="{x:.1f}" y1="{y - 4:.1f}" x2="{x + 18:.1f}" y2="{y - 4:.1f}" '
                    f'stroke="{colour}" stroke-width="3"{dash}/>')
        body.append(_text(x + 24, y, label, 12, "start"))
    return body
