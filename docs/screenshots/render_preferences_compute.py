"""Render Preferences → Compute, connected to a Dask cluster, into docs/screenshots/ (offscreen).

    QT_QPA_PLATFORM=offscreen python docs/screenshots/render_preferences_compute.py [--dark] [--out DIR]

Starts a throw-away local Dask cluster (2 worker processes; needs the ``[cluster]`` extra),
chooses it in the Preferences dialog of a fresh workspace, presses Test connection and grabs
the dialog once the result is in.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from shot_tools import grab, wait_for  # noqa: E402

OUT = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dark", action="store_true", help="render the dark palette")
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNG goes")
    args = parser.parse_args()
    app = QApplication([sys.argv[0]])
    from distributed import LocalCluster

    from engine.compute import close_clients
    from storage import Store
    from ui import theme
    from ui.preferences_dialog import PreferencesDialog
    from ui.settings import AppSettings

    theme.apply_theme(app, "dark" if args.dark else "light")
    tmp = Path(tempfile.mkdtemp(prefix="firstwin-shots-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=50)
    store = Store.open(tmp / "workspace")
    try:
        dialog = PreferencesDialog(AppSettings.at(tmp / "settings.ini"), store.workspace, store=store)
        compute = dialog.compute
        compute.mode_combo.setCurrentIndex(compute.mode_combo.findData("dask"))
        compute.address_edit.setText(cluster.scheduler_address)
        dialog.show()
        compute.test_button.click()
        wait_for(lambda: not compute.is_testing(), "the connection test", 60_000)
        dialog.adjustSize()
        grab(dialog, "preferences_compute" + ("-dark" if args.dark else ""), args.out)
        dialog.close()
    finally:
        store.close()
        close_clients()
        cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
