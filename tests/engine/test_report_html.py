"""The HTML report: one self-contained file, the executive summary first, then the appendix."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import pytest

from engine.report_html import report_html, write_report_html
from engine.report_svg import chart_svg, nice_ticks, short_number
from engine.story import build_story, save_settings
from storage import Store
from tests.engine import story_support as support


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return support.story_workspace(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def story(workspace):
    with Store.open(workspace) as store:
        return build_story(store, store.project_by_name(support.PROJECT).id)


@pytest.fixture(scope="module")
def html(story):
    return report_html(story)


def test_report_is_self_contained_nothing_is_fetched(html):
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html and "<link" not in html
    sources = re.findall(r'src="([^"]*)"', html)
    assert sources and all(s.startswith("data:image/svg+xml;base64,") for s in sources)


def test_report_charts_are_valid_svg(html):
    for source in re.findall(r'src="data:image/svg\+xml;base64,([^"]*)"', html):
        root = ET.fromstring(base64.b64decode(source))
        assert root.tag.endswith("svg")


def test_report_tells_the_question_the_baseline_comparison_and_the_top_driver(html, story):
    pages = {p["key"]: p for p in story["pages"]}
    assert support.QUESTION in html
    assert "Without ML" in html and "With the model" in html
    assert pages["versus"]["headline"] in html
    top = story["appendix"]["drivers"]["importance"][0]["feature"]
    assert pages["drivers"]["headline"].startswith(top) and top in html


def test_the_executive_summary_comes_first_then_the_story_then_the_appendix(html):
    summary = html.index("Executive summary")
    story = html.index("The story, page by page")
    appendix = html.index("Technical appendix")
    assert summary < story < appendix
    for section in ("A. Data profile", "B. Cleaning recipe", "C. Leaderboard",
                    "D. Metrics against no ML", "E. Decision threshold", "F. Drivers",
                    "G. Weak slices", "H. Model card", "I. Monitoring"):
        assert section in html[appendix:]
    # The story and the appendix start on fresh pages when printed.
    assert html[:story].count("page-break-before: always") == 1


def test_the_leaderboard_lists_the_no_ml_baselines(html):
    assert "No ML: always" in html and "(no ML)" in html


def test_hidden_pages_stay_out_of_the_reports_story(workspace):
    with Store.open(workspace) as store:
        project = store.project_by_name(support.PROJECT)
        save_settings(store, project.id, {"hidden": ["whatif"]})
        hidden = report_html(build_story(store, project.id))
        save_settings(store, project.id, {})
    assert "Try it" not in hidden


def test_write_report_html_writes_the_file_in_utf8(tmp_path, story):
    target = tmp_path / "report.html"
    write_report_html(story, target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not (tmp_path / "report.html.part").exists()


def test_nice_ticks_are_round_numbers_covering_the_range():
    assert nice_ticks(0.0, 1.0) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(-30000, 52000)[0] == -40000


def test_short_numbers_read_as_money_or_plain():
    assert short_number(45000, True) == "$45k"
    assert short_number(-1_200_000, True, "EUR") == "−1.2M EUR"
    assert short_number(0.25, False) == "0.25"


def test_bar_and_line_charts_render_without_a_plotting_library():
    bars = {"kind": "bars", "bars": [{"label": "A", "value": 3, "text": "3", "role": "accent"}],
            "axis": "rows"}
    line = {"kind": "line", "x": [0, 1], "series": [{"label": "m", "y": [1, 2], "role": "accent"}],
            "levels": [{"label": "no ML", "value": 1.5, "role": "baseline"}],
            "markers": [{"label": "best", "x": 1, "y": 2, "role": "best"}], "money": True}
    for chart in (bars, line, {**bars, "horizontal": True}):
        assert ET.fromstring(chart_svg(chart)).tag.endswith("svg")
