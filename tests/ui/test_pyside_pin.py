"""PySide6 6.12.0 drops a reference to None on every None-returning call and aborts Python 3.11.

FACTS.md: a pyqtgraph live plot dies within seconds. pyproject pins PySide6-Essentials below
6.12; this test fails (or crashes the run) if a broken build sneaks back in.
"""

import sys

import pytest


def test_installed_pyside6_is_inside_the_pinned_range():
    import PySide6

    major, minor = (int(p) for p in PySide6.__version__.split(".")[:2])
    assert (6, 10) <= (major, minor) < (6, 12), PySide6.__version__


def test_twenty_thousand_none_returning_qt_calls_keep_none_alive(qapp):
    from PySide6.QtCore import QTimer

    before = sys.getrefcount(None)
    timer = QTimer()
    for i in range(20_000):
        timer.setInterval(i % 100 + 1)  # returns None
    after = sys.getrefcount(None)
    if sys.version_info >= (3, 12):
        pytest.skip("None is immortal from Python 3.12 on; the count is meaningless")
    # A leak of one reference per call would show up as a drop of ~20,000.
    assert before - after < 1_000
