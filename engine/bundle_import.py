"""Open a ``.firstwin`` bundle into the current workspace (``python main.py open-bundle FILE``).

``engine.bundle_reader`` checks the whole bundle first; only a bundle that passes every check
reaches the workspace: its files are stored under their content hash and its rows are added
with new ids in one transaction (``Store.import_project_rows``). The same bundle opened twice
adds nothing the second time; a newer bundle of the same project adds only its new runs.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePosixPath

from engine.bundle_reader import BundleRefused, read_bundle
from storage import ImportedProject, Store, StoreError


def open_bundle(store: Store, path: str | Path) -> ImportedProject:
    """Import the project in the bundle at ``path``; BundleRefused says why one is refused."""
    path = Path(path).expanduser()
    with tempfile.TemporaryDirectory(prefix="firstwin-bundle-") as scratch:
        opened = read_bundle(path, Path(scratch))
        try:
            store.check_bundle_rows(opened.rows, set(opened.files))
        except StoreError as error:
            raise BundleRefused(f"The bundle's rows are malformed: {error}.") from None
        stored = {}
        for name, file in opened.files.items():
            # The reader allows only datasets/<sha>.parquet and artifacts/<sha>.{skops,json,npy,parquet}.
            member = PurePosixPath(name)
            stored[name] = store.put_file(file, member.parts[0], member.suffix)
        with store.transaction():
            result = store.import_project_rows(opened.rows, stored, _rewrite_details)
            if result.changed:
                added = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in result.added.items() if n)
                store.add_event(
                    "bundle_imported", f"Bundle {path.name} imported ({added or 'nothing new'})",
                    project_id=result.project_id, entity="project", entity_id=result.project_id,
                    data={"file": path.name, "created_by": opened.manifest.get("created_by"),
                          "created_at": opened.manifest.get("created_at"), "added": result.added},
                )
    return result


def _rewrite_details(details: dict, maps: dict[str, dict[int, int]]) -> dict:
    """Model details name their dataset version by id: point it at this workspace's copy."""
    old = details.get("dataset_version_id")
    if isinstance(old, int):
        details = {**details, "dataset_version_id": maps["dataset_versions"].get(old)}
    return details
