"""Model files from outside are refused in words, before any of their code can run.

FirstWin loads models only through ``engine.model_io`` (``check_model_file`` / ``load_model``):
skops files whose every non-standard type is on ``TRUSTED_TYPES``. The CLI's ``predict`` (and
the GUI, through ``engine.registry.predict_with``) loads workspace artifacts the same way, so a
file swapped in the workspace is refused too. Pickle payloads here would create a marker file
if they ever ran; the tests check that it never appears.

Bundles from outside (``.firstwin`` files: pickles, untrusted skops types, path tricks, zip
bombs, forged hashes) are covered in ``tests/engine/test_bundle_refusals.py`` and not repeated.
"""

from __future__ import annotations

import io
import json
import os
import pickle  # noqa: TID251 - the tests write pickles to prove they are refused
import zipfile
from pathlib import Path

import joblib
import numpy as np
import pytest
import skops.io as sio
from sklearn.linear_model import LogisticRegression

from engine.model_io import UntrustedModel, check_model_file, load_model
from tests.resilience.messages import assert_readable


class Backdoor:
    """A class no FirstWin model holds: skops names it, so it can be refused."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __setstate__(self, state: dict) -> None:  # would run if the file were ever loaded
        Path(state["marker"]).touch()
        self.__dict__.update(state)


class _Payload:
    """Pickles into "call os.mkdir(marker)": proof of code execution if it is ever unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def _small_model() -> LogisticRegression:
    x = np.array([[0.0], [1.0], [2.0], [3.0]])
    return LogisticRegression().fit(x, [0, 0, 1, 1])


def _zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _forged_schema(module: str, name: str) -> bytes:
    """A skops archive written by hand, as an attacker would, naming ``module.name``."""
    schema = {
        "__class__": name,
        "__module__": module,
        "__loader__": "ObjectNode",
        "content": {
            "__class__": "dict",
            "__module__": "builtins",
            "__loader__": "DictNode",
            "content": {},
            "key_types": {"__class__": "list", "__module__": "builtins",
                          "__loader__": "ListNode", "content": []},
        },
        "protocol": 2,
        "_skops_version": "0.16.0",
    }
    return _zip({"schema.json": json.dumps(schema)})


def _pickle_with_payload(marker: Path) -> bytes:
    return pickle.dumps({"model": _small_model(), "payload": _Payload(marker)})


def _joblib_file(marker: Path, compress: int) -> bytes:
    buffer = io.BytesIO()
    joblib.dump({"model": _small_model(), "payload": _Payload(marker)}, buffer, compress=compress)
    return buffer.getvalue()


# name: (how to write the file given the marker path, what the message must say)
OUTSIDE_FILES = {
    "pickle_renamed_skops": (_pickle_with_payload, "not a FirstWin model file"),
    "joblib_file": (lambda m: _joblib_file(m, 0), "not a FirstWin model file"),
    "compressed_joblib_file": (lambda m: _joblib_file(m, 3), "not a FirstWin model file"),
    "skops_with_a_custom_class": (
        lambda m: sio.dumps({"model": _small_model(), "extra": Backdoor(str(m))}),
        "does not trust: .*Backdoor",
    ),
    "skops_with_os_system": (lambda m: sio.dumps({"run": os.system}), "does not trust: .*system"),
    "skops_with_builtin_eval": (lambda m: sio.dumps([eval]), "does not trust: builtins.eval"),
    "hand_written_skops_naming_subprocess": (
        lambda m: _forged_schema("subprocess", "Popen"), "does not trust: subprocess.Popen"
    ),
    "zip_that_is_not_skops": (
        lambda m: _zip({"model.pkl": b"junk", "readme.txt": "hello"}), "not a FirstWin model file"
    ),
    "zip_with_a_schema_that_is_not_json": (
        lambda m: _zip({"schema.json": "{not json"}), "not a FirstWin model file"
    ),
    "skops_file_cut_in_half": (
        lambda m: sio.dumps(_small_model())[:300], "not a FirstWin model file"
    ),
    "empty_file": (lambda m: b"", "not a FirstWin model file"),
}


@pytest.mark.parametrize("kind", sorted(OUTSIDE_FILES))
def test_a_model_file_from_outside_is_refused_without_running_it(kind, tmp_path):
    write, pattern = OUTSIDE_FILES[kind]
    marker = tmp_path / "code_ran"
    path = tmp_path / "model.skops"
    path.write_bytes(write(marker))

    with pytest.raises(UntrustedModel) as checked:
        check_model_file(path)
    with pytest.raises(UntrustedModel) as loaded:
        load_model(path)

    for caught in (checked, loaded):
        assert_readable(caught.value)
        assert caught.match(f"(?s){pattern}")
        assert "FirstWin" in caught.value.hint  # only FirstWin's own models can be loaded
    assert not marker.exists(), "the file's code ran while it was being checked"


def test_a_model_firstwin_wrote_still_loads(tmp_path):
    """The refusals above are not a blanket 'no': FirstWin's own skops files load."""
    from engine.model_io import model_to_bytes

    path = tmp_path / "model.skops"
    path.write_bytes(model_to_bytes(_small_model()))
    assert load_model(path).predict(np.array([[0.0], [3.0]])).tolist() == [0, 1]


@pytest.fixture(scope="module")
def trained_workspace(tmp_path_factory) -> tuple[Path, int, Path]:
    """(workspace, model id, data file) after one quick run."""
    from engine.runner import run_spec
    from engine.spec import DataSource, RunSpec
    from storage import Store

    folder = tmp_path_factory.mktemp("security")
    rows = [f"{i % 9},{(i * 7) % 5},{'yes' if (i % 9) + (i * 7) % 5 > 6 else 'no'}"
            for i in range(120)]
    data = folder / "data.csv"
    data.write_text("a,b,churn\n" + "\n".join(rows) + "\n", encoding="utf-8")
    workspace = folder / "workspace"
    spec = RunSpec(project="Safe", data=DataSource(str(data)), target="churn", budget="quick")
    with Store.open(workspace) as store:
        model = run_spec(store, spec).best_model
    return workspace, model.id, data


@pytest.mark.parametrize("kind", ["pickle_renamed_skops", "skops_with_a_custom_class"])
def test_cli_predict_refuses_a_model_file_swapped_in_the_workspace(
    kind, trained_workspace, tmp_path, capsys
):
    from storage import Store
    from ui.cli import main as cli_main

    workspace, model_id, data = trained_workspace
    marker = tmp_path / "code_ran"
    with Store.open(workspace) as store:
        artifact = store.path_of(store.model_version(model_id).artifact_path)
    original = artifact.read_bytes()
    artifact.write_bytes(OUTSIDE_FILES[kind][0](marker))
    try:
        code = cli_main(["predict", str(model_id), str(data), "--out", str(tmp_path / "out.csv"),
                         "--workspace", str(workspace)])
    finally:
        artifact.write_bytes(original)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "error: " in err and "Traceback" not in err
    assert "not a FirstWin model file" in err or "does not trust" in err
    assert not (tmp_path / "out.csv").exists()
    assert not marker.exists()
