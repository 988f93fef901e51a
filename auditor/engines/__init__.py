"""Engines map scan items to FileResults: serially, on a local process pool, or on a Dask cluster.

Every engine runs the same unit of work (``work.scan_item``) and returns results in item order,
so the report does not depend on the engine. Items are streamed with a bounded number in flight.
"""
from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from auditor.detect import DetectorError
from auditor.detect.detector import DEFAULT_MODEL
from auditor.detect.engine import NO_NLP
from auditor.engines.work import DetectorSettings, Parcel, scan_item
from auditor.models import FileResult, Item

__all__ = ["DetectorSettings", "EngineError", "ENGINES", "Plan", "run"]
ENGINES = ("local", "dask")
AUTO_MIN_ITEMS = 32  # below this (and AUTO_MIN_BYTES), a pool costs more (spaCy loads per worker) than it saves
AUTO_MIN_BYTES = 8 * 2**20
SETUP_ERRORS: tuple[type[BaseException], ...] = (DetectorError,)


class EngineError(Exception):
    """An engine cannot run (missing extra, unreachable scheduler, bad --jobs). One-line message."""


@dataclass(frozen=True)
class Plan:
    engine: str = "local"
    jobs: int | None = None  # None: automatic; 1: serial
    scheduler: str | None = None  # Dask scheduler address; None starts a LocalCluster

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise EngineError(f"unknown engine {self.engine!r}; choose one of {', '.join(ENGINES)}")
        if self.jobs is not None and self.jobs < 1:
            raise EngineError(f"--jobs must be 1 or more, not {self.jobs}")
        if self.scheduler and self.engine != "dask":
            raise EngineError("--scheduler needs --engine dask")


def model_name(settings: DetectorSettings) -> str:
    """The spaCy pipeline the workers will load (what the report names)."""
    model = settings.nlp or settings.policy.get("nlp.model") or DEFAULT_MODEL
    return NO_NLP if model.lower() == NO_NLP else model


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def free_cpus() -> int:
    """CPUs not already busy by the 1-minute load average (at least 1): on a busy machine extra
    workers only add their start-up cost."""
    cpus = cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return max(1, min(cpus, round(cpus - load)))


class Done:
    """A finished result shaped like a future, for the serial engine."""

    def __init__(self, value: FileResult):
        self.value = value

    def result(self) -> FileResult:
        return self.value


def collect(item: Item, future: Any) -> FileResult:
    """The worker's result with the parent's item re-attached; a lost worker costs one item, not the scan."""
    try:
        result = future.result()
    except SETUP_ERRORS:
        raise
    except Exception as exc:  # e.g. a worker process died; the message may quote content, so type only
        result = FileResult(item=item, status="error", reason=f"internal error in a scan worker ({type(exc).__name__})",
                            sha256=hashlib.sha256(item.data).hexdigest(), size=len(item.data))
    result.item = item
    return result


def stream(pairs: Iterable[tuple[Item, Parcel]], submit: Callable[[Parcel], Any], window: int) -> Iterator[FileResult]:
    """Submit parcels with at most ``window`` in flight; yield results in submission order."""
    pending: deque = deque()
    for item, parcel in pairs:
        pending.append((item, submit(parcel)))
        if len(pending) >= window:
            yield collect(*pending.popleft())
    while pending:
        yield collect(*pending.popleft())


def _parcels(items: Iterable[Item], on_item: Callable[[Item], None] | None) -> Iterator[tuple[Item, Parcel]]:
    for item in items:
        if on_item:
            on_item(item)
        yield item, Parcel(item)


def _small(head: list[tuple[Item, Parcel]]) -> bool:
    return len(head) < AUTO_MIN_ITEMS and sum(len(i.data) for i, _ in head) < AUTO_MIN_BYTES


def run(items: Iterable[Item], settings: DetectorSettings, plan: Plan = Plan(),
        on_item: Callable[[Item], None] | None = None) -> list[FileResult]:
    """Scan every item with the planned engine; results in item order."""
    pairs = _parcels(items, on_item)
    if plan.engine == "dask":
        from auditor.engines.cluster import run_on_dask

        return list(run_on_dask(pairs, settings, plan))
    jobs = plan.jobs or free_cpus()
    if plan.jobs is None and jobs > 1:
        head = []
        for pair in pairs:
            head.append(pair)
            if not _small(head):
                break
        jobs = 1 if _small(head) else jobs
        pairs = chain(head, pairs)
    if jobs == 1:
        detector = settings.build()
        return list(stream(pairs, lambda p: Done(scan_item(p.item, settings.policy, detector)), 1))
    from auditor.engines.pool import run_on_pool

    return list(run_on_pool(pairs, settings, jobs))
