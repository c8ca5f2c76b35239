"""Connecting to a Dask cluster: reachable, the same libraries as here, and what it offers.

``dask.distributed`` is an optional extra (``pip install -e ".[cluster]"``); nothing here is
imported until a cluster is asked for. One client per scheduler address is kept for the life of
the process, so scoring batch after batch does not reconnect each time.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from engine.errors import UserError

CONNECT_TIMEOUT = 5.0
# Libraries whose versions must match between this computer and every worker: a model fitted
# with one scikit-learn may not load or predict the same with another.
MATCHING_PACKAGES = ("scikit-learn", "numpy", "pandas", "firstwin")
LOCAL_HINT = "Or run on this computer: Preferences → Compute, or --local on the command line."

_clients: dict[str, object] = {}
_clients_lock = threading.Lock()


class ClusterError(UserError):
    """Something about the cluster stops the work; ``code`` tells the GUI which case."""

    code = "cluster"


class DaskMissing(ClusterError):
    code = "cluster-missing"


class ClusterUnreachable(ClusterError):
    code = "cluster-unreachable"


class ClusterMismatch(ClusterError):
    code = "cluster-mismatch"


class ClusterLost(ClusterError):
    code = "cluster-lost"


# The codes of the errors after which the same work can simply run on this computer instead.
CLUSTER_CODES = frozenset(e.code for e in (DaskMissing, ClusterUnreachable, ClusterMismatch, ClusterLost))


@dataclass
class ClusterInfo:
    """What a cluster offers, for "Test connection" and the run log."""

    address: str
    workers: int
    cores: int
    memory_bytes: int
    versions: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        memory = f"{self.memory_bytes / 1e9:.1f} GB" if self.memory_bytes else "unknown memory"
        workers = "1 worker" if self.workers == 1 else f"{self.workers} workers"
        cores = "1 core" if self.cores == 1 else f"{self.cores} cores"
        return f"{workers}, {cores}, {memory}"


def dask_installed() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def client_for(address: str, timeout: float = CONNECT_TIMEOUT):
    """A connected, checked ``distributed.Client`` for ``address``, reused while it lives.

    Raises DaskMissing, ClusterUnreachable (with a hint to run locally) or ClusterMismatch
    before any work is sent.
    """
    with _clients_lock:
        client = _clients.get(address)
        if client is not None and client.status == "running":
            return client
        _clients.pop(address, None)
        client = _connect(address, timeout)
        try:
            mismatches = version_mismatches(client.get_versions(check=False, packages=list(MATCHING_PACKAGES)))
            if mismatches:
                raise ClusterMismatch(
                    f"The cluster at {address} does not run the same software as this computer: "
                    + "; ".join(mismatches) + ".",
                    "Install the same versions on the workers (pip install firstwin with the same "
                    f"scikit-learn) and restart them. {LOCAL_HINT}",
                )
            if not client.scheduler_info().get("workers"):
                raise ClusterUnreachable(
                    f"The Dask scheduler at {address} has no workers.",
                    f"Start one or more with: dask worker {address}. {LOCAL_HINT}",
                )
        except BaseException:
            client.close()
            raise
        _clients[address] = client
        return client


def describe_cluster(client) -> ClusterInfo:
    workers = client.scheduler_info().get("workers", {})
    versions = client.get_versions(check=False, packages=list(MATCHING_PACKAGES))
    packages = versions["client"]["packages"]
    return ClusterInfo(
        address=str(client.scheduler.address),
        workers=len(workers),
        cores=sum(int(w.get("nthreads", 0)) for w in workers.values()),
        memory_bytes=sum(int(w.get("memory_limit") or 0) for w in workers.values()),
        versions={name: str(packages.get(name)) for name in ("python", *MATCHING_PACKAGES)},
    )


def test_connection(address: str, timeout: float = CONNECT_TIMEOUT) -> ClusterInfo:
    """Connect, check the versions and describe the cluster (Preferences → Test connection)."""
    return describe_cluster(client_for(address, timeout))


test_connection.__test__ = False  # not a pytest test, whatever its name


def close_clients() -> None:
    """Close every kept client (tests, and before the process ends)."""
    with _clients_lock:
        clients = list(_clients.values())
        _clients.clear()
    for client in clients:
        client.close()


def version_mismatches(versions: dict) -> list[str]:
    """Differences between the client and any worker, in words: Python's minor version and
    every MATCHING_PACKAGES version must be equal; a package missing on a worker is named."""
    here = versions["client"]["packages"]
    found: list[str] = []
    for worker, info in sorted(versions.get("workers", {}).items()):
        if isinstance(info, dict) and "packages" not in info:
            found.append(f"worker {worker} did not report its versions")
            continue
        there = info["packages"]
        if _minor(there.get("python")) != _minor(here.get("python")):
            found.append(f"Python {_minor(there.get('python'))} on {worker}, "
                         f"{_minor(here.get('python'))} here")
        for name in MATCHING_PACKAGES:
            if here.get(name) is None:
                continue  # not installed here either (firstwin run from a checkout)
            if there.get(name) is None:
                found.append(f"{name} is not installed on {worker}")
            elif there.get(name) != here.get(name):
                found.append(f"{name} {there.get(name)} on {worker}, {here.get(name)} here")
    return found


def _minor(python: object) -> str:
    return ".".join(str(python or "?").split(".")[:2])


def _connect(address: str, timeout: float):
    if not dask_installed():
        raise DaskMissing(
            "Running on a Dask cluster needs Dask, which is not installed.",
            f'Install it with: pip install -e ".[cluster]". {LOCAL_HINT}',
        )
    from distributed import Client

    # FirstWin reports cluster failures in words itself; distributed's own log lines
    # (connection refused, reconnecting…) would only add tracebacks to the console.
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterUnreachable(
            f"Could not reach the Dask scheduler at {address}: {_reason(error)}.",
            f"Check the address and that `dask scheduler` is running there. {LOCAL_HINT}",
        ) from None


def _reason(error: BaseException) -> str:
    text = str(error).strip().rstrip(".") or type(error).__name__
    return text.splitlines()[0]


