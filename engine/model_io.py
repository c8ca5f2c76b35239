"""Save and load fitted pipelines with skops, trusting only an explicit list of types.

Pickles are never written or read: a model file from outside can run code when unpickled.
skops names every non-standard type a file holds; anything not on this list is refused.
"""

from __future__ import annotations

from pathlib import Path

import skops.io as sio

from engine.errors import UserError

# Checked against every FirstWin candidate and blend (tests/engine/test_model_io.py).
TRUSTED_TYPES: tuple[str, ...] = (
    "functools.partial",
    "numpy.dtype",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn.tree._tree.Tree",
    "sklearn.utils._bunch.Bunch",
    "sklearn.utils.validation.check_array",
)


class UntrustedModel(UserError):
    """A model file holds types FirstWin does not trust, or is not a model file at all."""


def model_to_bytes(model: object) -> bytes:
    return sio.dumps(model, compression=8)


def check_model_file(path: str | Path) -> list[str]:
    """The types a skops file needs trusted; UntrustedModel if it is not skops or needs others."""
    path = Path(path)
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as error:  # noqa: BLE001 - any reader failure means "not a skops file"
        raise UntrustedModel(
            f"{path.name} is not a FirstWin model file (skops format): {error}",
            "Models can only be loaded from files FirstWin exported; pickles are refused.",
        ) from None
    refused = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if refused:
        raise UntrustedModel(
            f"{path.name} contains types FirstWin does not trust: {', '.join(refused)}.",
            "Only models trained by FirstWin can be loaded.",
        )
    return list(untrusted)


def load_model(path: str | Path) -> object:
    """Load a skops model file, refusing pickles and any type not in ``TRUSTED_TYPES``."""
    return sio.load(Path(path), trusted=check_model_file(path))
