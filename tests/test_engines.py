"""Local engines: a process pool gives the serial engine's report; bad input and lost workers cost one item."""
from __future__ import annotations

import json
import multiprocessing
import os
import socket
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

import auditor
from auditor import engines
from auditor.cli import main
from auditor.detect import DetectorError
from auditor.engines import DetectorSettings, Plan, pool, stream
from auditor.models import Item
from auditor.offline import NetworkBlocked
from auditor.policy import load_policy
from auditor.redact import Fingerprinter
from tests.test_cli import BAD_INPUTS, RISKY

SAMPLES = Path(__file__).parent.parent / "samples"


def comparable(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in ("started_at", "finished_at")}


@pytest.fixture
def key_file(tmp_path):
    path = tmp_path / "fingerprint.key"
    path.write_bytes(bytes(range(32)))
    return path


def test_two_jobs_give_exactly_the_serial_report_on_samples(key_file):
    serial = auditor.scan([SAMPLES], nlp="none", key_file=key_file, jobs=1)
    pooled = auditor.scan([SAMPLES], nlp="none", key_file=key_file, jobs=2)
    assert comparable(pooled.report) == comparable(serial.report)
    failed = [f for f in pooled.report["files"] if f["status"] != "scanned"]
    assert {f["path"].rsplit("/", 1)[-1] for f in failed} >= {"truncated.xlsx", "encrypted-attachment.eml!payroll.csv.pgp"}
    assert all(f["reason"] and "\n" not in f["reason"] for f in failed)


def test_random_key_fingerprints_agree_across_workers(tmp_path, monkeypatch):
    monkeypatch.delenv("AUDITOR_KEY", raising=False)
    for n in range(6):  # the same SSN in several files, scanned by different workers
        (tmp_path / f"f{n}.txt").write_text(RISKY)
    outcome = auditor.scan([tmp_path], nlp="none", jobs=2)
    prints = {f["fingerprint"] for e in outcome.report["files"] for f in e["findings"] if f["entity_type"] == "US_SSN"}
    assert len(prints) == 1 and outcome.fingerprinter.source == "random"


def test_corrupt_files_in_a_parallel_cli_scan_get_one_line_reasons(tmp_path):
    for name, data in BAD_INPUTS.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "risky.txt").write_text(RISKY)
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--jobs", "2", "--nlp", "none", "--format", "json"])
    doc = json.loads(result.stdout)
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in doc["files"]}
    for name in ("truncated.xlsx", "corrupt.pdf", "broken.zip", "binary.dat"):
        assert by_name[name]["status"] == "error" and "\n" not in by_name[name]["reason"], name
    assert "US_SSN" in {f["entity_type"] for f in by_name["risky.txt"]["findings"]}
    assert result.exit_code == 1


def test_a_missing_pipeline_in_the_workers_is_a_setup_error(tmp_path):
    (tmp_path / "a.txt").write_text(RISKY)
    with pytest.raises(DetectorError, match="no_such_pipeline_xyz"):
        auditor.scan([tmp_path], nlp="no_such_pipeline_xyz", jobs=2)


def test_a_worker_that_dies_costs_the_items_in_flight_and_the_scan_goes_on(tmp_path, monkeypatch):
    from auditor.engines import work

    real = work.extract

    def crash_on_one_file(item, policy):  # a reader that takes its process down, e.g. a segfault
        if item.name == "crash.txt":
            os._exit(70)
        return real(item, policy)

    monkeypatch.setattr(work, "extract", crash_on_one_file)  # inherited by forked workers
    monkeypatch.setattr(pool, "_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(pool, "IN_FLIGHT_PER_WORKER", 1)
    (tmp_path / "crash.txt").write_text(RISKY)
    for n in range(8):
        (tmp_path / f"later{n}.txt").write_text(RISKY)
    files = {f["path"].rsplit("/", 1)[-1]: f for f in auditor.scan([tmp_path], nlp="none", jobs=2).report["files"]}
    assert files["crash.txt"]["status"] == "error" and files["crash.txt"]["decision"] != "pass"
    assert files["crash.txt"]["reason"] == "internal error in a scan worker (BrokenProcessPool)"
    assert all(files[f"later{n}.txt"]["status"] == "scanned" and files[f"later{n}.txt"]["findings"] for n in range(8))


def _failed(exc: BaseException) -> Future:
    future: Future = Future()
    future.set_exception(exc)
    return future


def test_a_lost_worker_costs_one_item_with_a_one_line_reason():
    items = [Item(path=f"f{n}.txt", data=b"x") for n in range(3)]
    outcomes = iter([_failed(RuntimeError("Dana Whitfield\n612-48-3391")), _failed(EOFError()), _failed(KeyError())])
    results = list(stream([[(i, i)] for i in items], lambda parcel: next(outcomes), window=2))
    assert [r.item for r in results] == items
    assert [r.reason for r in results] == [f"internal error in a scan worker ({name})"
                                           for name in ("RuntimeError", "EOFError", "KeyError")]
    with pytest.raises(DetectorError):
        list(stream([[(items[0], items[0])]], lambda parcel: _failed(DetectorError("setup")), window=1))


def test_a_failed_batch_is_scanned_again_item_by_item():
    items = [Item(path=f"f{n}.txt", data=b"x") for n in range(3)]
    sent = []

    def submit(parcel):  # the batch fails; alone, only f1 fails again
        sent.append([i.path for i in parcel.items])
        if len(parcel.items) > 1 or parcel.items[0].path == "f1.txt":
            return _failed(EOFError())
        done: Future = Future()
        done.set_result([engines.FileResult(item=None)])
        return done

    results = list(stream([[(i, i) for i in items]], submit, window=1))
    assert sent == [["f0.txt", "f1.txt", "f2.txt"], ["f0.txt"], ["f1.txt"], ["f2.txt"]]
    assert [r.item for r in results] == items
    assert [r.status for r in results] == ["scanned", "error", "scanned"]


def test_automatic_jobs_use_the_pool_only_when_there_is_enough_work(tmp_path, monkeypatch):
    pooled = []
    monkeypatch.setattr("auditor.engines.pool.run_on_pool", lambda pairs, settings, jobs: pooled.append(jobs) or [])
    monkeypatch.setattr(engines, "free_cpus", lambda: 3)
    for n in range(4):
        (tmp_path / f"f{n}.txt").write_text(RISKY)
    assert len(auditor.scan([tmp_path], nlp="none").result.files) == 4 and pooled == []
    monkeypatch.setattr(engines, "AUTO_MIN_ITEMS", 4)
    assert len(auditor.scan([tmp_path], nlp="none").result.files) == 4 and pooled == []  # one batch: one unit
    monkeypatch.setattr(engines, "BATCH_ITEMS", 1)
    with pytest.raises(auditor.scanner.NothingScanned):  # the stub pool returns nothing
        auditor.scan([tmp_path], nlp="none")
    assert pooled == [3]
    monkeypatch.setattr(engines, "AUTO_ALL_ITEMS", 4)  # a large scan: a worker per CPU, whatever the load
    monkeypatch.setattr(engines, "free_cpus", lambda: 1)
    monkeypatch.setattr(engines, "cpu_count", lambda: 2)
    with pytest.raises(auditor.scanner.NothingScanned):
        auditor.scan([tmp_path], nlp="none")
    assert pooled == [3, 2]
    big = tmp_path / "big" / "list.csv"  # a scan of one large file: a second worker would only copy it
    big.parent.mkdir()
    big.write_text("Name,SSN\n" + "Dana Whitfield,529-43-8711\n" * 40)
    monkeypatch.setattr(engines, "AUTO_MIN_BYTES", 100)
    monkeypatch.setattr(engines, "free_cpus", lambda: 3)
    assert len(auditor.scan([big], nlp="none").result.files) == 1 and pooled == [3, 2]


def test_automatic_jobs_count_only_the_cpus_that_are_free(monkeypatch):
    monkeypatch.setattr(engines, "cpu_count", lambda: 4)
    for load, free in ((0.2, 4), (1.4, 3), (3.9, 1), (9.0, 1)):
        monkeypatch.setattr(engines.os, "getloadavg", lambda: (load, 0.0, 0.0))
        assert engines.free_cpus() == free, load


@pytest.mark.parametrize("plan, message", [
    ({"jobs": 0}, "--jobs must be 1 or more"),
    ({"engine": "spark"}, "unknown engine"),
    ({"scheduler": "tls://h:8786"}, "--scheduler needs --engine dask"),
])
def test_bad_plans_are_refused(plan, message):
    with pytest.raises(engines.EngineError, match=message):
        Plan(**plan)


def connect_somewhere() -> str:
    try:
        socket.create_connection(("192.0.2.1", 80), timeout=0.2)
    except NetworkBlocked:
        return "blocked"
    except OSError:
        return "reached the socket layer"
    return "connected"


def test_pool_workers_hold_the_network_block_for_their_life():
    settings = DetectorSettings(load_policy(None), Fingerprinter(bytes(32), True, "test"), "none")
    with ProcessPoolExecutor(1, mp_context=pool._context(), initializer=pool._start_worker,
                             initargs=("token", settings)) as workers:
        assert [workers.submit(connect_somewhere).result() for _ in range(2)] == ["blocked", "blocked"]
