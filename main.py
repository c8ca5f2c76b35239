"""FirstWin entry point: the desktop app by default, headless commands with a sub-command.

    python main.py [--workspace DIR] [--sample]    open the desktop app
    python main.py train DATA --target COLUMN      a headless command (see --help)
    python main.py --help                          the app's options and the commands
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # A first word that is not an option is a command. Deciding this without importing
    # ui.cli keeps its imports (storage pulls pandas through sqlite-utils) off the GUI's start-up.
    if argv and not argv[0].startswith("-"):
        from ui.cli import main as cli_main

        return cli_main(argv)
    from ui.app import run_app

    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
