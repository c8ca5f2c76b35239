"""The New-POC wizard: ``PocWizard(store)`` takes a newcomer from a question to trained models.

One file per page; ``state.py`` holds what the pages share and ``stages.py`` the work they
hand to a StageWorker. Importing this package does not import pandas or scikit-learn, and
``PocWizard`` (with Qt and pyqtgraph) only loads on first use, so a training child process
that imports ``ui.wizard.stages`` stays light.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PocWizard"]


def __getattr__(name: str) -> Any:
    if name == "PocWizard":
        from ui.wizard.poc_wizard import PocWizard

        return PocWizard
    raise AttributeError(name)
