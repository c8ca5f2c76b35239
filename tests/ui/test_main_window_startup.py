"""Start-up: what `python main.py` runs, what it must not import, errors, and the theme."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QMessageBox

import main
from engine.errors import UserError
from tests.ui import main_window_support as support
from ui import theme
from ui.error_dialog import install_excepthook, log_path, setup_logging, show_error

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


def test_bare_main_opens_the_gui_and_a_command_runs_headless(monkeypatch, workspace, capsys):
    import ui.app

    calls = []
    monkeypatch.setattr(ui.app, "run_app", lambda argv: calls.append(argv) or 0)
    assert main.main(["--workspace", str(workspace), "--sample"]) == 0
    assert main.main([]) == 0
    assert calls == [["--workspace", str(workspace), "--sample"], []]
    assert main.main(["projects", "--workspace", str(workspace)]) == 0
    assert calls == [["--workspace", str(workspace), "--sample"], []]  # the CLI ran instead


def test_the_shown_window_imports_neither_pandas_nor_scikit_learn(tmp_path):
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from ui.app import create_main_window\n"
        "from ui.settings import AppSettings\n"
        f"w = create_main_window({str(tmp_path / 'ws')!r}, settings=AppSettings.at({str(tmp_path / 's.ini')!r}))\n"
        "w.show(); app.processEvents()\n"
        "print(','.join(m for m in ('pandas', 'sklearn', 'numpy', 'pyqtgraph') if m in sys.modules))\n"
        "w.store.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60, check=True)
    assert result.stdout.strip() == ""


def test_storage_imported_lightly_still_writes_and_pandas_imports_afterwards(tmp_path):
    code = (
        "import sys\n"
        "from ui.app import import_storage_lightly\n"
        "import_storage_lightly()\n"
        "from storage import Store\n"
        f"s = Store.open({str(tmp_path / 'ws')!r})\n"
        "p = s.create_project('P', 'Q?')\n"
        "run = s.start_run(p.id, spec={'a': 1})\n"
        "import numpy, pandas\n"
        "s.log_metrics(run.id, [('cv/x/auc', numpy.float64(0.5), 0, 1.0)])\n"
        "print(len(s.metrics(run.id)), pandas.__name__)\n"
        "s.close()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "pandas"]


def test_a_user_error_is_shown_in_words_with_what_to_do(qtbot, workspace):
    box = show_error(None, UserError("The file is empty.", "Pick a file with rows."), workspace)
    qtbot.addWidget(box)
    assert box.text() == "The file is empty."
    assert box.informativeText() == "Pick a file with rows."
    assert box.icon() == QMessageBox.Icon.Warning
    box.close()


def test_a_programming_error_is_logged_and_shown_with_the_log_path(qtbot, workspace):
    setup_logging(workspace)
    try:
        raise KeyError("boom")
    except KeyError as error:
        box = show_error(None, error, workspace)
    qtbot.addWidget(box)
    for handler in logging.getLogger("firstwin").handlers:
        handler.flush()
    assert box.windowTitle() == "Something went wrong"
    assert str(log_path(workspace)) in box.informativeText()
    logged = log_path(workspace).read_text(encoding="utf-8")
    assert "Traceback" in logged and "KeyError: 'boom'" in logged
    box.close()


def test_the_excepthook_shows_uncaught_errors_instead_of_losing_them(monkeypatch, workspace):
    shown, printed = [], []
    monkeypatch.setattr("ui.error_dialog.show_error", lambda parent, error, ws: shown.append(error))
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: printed.append(error))
    install_excepthook(lambda: workspace, lambda: None)  # monkeypatch restores the original
    error = RuntimeError("oops")
    sys.excepthook(RuntimeError, error, None)
    assert shown == [error]
    assert printed == [error]  # still on the console for developers


def test_the_theme_uses_fusion_and_the_chosen_palette(qapp):
    original_style = qapp.style().name()  # the app is shared with later tests: restore it
    try:
        theme.apply_theme(qapp, "dark")
        assert qapp.palette().color(QPalette.ColorRole.Window).name() == theme.DARK.window
        assert theme.colors() is theme.DARK
        theme.apply_theme(qapp, "light")
        assert qapp.palette().color(QPalette.ColorRole.Window).name() == theme.LIGHT.window
        qapp.setStyleSheet("")  # with a stylesheet, style() is the stylesheet's proxy
        assert qapp.style().name() == "fusion"
    finally:
        qapp.setStyleSheet("")
        qapp.setPalette(QPalette())
        if original_style:
            qapp.setStyle(original_style)
