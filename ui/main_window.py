"""The main window: menus, the Home / Project pages, the status bar, drag-and-drop of data files.

It owns the open Store and hands it to the pages; it starts proofs of concept in the New-POC
wizard (imported lazily: it pulls pandas) and remembers geometry and recent files (QSettings).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMainWindow, QStackedWidget, QWidget

from storage import Store, StoreError
from ui.about_dialog import AboutDialog
from ui.bundle_actions import BundleActions
from ui.compute_section import compute_status
from ui.error_dialog import setup_logging, show_error
from ui.home_page import HomePage
from ui.names import name as set_name
from ui.preferences_dialog import PreferencesDialog
from ui.project_view import ProjectView
from ui.settings import AppSettings

# Mirrors engine.importer.SUPPORTED_SUFFIXES (that module imports pandas; a test keeps them equal).
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet", ".pq", ".arff")
DATA_FILTER = "Data files ({});;All files (*)".format(" ".join(f"*{s}" for s in DATA_SUFFIXES))


@dataclass(frozen=True)
class PocRequest:
    """What the wizard should start from: a data file, the bundled sample, or an earlier spec."""

    data_path: str | None = None
    sample: bool = False
    spec: dict | None = None


def load_wizard_class():
    """The New-POC wizard class, imported on first use (it pulls pandas); None if absent."""
    try:
        from ui.wizard.poc_wizard import PocWizard
    except ModuleNotFoundError as error:
        if error.name not in ("ui.wizard", "ui.wizard.poc_wizard"):
            raise  # a real missing dependency must not pass for "no wizard"
        return None
    return PocWizard


def data_file_of(paths: list[str]) -> str | None:
    """The first local path with a data-file suffix, or None."""
    return next((p for p in paths if p and Path(p).suffix.lower() in DATA_SUFFIXES), None)


class MainWindow(QMainWindow):
    """FirstWin's main window. Build it with ``ui.app.create_main_window``."""

    pocRequested = Signal(object)  # PocRequest, emitted before the wizard opens

    def __init__(self, store: Store, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "mainWindow")
        self.setWindowTitle("FirstWin")
        self.setAcceptDrops(True)
        self.store = store
        self.settings = settings
        self.wizard = None
        self.home = HomePage()
        self.project_view = ProjectView()
        self.pages = QStackedWidget()
        set_name(self.pages, "pages")
        self.pages.addWidget(self.home)
        self.pages.addWidget(self.project_view)
        self.setCentralWidget(self.pages)
        self.workspace_label = QLabel()
        set_name(self.workspace_label, "workspaceLabel")
        self.workspace_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.workspace_label)
        self.compute_label = QLabel()  # where training runs: ui/compute_section.py
        set_name(self.compute_label, "computeLabel")
        self.compute_label.setContentsMargins(16, 0, 4, 0)  # apart from the workspace path
        self.statusBar().addPermanentWidget(self.compute_label)
        self._build_menus()

        self.home.projectActivated.connect(self.open_project)
        self.home.newProjectRequested.connect(self.new_poc)
        self.home.sampleRequested.connect(self.open_sample)
        self.project_view.backRequested.connect(self.show_home)
        self.project_view.newRunRequested.connect(self._new_run_from_spec)
        self.project_view.analyzeRequested.connect(self.analyze_model)
        self.project_view.annotateRequested.connect(self.annotate_project)
        self.project_view.presentRequested.connect(self.present_project)
        self.project_view.reportRequested.connect(self.save_report)
        self.project_view.monitorRequested.connect(self.monitor_project)
        self.analyze_view = None  # built on first use: it brings pyqtgraph and the engine
        self.annotate_view = None  # built on first use, like the Analyze view
        self.monitor_view = None  # built on first use, like the Analyze view
        self.demo_window = None  # the full-screen story (ui.demo), while presenting
        self.report_saver = None  # the last Report… request and its worker
        self.bundles = BundleActions(store.workspace, self)  # File ▸ Share / Open shared project
        self.bundles.message.connect(lambda words: self.statusBar().showMessage(words, 10000))
        self.bundles.projectImported.connect(self.open_project)

        self.resize(1280, 820)  # a first-run size; restore_geometry() replaces it later
        self.restore_geometry()
        self._show_workspace()
        self.show_home()

    # --- menus ------------------------------------------------------------------------------
    def _action(self, text: str, name: str, slot, shortcut=None, role=None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if role is not None:
            action.setMenuRole(role)  # macOS moves About/Preferences/Quit to the app menu
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _build_menus(self) -> None:
        role = QAction.MenuRole
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        set_name(file_menu, "fileMenu")
        file_menu.addAction(self._action("&New proof of concept…", "newProjectAction", self.new_poc, "Ctrl+N"))
        file_menu.addAction(self._action("&Open data file…", "openDataAction", self.choose_data_file, "Ctrl+O"))
        self.recent_menu = file_menu.addMenu("Open &recent")
        set_name(self.recent_menu, "recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.share_action = self._action("&Share project…", "shareProjectAction", self.share_project)
        self.share_action.setStatusTip("Write the open project, its data and models as one .firstwin file.")
        self.share_action.setEnabled(False)  # until a project is open
        file_menu.addAction(self.share_action)
        file_menu.addAction(self._action("Open s&hared project…", "openBundleAction",
                                         self.bundles_choose_file))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", "quitAction", self.close, "Ctrl+Q", role.QuitRole))

        edit_menu = bar.addMenu("&Edit")
        set_name(edit_menu, "editMenu")
        edit_menu.addAction(
            self._action("&Preferences…", "preferencesAction", self.open_preferences, "Ctrl+,", role.PreferencesRole)
        )
        view_menu = bar.addMenu("&View")
        set_name(view_menu, "viewMenu")
        view_menu.addAction(self._action("&All projects", "homeAction", self.show_home, "Ctrl+Shift+H"))
        help_menu = bar.addMenu("&Help")
        set_name(help_menu, "helpMenu")
        help_menu.addAction(self._action("&About FirstWin", "aboutAction", self.open_about, None, role.AboutRole))
        self._fill_recent_menu()

    @Slot()
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for path in files:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setData(path)
            action.triggered.connect(self._open_recent)
        if not files:
            self.recent_menu.addAction("No recent files").setEnabled(False)
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction("Clear recent files", self.settings.clear_recent_files)
        clear.setEnabled(bool(files))

    @Slot()
    def _open_recent(self) -> None:
        self.open_data_file(self.sender().data())

    # --- pages ------------------------------------------------------------------------------
    @Slot()
    def show_home(self) -> None:
        self.home.refresh(self.store, self.settings.recent_projects(self.store.workspace))
        self.pages.setCurrentWidget(self.home)
        self.setWindowTitle("FirstWin")
        self.share_action.setEnabled(False)

    @Slot(int)
    def open_project(self, project_id: int, run_id: int | None = None) -> None:
        self.project_view.show_project(self.store, project_id, run_id)
        self.settings.add_recent_project(self.store.workspace, project_id)
        self.pages.setCurrentWidget(self.project_view)
        self.setWindowTitle(f"{self.project_view.project.name} — FirstWin")
        self.share_action.setEnabled(True)

    @Slot()
    def share_project(self) -> None:
        """Ask where to save the open project as a .firstwin file, then write it on a worker."""
        if self.project_view.project is not None:
            self.bundles.choose_share_file(self.project_view.project)

    @Slot()
    def bundles_choose_file(self) -> None:
        """Ask for a .firstwin file, then import it on a worker and open its project."""
        self.bundles.choose_bundle_file()

    @Slot(int)
    def analyze_model(self, model_id: int) -> None:
        """Show the Analyze view of a model version (evaluated off the GUI thread)."""
        if self.analyze_view is None:
            from ui.analyze.analyze_view import AnalyzeView

            self.analyze_view = AnalyzeView()
            self.analyze_view.backRequested.connect(self._back_to_project)
            self.pages.addWidget(self.analyze_view)
        self.analyze_view.show_model(self.store, model_id)
        self.pages.setCurrentWidget(self.analyze_view)

    @Slot(int)
    def annotate_project(self, project_id: int) -> None:
        """Show the Annotate view of a project (its data read off the GUI thread)."""
        if self.annotate_view is None:
            from ui.annotate.annotate_view import AnnotateView

            self.annotate_view = AnnotateView()
            self.annotate_view.backRequested.connect(self._back_from_annotate)
            self.pages.addWidget(self.annotate_view)
        view = self.annotate_view
        if view.project_id not in (None, project_id) and not view.confirm_leave(
                lambda: self.annotate_project(project_id)):
            self.pages.setCurrentWidget(view)  # its unsaved labels belong to another project
            return
        view.show_project(self.store, project_id)
        self.pages.setCurrentWidget(view)

    @Slot(int)
    def monitor_project(self, project_id: int) -> None:
        """Show the Monitor view of a project (its batches read off the GUI thread)."""
        if self.monitor_view is None:
            from ui.monitor.monitor_view import MonitorView

            self.monitor_view = MonitorView()
            self.monitor_view.backRequested.connect(self._back_from_monitor)
            self.pages.addWidget(self.monitor_view)
        self.monitor_view.show_project(self.store, project_id)
        self.pages.setCurrentWidget(self.monitor_view)

    @Slot()
    def _back_from_monitor(self) -> None:
        """Back to the project, its newest run selected (a retrain may have added one)."""
        self.open_project(self.monitor_view.project_id)

    @Slot()
    def _back_from_annotate(self) -> None:
        """Back to the project, its newest run selected (a retrain may have added one)."""
        self.open_project(self.annotate_view.project_id)

    def _unsaved_labels_ask(self, then) -> bool:
        """True when no unsaved labels stand in the way; otherwise the Annotate view asks."""
        view = self.annotate_view
        if view is None or view.confirm_leave(then):
            return True
        self.pages.setCurrentWidget(view)
        return False

    @Slot(int)
    def present_project(self, project_id: int) -> None:
        """Tell the project's story full screen (built on a worker; Esc leaves)."""
        from ui.demo.demo_window import DemoWindow

        if self.demo_window is not None:
            self.demo_window.close()
        self.demo_window = DemoWindow(self.store.workspace, project_id)
        self.demo_window.present()

    @Slot(int)
    def save_report(self, project_id: int) -> None:
        """Ask where to save the project's report (HTML or PDF), then write it on a worker."""
        from ui.report_saver import ReportSaver

        if self.report_saver is not None and self.report_saver.is_busy():
            self.statusBar().showMessage("A report is being written already.", 8000)
            return
        name = self.store.project(project_id).name
        self.report_saver = ReportSaver(self.store.workspace, project_id, name, self)
        self.report_saver.done.connect(lambda words: self.statusBar().showMessage(words, 10000))
        self.report_saver.choose()

    @Slot()
    def _back_to_project(self) -> None:
        project = self.project_view.project
        if project is None:
            self.show_home()
            return
        run = self.project_view.selected_run()
        self.open_project(project.id, run.id if run else None)

    def _show_workspace(self) -> None:
        self.workspace_label.setText(f"Workspace: {self.store.workspace}")
        self.workspace_label.setToolTip("Change it in Edit ▸ Preferences")
        self.compute_label.setText(compute_status(self.store))
        self.compute_label.setToolTip("Change it in Edit ▸ Preferences")

    # --- starting a proof of concept --------------------------------------------------------
    @Slot()
    def new_poc(self) -> None:
        self.start_poc(PocRequest())

    @Slot()
    def open_sample(self) -> None:
        self.start_poc(PocRequest(sample=True))

    @Slot()
    def choose_data_file(self) -> None:
        """Ask for a data file (window-modal, never a blocking exec) and start a POC with it."""
        dialog = QFileDialog(self, "Open a data file", str(Path.home()), DATA_FILTER)
        set_name(dialog, "openDataDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.open_data_file)
        dialog.open()

    @Slot(str)
    def open_data_file(self, path: str) -> None:
        if not path:
            return
        self.settings.add_recent_file(path)
        self._fill_recent_menu()
        self.start_poc(PocRequest(data_path=path))

    @Slot(object)
    def _new_run_from_spec(self, spec: dict) -> None:
        data = (spec or {}).get("data") or {}
        self.start_poc(PocRequest(data_path=data.get("path"), spec=spec or None))

    def start_poc(self, request: PocRequest) -> None:
        """Announce the request, then open the New-POC wizard for it."""
        self.pocRequested.emit(request)
        wizard_class = load_wizard_class()
        if wizard_class is None:
            self.statusBar().showMessage("The New-POC wizard is not available in this version.", 8000)
            return
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            self.statusBar().showMessage("Finish or close the open proof of concept first.", 8000)
            return
        self.wizard = wizard_class(
            self.store, self, data_path=request.data_path, sample=request.sample, spec=request.spec
        )
        self.wizard.runFinished.connect(self._on_run_finished)
        self.wizard.analyzeRequested.connect(self.analyze_model)
        self.wizard.open()

    @Slot(int, int)
    def _on_run_finished(self, project_id: int, run_id: int) -> None:
        self.open_project(project_id, run_id)

    # --- drag and drop ----------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if data_file_of([u.toLocalFile() for u in urls]):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = data_file_of([u.toLocalFile() for u in event.mimeData().urls()])
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_data_file(path)

    # --- dialogs ----------------------------------------------------------------------------
    @Slot()
    def open_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self.settings, self.store.workspace, self, store=self.store)
        dialog.accepted.connect(self._show_workspace)  # the compute choice may have changed
        dialog.workspaceChosen.connect(self.switch_workspace)
        dialog.open()
        return dialog

    @Slot()
    def open_about(self) -> AboutDialog:
        dialog = AboutDialog(self.store.workspace, self)
        dialog.open()
        return dialog

    @Slot(str)
    def switch_workspace(self, folder: str) -> bool:
        """Open another workspace; the current one stays if the new one cannot be used."""
        if self.wizard is not None and self.wizard.isVisible():
            self.statusBar().showMessage("Close the open proof of concept before switching workspace.", 8000)
            return False
        if not self._unsaved_labels_ask(lambda: self.switch_workspace(folder)):
            return False
        try:
            store = Store.open(folder)
        except StoreError as error:
            show_error(self, error, self.store.workspace)
            return False
        if self.analyze_view is not None:
            self.analyze_view.stop()
        if self.monitor_view is not None:
            self.monitor_view.stop()  # it forgets its project: that belongs to the old workspace
        if self.annotate_view is not None:
            self.annotate_view.stop()
            self.annotate_view.discard()  # nothing unsaved is left (asked above)
            self.annotate_view.project_id = None  # its project belongs to the old workspace
        self.store.close()
        self.store = store
        self.bundles.workspace = store.workspace
        self.settings.set_workspace(store.workspace)
        setup_logging(store.workspace)
        self._show_workspace()
        self.show_home()
        return True

    # --- geometry and closing ---------------------------------------------------------------
    def restore_geometry(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def save_geometry(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Child dialogs close first; the wizard asks before it cancels a run and may refuse.
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible() and not dialog.close():
                event.ignore()
                return
        if not self._unsaved_labels_ask(self.close):
            event.ignore()
            return
        if self.analyze_view is not None:
            self.analyze_view.stop()  # an evaluation may still be running on a worker
        if self.monitor_view is not None:
            self.monitor_view.stop()  # a scoring, a replay or a retrain may be running
        if self.annotate_view is not None:
            self.annotate_view.stop()  # a save, a check or a retrain may be running
        if self.demo_window is not None:
            self.demo_window.close()  # its workers stop with it
        if self.report_saver is not None:
            self.report_saver.wait()  # a report half written would be lost
        self.bundles.wait()  # so would a bundle
        self.save_geometry()
        event.accept()
