"""The HTML report printed to PDF with Qt's own writer (QTextDocument + QPdfWriter), A4.

Works headless (``QT_QPA_PLATFORM=offscreen``): a QGuiApplication is created when there is no
application yet. The report's charts are inline SVG images; they are drawn here at three times
their size first, so they stay sharp on paper.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

DPI = 96  # CSS pixels and points mean what they say on paper
MARGIN_MM = 14
SHARPNESS = 3
_SVG_SRC = re.compile(r'src="(data:image/svg\+xml;base64,[A-Za-z0-9+/=]+)"')


def ensure_gui_application() -> None:
    """An application for fonts and painting, if the process has none (the CLI).

    A QApplication (a QGuiApplication that also allows widgets), so a process that prints a
    report first can still open windows later.
    """
    if QGuiApplication.instance() is None:
        if sys.platform.startswith("linux") and not (
                os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a server: print headless
        # Kept on the module: the application must outlive every document printed with it.
        global _APP
        _APP = QApplication(sys.argv[:1])


def report_document(html: str, width: float) -> QTextDocument:
    """A QTextDocument of the report laid out ``width`` pixels wide, charts drawn sharp."""
    document = QTextDocument()
    document.setDocumentMargin(0)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10.5)
    document.setDefaultFont(font)
    for uri in set(_SVG_SRC.findall(html)):
        image = svg_image(uri)
        if image is not None:
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(uri), image)
    document.setHtml(html)
    document.setTextWidth(width)
    return document


def svg_image(uri: str) -> QImage | None:
    """An inline SVG drawn at SHARPNESS times its size (None if it is not valid SVG)."""
    data = QByteArray.fromBase64(QByteArray(uri.split(",", 1)[1].encode("ascii")))
    renderer = QSvgRenderer(data)
    if not renderer.isValid():
        return None
    size = renderer.defaultSize()
    image = QImage(size.width() * SHARPNESS, size.height() * SHARPNESS,
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    image.setDevicePixelRatio(SHARPNESS)
    return image


def write_report_pdf(html: str, path: str | Path, title: str = "FirstWin report") -> int:
    """Print the report to ``path`` (A4, via a temporary name); returns the page count."""
    ensure_gui_application()
    target = Path(path)
    temporary = target.with_name(target.name + ".part")
    writer = QPdfWriter(str(temporary))
    writer.setResolution(DPI)
    writer.setTitle(title)
    writer.setCreator("FirstWin")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                     QPageLayout.Unit.Millimeter))
    area = writer.pageLayout().paintRectPixels(DPI)
    document = report_document(html, area.width())
    document.setPageSize(QSizeF(area.width(), area.height()))
    document.print_(writer)
    pages = document.pageCount()
    del writer  # closes the file
    temporary.replace(target)
    return pages

