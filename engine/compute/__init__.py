"""Where work runs: this computer by default, or an existing Dask cluster when chosen.

``fits_starter`` turns the choice into what ``engine.training.train_candidates`` uses to fit,
connecting (and checking versions) first so a bad address fails before anything is stored.
``engine.compute.cluster_scoring`` partitions large monitoring batches across the workers.
"""

from __future__ import annotations

from engine.compute.choice import (
    CLUSTER_ENV,
    SETTING_KEY,
    ComputeChoice,
    normalise_address,
    resolve_choice,
    workspace_choice,
)
from engine.compute.cluster import (
    CLUSTER_CODES,
    ClusterError,
    ClusterInfo,
    ClusterLost,
    ClusterMismatch,
    ClusterUnreachable,
    DaskMissing,
    client_for,
    close_clients,
    dask_installed,
    describe_cluster,
    test_connection,
)
from engine.reporter import Reporter

__all__ = [
    "CLUSTER_CODES",
    "CLUSTER_ENV", "SETTING_KEY", "ClusterError", "ClusterInfo", "ClusterLost", "ClusterMismatch",
    "ClusterUnreachable", "ComputeChoice", "DaskMissing", "client_for", "close_clients",
    "dask_installed", "describe_cluster", "fits_starter", "normalise_address", "resolve_choice",
    "test_connection", "workspace_choice",
]


def fits_starter(choice: ComputeChoice, reporter: Reporter | None = None):
    """``start_fits`` for ``train_candidates``: ``LocalFits``, or fits on the chosen cluster
    (connected and checked now, so ClusterError comes before any work)."""
    if not choice.uses_cluster:
        from engine.fits import LocalFits  # numpy, pandas, scikit-learn: not at GUI start-up

        return LocalFits
    from engine.compute.cluster_fits import ClusterFits

    client = client_for(choice.address)
    if reporter is not None:
        reporter.log(f"Training on the Dask cluster at {choice.address} "
                     f"({describe_cluster(client).describe()}).")

    def start(job, pipelines):
        return ClusterFits(client, job, pipelines)

    return start
