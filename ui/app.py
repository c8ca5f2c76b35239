"""Start the desktop app: ``run_app(argv)`` for users, ``create_main_window()`` for tests and tools.

Start-up time is a feature (goal: a shown window in under a second), so this module and the
window import no pandas and no scikit-learn; they load in the background once the window is up.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from ui import theme
from ui.settings import APPLICATION, ORGANIZATION, AppSettings

if TYPE_CHECKING:
    from ui.main_window import MainWindow

HIDDEN_AT_START_UP = ("pandas", "numpy")  # see import_storage_lightly()
WARM_UP_DELAY_MS = 1500  # let the first paints and the user's first look happen undisturbed
_own_app: QApplication | None = None  # a QApplication create_main_window() had to make


def import_storage_lightly() -> None:
    """Import ``storage`` without letting sqlite-utils import pandas and numpy (~0.4 s).

    sqlite-utils imports them only to map their scalar types to SQL types when it infers a new
    table's columns or adds a column; the store creates its tables from SQL migrations and only
    inserts and updates rows, so those mappings are never used. A ``None`` entry in
    ``sys.modules`` makes an import fail for that moment only; both import normally afterwards
    (pyqtgraph brings numpy with the first chart, the wizard brings pandas).
    """
    if "sqlite_utils" in sys.modules:
        return  # too late to matter
    hidden = [name for name in HIDDEN_AT_START_UP if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import storage  # noqa: F401 - imported for its side effect on sqlite_utils
    finally:
        for name in hidden:
            del sys.modules[name]


def resolve_workspace(workspace: Path | str | None, settings: AppSettings) -> Path:
    """--workspace, else $FIRSTWIN_WORKSPACE, else the one chosen in Preferences, else default."""
    from storage import WORKSPACE_ENV, default_workspace

    if workspace:
        return Path(workspace).expanduser()
    if os.environ.get(WORKSPACE_ENV, "").strip():
        return default_workspace()
    return settings.workspace() or default_workspace()


def create_main_window(
    workspace: Path | str | None = None, *, settings: AppSettings | None = None
) -> MainWindow:
    """The main window on ``workspace``, not shown and without starting an event loop.

    Creates a QApplication (with the theme) if none exists yet. Raises StoreError if the
    workspace cannot be opened. The caller closes ``window.store`` when done with it.
    """
    global _own_app
    if QApplication.instance() is None:
        _own_app = QApplication([sys.argv[0] if sys.argv else "firstwin"])
        theme.apply_theme(_own_app)
    import_storage_lightly()
    from storage import Store
    from ui.main_window import MainWindow  # after the import above: it imports storage

    settings = settings or AppSettings()
    store = Store.open(resolve_workspace(workspace, settings))
    return MainWindow(store, settings)


def build_parser(with_commands: bool = False) -> argparse.ArgumentParser:
    """The app's options; ``with_commands`` (for --help only) lists the headless commands too."""
    epilog = None
    if with_commands:
        from ui.cli import COMMANDS  # imports the storage and engine: only when asked for help

        epilog = f"Headless commands: {', '.join(COMMANDS)}. See: python main.py COMMAND --help"
    parser = argparse.ArgumentParser(
        prog="main.py", description="FirstWin: open the desktop app.", epilog=epilog
    )
    parser.add_argument("--workspace", type=Path, help="workspace folder to open")
    parser.add_argument("--sample", action="store_true", help="start a proof of concept on the bundled sample")
    return parser


def run_app(argv: list[str] | None = None) -> int:
    """Run the desktop app until its window closes; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    wants_help = bool({"-h", "--help"} & set(argv))
    args, qt_args = build_parser(wants_help).parse_known_args(argv)  # Qt's own (-platform ...) pass through
    # Qt 6 scales by the exact screen factor (150 %, 175 %...) rather than rounding it.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("FirstWin")
    app.setDesktopFileName("firstwin")
    settings = AppSettings()
    theme.apply_theme(app, settings.appearance())

    from storage import StoreError

    try:
        window = create_main_window(args.workspace, settings=settings)
    except StoreError as error:
        # No window to attach a dialog to yet: this one message is allowed to block.
        QMessageBox.critical(None, "FirstWin", f"{error}\n\nChoose another folder with --workspace.")
        return 2
    from ui.error_dialog import install_excepthook, setup_logging

    setup_logging(window.store.workspace)
    install_excepthook(lambda: window.store.workspace, lambda: window)
    window.show()
    if args.sample:
        QTimer.singleShot(0, window.open_sample)
    QTimer.singleShot(WARM_UP_DELAY_MS, start_warm_up)
    try:
        return app.exec()
    finally:
        window.store.close()


def start_warm_up() -> threading.Thread:
    """Import pandas and scikit-learn in the background, so the first POC opens at once.

    Measured (FACTS.md): ~1 s of imports costs the GUI thread at most ~50 ms of stall this way.
    """
    thread = threading.Thread(target=_warm_up, name="firstwin-warm-up", daemon=True)
    thread.start()
    return thread


def _warm_up() -> None:
    # A failed warm-up only means a slower first POC; the real import will report the error.
    with contextlib.suppress(Exception):
        import engine.runner  # noqa: F401 - pandas, scikit-learn and the engine behind them
    # The libraries' objects live as long as the app: moving them out of the collector's way
    # turns the 120-180 ms full collections (measured during monitoring replay) into short ones.
    gc.freeze()
