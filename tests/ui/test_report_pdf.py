"""The PDF report (Qt's own writer) and the report command: pages, text, both files written."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from engine.report_html import report_html
from engine.story import build_story
from storage import Store
from tests.engine import story_support as support
from ui.cli import main as cli_main
from ui.report_pdf import write_report_pdf


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return support.story_workspace(tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def pdf(qapp, workspace, tmp_path_factory):
    with Store.open(workspace) as store:
        story = build_story(store, store.project_by_name(support.PROJECT).id)
    path = tmp_path_factory.mktemp("out") / "report.pdf"
    pages = write_report_pdf(report_html(story), path, "Churn 600: report")
    return path, pages, story


def page_count(path) -> int:
    """Pages in a PDF: pdfinfo's count when installed, else the page objects in the file."""
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def test_the_pdf_is_a_pdf_with_a_summary_page_and_more(pdf):
    path, pages, _story = pdf
    assert path.read_bytes().startswith(b"%PDF")
    assert page_count(path) == pages >= 3
    assert not path.with_name("report.pdf.part").exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_the_pdf_starts_with_the_executive_summary_and_holds_the_key_text(pdf):
    path, _pages, story = pdf
    first = subprocess.run(["pdftotext", "-l", "1", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert "EXECUTIVE SUMMARY" in first
    assert "Which customers are about to" in first and "Without ML" in first
    assert "Technical appendix" not in first
    second = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(path), "-"],
                            capture_output=True, text=True, check=True).stdout
    assert second.lstrip().startswith("THE STORY, PAGE BY PAGE")  # the summary fits one page
    everything = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                check=True).stdout
    top = story["appendix"]["drivers"]["importance"][0]["feature"]
    for words in ("Technical appendix", "Cleaning recipe", "Leaderboard", "Model card", top):
        assert words in everything


def test_the_report_command_writes_html_and_pdf(workspace, tmp_path, capsys):
    html, pdf = tmp_path / "story.html", tmp_path / "story.pdf"
    code = cli_main(["report", support.PROJECT, "--html", str(html), "--pdf", str(pdf),
                     "--workspace", str(workspace)])
    assert code == 0
    assert html.read_text(encoding="utf-8").count("Technical appendix") >= 1
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "pages)" in capsys.readouterr().err


def test_the_report_command_needs_a_file_and_a_known_project(workspace, tmp_path, capsys):
    assert cli_main(["report", support.PROJECT, "--workspace", str(workspace)]) == 2
    assert "--html FILE and/or --pdf FILE" in capsys.readouterr().err
    code = cli_main(["report", "Nope", "--html", str(tmp_path / "x.html"),
                     "--workspace", str(workspace)])
    assert code == 2
    assert "no project called 'Nope'" in capsys.readouterr().err
