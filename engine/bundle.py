"""Write a project as one ``.firstwin`` file a teammate can open (``engine.bundle_import``).

A bundle is a zip: ``manifest.json`` (format, versions, and the sha256 and size of every other
member), ``rows.json`` (the project's rows from every table: projects, dataset versions, runs,
params, metrics, model versions, events, annotations, evaluations, monitoring batches, story
settings) and the files those rows point at, under the same content-addressed names as in the
workspace: ``datasets/<sha256>.parquet``, and under ``artifacts/`` models (``.skops``),
evaluations (``.json``), out-of-fold outputs (``.npy``, named by the models' details) and
batches (``.parquet``). It is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from engine.errors import UserError
from storage import Project, Store
from storage.bundles import FILE_COLUMNS, oof_path
from storage.migrations import MIGRATIONS
from storage.rows import utc_now

FORMAT = "firstwin-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ROWS = "rows.json"
SUFFIX = ".firstwin"
_OOF = re.compile(r"artifacts/[0-9a-f]{64}\.npy")
_STORED = (".parquet", ".skops", ".npy")  # compressed already, or numbers that barely shrink


@dataclass(frozen=True)
class BundleResult:
    """A written bundle: where, how big, and what it holds."""

    path: Path
    project: Project
    size: int
    counts: dict[str, int]


def find_project(store: Store, reference: str) -> Project:
    """A project by name (or by id); UserError listing the projects if there is none."""
    project = store.project_by_name(reference)
    if project is None and reference.strip().isdigit():
        project = next((p for p in store.projects() if p.id == int(reference)), None)
    if project is None:
        names = ", ".join(repr(p.name) for p in store.projects()) or "none yet"
        raise UserError(f"There is no project called {reference!r}.", f"Projects: {names}.")
    return project


def write_bundle(store: Store, project: Project, out: str | Path) -> BundleResult:
    """Write ``project`` with its data and models into the bundle file ``out``."""
    out = Path(out).expanduser().resolve()
    if out.is_dir():
        raise UserError(f"{out} is a folder.", f"Give a file name, e.g. {out / 'project.firstwin'}.")
    rows = store.project_rows(project.id)
    needed = {row[column] for table, column, _ in FILE_COLUMNS for row in rows[table]}
    missing = [name for name in sorted(needed) if not store.path_of(name).is_file()]
    if missing:
        raise UserError(
            f"{len(missing)} file(s) of project {project.name!r} are missing from the workspace "
            f"(first: {missing[0]}).", "Restore the workspace folder from a backup first.",
        )
    members = sorted(needed | _oof_files(store, rows))
    rows_bytes = json.dumps(rows, ensure_ascii=False).encode("utf-8")
    listing = {ROWS: _entry(hashlib.sha256(rows_bytes).hexdigest(), len(rows_bytes))}
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=".firstwin-bundle-", suffix=".part", dir=out.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            archive.writestr(ROWS, rows_bytes, compress_type=zipfile.ZIP_DEFLATED)
            for name in members:
                # Parquet and skops are compressed already: store them as they are.
                compress = zipfile.ZIP_STORED if name.endswith(_STORED) else zipfile.ZIP_DEFLATED
                archive.write(store.path_of(name), name, compress_type=compress)
                listing[name] = _file_entry(store.path_of(name))
            archive.writestr(MANIFEST, json.dumps(_manifest(project, listing), indent=2),
                             compress_type=zipfile.ZIP_DEFLATED)
        os.replace(partial, out)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    counts = {table: len(values) for table, values in rows.items()}
    store.add_event("project_bundled", f"Project {project.name!r} bundled to {out}",
                    project_id=project.id, entity="project", entity_id=project.id,
                    data={"path": str(out), "counts": counts})
    return BundleResult(out, project, out.stat().st_size, counts)


def _oof_files(store: Store, rows: dict) -> set[str]:
    """The models' out-of-fold files that are still in the workspace (analysis can do without)."""
    names = set()
    for row in rows["model_versions"]:
        name = oof_path(json.loads(row["details_json"] or "{}"))
        if name and _OOF.fullmatch(name) and store.path_of(name).is_file():
            names.add(name)
    return names


def _manifest(project: Project, listing: dict) -> dict:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema_version": len(MIGRATIONS),
        "created_at": utc_now(),
        "created_by": _user(),
        "project": {"name": project.name},
        "files": listing,
    }


def _entry(sha256: str, size: int) -> dict:
    return {"sha256": sha256, "size": size}


def _file_entry(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return _entry(digest.hexdigest(), path.stat().st_size)


def _user() -> str:
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # noqa: BLE001 - getpass raises OSError or KeyError without a user name
        return "unknown"
