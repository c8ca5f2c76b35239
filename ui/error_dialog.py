"""Errors in front of the user: a UserError in words, anything else as "Something went wrong".

Errors a user can cause (``engine.errors.UserError``: message + hint) become a message box that
says what happened and what to do next. Programming errors are never swallowed: their
traceback goes to ``<workspace>/logs/firstwin.log`` and the box names that file, so a bug report
has something to attach. ``install_excepthook`` routes uncaught exceptions in slots here
instead of letting them vanish into a console nobody sees.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from engine.errors import UserError
from ui.names import name as set_name

LOGGER_NAME = "firstwin"


def log_path(workspace: Path) -> Path:
    """Where the app writes its log: ``<workspace>/logs/firstwin.log``."""
    return Path(workspace) / "logs" / "firstwin.log"


def setup_logging(workspace: Path) -> Path:
    """Send the ``firstwin`` logger to the workspace's log file (rotated at 1 MB); idempotent."""
    path = log_path(workspace)
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        if getattr(handler, "firstwin_log", False):
            if Path(handler.baseFilename) == path:
                return path
            logger.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
        )
    except OSError:
        return path  # an unwritable workspace must not stop the app; the store will say why
    handler.firstwin_log = True
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def log_exception(error: BaseException) -> None:
    """Write ``error`` with its traceback to the log."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    logging.getLogger(LOGGER_NAME).error("Unexpected error\n%s", text.rstrip())


def show_error(parent: QWidget | None, error: BaseException, workspace: Path) -> QMessageBox:
    """Show ``error`` window-modally (``open()``, never a blocking ``exec()``) and return the box.

    A UserError is shown in its own words; anything else is logged first, then summarised.
    """
    box = QMessageBox(parent)
    set_name(box, "errorDialog")
    if isinstance(error, UserError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("FirstWin")
        box.setText(error.message)
        if error.hint:
            box.setInformativeText(error.hint)
    else:
        log_exception(error)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Something went wrong")
        box.setText("Something went wrong inside FirstWin. Your data and projects are safe.")
        box.setInformativeText(
            f"The details were written to {log_path(workspace)}.\n"
            "Please attach that file if you report the problem."
        )
        box.setDetailedText("".join(traceback.format_exception_only(type(error), error)).strip())
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


def install_excepthook(
    workspace: Callable[[], Path], parent: Callable[[], QWidget | None]
) -> Callable:
    """Log uncaught exceptions and show them; returns the previous hook.

    ``workspace`` and ``parent`` are callables because both can change while the app runs.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        if error.__traceback__ is None:
            error = error.with_traceback(tb)
        try:
            show_error(parent(), error, workspace())
        except Exception:  # a failing dialog must not hide the original error
            log_exception(error)
        if not isinstance(error, UserError):
            previous(kind, error, tb)  # keep the traceback on the console for developers

    sys.excepthook = hook
    return previous
