"""The stage strip: Frame → Collect → Clean → Annotate → Train → Analyze → Ship → Monitor.

Shows where a project stands in the loop. It is honest: a stage is "done" only when the store
proves it (see ``ui.project_summary.stages_done``), and stages this version cannot do yet are
drawn as "coming later", never as done. A stage a project may skip (Annotate) is "optional"
until it is done, and is never proposed as the next step.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from ui import theme
from ui.names import name as set_name
from ui.project_summary import AVAILABLE, OPTIONAL, STAGES, next_stage

TIPS = {
    "Frame": "The business question and what a prediction is worth.",
    "Collect": "A data file imported as a fixed dataset version.",
    "Clean": "A cleaning recipe accepted for the data.",
    "Annotate": "Label rows whose answer is missing, correct doubtful labels.",
    "Train": "Candidates trained against the no-ML baseline.",
    "Analyze": "Results in plain words: money, errors, drivers.",
    "Ship": "A model version promoted to production.",
    "Monitor": "New batches scored and watched for drift.",
}
STATE_WORDS = {
    "done": "done",
    "next": "next step",
    "upcoming": "not yet",
    "optional": "optional: when labels are missing or doubtful",
    "unavailable": "coming in a later version",
}


class StageStrip(QWidget):
    """A row of stage chips; ``set_done`` decides which are done / next / upcoming."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "stageStrip", "Project stages")
        self._done: frozenset[str] = frozenset()
        self._chips: dict[str, QLabel] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for i, stage in enumerate(STAGES):
            if i:
                arrow = QLabel("→")
                theme.set_role(arrow, "muted")
                arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
                layout.addWidget(arrow)
            chip = QLabel(stage)
            set_name(chip, f"stage{stage}")
            chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
            chip.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self._chips[stage] = chip
            layout.addWidget(chip, 1)
        self.set_done(frozenset())

    def set_done(self, done: frozenset[str] | set[str]) -> None:
        """Show ``done`` stages as done and the first open one after them as the next step."""
        self._done = frozenset(done) & AVAILABLE
        following = next_stage(self._done)
        for stage, chip in self._chips.items():
            state = self.state_of(stage, following)
            chip.setProperty("state", state)
            chip.setText(f"✓ {stage}" if state == "done" else stage)
            chip.setToolTip(f"{stage}: {TIPS[stage]} ({STATE_WORDS[state]})")
            chip.setAccessibleDescription(f"{stage}, {STATE_WORDS[state]}")
        self._restyle()

    def state_of(self, stage: str, following: str | None = None) -> str:
        """"done", "next", "upcoming", "optional" or "unavailable" for one stage."""
        if stage not in AVAILABLE:
            return "unavailable"
        if stage in self._done:
            return "done"
        if stage in OPTIONAL:
            return "optional"
        following = following if following is not None else next_stage(self._done)
        return "next" if stage == following else "upcoming"

    def states(self) -> dict[str, str]:
        return {stage: self.state_of(stage) for stage in STAGES}

    def changeEvent(self, event: QEvent) -> None:
        # The palette changes when the system switches between light and dark.
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)

    def _restyle(self) -> None:
        c = theme.colors()
        base = "border-radius: 12px; padding: 4px 10px;"
        looks = {
            "done": f"background: {c.selection}; color: {c.text}; border: 1px solid {c.selection};",
            "next": f"background: {c.surface}; color: {c.accent}; border: 1px solid {c.accent};"
            " font-weight: 600;",
            "upcoming": f"background: {c.surface}; color: {c.muted}; border: 1px solid {c.border};",
            "optional": f"background: {c.surface}; color: {c.muted}; border: 1px dotted {c.muted};",
            "unavailable": f"background: transparent; color: {c.muted};"
            f" border: 1px dashed {c.border};",
        }
        for chip in self._chips.values():
            chip.setStyleSheet(f"QLabel {{ {base} {looks[chip.property('state')]} }}")
