"""Step 5, Annotate: label rows with no target value and merge class names spelled two ways.

Shown only when it helps (``is_needed``): the target is a class and has missing values (an
unlabelled pool) or near-duplicate class names ("Yes" and "yes "); otherwise the wizard goes
from Clean straight to Train. The labelling reuses the project view's Label tab (keys 1–9,
Enter, S, Backspace) over the loaded frame; nothing is stored here. Next applies the labels and
the ticked merges to the frame in the wizard state (``WizardState.set_annotations``), and
training stores that frame as the first dataset version. Back keeps everything.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QVBoxLayout, QWizardPage

from ui.annotate.label_tab import LabelTab
from ui.annotate.words import plural
from ui.wizard.common import PAGE_MARGINS, SPACING, PageHeader, heading, hint, name
from ui.wizard.stages import LabelSuggestions, suggest_labels
from ui.wizard.state import WizardState
from ui.worker import StageWorker

SAVED_WITH_DATA = "Your labels are saved with the data when training starts."
FINDING = "Finding suggestions… a quick model learns from the labelled rows. You can start now."


class AnnotatePage(QWizardPage):
    """Always complete: labelling is optional; unlabelled rows are left out of training."""

    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        name(self, "annotatePage")
        self.header = PageHeader(4, "Fill in missing answers",
                                 "Some rows have no answer yet, or one answer is spelled in "
                                 "several ways. Fix what you can: every label is a row more to "
                                 "learn from. " + SAVED_WITH_DATA)
        self.worker = StageWorker(state.store.workspace, self)
        self._needed_for: tuple[int, int] | None = None
        self._needed = False
        self._seen: tuple[int, int] | None = None
        self._token = 0
        self.target = ""
        self.classes: list[str] = []
        self.pool: list[int] = []
        self.proposals: list[dict] = []

        self.summaryLabel = name(QLabel(""), "annotateSummary")
        self.summaryLabel.setWordWrap(True)
        self.suggestStatus = name(hint(""), "annotateSuggestStatus")

        self.mergePanel = name(QFrame(), "annotateMergePanel")
        self.mergePanel.setProperty("panel", True)
        merge_layout = QVBoxLayout(self.mergePanel)
        merge_layout.setContentsMargins(18, 12, 18, 12)
        merge_layout.setSpacing(6)
        merge_layout.addWidget(heading("One answer, several spellings"))
        merge_layout.addWidget(hint("Tick a merge to write these rows the same way, so the model "
                                    "sees one class instead of two."))
        self._merge_box = QVBoxLayout()
        self._merge_box.setSpacing(4)
        merge_layout.addLayout(self._merge_box)
        self.mergeChecks: list[QCheckBox] = []

        self.labelTab = LabelTab()
        self.labelTab.changed.connect(self._label_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(SPACING)
        layout.addWidget(self.header)
        layout.addWidget(self.summaryLabel)
        layout.addWidget(self.suggestStatus)
        layout.addWidget(self.mergePanel)
        layout.addWidget(self.labelTab, 1)
        layout.addStretch(0)  # keeps the merges at the top when there is nothing to label

        self.worker.finished.connect(self._suggested)
        self.worker.failed.connect(lambda message, _hint: self._no_suggestions(message))
        self.worker.crashed.connect(lambda _text: self._no_suggestions(
            "No suggestions: something went wrong while looking for them."))
        for ended in (self.worker.finished, self.worker.failed, self.worker.crashed,
                      self.worker.cancelled):
            ended.connect(self._start_pending)
        self._pending = None  # the suggestions job waiting for an older one to end

    # --- whether the page is shown ----------------------------------------------------------
    def is_needed(self) -> bool:
        """A class target with missing values or near-duplicate class names (cached)."""
        key = (self.state.data_version, self.state.analysis_version)
        if key != self._needed_for:
            self._needed_for = key
            self._needed = self._find_work()
        return self._needed

    def _find_work(self) -> bool:
        analysis, data = self.state.analysis, self.state.data
        self.pool, self.proposals, self.classes = [], [], []
        if analysis is None or data is None or analysis.task == "regression":
            return False
        if analysis.target not in data.frame.columns:
            return False
        from engine.annotate.hygiene import near_duplicate_classes  # pandas only
        from engine.annotate.pool import unlabelled_positions
        from ui.annotate.jobs import classes_of

        values = data.frame[analysis.target]
        self.target = analysis.target
        self.pool = unlabelled_positions(data.frame, analysis.target)
        self.proposals = near_duplicate_classes(values)
        self.classes = classes_of(values)
        return bool(self.pool or self.proposals)

    # --- QWizardPage --------------------------------------------------------------------------
    def initializePage(self) -> None:
        """A new session when the data or target changed; else as it was left (Back keeps it)."""
        if not self.is_needed():
            return
        key = (self.state.data_version, self.state.analysis_version)
        if key != self._seen:
            self._seen = key
            self._build()
        self.labelTab.setFocus()

    def cleanupPage(self) -> None:
        """Back keeps the labels and the ticked merges."""

    def validatePage(self) -> bool:
        """Next: the labels and ticked merges go into the wizard state's frame."""
        self.state.set_annotations(self.annotations())
        return True

    # --- what the user gave -------------------------------------------------------------------
    def accepted_merges(self) -> list[dict]:
        return [p for p, box in zip(self.proposals, self.mergeChecks, strict=True) if box.isChecked()]

    def annotations(self) -> list[dict]:
        """Labels (spelled as the ticked merges say) and the merges' own row changes."""
        if self.state.data is None or not self.is_needed():
            return []
        from engine.annotate.hygiene import merge_annotations

        spelling = {old.strip(): p["into"] for p in self.accepted_merges() for old in p["merge"]
                    if old.strip() != p["into"].strip()}  # class buttons show stripped names
        notes = [{"row": n["row"], "label": spelling.get(n["label"], n["label"])}
                 for n in self.labelTab.changes()]
        labelled = {n["row"] for n in notes}
        for proposal in self.accepted_merges():
            notes += [n for n in merge_annotations(self.state.data.frame, self.target, proposal)
                      if n["row"] not in labelled]
        return notes

    # --- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        frame = self.state.data.frame
        target = self.target
        missing = len(self.pool)
        if missing:
            self.summaryLabel.setText(
                f"{plural(missing, 'row')} of {len(frame):,} have no {target} value. Label the "
                f"ones you can with the keys on the right; rows left blank are not used for "
                f"training, and labelling is optional.")
        else:
            self.summaryLabel.setText(f"Every row has a {target} value, but some values look "
                                      f"like one class spelled differently.")
        for box in self.mergeChecks:
            self._merge_box.removeWidget(box)
            box.deleteLater()
        self.mergeChecks = []
        for number, proposal in enumerate(self.proposals, start=1):
            spellings = ", ".join(f"“{m}”" for m in proposal["merge"])
            box = QCheckBox(f"Write {spellings} as “{proposal['into']}” "
                            f"({plural(proposal['rows'], 'row')})")
            name(box, f"mergeCheck{number}")
            box.setToolTip(proposal.get("reason", ""))
            box.toggled.connect(self._merges_changed)
            self._merge_box.addWidget(box)
            self.mergeChecks.append(box)
        self.mergePanel.setVisible(bool(self.proposals))
        self.labelTab.setVisible(bool(missing))
        self.labelTab.open_pool(frame, target, self.classes, list(self.pool), {})
        self.labelTab.form.order_note.hide()  # rows are in file order until suggestions come
        self._token += 1
        self.worker.cancel()
        if missing:
            self.suggestStatus.setText(FINDING)
            self.suggestStatus.show()
            token, classes, seed = self._token, list(self.classes), self.state.seed
            self._pending = lambda reporter: (token, suggest_labels(frame, target, classes,
                                                                    seed, reporter))
            self._start_pending()
        else:
            self.suggestStatus.hide()

    def _start_pending(self, *_args) -> None:
        if self._pending is not None and not self.worker.is_running():
            job, self._pending = self._pending, None
            self.worker.start(job)

    def _suggested(self, result) -> None:
        token, found = result
        if token != self._token:
            return  # for an earlier data file or target
        found: LabelSuggestions
        tab = self.labelTab
        if found.reason:
            self._no_suggestions(found.reason)
        labelled, skipped, _left = tab.session.counts()
        if not labelled and not skipped:  # untouched: start again in the better order
            tab.open_pool(self.state.data.frame, self.target, tab.buttons.classes,
                          found.order, found.suggestions)
            tab.form.order_note.setVisible(bool(found.suggestions))
        else:  # the user has started: keep their place, add the guesses
            tab.suggestions.update(found.suggestions)
            tab._show_current()  # noqa: SLF001 - LabelTab has no public redraw yet
        if found.suggestions:
            self.suggestStatus.setText("Suggestions ready: each row shows the quick model's "
                                       "guess. Press Enter to accept it.")

    def _no_suggestions(self, message: str) -> None:
        self.suggestStatus.setText(f"{message} Label with the number keys.")
        self.suggestStatus.show()

    def _merges_changed(self) -> None:
        """Merged spellings are no longer offered as classes."""
        merged = {old.strip() for p in self.accepted_merges() for old in p["merge"]
                  if old.strip() != p["into"].strip()}
        self.labelTab.set_classes([c for c in self.classes if c not in merged])

    def _label_changed(self) -> None:
        tab = self.labelTab
        labelled, skipped, _left = tab.session.counts()
        if tab.session.current() is None and not skipped and labelled:
            tab.buttons.guess_detail.setText("Press Next to train on them.")
