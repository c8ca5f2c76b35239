"""The New-POC wizard: ``PocWizard(store)`` takes a newcomer from a question to trained models.

One file per page; ``state.py`` holds what the pages share and ``stages.py`` the work they
hand to a StageWorker. Importing this package does not import pandas or scikit-learn.
"""

from ui.wizard.poc_wizard import PocWizard

__all__ = ["PocWizard"]
