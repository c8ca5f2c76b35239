"""Errors a user can cause. Each carries a message in words and what to do next."""

from __future__ import annotations


class UserError(Exception):
    """Something about the input or request is wrong; the message tells the user how to fix it.

    The CLI prints it without a traceback and exits non-zero; the GUI shows it in a message box.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class DataError(UserError):
    """The data file cannot be read, or cannot be trained on as it is."""


class TargetError(UserError):
    """The chosen target column cannot be predicted as asked."""


class ModelNotFound(UserError):
    """A model reference (id or PROJECT:best) names nothing in the workspace."""
