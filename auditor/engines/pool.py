"""The local parallel engine: a process pool, each worker building its detector once."""
from __future__ import annotations

import multiprocessing
import sys
import threading
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from auditor.engines import Pair, stream
from auditor.engines.work import DetectorSettings, Parcel, install, scan_parcel
from auditor.models import FileResult
from auditor.offline import block_for_life

IN_FLIGHT_PER_WORKER = 2  # batches


def _start_worker(token: str, settings: DetectorSettings) -> None:
    """Pool initializer: a worker takes the network block itself (a spawned one inherits nothing)."""
    block_for_life()
    install(token, settings)


def _context() -> multiprocessing.context.BaseContext:
    """fork on Linux from a single-threaded parent (workers inherit the imported detector stack, saving
    seconds); otherwise forkserver, whose server pre-imports that stack, or spawn."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["auditor.engines.work"])
        return context
    return multiprocessing.get_context("spawn")


class Workers:
    """A process pool that is replaced when a worker dies: a crash costs the items in flight, not the scan."""

    def __init__(self, settings: DetectorSettings, jobs: int):
        self.token = uuid.uuid4().hex
        self.options = {"max_workers": jobs, "mp_context": _context(), "initializer": _start_worker,
                        "initargs": (self.token, settings)}
        self.pool = ProcessPoolExecutor(**self.options)

    def submit(self, parcel: Parcel) -> Future:
        try:
            return self.pool.submit(scan_parcel, self.token, parcel)
        except BrokenProcessPool:  # its in-flight items fail one by one in collect()
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = ProcessPoolExecutor(**self.options)
            return self.pool.submit(scan_parcel, self.token, parcel)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def run_on_pool(batches: Iterable[list[Pair]], settings: DetectorSettings, jobs: int) -> Iterator[FileResult]:
    workers = Workers(settings, jobs)
    try:
        yield from stream(batches, workers.submit, jobs * IN_FLIGHT_PER_WORKER)
    finally:
        workers.close()
