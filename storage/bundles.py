"""A project's rows out of one workspace and into another (the part of Store behind bundles).

``project_rows`` hands out every row of a project as stored. ``import_project_rows`` takes such
rows from another workspace and adds them with new ids and remapped references, in one
transaction. Projects and runs are recognised by uuid, dataset versions by content hash, so
importing the same rows twice adds nothing, and a later bundle of the same project adds only
its new runs; annotations are recognised by their batch uuid, evaluations by their model and
sha256, monitoring batches by their model, time and creation time (a newer copy of a batch, with
late labels, replaces the older one). Model versions of runs already here are matched by run,
name and sha256, so evaluations and batches made after an earlier bundle still find their model.
``check_bundle_rows`` refuses malformed rows before anything is written. A bundle from before
annotations, evaluations, batches or story settings existed has no rows for them; that is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from storage import rows as conv
from storage.base import StoreBase
from storage.entities import StoredFile
from storage.errors import StoreError

TABLES = ("projects", "dataset_versions", "runs", "params", "metrics", "model_versions", "events",
          "annotations", "evaluations", "batches", "story_settings")
# Absent from bundles written before they existed.
OPTIONAL_TABLES = ("annotations", "evaluations", "batches", "story_settings")
# Files that rows point at: (table, column, the suffix the file must have).
FILE_COLUMNS = (
    ("dataset_versions", "path", ""),
    ("model_versions", "artifact_path", ""),
    ("evaluations", "artifact_path", ".json"),
    ("batches", "artifact_path", ".parquet"),
)
_JSON_COLUMNS = (("model_versions", "details_json"), ("batches", "summary_json"),
                 ("story_settings", "settings_json"))
_PYTHON_TYPES = {"INTEGER": (int,), "REAL": (int, float), "TEXT": (str,)}
_CHILD_COLUMNS = {
    "params": ("run_id", "key", "value"),
    "metrics": ("run_id", "key", "step", "value", "timestamp"),
}

DetailsRewrite = Callable[[dict, dict[str, dict[int, int]]], dict]


@dataclass(frozen=True)
class ImportedProject:
    """What an import did: the project it landed in and how many rows of each kind it added."""

    project_id: int
    name: str
    created: bool
    added: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.created or any(self.added.values())


class BundlesMixin(StoreBase):
    """Store methods for moving a project between workspaces.

    Relies on ``Store`` for ``project`` and ``add_event``.
    """

    def project_rows(self, project_id: int) -> dict[str, list[dict]]:
        """Every row of one project by table, as stored (JSON columns stay text)."""
        self.project(project_id)
        by_project = "SELECT * FROM {} WHERE project_id = ? ORDER BY id"
        by_run = "SELECT * FROM {} WHERE run_id IN (SELECT id FROM runs WHERE project_id = ?)"
        return {
            "projects": self._rows("SELECT * FROM projects WHERE id = ?", [project_id]),
            "dataset_versions": self._rows(by_project.format("dataset_versions"), [project_id]),
            "runs": self._rows(by_project.format("runs"), [project_id]),
            "params": self._rows(by_run.format("params") + ' ORDER BY run_id, "key"', [project_id]),
            "metrics": self._rows(by_run.format("metrics") + " ORDER BY id", [project_id]),
            "model_versions": self._rows(by_project.format("model_versions"), [project_id]),
            "events": self._rows(by_project.format("events"), [project_id]),
            "annotations": self._rows(
                "SELECT * FROM annotations WHERE result_version_id IN"
                " (SELECT id FROM dataset_versions WHERE project_id = ?) ORDER BY id",
                [project_id],
            ),
            "evaluations": self._rows(
                "SELECT * FROM evaluations WHERE model_version_id IN"
                " (SELECT id FROM model_versions WHERE project_id = ?) ORDER BY id",
                [project_id],
            ),
            "batches": self._rows(by_project.format("batches"), [project_id]),
            "story_settings": self._rows(
                "SELECT * FROM story_settings WHERE project_id = ?", [project_id]),
        }

    def check_bundle_rows(self, rows: dict, files: set[str] | dict) -> None:
        """StoreError unless ``rows`` are one well-formed project whose files are in ``files``."""
        required = set(TABLES) - set(OPTIONAL_TABLES)
        if not isinstance(rows, dict) or not required <= set(rows) <= set(TABLES):
            raise StoreError(f"the rows must have exactly these tables: {', '.join(TABLES)} "
                             f"(an older bundle may leave out {', '.join(OPTIONAL_TABLES)})")
        rows = _with_optional_tables(rows)
        for table in TABLES:
            if not isinstance(rows[table], list):
                raise StoreError(f"the {table} rows are not a list")
            columns = self._db[table].columns
            for row in rows[table]:
                _check_row(table, columns, row)
        if len(rows["projects"]) != 1:
            raise StoreError("the rows must hold exactly one project")
        if len(rows["story_settings"]) > 1:
            raise StoreError("the rows may hold the story settings of one project only")
        for table, column in _JSON_COLUMNS:
            for row in rows[table]:
                if not isinstance(_json_object(row[column]), dict):
                    raise StoreError(f"{table}.{column} is not a JSON object")
        project = rows["projects"][0]
        for row in [project, *rows["runs"]]:
            if not row.get("uuid"):
                raise StoreError("every project and run row needs a uuid")
        ids = {t: {r["id"] for r in rows[t] if "id" in r} for t in TABLES}
        refs = [
            ("dataset_versions", "project_id", {project["id"]}),
            ("dataset_versions", "parent_id", ids["dataset_versions"]),
            ("runs", "project_id", {project["id"]}),
            ("runs", "dataset_version_id", ids["dataset_versions"]),
            ("params", "run_id", ids["runs"]),
            ("metrics", "run_id", ids["runs"]),
            ("model_versions", "project_id", {project["id"]}),
            ("model_versions", "run_id", ids["runs"]),
            ("events", "project_id", {project["id"]}),
            ("annotations", "dataset_version_id", ids["dataset_versions"]),
            ("annotations", "result_version_id", ids["dataset_versions"]),
            ("evaluations", "model_version_id", ids["model_versions"]),
            ("batches", "project_id", {project["id"]}),
            ("batches", "model_version_id", ids["model_versions"]),
            ("story_settings", "project_id", {project["id"]}),
        ]
        for table, column, allowed in refs:
            for row in rows[table]:
                if row.get(column) is not None and row[column] not in allowed:
                    raise StoreError(f"{table}.{column} = {row[column]} points at no row here")
        for table, column, suffix in FILE_COLUMNS:
            for row in rows[table]:
                if row[column] not in files:
                    raise StoreError(f"{table} row {row['id']} needs {row[column]}, not given")
                if not row[column].endswith(suffix):
                    raise StoreError(f"{table} row {row['id']} points at {row[column]}, "
                                     f"not a {suffix} file")

    def import_project_rows(
        self, rows: dict, files: dict[str, StoredFile], rewrite_details: DetailsRewrite | None = None
    ) -> ImportedProject:
        """Add a project's rows from another workspace; ``files`` maps their paths to ours.

        ``rewrite_details(details, id_maps)`` lets the caller fix ids inside model details.
        """
        self.check_bundle_rows(rows, files)
        with self.transaction():
            return _Importer(self, _with_optional_tables(rows), files, rewrite_details).run()


def _with_optional_tables(rows: dict) -> dict:
    return {**{table: [] for table in OPTIONAL_TABLES}, **rows}


def _json_object(text):
    if not isinstance(text, str):
        return None
    try:
        return conv.from_json(text)
    except (ValueError, TypeError):
        return None


def oof_path(details: dict) -> str | None:
    """The out-of-fold file a model's details point at, if any (``engine.runner`` writes it)."""
    path = details.get("oof_path") if isinstance(details, dict) else None
    return path if isinstance(path, str) and path else None


def _check_row(table: str, columns, row) -> None:
    if not isinstance(row, dict):
        raise StoreError(f"a {table} row is not an object")
    for column in columns:
        value = row.get(column.name)
        if value is None:
            if column.notnull and column.name != "id" and column.default_value is None:
                raise StoreError(f"a {table} row has no {column.name}")
            continue
        wanted = _PYTHON_TYPES.get(column.type.upper(), (object,))
        if not isinstance(value, wanted) or isinstance(value, bool):
            raise StoreError(f"{table}.{column.name} has a value of the wrong type")


class _Importer:
    """One import: the id maps from the bundle's ids to this workspace's."""

    def __init__(self, store: BundlesMixin, rows: dict, files: dict, rewrite) -> None:
        self.store, self.rows, self.files, self.rewrite = store, rows, files, rewrite
        self.maps: dict[str, dict[int, int]] = {t: {} for t in TABLES}
        self.new: dict[str, set[int]] = {t: set() for t in TABLES}
        self.counts: dict[str, int] = {}
        self.notes: list[str] = []

    def run(self) -> ImportedProject:
        project_id, name, created = self._project()
        self._dataset_versions(project_id)
        self._runs(project_id)
        self._run_children()
        self._model_versions(project_id)
        self._evaluations()
        self._batches(project_id)
        self._events(project_id, created)
        self._annotations()
        self._story_settings(project_id)
        added = {t: self.counts.get(t, len(self.new[t])) for t in TABLES if t != "projects"}
        return ImportedProject(project_id, name, created, added, tuple(self.notes))

    def _copy(self, table: str, row: dict, **changes) -> int:
        columns = set(self.store._db[table].columns_dict) - {"id"}
        values = {k: v for k, v in row.items() if k in columns}
        values.update(changes)
        return self.store._insert(table, values)

    def _project(self) -> tuple[int, str, bool]:
        row = self.rows["projects"][0]
        found = self.store._rows("SELECT * FROM projects WHERE uuid = ?", [row["uuid"]])
        if found:
            self.maps["projects"][row["id"]] = found[0]["id"]
            return found[0]["id"], found[0]["name"], False
        name = row["name"]
        suffix = 1
        while self.store._rows("SELECT id FROM projects WHERE name = ?", [name]):
            name = f"{row['name']} (imported{'' if suffix == 1 else f' {suffix}'})"
            suffix += 1
        if name != row["name"]:
            self.notes.append(f"A different project is already called {row['name']!r}: "
                              f"the imported one is called {name!r}.")
        now = conv.utc_now()
        new_id = self._copy("projects", row, name=name, created_at=row["created_at"],
                            updated_at=now)
        self.maps["projects"][row["id"]] = new_id
        return new_id, name, True

    def _dataset_versions(self, project_id: int) -> None:
        for row in sorted(self.rows["dataset_versions"], key=lambda r: r["id"]):
            file = self.files[row["path"]]
            parent = self.maps["dataset_versions"].get(row["parent_id"])
            same = self.store._rows(
                "SELECT id FROM dataset_versions WHERE project_id = ? AND sha256 = ?"
                " AND parent_id IS ? ORDER BY id LIMIT 1",
                [project_id, file.sha256, parent],
            )
            if same:
                self.maps["dataset_versions"][row["id"]] = same[0]["id"]
                continue
            new_id = self._copy("dataset_versions", row, project_id=project_id, parent_id=parent,
                                sha256=file.sha256, path=file.path)
            self.maps["dataset_versions"][row["id"]] = new_id
            self.new["dataset_versions"].add(row["id"])

    def _runs(self, project_id: int) -> None:
        for row in sorted(self.rows["runs"], key=lambda r: r["id"]):
            found = self.store._rows("SELECT id, project_id FROM runs WHERE uuid = ?", [row["uuid"]])
            if found and found[0]["project_id"] != project_id:
                raise StoreError(f"run {row['uuid']} already belongs to another project here")
            if found:
                self.maps["runs"][row["id"]] = found[0]["id"]
                continue
            changes = {"project_id": project_id, "pid": None,
                       "dataset_version_id": self.maps["dataset_versions"].get(
                           row["dataset_version_id"])}
            if row["status"] == "running":  # its process is on another machine
                changes.update(status="interrupted", error="imported while it was running")
            self.maps["runs"][row["id"]] = self._copy("runs", row, **changes)
            self.new["runs"].add(row["id"])

    def _run_children(self) -> None:
        # executemany: a run can have thousands of metric points.
        for table, columns in _CHILD_COLUMNS.items():
            values = [
                tuple(self.maps["runs"][row["run_id"]] if c == "run_id" else row[c] for c in columns)
                for row in self.rows[table] if row["run_id"] in self.new["runs"]
            ]
            if values:
                names = ", ".join(f'"{c}"' for c in columns)
                marks = ", ".join("?" for _ in columns)
                self.store._conn.executemany(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})", values
                )
            self.counts[table] = len(values)

    def _model_versions(self, project_id: int) -> None:
        has_production = bool(self.store._rows(
            "SELECT id FROM model_versions WHERE project_id = ? AND stage = 'production'",
            [project_id]))
        for row in sorted(self.rows["model_versions"], key=lambda r: r["id"]):
            file = self.files[row["artifact_path"]]
            if row["run_id"] not in self.new["runs"]:
                self._match_model_version(row, file)
                continue
            details = conv.from_json(row["details_json"])
            if self.rewrite is not None:
                details = self.rewrite(details, self.maps)
            oof = oof_path(details)
            if oof is not None and oof in self.files:  # older bundles do not carry it
                details = {**details, "oof_path": self.files[oof].path}
            stage = row["stage"]
            if stage == "production" and has_production:
                stage = "staging"
                self.notes.append(f"Model {row['name']!r} was in production in the bundle; this "
                                  "project already has a production model, so it arrives in staging.")
            has_production = has_production or stage == "production"
            new_id = self._copy(
                "model_versions", row, project_id=project_id, run_id=self.maps["runs"][row["run_id"]],
                artifact_path=file.path, sha256=file.sha256, stage=stage,
                details_json=conv.to_json(details),
            )
            self.maps["model_versions"][row["id"]] = new_id
            self.new["model_versions"].add(row["id"])

    def _match_model_version(self, row: dict, file: StoredFile) -> None:
        # The run came with an earlier bundle: its model versions are here already.
        found = self.store._rows(
            "SELECT id FROM model_versions WHERE run_id = ? AND name = ? AND sha256 = ?"
            " ORDER BY id LIMIT 1",
            [self.maps["runs"][row["run_id"]], row["name"], file.sha256],
        )
        if found:
            self.maps["model_versions"][row["id"]] = found[0]["id"]

    def _evaluations(self) -> None:
        for row in sorted(self.rows["evaluations"], key=lambda r: r["id"]):
            model_id = self.maps["model_versions"].get(row["model_version_id"])
            if model_id is None:
                continue
            file = self.files[row["artifact_path"]]
            if self.store._rows(
                "SELECT 1 FROM evaluations WHERE model_version_id = ? AND sha256 = ?"
                " AND evaluator_version = ? LIMIT 1",
                [model_id, file.sha256, row["evaluator_version"]],
            ):
                continue
            self._copy("evaluations", row, model_version_id=model_id, artifact_path=file.path,
                       sha256=file.sha256)
            self.new["evaluations"].add(row["id"])

    def _batches(self, project_id: int) -> None:
        refreshed = 0
        for row in sorted(self.rows["batches"], key=lambda r: r["id"]):
            model_id = self.maps["model_versions"].get(row["model_version_id"])
            if model_id is None:
                continue
            file = self.files[row["artifact_path"]]
            found = self.store._rows(
                "SELECT id, updated_at FROM batches WHERE project_id = ? AND model_version_id = ?"
                " AND at = ? AND created_at = ? AND source_name = ? ORDER BY id LIMIT 1",
                [project_id, model_id, row["at"], row["created_at"], row["source_name"]],
            )
            if found:
                self.maps["batches"][row["id"]] = found[0]["id"]
                if row["updated_at"] > found[0]["updated_at"]:  # late labels since: take them
                    self.store._db["batches"].update(found[0]["id"], {
                        "artifact_path": file.path, "sha256": file.sha256,
                        "labelled": row["labelled"], "summary_json": row["summary_json"],
                        "updated_at": row["updated_at"],
                    })
                    refreshed += 1
                continue
            self.maps["batches"][row["id"]] = self._copy(
                "batches", row, project_id=project_id, model_version_id=model_id,
                artifact_path=file.path, sha256=file.sha256)
            self.new["batches"].add(row["id"])
        self.counts["batches"] = len(self.new["batches"]) + refreshed

    def _story_settings(self, project_id: int) -> None:
        # The presenter's settings here win over the bundle's.
        if not self.rows["story_settings"] or self.store._rows(
                "SELECT 1 FROM story_settings WHERE project_id = ?", [project_id]):
            self.counts["story_settings"] = 0
            return
        row = self.rows["story_settings"][0]
        self.store._insert("story_settings", {"project_id": project_id,
                                              "settings_json": row["settings_json"],
                                              "updated_at": row["updated_at"]})
        self.counts["story_settings"] = 1

    def _events(self, project_id: int, project_is_new: bool) -> None:
        for row in sorted(self.rows["events"], key=lambda r: r["id"]):
            table = {"run": "runs", "model_version": "model_versions",
                     "dataset_version": "dataset_versions",
                     "batch": "batches"}.get(row["entity"] or "")
            if table is None:
                keep, entity_id = project_is_new, row["entity_id"]
                if row["entity"] == "project":
                    entity_id = project_id
            else:
                keep = row["entity_id"] in self.new[table]
                entity_id = self.maps[table].get(row["entity_id"])
            if keep:
                self._copy("events", row, project_id=project_id, entity_id=entity_id)
                self.new["events"].add(row["id"])

    def _annotations(self) -> None:
        # A batch already here (by uuid) arrived with an earlier bundle: its undo state is ours.
        batches = {row["batch"] for row in self.rows["annotations"]}
        known = {b for b in batches
                 if self.store._rows("SELECT 1 FROM annotations WHERE batch = ? LIMIT 1", [b])}
        versions = self.maps["dataset_versions"]
        for row in sorted(self.rows["annotations"], key=lambda r: r["id"]):
            if row["batch"] in known:
                continue
            self._copy("annotations", row, dataset_version_id=versions[row["dataset_version_id"]],
                       result_version_id=versions[row["result_version_id"]])
            self.new["annotations"].add(row["id"])
