"""Step 4, Clean: the proposed cleaning recipe, one row per column, each with its reason."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from ui.wizard.common import PAGE_MARGINS, SPACING, InlineMessage, PageHeader, hint, name
from ui.wizard.recipe_model import (
    COLUMN,
    ENCODE,
    IMPUTE,
    KEEP,
    KIND,
    REASON,
    ChoiceDelegate,
    RecipeModel,
)
from ui.wizard.state import WizardState


class CleanPage(QWizardPage):
    """Complete while at least one column is kept."""

    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        name(self, "cleanPage")
        self.header = PageHeader(3, "Clean the data",
                                 "FirstWin proposes how to use each column and says why. Untick a column "
                         "to leave it out; change how it is treated if you know better.")
        self._seen_analysis_version = -1

        self.model = RecipeModel(self)
        self.recipeTable = name(QTableView(), "recipeTable")
        self._setup_table()
        self.keptLabel = name(QLabel(""), "keptLabel")
        self.resetButton = name(QPushButton("Reset to suggested"), "resetRecipeButton")
        self.resetButton.setToolTip("Undo your changes and use FirstWin's proposal again")
        self.message = InlineMessage("cleanMessage")

        bar = QHBoxLayout()
        bar.addWidget(self.keptLabel)
        bar.addStretch(1)
        bar.addWidget(self.resetButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.addWidget(self.header)
        layout.setSpacing(SPACING)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.recipeTable, 1)
        layout.addWidget(hint("Nothing is changed in your file: the recipe travels with the model, "
                              "so new data is cleaned exactly the same way."))

        self.resetButton.clicked.connect(self.reset_to_suggested)
        self.model.recipeEdited.connect(self._edited)

    def _setup_table(self) -> None:
        table = self.recipeTable
        table.setModel(self.model)
        delegate = ChoiceDelegate(table)
        for column in (KIND, IMPUTE, ENCODE):
            table.setItemDelegateForColumn(column, delegate)
        table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(True)  # reasons are sentences: wrap them, never cut them off
        table.verticalHeader().hide()
        table.verticalHeader().setMinimumSectionSize(table.fontMetrics().height() + 12)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Row heights follow the width of the "Why" column, which follows the window. Laying
        # out every wrapped reason costs milliseconds and a resize moves several sections at
        # once, so the fit runs once per pass of the event loop.
        self._fit_rows_soon = QTimer(self, singleShot=True, interval=0)
        self._fit_rows_soon.timeout.connect(self._fit_rows)
        header.sectionResized.connect(self._fit_rows_soon.start)
        header.setSectionResizeMode(KEEP, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMN, QHeaderView.ResizeMode.Interactive)
        for column in (KIND, IMPUTE, ENCODE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        widths = {COLUMN: 170, KIND: 120, IMPUTE: 190, ENCODE: 200}
        for column, width in widths.items():
            table.setColumnWidth(column, width)

    def _fit_rows(self, *_args) -> None:
        self.recipeTable.resizeRowsToContents()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit_rows()

    # --- QWizardPage ------------------------------------------------------------------------
    def initializePage(self) -> None:
        """Show the recipe for the current target; keep edits if the target did not change."""
        if self.state.analysis_version != self._seen_analysis_version:
            self._seen_analysis_version = self.state.analysis_version
            self.model.set_recipe(self.state.recipe or copy.deepcopy(self.state.analysis.recipe))
            self._fit_rows_soon.start()
        self._update_count()

    def cleanupPage(self) -> None:
        """Back keeps the edits."""

    def isComplete(self) -> bool:
        return self.model.kept_count() > 0

    # --- editing -----------------------------------------------------------------------------
    def reset_to_suggested(self) -> None:
        analysis = self.state.analysis
        if analysis is None:
            return
        self.state.recipe = copy.deepcopy(analysis.recipe)
        self.state.recipe_edited()
        self.model.set_recipe(self.state.recipe)
        self.recipeTable.resizeRowsToContents()
        self._update_count()
        self.completeChanged.emit()

    def _edited(self) -> None:
        self.state.recipe_edited()
        self._update_count()
        self.completeChanged.emit()

    def _update_count(self) -> None:
        kept, total = self.model.kept_count(), self.model.rowCount()
        self.keptLabel.setText(f"{kept} of {total} columns used to learn from")
        if kept == 0:
            self.message.show_error("No column is used, so there is nothing to learn from.",
                                    "Tick at least one column, or press Reset to suggested.")
        else:
            self.message.clear_message()
