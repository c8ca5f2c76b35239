"""A reporter for the terminal: a progress bar on a TTY, plain lines otherwise (all on stderr)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from engine.reporter import Reporter

BAR_WIDTH = 28
PLAIN_LINE_SECONDS = 0.5  # without a terminal, at most two progress lines a second


class ConsoleReporter(Reporter):
    """Draws progress on stderr; stdout stays free for ``--json`` output."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False) -> None:
        super().__init__()
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_message = ""
        self._last_draw = 0.0
        self._bar_shown = False

    def on_progress(self, fraction: float, message: str) -> None:
        if self.quiet:
            return
        if self.interactive:
            now = time.monotonic()
            if now - self._last_draw < 0.1 and fraction < 1.0:
                return
            self._last_draw = now
            filled = int(BAR_WIDTH * fraction)
            bar = "█" * filled + "·" * (BAR_WIDTH - filled)
            line = f"\r{bar} {fraction:4.0%} {self._eta(fraction)} {message}"[:120]
            self.stream.write(line.ljust(120))
            self.stream.flush()
            self._bar_shown = True
        elif message and message != self._last_message:
            now = time.monotonic()
            if now - self._last_draw < PLAIN_LINE_SECONDS and fraction < 1.0:
                return
            self._last_draw = now
            self._last_message = message
            self._write(f"[{fraction:4.0%} {self.elapsed():5.1f}s] {message}")

    def on_log(self, message: str, level: str) -> None:
        if self.quiet and level == "info":
            return
        prefix = "warning: " if level == "warning" else ""
        self._write(prefix + message)

    def _write(self, text: str) -> None:
        if self._bar_shown:
            self.stream.write("\r" + " " * 120 + "\r")
            self._bar_shown = False
        self.stream.write(text + "\n")
        self.stream.flush()

    def _eta(self, fraction: float) -> str:
        elapsed = self.elapsed()
        if fraction <= 0.02:
            return f"{elapsed:4.0f}s"
        remaining = elapsed * (1 - fraction) / fraction
        return f"{elapsed:4.0f}s, ~{remaining:.0f}s left"

    def finish(self) -> None:
        if self._bar_shown:
            self.stream.write("\n")
            self._bar_shown = False
