"""The models table's right-click menu: details, and moves between registry stages.

Each move asks for an optional note (window-modal, never a blocking exec); the note goes into
the audit event ``engine.promotion.promote`` records.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from storage import ModelVersion
from ui.names import name as set_name

# (stage, words on the menu), in the order a model usually travels.
STAGE_MOVES = (
    ("staging", "Move to staging"),
    ("production", "Put in production"),
    ("archived", "Archive"),
    ("candidate", "Back to candidate"),
)
ACTION_NAMES = {"staging": "moveToStagingAction", "production": "moveToProductionAction",
                "archived": "archiveModelAction", "candidate": "backToCandidateAction"}


def stage_moves(current: str) -> list[tuple[str, str]]:
    """The moves offered for a model now in ``current``: every stage but its own."""
    return [(stage, words) for stage, words in STAGE_MOVES if stage != current]


def model_menu(parent: QWidget, model: ModelVersion, on_details: Callable[[], object],
               on_move: Callable[[str], object]) -> QMenu:
    """Details… then one action per stage move; ``on_move(stage)`` is called with the stage."""
    menu = QMenu(parent)
    set_name(menu, "modelContextMenu")
    details = menu.addAction("Details…")
    details.setObjectName("modelDetailsAction")
    details.triggered.connect(lambda: on_details())
    menu.addSeparator()
    for stage, words in stage_moves(model.stage):
        action = menu.addAction(words)
        action.setObjectName(ACTION_NAMES[stage])
        action.setData(stage)
        action.triggered.connect(lambda _checked=False, s=stage: on_move(s))
    return menu


def ask_note(parent: QWidget, model: ModelVersion, stage: str,
             then: Callable[[str], object]) -> QInputDialog:
    """Ask for an optional note on the move; ``then(note)`` runs on OK, nothing on Cancel."""
    words = dict(STAGE_MOVES)[stage]
    dialog = QInputDialog(parent)
    set_name(dialog, "stageNoteDialog")
    dialog.setWindowTitle(f"{words}: model {model.id}")
    dialog.setLabelText(f"Model {model.id} ({model.name}): {model.stage} → {stage}.\n"
                        "A note for the project's history (optional), for example why:")
    dialog.setOkButtonText(words)
    dialog.textValueSelected.connect(then)
    dialog.open()
    return dialog
