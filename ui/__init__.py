"""The desktop app (PySide6 + pyqtgraph) and the headless command line.

``ui.create_main_window(workspace)`` and ``ui.run_app(argv)`` are resolved lazily, so importing
``ui.cli`` for a headless command never imports Qt.
"""


def __getattr__(name: str):
    if name in ("create_main_window", "run_app"):
        from ui import app

        return getattr(app, name)
    raise AttributeError(f"module 'ui' has no attribute {name!r}")
