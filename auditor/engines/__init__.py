"""Engines map scan items to FileResults: serially, on a local process pool, or on a Dask cluster.

Every engine runs the same unit of work (``work.scan_items`` on a batch of items) and returns results in
item order, so the report does not depend on the engine. Batches are streamed with a bounded number in flight.
"""
from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from auditor.batches import constrained_batches
from auditor.detect import DetectorError
from auditor.detect.detector import DEFAULT_MODEL
from auditor.detect.engine import NO_NLP
from auditor.engines.work import DetectorSettings, Parcel, scan_items, snapshot
from auditor.models import FileResult, Item

__all__ = ["DetectorSettings", "EngineError", "ENGINES", "Plan", "run"]
ENGINES = ("local", "dask")
AUTO_MIN_ITEMS = 32  # below this (and AUTO_MIN_BYTES), a pool costs more (spaCy loads per worker) than it saves
AUTO_MIN_BYTES = 8 * 2**20
AUTO_ALL_ITEMS = 256  # from this (or AUTO_ALL_BYTES) on, a worker per CPU whatever the load: start-up is amortised
AUTO_ALL_BYTES = 64 * 2**20
BATCH_ITEMS = 16  # items scanned as one unit of work (their text goes through NER together)...
BATCH_BYTES = 2**20  # ...up to this many bytes; a larger file is a batch of its own
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

    def __init__(self, value: list[FileResult]):
        self.value = value

    def result(self) -> list[FileResult]:
        return self.value


Pair = tuple[Item, Item]  # an item as the sources hold it, and the snapshot that is scanned


def _lost(item: Item, exc: Exception) -> FileResult:
    """An item whose worker failed; the message may quote content, so the type only."""
    return FileResult(item=item, status="error", reason=f"internal error in a scan worker ({type(exc).__name__})",
                      sha256=hashlib.sha256(item.data).hexdigest(), size=len(item.data))


def collect(batch: list[Pair], future: Any, submit: Callable[[Parcel], Any]) -> list[FileResult]:
    """The worker's results with the parent's items re-attached. If the batch failed (e.g. a worker process
    died), its items are scanned again one by one, so a crash costs one item, not the batch or the scan."""
    try:
        results = future.result()
    except SETUP_ERRORS:
        raise
    except Exception as exc:
        if len(batch) > 1:
            return [result for pair in batch for result in collect([pair], submit(Parcel([pair[1]])), submit)]
        return [_lost(batch[0][0], exc)]
    for (item, _), result in zip(batch, results):
        result.item = item
    return results


def stream(batches: Iterable[list[Pair]], submit: Callable[[Parcel], Any], window: int) -> Iterator[FileResult]:
    """Submit batches with at most ``window`` in flight; yield results in submission order."""
    pending: deque = deque()
    for batch in batches:
        pending.append((batch, submit(Parcel([scanned for _, scanned in batch]))))
        if len(pending) >= window:
            yield from collect(*pending.popleft(), submit)
    while pending:
        yield from collect(*pending.popleft(), submit)


def _pairs(items: Iterable[Item], on_item: Callable[[Item], None] | None) -> Iterator[Pair]:
    for item in items:
        if on_item:
            on_item(item)
        yield item, snapshot(item)


def _size(head: list[Pair], items: int, size: int) -> bool:
    return len(head) >= items or sum(len(i.data) for i, _ in head) >= size


def _batches(pairs: Iterator[Pair]) -> Iterator[list[Pair]]:
    return constrained_batches(pairs, BATCH_ITEMS, BATCH_BYTES, lambda pair: len(pair[0].data))


def auto_jobs(pairs: Iterator[Pair]) -> tuple[int, Iterator[Pair]]:
    """Workers for a scan, from its first items: none for a small scan (a worker's spaCy load would cost more
    than it saves), one per free CPU for a medium one, one per CPU for a large one."""
    head: list[Pair] = []
    for pair in pairs:
        head.append(pair)
        if _size(head, AUTO_ALL_ITEMS, AUTO_ALL_BYTES):
            break
    more = next(pairs, None)  # is the scan's every item in head?
    if not _size(head, AUTO_MIN_ITEMS, AUTO_MIN_BYTES):
        jobs = 1
    else:
        jobs = cpu_count() if _size(head, AUTO_ALL_ITEMS, AUTO_ALL_BYTES) else free_cpus()
    if more is None:  # no more workers than units of work: one big CSV gains nothing from a second copy
        return max(1, min(jobs, sum(1 for _ in _batches(iter(head))))), iter(head)
    return jobs, chain(head, [more], pairs)


def run(items: Iterable[Item], settings: DetectorSettings, plan: Plan = Plan(),
        on_item: Callable[[Item], None] | None = None) -> list[FileResult]:
    """Scan every item with the planned engine; results in item order."""
    pairs = _pairs(items, on_item)
    if plan.jobs is None and plan.engine == "local":
        jobs, pairs = auto_jobs(pairs)
    else:
        jobs = plan.jobs or 1
    if plan.engine == "dask":
        from auditor.engines.cluster import run_on_dask
        from auditor.engines.spread import splits

        alone = BATCH_BYTES + 1  # a large table file is spread over the cluster on its own
        return list(run_on_dask(constrained_batches(pairs, BATCH_ITEMS, BATCH_BYTES, lambda pair: alone if splits(
            pair[1]) else len(pair[0].data)), settings, plan))
    batches = _batches(pairs)
    if jobs == 1:
        detector = settings.build()
        return list(stream(batches, lambda parcel: Done(scan_items(parcel.items, settings.policy, detector)), 1))
    from auditor.engines.pool import run_on_pool

    return list(run_on_pool(batches, settings, jobs))
