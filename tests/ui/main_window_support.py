"""Helpers for the main-window tests: a trained workspace (made once) and isolated settings.

Not a conftest on purpose: the wizard's tests live in the same folder and own theirs. Each test
module wraps these in small fixtures.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "telco_churn.csv"
PROJECT = "Churn 600"
QUESTION = "Which customers are about to cancel?"


@cache
def trained_template() -> Path:
    """A workspace with one quick run on 600 Telco rows, trained once per test process."""
    from ui.cli import main as cli_main

    folder = Path(tempfile.mkdtemp(prefix="firstwin-ui-tests-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)[:601]  # header + 600
    data = folder / "churn600.csv"
    data.write_text("".join(lines), encoding="utf-8")
    workspace = folder / "workspace"
    code = cli_main([
        "train", str(data), "--target", "Churn", "--budget", "quick", "--workspace", str(workspace),
        "--project", PROJECT, "--question", QUESTION,
    ])
    assert code == 0, "training the test workspace failed"
    return workspace


def trained_workspace(tmp_path: Path) -> Path:
    """A private copy of the trained workspace (tests may write to it)."""
    target = tmp_path / "trained-workspace"
    shutil.copytree(trained_template(), target)
    return target


def isolate_qsettings(tmp_path: Path) -> None:
    """Point every QSettings() default location into tmp_path: tests never touch the user's."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


def open_window(workspace: Path, settings_file: Path, monkeypatch=None):
    """The main window on ``workspace``; with ``monkeypatch`` the wizard is left out.

    Most tests only check that a proof of concept was *requested*; opening the real wizard
    would start loading files in worker threads that outlive the test.
    """
    from ui import main_window
    from ui.app import create_main_window
    from ui.settings import AppSettings

    if monkeypatch is not None:
        monkeypatch.setattr(main_window, "load_wizard_class", lambda: None)
    # Not qtbot.addWidget: dispose() deletes the window itself, which pytest-qt would not.
    return create_main_window(workspace, settings=AppSettings.at(settings_file))


def dispose(window) -> None:
    """Close the store and delete the window now.

    pytest-qt only closes widgets; a closed window left to Python's garbage collector can be
    deleted in the middle of a later test (say, while Qt re-polishes every widget) and crash it.
    """
    window.close()
    window.store.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
