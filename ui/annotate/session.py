"""A labelling session over the pool: where we are, what was labelled or skipped. Qt-free.

Every step is O(1) amortised (dict and set updates, a cursor moving forward), so a 10,000-row
pool stays instant. Labels stay in memory until the view saves them as one batch; Backspace
undoes the last unsaved label or skip and goes back to that row.
"""

from __future__ import annotations

from collections.abc import Iterable


class LabelSession:
    """The rows of ``order`` (row keys), one at a time."""

    def __init__(self, order: Iterable[int]) -> None:
        self.order = list(order)
        self._index = {row: i for i, row in enumerate(self.order)}
        self.labels: dict[int, str] = {}  # not saved yet
        self.saved: dict[int, str] = {}  # saved during this session
        self.skipped: set[int] = set()
        self._history: list[int] = []  # unsaved labels and skips, the newest last
        self.cursor = 0
        self._advance()

    # --- reading ------------------------------------------------------------------------
    def current(self) -> int | None:
        """The row key to label now (None when every row was labelled or skipped)."""
        return self.order[self.cursor] if self.cursor < len(self.order) else None

    def counts(self) -> tuple[int, int, int]:
        """(labelled, skipped, left): labelled counts saved and unsaved labels."""
        labelled = len(self.labels) + len(self.saved)
        return labelled, len(self.skipped), len(self.order) - labelled - len(self.skipped)

    def changes(self) -> list[dict]:
        """The unsaved labels as annotations, in the order they were given."""
        return [{"row": row, "label": self.labels[row]} for row in self._history
                if row in self.labels]

    def can_undo(self) -> bool:
        return bool(self._history)

    # --- acting -------------------------------------------------------------------------
    def label(self, label: str) -> None:
        row = self.current()
        if row is None:
            return
        self.labels[row] = label
        self._history.append(row)
        self._advance()

    def skip(self) -> None:
        row = self.current()
        if row is None:
            return
        self.skipped.add(row)
        self._history.append(row)
        self._advance()

    def undo(self) -> int | None:
        """Take back the newest unsaved label or skip; its row becomes current again."""
        if not self._history:
            return None
        row = self._history.pop()
        self.labels.pop(row, None)
        self.skipped.discard(row)
        self.cursor = self._index[row]
        return row

    def mark_saved(self, rows: Iterable[int]) -> None:
        """These labels are in the store now: they can no longer be taken back here."""
        for row in rows:
            if row in self.labels:
                self.saved[row] = self.labels.pop(row)
        self._history = [row for row in self._history if row not in self.saved]

    def discard(self) -> None:
        """Forget the unsaved labels; their rows are to be labelled again."""
        self.labels.clear()
        self._history = [row for row in self._history if row in self.skipped]
        self.cursor = 0
        self._advance()

    def revisit_skipped(self) -> None:
        """Go through the skipped rows again (when the rest is done)."""
        self.skipped.clear()
        self._history = [row for row in self._history if row in self.labels]
        self.cursor = 0
        self._advance()

    def _handled(self, row: int) -> bool:
        return row in self.labels or row in self.saved or row in self.skipped

    def _advance(self) -> None:
        while self.cursor < len(self.order) and self._handled(self.order[self.cursor]):
            self.cursor += 1
