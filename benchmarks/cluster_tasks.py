"""The cluster benchmark's task arithmetic: the fits in a task stream, the idle gaps between
them, how long a result takes to reach the client, and list scheduling onto N workers."""

from __future__ import annotations

import heapq

TASK_PREFIX = "firstwin-fit-"


def fit_tasks(stream: list[dict], candidates: list[str]) -> list[dict]:
    """The ``firstwin-fit-`` tasks of a task stream, in submission order."""
    tasks = []
    for record in stream:
        key = str(record.get("key"))
        if not key.startswith(TASK_PREFIX) or record.get("status") != "OK":
            continue
        spans = [s for s in record.get("startstops", ()) if s.get("action") == "compute"]
        if not spans:
            continue
        _tag, index, which = key[len(TASK_PREFIX):].split("-")
        index = int(index)
        tasks.append({
            "key": key, "candidate": candidates[index] if index < len(candidates) else str(index),
            "index": index, "fit": which, "worker": str(record.get("worker")),
            "start": min(s["start"] for s in spans), "stop": max(s["stop"] for s in spans),
            "seconds": sum(s["stop"] - s["start"] for s in spans),
        })
    tasks.sort(key=lambda t: (t["index"], 1_000_000 if t["fit"] == "final" else int(t["fit"])))
    return tasks


def worker_gaps(tasks: list[dict]) -> list[float]:
    """Idle time on each worker between the end of one fit and the start of its next."""
    by_worker: dict[str, list[dict]] = {}
    for task in tasks:
        by_worker.setdefault(task["worker"], []).append(task)
    gaps = []
    for own in by_worker.values():
        own.sort(key=lambda t: t["start"])
        gaps += [max(0.0, b["start"] - a["stop"]) for a, b in zip(own, own[1:], strict=False)]
    return gaps


def return_latency(tasks: list[dict], received: list[tuple]) -> float:
    """Median time from a fit's end to the client having it, over the fits the client was
    already waiting for when they ended."""
    stops = {(t["index"], t["fit"]): t["stop"] for t in tasks}
    latencies = sorted(got - stops[(index, fit)] for index, fit, began, got in received
                       if (index, fit) in stops and began <= stops[(index, fit)])
    return latencies[len(latencies) // 2] if latencies else 0.0


def makespan(seconds: list[float], workers: int, per_task: float) -> float:
    """List scheduling in the given (priority) order: each fit to the first free worker."""
    free = [0.0] * workers
    heapq.heapify(free)
    end = 0.0
    for duration in seconds:
        start = heapq.heappop(free)
        finish = start + duration + per_task
        end = max(end, finish)
        heapq.heappush(free, finish)
    return end
