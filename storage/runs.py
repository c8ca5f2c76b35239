"""Runs, their params and their metrics (the part of Store that follows MLflow's tracking)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable

from storage import rows as conv
from storage.base import StoreBase
from storage.entities import Metric, Run
from storage.errors import StoreError
from storage.process import pid_alive

RUN_ENDINGS = ("finished", "failed", "cancelled")
INTERRUPTED_ERROR = "the process running it stopped"


class RunsMixin(StoreBase):
    """Store methods for runs, params and metrics.

    Relies on ``Store`` for ``project``, ``dataset_version``, ``add_event`` and ``_touch``.
    """

    def start_run(
        self,
        project_id: int,
        spec: dict,
        *,
        dataset_version_id: int | None = None,
        kind: str = "train",
    ) -> Run:
        """Record a run as running in this process, and touch its project."""
        with self.transaction():
            self.project(project_id)
            if (
                dataset_version_id is not None
                and self.dataset_version(dataset_version_id).project_id != project_id
            ):
                raise StoreError(f"dataset version {dataset_version_id} belongs to another project")
            now = conv.utc_now()
            run_id = self._insert(
                "runs",
                {
                    "project_id": project_id,
                    "dataset_version_id": dataset_version_id,
                    "kind": kind,
                    "status": "running",
                    "spec_json": conv.to_json(spec),
                    "summary_json": "{}",
                    "error": None,
                    "pid": os.getpid(),
                    "started_at": now,
                    "ended_at": None,
                    "uuid": conv.new_uuid(),
                },
            )
            self._touch(project_id)
            return self.run(run_id)

    def finish_run(
        self, run_id: int, status: str, *, error: str | None = None, summary: dict | None = None
    ) -> Run:
        """End a running run as finished, failed or cancelled."""
        if status not in RUN_ENDINGS:
            raise StoreError(f"a run ends as {', '.join(RUN_ENDINGS)}; {status!r} is none of these")
        with self.transaction():
            run = self.run(run_id)
            if run.status != "running":
                raise StoreError(
                    f"run {run_id} is {run.status}, not running, so it cannot be {status}"
                )
            changes = {"status": status, "error": error, "ended_at": conv.utc_now()}
            if summary is not None:
                changes["summary_json"] = conv.to_json(summary)
            self._db["runs"].update(run_id, changes)
            self._touch(run.project_id)
            return self.run(run_id)

    def run(self, run_id: int) -> Run:
        """The run with this id; NotFound if there is none."""
        return conv.run(self._one("runs", run_id, "run"))

    def runs(self, project_id: int | None = None) -> list[Run]:
        """Runs of one project (or all), newest first."""
        if project_id is None:
            found = self._rows("SELECT * FROM runs ORDER BY id DESC")
        else:
            found = self._rows(
                "SELECT * FROM runs WHERE project_id = ? ORDER BY id DESC", [project_id]
            )
        return [conv.run(row) for row in found]

    def log_params(self, run_id: int, params: dict) -> None:
        """Record a run's parameters as JSON text; a key logged again is overwritten."""
        values = [(run_id, str(key), conv.to_json(value)) for key, value in params.items()]
        with self.transaction():
            self.run(run_id)
            self._conn.executemany(
                'INSERT INTO params (run_id, "key", value) VALUES (?, ?, ?)'
                ' ON CONFLICT (run_id, "key") DO UPDATE SET value = excluded.value',
                values,
            )

    def params(self, run_id: int) -> dict:
        """A run's parameters, decoded, by key."""
        found = self._rows(
            'SELECT "key", value FROM params WHERE run_id = ? ORDER BY "key"', [run_id]
        )
        return {row["key"]: json.loads(row["value"]) for row in found}

    def log_metrics(self, run_id: int, points: Iterable[tuple[str, float, int, float]]) -> int:
        """Record (key, value, step, timestamp) points in one transaction; returns how many."""
        # Converted before the transaction so a slow or failing iterable never holds the lock.
        values = [
            (run_id, str(key), int(step), float(value), float(timestamp))
            for key, value, step, timestamp in points
        ]
        if not values:
            return 0
        with self.transaction():
            self.run(run_id)
            self._conn.executemany(
                'INSERT INTO metrics (run_id, "key", step, value, timestamp) VALUES (?, ?, ?, ?, ?)',
                values,
            )
        return len(values)

    def metrics(self, run_id: int, key: str | None = None) -> list[Metric]:
        """A run's metric points (of one key, or all), ordered by key, step and arrival."""
        sql = "SELECT * FROM metrics WHERE run_id = ?"
        args: list = [run_id]
        if key is not None:
            sql += ' AND "key" = ?'
            args.append(key)
        found = self._rows(sql + ' ORDER BY "key", step, id', args)
        return [conv.metric(row) for row in found]

    def metric_keys(self, run_id: int) -> list[str]:
        """The metric keys a run has logged, sorted."""
        found = self._rows(
            'SELECT DISTINCT "key" FROM metrics WHERE run_id = ? ORDER BY "key"', [run_id]
        )
        return [row["key"] for row in found]

    def mark_interrupted_runs(self) -> list[int]:
        """Mark runs whose process is gone as interrupted (done at every open); their ids."""
        # A process that died mid-run never called finish_run; without this its run would show
        # as running forever. A pid reused by an unrelated process hides a dead run until later.
        with self.transaction():
            stale = [
                conv.run(row)
                for row in self._rows("SELECT * FROM runs WHERE status = 'running' ORDER BY id")
                if not pid_alive(row["pid"])
            ]
            for run in stale:
                self._db["runs"].update(
                    run.id,
                    {
                        "status": "interrupted",
                        "ended_at": conv.utc_now(),
                        "error": INTERRUPTED_ERROR,
                    },
                )
                self.add_event(
                    "run_interrupted",
                    f"run {run.id} was interrupted: {INTERRUPTED_ERROR}",
                    project_id=run.project_id,
                    entity="run",
                    entity_id=run.id,
                    data={"pid": run.pid, "started_at": run.started_at},
                )
        return [run.id for run in stale]
