"""What the render_*.py scripts share: wait for a view's workers, then grab it as a PNG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QElapsedTimer
from PySide6.QtWidgets import QApplication


def wait_for(condition, what: str = "the view", ms: int = 600_000) -> None:
    """Run the event loop until ``condition()`` holds; TimeoutError after ``ms``."""
    timer = QElapsedTimer()
    timer.start()
    while not condition():
        QCoreApplication.processEvents()
        if timer.elapsed() > ms:
            raise TimeoutError(f"{what} did not finish in time")
        QCoreApplication.instance().thread().msleep(20)
    QCoreApplication.processEvents()


def grab(widget, name: str, out: Path) -> None:
    """Save ``widget`` as ``out/name.png`` and print the path."""
    QApplication.processEvents()
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path)
