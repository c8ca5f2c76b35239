"""Where work runs, from the command line: the ``compute`` command and the ``--cluster`` /
``--local`` options that ``train``, ``run``, ``sample``, ``score`` and ``retrain`` take.

``compute`` shows the workspace's choice, saves a new one (``--cluster ADDRESS`` or
``--local``) and, with ``--test``, connects and says what the cluster offers. On the other
commands the options apply to that command only; ``$FIRSTWIN_CLUSTER`` sits between them and
the workspace's saved choice.
"""

from __future__ import annotations

import json
import sys

from engine.compute import SETTING_KEY, ComputeChoice, test_connection, workspace_choice
from storage import Store


def add_commands(add) -> None:
    compute = add("compute", "Show or choose where training and large batches run: this "
                             "computer (default) or a Dask cluster.")
    choice = compute.add_mutually_exclusive_group()
    choice.add_argument("--cluster", metavar="ADDRESS",
                        help="save a Dask scheduler's address (tcp://host:8786) as the workspace's choice")
    choice.add_argument("--local", action="store_true", help="save this computer as the workspace's choice")
    compute.add_argument("--test", action="store_true",
                         help="connect to the cluster and show its workers, cores and memory")
    compute.add_argument("--json", action="store_true")


def add_compute_options(parser) -> None:
    """``--cluster ADDRESS`` / ``--local`` for one command (overrides the workspace's choice)."""
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--cluster", metavar="ADDRESS",
                        help="run on this Dask scheduler (default: $FIRSTWIN_CLUSTER, else the "
                             "workspace's choice; see the compute command)")
    choice.add_argument("--local", action="store_true", help="run on this computer, whatever the workspace's choice")


def compute_choice(store: Store, args) -> ComputeChoice:
    """The choice for one command: its options, else $FIRSTWIN_CLUSTER, else the workspace's."""
    return workspace_choice(store, address=getattr(args, "cluster", None),
                            local=getattr(args, "local", False))


def _compute(store: Store, args, reporter) -> int:
    saved = ComputeChoice.from_setting(store.setting(SETTING_KEY))
    if args.cluster:
        saved = ComputeChoice.cluster(args.cluster)
    elif args.local:
        saved = ComputeChoice.local(saved.address)
    if args.cluster or args.local:
        store.set_setting(SETTING_KEY, saved.to_setting())
    in_force = workspace_choice(store)
    info = test_connection(in_force.address) if args.test and in_force.uses_cluster else None
    reporter.finish()
    if args.json:
        print(json.dumps({
            "saved": saved.to_setting(),
            "in_force": in_force.to_setting(),
            "cluster": None if info is None else {
                "address": info.address, "workers": info.workers, "cores": info.cores,
                "memory_bytes": info.memory_bytes, "versions": info.versions,
            },
        }))
        return 0
    print(f"This workspace runs on {saved.describe()}.", file=sys.stderr)
    if in_force != saved:
        print(f"$FIRSTWIN_CLUSTER overrides it: work runs on {in_force.describe()}.", file=sys.stderr)
    if info is not None:
        print(f"Connected: {info.describe()} (scikit-learn {info.versions.get('scikit-learn')}).",
              file=sys.stderr)
    elif args.test:
        print("Nothing to test: work runs on this computer.", file=sys.stderr)
    return 0


HANDLERS = {"compute": _compute}
