"""Demo mode: a project's story full screen, one page at a time, for a room of executives.

Keys (a presenter's clicker sends PageDown/PageUp): → Space PageDown ↓ next, ← PageUp ↑
Backspace back, Home/End first/last, E edit, Esc leave (or close the editor). Arrow keys and
Space stay with a what-if field while it has the focus; PageUp/PageDown always turn the page.
The story is built on a worker; edits are stored with the project and the story retold.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QStackedLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.analyze.jobs import LatestJob
from ui.demo import jobs
from ui.demo.editor import StoryEditor
from ui.demo.story_page import StoryPage, label
from ui.demo.style import Scale, palette, stylesheet
from ui.demo.whatif_panel import WhatIfPanel
from ui.names import name as set_name

NEXT = {Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter}
BACK = {Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace}
EDITING = (QLineEdit, QAbstractSpinBox, QComboBox)
HINT = "→ next   ← back   E edit   Esc leave"


class DemoWindow(QWidget):
    """The story of project ``project_id`` in ``workspace``. ``present()`` goes full screen."""

    storyShown = Signal()  # a (new) story is on screen
    problem = Signal(str)

    def __init__(self, workspace: Path, project_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        set_name(self, "demoWindow")
        self.setWindowTitle("FirstWin — presentation")
        self.setPalette(palette())
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.workspace, self.project_id = Path(workspace), project_id
        self.story: dict | None = None
        self.pages: list[StoryPage] = []
        self.index = 0
        self.whatif: WhatIfPanel | None = None
        self._scale = Scale(0)
        self.job = LatestJob(self.workspace, self)
        self.job.finished.connect(self._story_ready)
        self.job.failed.connect(lambda _tag, message, hint: self.show_problem(message, hint))
        self.job.crashed.connect(lambda _tag, text: self.show_problem(text, ""))
        self.job.progress.connect(lambda _fraction, words: self.loading.setText(words))

        self.modes = QStackedLayout(self)
        presenter = QWidget()
        self.frame = QVBoxLayout(presenter)
        self.stack = QStackedWidget()
        set_name(self.stack, "demoPages")
        self.loading = label("Preparing the story…", "headline", "demoLoading")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        self.frame.addWidget(self.stack, 1)
        footer = QHBoxLayout()
        self.project_label = label("", "footer", "demoProject")
        self.indicator = label("", "footer", "demoIndicator")
        self.indicator.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = label(HINT, "footer", "demoHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight)
        for widget in (self.project_label, self.indicator, self.hint):
            footer.addWidget(widget, 1)
        self.frame.addLayout(footer)
        self.editor = StoryEditor()
        self.editor.saveRequested.connect(self.save_settings)
        self.editor.cancelled.connect(self.close_editor)
        self.modes.addWidget(presenter)
        self.modes.addWidget(self.editor)
        self.resize(1280, 720)

    # --- loading ------------------------------------------------------------------------------
    def load(self) -> None:
        """Build the story on a worker; the first page shows when it is ready."""
        self.job.run(jobs.build_story(self.workspace, self.project_id), "story")

    def present(self) -> None:
        """Load the story and go full screen."""
        self.load()
        self.showFullScreen()
        self.activateWindow()
        self.setFocus()

    def is_busy(self) -> bool:
        return self.job.is_running() or (self.whatif is not None and self.whatif.is_busy())

    @Slot(object, object)
    def _story_ready(self, _tag, story: dict) -> None:
        current = self.current_page()
        self.set_story(story, current["key"] if current else None)

    def set_story(self, story: dict, page_key: str | None = None) -> None:
        """Show ``story`` (from ``engine.story.build_story``), on ``page_key`` if still shown."""
        self._drop_pages()
        self.story = story
        self.project_label.setText(story["project"]["name"])
        for page in (p for p in story["pages"] if not p["hidden"]):
            extra = self._whatif(story, page) if page["key"] == "whatif" else None
            widget = StoryPage(page, extra=extra)
            widget.apply_scale(self._scale)
            self.pages.append(widget)
            self.stack.addWidget(widget)
        keys = [p.page["key"] for p in self.pages]
        self.go_to(keys.index(page_key) if page_key in keys else 0)
        self.storyShown.emit()

    def _whatif(self, story: dict, page: dict) -> WhatIfPanel:
        drivers = next(p for p in story["pages"] if p["key"] == "drivers")
        features = [b["label"] for b in (drivers.get("chart") or {}).get("bars", [])]
        self.whatif = WhatIfPanel()
        self.whatif.open(self.workspace, page["model_id"], features)
        return self.whatif

    def _drop_pages(self) -> None:
        if self.whatif is not None:
            self.whatif.stop()
            self.whatif = None
        for widget in self.pages:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.pages = []

    def show_problem(self, message: str, hint: str) -> None:
        self.loading.setText(f"{message}\n{hint}\n\nEsc leaves.".strip())
        self.stack.setCurrentWidget(self.loading)
        self.problem.emit(message)

    # --- navigation ---------------------------------------------------------------------------
    def current_page(self) -> dict | None:
        return self.pages[self.index].page if self.pages else None

    def go_to(self, index: int) -> None:
        if not self.pages:
            return
        self.index = max(0, min(index, len(self.pages) - 1))
        self.stack.setCurrentWidget(self.pages[self.index])
        dots = " ".join("●" if i == self.index else "○" for i in range(len(self.pages)))
        self.indicator.setText(f"{dots}   {self.index + 1} / {len(self.pages)}")
        self.pages[self.index].shown()

    def next_page(self) -> None:
        self.go_to(self.index + 1)

    def previous_page(self) -> None:
        self.go_to(self.index - 1)

    def handle_key(self, key: int, target: QObject | None = None) -> bool:
        """Turn pages, edit or leave; True if the key was used."""
        if self.modes.currentWidget() is self.editor:
            if key == Qt.Key.Key_Escape:
                self.close_editor()
                return True
            return False
        # The focus widget, not the target: a key a field ignores travels on to its parents.
        typing = isinstance(QApplication.focusWidget(), EDITING) or isinstance(target, EDITING)
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key == Qt.Key.Key_PageDown or (key in NEXT and not typing):
            self.next_page()
        elif key == Qt.Key.Key_PageUp or (key in BACK and not typing):
            self.previous_page()
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End) and not typing:
            self.go_to(0 if key == Qt.Key.Key_Home else len(self.pages) - 1)
        elif key == Qt.Key.Key_E and not typing:
            self.open_editor()
        else:
            return False
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QWidget) and (
                watched is self or self.isAncestorOf(watched)):
            return self.handle_key(event.key(), watched)
        return False

    # --- editing ------------------------------------------------------------------------------
    def open_editor(self) -> None:
        if self.story is None:
            return
        self.editor.load(self.story)
        self.modes.setCurrentWidget(self.editor)

    def close_editor(self) -> None:
        self.modes.setCurrentIndex(0)
        self.setFocus()

    @Slot(dict)
    def save_settings(self, settings: dict) -> None:
        """Store the edits with the project (on a worker) and show the retold story."""
        self.close_editor()
        self.job.run(jobs.save_settings(self.workspace, self.project_id, settings), "story")

    # --- window -------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        scale = Scale(max(self.height(), 400))
        if scale != self._scale:
            self._scale = scale
            self.setStyleSheet(stylesheet(scale))
            margin = scale.margin
            self.frame.setContentsMargins(margin, scale.px(56), margin, scale.px(24))
            for page in self.pages:
                page.apply_scale(scale)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        QApplication.instance().installEventFilter(self)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        QApplication.instance().removeEventFilter(self)
        self.stop()
        super().closeEvent(event)

    def stop(self) -> None:
        """Cancel and wait for the workers (closing, or the app quitting)."""
        self.job.cancel()
        self.job.wait(10_000)
        if self.whatif is not None:
            self.whatif.stop()
