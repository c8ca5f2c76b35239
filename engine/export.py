"""Export a model version as a package folder that runs without FirstWin.

The folder holds ``model.skops`` (the whole fitted pipeline), ``predict.py`` and the module it
imports (``firstwin_contract.py``, a verbatim copy of ``engine/model_contract.py``),
``schema.json``, ``requirements.txt`` and ``MODEL_CARD.md``. It is written next to its
destination and renamed into place, so a failed export never leaves half a package.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from engine import model_card
from engine.errors import UserError
from engine.model_io import TRUSTED_TYPES
from engine.versions import PACKAGE_LIBRARIES
from storage import ModelVersion, Store

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "package_template" / "predict.py"
CONTRACT = HERE / "model_contract.py"
TRUSTED_TYPES_PLACEHOLDER = "TRUSTED_TYPES: list[str] = []  # filled in by FirstWin at export"


@dataclass
class ExportResult:
    folder: Path
    files: list[str]


def export_model(store: Store, model: ModelVersion, out: str | Path) -> ExportResult:
    """Write the package for ``model`` into the folder ``out`` (replacing an older package)."""
    out = Path(out).expanduser().resolve()
    if out.exists() and not _replaceable(out):
        raise UserError(
            f"{out} exists and is not an empty folder or an earlier FirstWin package.",
            "Choose a new or empty folder for the export.",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".firstwin-export-", dir=out.parent))
    try:
        _write_package(store, model, staging)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    store.add_event(
        "model_exported", f"Model {model.id} exported to {out}",
        project_id=model.project_id, entity="model_version", entity_id=model.id,
        data={"folder": str(out)},
    )
    return ExportResult(out, sorted(p.name for p in out.iterdir()))


def _replaceable(folder: Path) -> bool:
    if not folder.is_dir():
        return False
    names = {p.name for p in folder.iterdir()}
    return not names or {"model.skops", "schema.json", "predict.py"} <= names


def _write_package(store: Store, model: ModelVersion, folder: Path) -> None:
    artifact = store.path_of(model.artifact_path)
    if not artifact.exists():
        raise UserError(
            f"The model file of model {model.id} is missing from the workspace ({artifact}).",
            "Retrain the model, or restore the workspace folder from a backup.",
        )
    shutil.copyfile(artifact, folder / "model.skops")
    shutil.copyfile(CONTRACT, folder / "firstwin_contract.py")
    predict = TEMPLATE.read_text(encoding="utf-8").replace(
        TRUSTED_TYPES_PLACEHOLDER, f"TRUSTED_TYPES = {json.dumps(list(TRUSTED_TYPES), indent=4)}"
    )
    if predict.count("TRUSTED_TYPES = [") != 1:
        raise RuntimeError("package_template/predict.py lost its TRUSTED_TYPES placeholder")
    (folder / "predict.py").write_text(predict, encoding="utf-8")
    schema = dict(model.details["schema"])
    (folder / "schema.json").write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    (folder / "requirements.txt").write_text(_requirements(model), encoding="utf-8")
    project = store.project(model.project_id)
    dataset = store.dataset_version(model.details["dataset_version_id"])
    (folder / "MODEL_CARD.md").write_text(
        model_card.render_markdown(project, dataset, model), encoding="utf-8"
    )


def _requirements(model: ModelVersion) -> str:
    versions = model.library_versions
    lines = [f"{name}=={versions[name]}" for name in PACKAGE_LIBRARIES if name in versions]
    return "\n".join(lines) + "\n"
