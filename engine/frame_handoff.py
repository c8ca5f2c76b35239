"""Hand tables to a child process through Arrow files instead of pickles.

A stage started in a child process gets its arguments pickled by the parent (engine.child_stage).
Pickling a DataFrame holds the GIL for the whole copy, and in the window's process that is a
stall: 70–100 ms for adult's 48,842 rows at the start of every training run
(benchmarks/gui_stall.py). Writing the table as an uncompressed Arrow IPC (Feather) file mostly
runs in Arrow's C++ with the GIL released, and the child maps the file back.

A table Arrow cannot hold as it is (an ``object`` column mixing numbers and text, column names
that are not unique strings) stays in the arguments and is pickled as before.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ParkedFrame:
    """A DataFrame written to ``path``, standing in for it among a child's arguments."""

    path: str


class FrameParking:
    """A temporary folder for the tables of one child stage; ``close()`` removes it."""

    def __init__(self) -> None:
        self.folder: Path | None = None

    def park(self, args: tuple) -> tuple:
        """``args`` with each DataFrame Arrow can hold replaced by a ParkedFrame."""
        # Without pandas imported there is no DataFrame to park (and the window's start-up
        # imports this module: it must not import pandas itself).
        pandas = sys.modules.get("pandas")
        if pandas is None:
            return args
        return tuple(self._park(arg, i) if isinstance(arg, pandas.DataFrame) else arg
                     for i, arg in enumerate(args))

    def _park(self, frame: Any, position: int) -> Any:
        import pyarrow as pa
        import pyarrow.feather as feather

        names = list(frame.columns)
        if not all(isinstance(n, str) for n in names) or len(set(names)) != len(names):
            return frame
        try:
            table = pa.Table.from_pandas(frame, preserve_index=None)
            if self.folder is None:
                self.folder = Path(tempfile.mkdtemp(prefix="firstwin-handoff-"))
            path = self.folder / f"arg{position}.arrow"
            feather.write_feather(table, path, compression="uncompressed")
        except Exception:  # noqa: BLE001 - mixed types, a full temp disk...: pickling still works
            return frame
        return ParkedFrame(str(path))

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def unpark(args: tuple) -> tuple:
    """In the child: ``args`` with each ParkedFrame read back into its DataFrame."""
    return tuple(_read(arg) if isinstance(arg, ParkedFrame) else arg for arg in args)


def _read(parked: ParkedFrame) -> Any:
    import pyarrow.feather as feather

    return feather.read_table(parked.path, memory_map=False).to_pandas()
