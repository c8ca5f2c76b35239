"""Export a model version as a package folder (and optionally a .zip) that runs without FirstWin.

The folder holds ``model.skops`` (the whole fitted pipeline), ``model.onnx`` where the pipeline
converts and passes the parity check (``engine.onnx_export``), ``predict.py`` and the modules
it imports (``firstwin_contract.py``, a verbatim copy of ``engine/model_contract.py``, and
``firstwin_onnx.py`` and ``firstwin_fast_csv.py``, of ``engine/onnx_model.py`` and
``engine/onnx_fast_csv.py``), ``schema.json`` (with the decision
threshold), ``requirements.txt``, ``MODEL_CARD.md`` and ``model_card.html``, and an MLflow
``MLmodel`` (``engine.mlflow_flavor``). It is written next to its destination and renamed into
place, so a failed export never leaves half a package.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

from engine import mlflow_flavor, model_card
from engine.card_html import markdown_to_html
from engine.errors import UserError
from engine.model_contract import SchemaMismatch, prepare_features
from engine.model_io import TRUSTED_TYPES, load_model
from engine.registry import decision_threshold, package_schema
from engine.versions import PACKAGE_LIBRARIES
from storage import ModelVersion, Store, StoreError

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "package_template" / "predict.py"
CONTRACT = HERE / "model_contract.py"
ONNX_RUNNER = HERE / "onnx_model.py"
ONNX_FAST_CSV = HERE / "onnx_fast_csv.py"
TRUSTED_TYPES_PLACEHOLDER = "TRUSTED_TYPES: list[str] = []  # filled in by FirstWin at export"
PARITY_ROWS = 2_000
NO_ONNX_NOTE = "model.onnx not included: ONNX export was switched off for this export."


@dataclass
class ExportResult:
    """What an export wrote: the folder, its files, and sentences worth showing the user."""

    folder: Path
    files: list[str]
    notes: list[str] = field(default_factory=list)
    zip_path: Path | None = None
    onnx: bool = False


def export_model(
    store: Store, model: ModelVersion, out: str | Path, *, onnx: bool = True, zip: bool = False
) -> ExportResult:
    """Write the package for ``model`` into the folder ``out`` (replacing an older package).

    ``onnx=False`` skips the ONNX copy; ``zip=True`` also writes ``<out>.zip`` of the folder.
    """
    out = Path(out).expanduser().resolve()
    if out.exists() and not _replaceable(out):
        raise UserError(
            f"{out} exists and is not an empty folder or an earlier FirstWin package.",
            "Choose a new or empty folder for the export.",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".firstwin-export-", dir=out.parent))
    try:
        notes, shipped_onnx = _write_package(store, model, staging, onnx)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    zip_path = _zip_folder(out) if zip else None
    store.add_event(
        "model_exported", f"Model {model.id} exported to {out}",
        project_id=model.project_id, entity="model_version", entity_id=model.id,
        data={"folder": str(out), "zip": str(zip_path) if zip_path else None,
              "onnx": shipped_onnx, "notes": notes},
    )
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    return ExportResult(out, files, notes, zip_path, shipped_onnx)


def _replaceable(folder: Path) -> bool:
    if not folder.is_dir():
        return False
    names = {p.name for p in folder.iterdir()}
    return not names or {"model.skops", "schema.json", "predict.py"} <= names


def _write_package(
    store: Store, model: ModelVersion, folder: Path, onnx: bool
) -> tuple[list[str], bool]:
    artifact = store.path_of(model.artifact_path)
    if not artifact.exists():
        raise UserError(
            f"The model file of model {model.id} is missing from the workspace ({artifact}).",
            "Retrain the model, or restore the workspace folder from a backup.",
        )
    shutil.copyfile(artifact, folder / "model.skops")
    shutil.copyfile(CONTRACT, folder / "firstwin_contract.py")
    _write_predict(folder)
    schema = package_schema(model)
    (folder / "schema.json").write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    sample = _sample_rows(store, model)
    notes = [_write_onnx(artifact, schema, sample, folder) if onnx else NO_ONNX_NOTE]
    shipped_onnx = (folder / "model.onnx").exists()
    (folder / "requirements.txt").write_text(_requirements(model, shipped_onnx), encoding="utf-8")
    mlflow_flavor.write_flavor(
        folder, schema, sample, model.library_versions.get("python", "3.11")
    )
    formats = [*notes, "`MLmodel`: an MLflow pyfunc model; `mlflow.pyfunc.load_model(FOLDER)` "
               "and `mlflow models serve -m FOLDER` work without FirstWin."]
    project = store.project(model.project_id)
    dataset = store.dataset_version(model.details["dataset_version_id"])
    card = model_card.render_markdown(
        project, dataset, model, threshold=decision_threshold(model), formats=formats
    )
    (folder / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    (folder / "model_card.html").write_text(
        markdown_to_html(card, f"Model card: {model.name}"), encoding="utf-8"
    )
    return notes, shipped_onnx


def _write_predict(folder: Path) -> None:
    predict = TEMPLATE.read_text(encoding="utf-8").replace(
        TRUSTED_TYPES_PLACEHOLDER, f"TRUSTED_TYPES = {json.dumps(list(TRUSTED_TYPES), indent=4)}"
    )
    if predict.count("TRUSTED_TYPES = [") != 1:
        raise RuntimeError("package_template/predict.py lost its TRUSTED_TYPES placeholder")
    (folder / "predict.py").write_text(predict, encoding="utf-8")


def _write_onnx(artifact: Path, schema: dict, sample: pd.DataFrame | None, folder: Path) -> str:
    """Write model.onnx if the pipeline converts and passes parity; say what happened."""
    from engine.onnx_export import build_onnx  # skl2onnx is slow to import: only when asked

    features = None
    if sample is not None:
        try:
            features = prepare_features(sample, schema)
        except SchemaMismatch:
            features = None
    outcome = build_onnx(load_model(artifact), features, schema)
    if outcome.shipped:
        (folder / "model.onnx").write_bytes(outcome.data)
        shutil.copyfile(ONNX_RUNNER, folder / "firstwin_onnx.py")
        shutil.copyfile(ONNX_FAST_CSV, folder / "firstwin_fast_csv.py")
    return outcome.note


def _sample_rows(store: Store, model: ModelVersion) -> pd.DataFrame | None:
    """Up to PARITY_ROWS rows of the model's dataset version, or None if it is gone."""
    try:
        dataset = store.dataset_version(model.details["dataset_version_id"])
        frame = pd.read_parquet(store.path_of(dataset.path))
    except (OSError, ValueError, KeyError, StoreError):
        return None
    if len(frame) > PARITY_ROWS:
        frame = frame.sample(n=PARITY_ROWS, random_state=0)
    return frame.reset_index(drop=True)


def _requirements(model: ModelVersion, onnx: bool) -> str:
    versions = model.library_versions
    lines = [f"{name}=={versions[name]}" for name in PACKAGE_LIBRARIES if name in versions]
    if onnx:
        lines += ["# only for predict.py --engine onnx (pyarrow: its fast path for CSV files):",
                  f"onnxruntime>={_version('onnxruntime')}", f"pyarrow>={_version('pyarrow')}"]
    return "\n".join(lines) + "\n"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "1.15"


def _zip_folder(folder: Path) -> Path:
    """``<folder>.zip`` holding the folder (members under its name), written atomically."""
    target = folder.with_name(folder.name + ".zip")
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    partial.replace(target)
    return target
