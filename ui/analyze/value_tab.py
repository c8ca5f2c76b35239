"""The second tab, by task: value & threshold (yes/no), per class (categories), or cost and
residuals (numbers). Each panel is built the first time a model of its task is shown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedLayout, QWidget

from ui.names import name as set_name

TITLES = {"binary": "&Value && threshold", "multiclass": "&Per class", "regression": "&Value && errors"}


class ValueTab(QWidget):
    """Shows the panel for the evaluation's task; re-emits the binary panel's requests."""

    thresholdChosen = Signal(float)
    valuesSaved = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "analyzeValueTab")
        self.stack = QStackedLayout(self)
        self.panels: dict[str, QWidget] = {}

    def panel(self, task: str) -> QWidget:
        if task not in self.panels:
            if task == "binary":
                from ui.analyze.threshold_panel import ThresholdPanel

                panel = ThresholdPanel()
                panel.thresholdChosen.connect(self.thresholdChosen)
                panel.valuesSaved.connect(self.valuesSaved)
            elif task == "multiclass":
                from ui.analyze.class_panel import ClassPanel

                panel = ClassPanel()
            else:
                from ui.analyze.regression_panel import RegressionPanel

                panel = RegressionPanel()
                panel.valuesSaved.connect(self.valuesSaved)
            self.panels[task] = panel
            self.stack.addWidget(panel)
        return self.panels[task]

    def show_evaluation(self, result: dict, project_value: dict) -> None:
        task = result.get("task", "binary")
        panel = self.panel(task)
        if task == "multiclass":
            panel.show_evaluation(result)
        else:
            panel.show_evaluation(result, project_value)
        self.stack.setCurrentWidget(panel)
