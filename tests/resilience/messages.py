"""What a user-facing error must look like: words and what to do next, never Python internals."""

from __future__ import annotations

import re

from engine.errors import UserError

# Signs that an exception's text leaked instead of a sentence written for the user.
_LEAKS = (
    re.compile(r"Traceback \(most recent call last\)"),
    re.compile(r'File ".*", line \d+'),
    re.compile(r"<[\w.]+ object at 0x[0-9a-fA-F]+>"),
    re.compile(r"^\s*\w+(Error|Exception)\("),  # a bare repr such as ValueError('...')
    re.compile(r"^\s*\w+(Error|Exception): "),  # "KeyError: ..." copied from a traceback
)


def assert_readable(error: BaseException, *, hint: bool = True) -> None:
    """``error`` is a UserError whose message is a sentence and (by default) carries a hint."""
    assert isinstance(error, UserError), f"{type(error).__name__} is not a UserError: {error!r}"
    message = error.message
    assert isinstance(message, str) and message.strip(), "the message is empty"
    assert len(re.findall(r"[^\W\d_]{2,}", message)) >= 3, f"not words: {message!r}"
    for leak in _LEAKS:
        assert not leak.search(message), f"Python internals in the message: {message!r}"
        assert not leak.search(error.hint), f"Python internals in the hint: {error.hint!r}"
    if hint:
        assert error.hint.strip(), f"no hint saying what to do next: {message!r}"
