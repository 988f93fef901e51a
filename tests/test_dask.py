"""The Dask engine: the local engine's report from a cluster, and the network guard still refuses everything else."""
from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import time
import uuid
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner
from distributed import Client

import auditor
from auditor.cli import main
from auditor.engines import DetectorSettings, cluster as dask_engine, spread
from auditor.offline import NetworkBlocked, network_blocked
from auditor.policy import load_policy
from auditor.redact import Fingerprinter
from auditor.roster import build_roster
from tests.test_engines import SAMPLES, comparable
from tests.test_extract import workbook_bytes
from tests.test_roster import SALT, STAFF, staff_csv

KEY = bytes(range(32))


@pytest.fixture(scope="module")
def key_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("keys") / "fingerprint.key"
    path.write_bytes(KEY)
    return path


@pytest.fixture(scope="module")
def local_report(key_file):
    return auditor.scan([SAMPLES], nlp="none", key_file=key_file, jobs=1).report


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A user's own cluster in other processes (a scheduler and 2 workers on loopback); yields its address."""
    info = tmp_path_factory.mktemp("dask") / "scheduler.json"
    cli = [sys.executable, "-m", "distributed.cli"]
    procs = [subprocess.Popen([*cli[:2], "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(info)], stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        procs.append(subprocess.Popen([*cli[:2], "distributed.cli.dask_worker", "--scheduler-file", str(info),
                                       "--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"],
                                      stderr=subprocess.DEVNULL))
        address = json.loads(info.read_text())["address"]
        with Client(address, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
            proc.wait(timeout=30)


def attempt(action) -> str:
    try:
        action()
    except NetworkBlocked:
        return "blocked"
    except OSError:
        return "reached the socket layer"
    return "connected"


def unrelated_traffic(extra_port: int | None = None) -> list[str]:
    tries = [lambda: socket.create_connection(("192.0.2.1", 80), timeout=0.2),
             lambda: socket.getaddrinfo("example.org", 443),
             lambda: socket.socket().bind(("0.0.0.0", 0))]
    if extra_port:  # loopback, but not the scheduler
        tries.append(lambda: socket.create_connection(("127.0.0.1", extra_port), timeout=0.2))
    return [attempt(t) for t in tries]


def assert_same_findings_and_decisions(report: dict, local: dict) -> None:
    assert report["decision"] == local["decision"] and report["risk"] == local["risk"]
    assert [(f["path"], f["status"], f["decision"], f["findings"]) for f in report["files"]] == \
        [(f["path"], f["status"], f["decision"], f["findings"]) for f in local["files"]]
    assert comparable(report) == comparable(local)


def test_a_local_dask_cluster_gives_the_local_report_and_the_guard_stays_on(key_file, local_report):
    seen: list[list[str]] = []
    with network_blocked():
        outcome = auditor.scan([SAMPLES], nlp="none", key_file=key_file, engine="dask",
                               on_item=lambda item: seen.append(unrelated_traffic()) if not seen else None)
        after = unrelated_traffic(extra_port=9)  # the loopback exception ends with the cluster
    assert seen == [["blocked"] * 3] and after == ["blocked"] * 4
    assert_same_findings_and_decisions(outcome.report, local_report)


def test_a_scheduler_address_lets_through_only_that_scheduler(scheduler, key_file, local_report):
    seen: list[list[str]] = []
    with network_blocked():
        outcome = auditor.scan([SAMPLES], nlp="none", key_file=key_file, engine="dask",
                               scheduler=scheduler,
                               on_item=lambda item: seen.append(unrelated_traffic(9)) if not seen else None)
    assert seen == [["blocked"] * 4]
    assert_same_findings_and_decisions(outcome.report, local_report)


def test_workers_of_our_own_cluster_hold_the_guard(scheduler):
    settings = DetectorSettings(load_policy(None), Fingerprinter(KEY, True, "test"), "none")
    with Client(scheduler, set_as_default=False) as client:
        plugin = dask_engine.DetectorPlugin(uuid.uuid4().hex, settings, guard=True)
        client.register_plugin(plugin)

        def probe():
            import socket

            from auditor.offline import NetworkBlocked
            try:
                socket.create_connection(("192.0.2.1", 80), timeout=0.2)
            except NetworkBlocked:
                return "blocked"
            return "not blocked"

        assert set(client.run(probe).values()) == {"blocked"}
        client.unregister_worker_plugin(plugin.name)


@pytest.mark.parametrize("args, message", [
    (["--scheduler", "tcp://127.0.0.1:9"], "cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
    (["--scheduler", "tcp://192.0.2.1:8786"], "refusing to send files in clear text"),
    (["--scheduler", "not an address"], "is not a Dask scheduler address"),
])
def test_cluster_errors_are_one_line_and_exit_2(args, message, monkeypatch):
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "1s")
    result = CliRunner().invoke(main, ["scan", str(SAMPLES / "lists"), "--engine", "dask", *args, "--nlp", "none"])
    assert result.exit_code == 2 and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_without_the_dask_extra_the_engine_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(dask_engine, "Client", None)
    result = CliRunner().invoke(main, ["scan", str(SAMPLES / "lists"), "--engine", "dask", "--nlp", "none"])
    assert result.exit_code == 2 and "pip install 'auditor[dask]'" in result.stderr


def test_a_local_cluster_that_cannot_start_is_one_line_and_exit_2(monkeypatch):
    def fails(**options):
        assert options["host"] == "127.0.0.1" and options["dashboard_address"] is None
        raise RuntimeError("Nanny failed to start: Dana Whitfield")

    monkeypatch.setattr(dask_engine, "LocalCluster", fails)
    result = CliRunner().invoke(main, ["scan", str(SAMPLES / "lists"), "--engine", "dask", "--nlp", "none"])
    assert result.exit_code == 2 and "could not start a local Dask cluster (RuntimeError)" in result.stderr
    assert "Dana" not in result.stderr


def test_the_scheduler_allowance_names_only_that_host_and_port():
    allowance = dask_engine.scheduler_allowance("tls://localhost:8786")
    assert ("localhost", 8786) in allowance.endpoints and ("127.0.0.1", 8786) in allowance.endpoints
    assert not allowance.loopback and allowance.names == {"localhost"}
    assert not allowance.permits("socket.connect", (None, ("127.0.0.1", 8787)))
    assert not allowance.permits("socket.bind", (None, ("127.0.0.1", 8786)))


def broken_sheet(workbook: bytes) -> bytes:
    """The workbook with its first sheet's XML cut short."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, b"<worksheet><sheetData><row><c" if info.filename.endswith("sheet1.xml")
                         else src.read(info))
    return out.getvalue()


def staff_files(root):
    """A folder with a CSV and a workbook (a title row of text, a large and a small sheet) with values repeated
    across rows, roster people among them; a broken copy of the workbook."""
    people = [(n, e, i) for n, e, i in STAFF[:6]] + [("Ana Li", "ana.li@agency.gov", "E12345"), ("Vacant", "", "")]
    notes = ["call 202-555-0143", "SSN 078-05-1120 on file", "", "Michael Sorensen approved", "none"]
    rows = [[*people[(k * 7) % len(people)], f"{200 + k % 9}-555-01{k % 50:02d}", f"{123 + k % 4}-45-{1000 + k:04d}",
             notes[k % len(notes)]] for k in range(300)]
    header = ["Name", "Email", "Employee ID", "Phone", "SSN", "Notes"]
    folder = root / "outbox"
    folder.mkdir()
    (folder / "staff.csv").write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.title = "Staff"
    book.active.append(["Hiring list prepared by Michael Sorensen (msorensen@agency.gov)"])
    for row in [header, *rows[:150]]:
        book.active.append(row)
    small = book.create_sheet("Leads")
    for row in [header[:3], *[list(p) for p in people]]:
        small.append(row)
    (folder / "staff.xlsx").write_bytes(workbook_bytes(book))
    (folder / "broken.xlsx").write_bytes(broken_sheet(workbook_bytes(book)))
    (folder / "memo.txt").write_text("Ask Laura Lindqvist (llindqvist@agency.gov) about SSN 078-05-1120.\n")
    build_roster(staff_csv(root / "roster.csv"), ["name", "email", "employee id"], KEY, root / "r.edm", salt=SALT)
    return folder


def test_a_large_tables_row_partitions_run_as_tasks_and_merge_into_the_local_report(tmp_path, key_file,
                                                                                      monkeypatch):
    folder = staff_files(tmp_path)
    options = {"nlp": "none", "key_file": key_file, "roster": tmp_path / "r.edm"}
    local = auditor.scan([folder], jobs=1, **options).report
    monkeypatch.setattr(spread, "SPLIT_BYTES", 0)
    monkeypatch.setattr(spread, "PARTITION_ROWS", 60)
    submitted, merged = [], []
    real_submit, real_merge = Client.submit, spread.merge
    monkeypatch.setattr(Client, "submit", lambda self, fn, *a, **kw: submitted.append(fn.__name__)
                        or real_submit(self, fn, *a, **kw))
    monkeypatch.setattr(spread, "merge", lambda table, parts: merged.append(len(parts)) or real_merge(table, parts))
    with network_blocked():
        report = auditor.scan([folder], engine="dask", **options).report
    assert sorted(submitted) == ["classify_columns"] * 2 + ["scan_parcel"] + ["scan_rows"] * (5 + 3 + 1) \
        + ["scan_text"]
    assert sorted(merged) == [1, 3, 5]  # the memo went whole, as before
    assert_same_findings_and_decisions(report, local)
    assert any(f["entity_type"] == "ROSTER_MATCH" for e in report["files"] for f in e["findings"])
    broken = next(f for f in report["files"] if f["path"].endswith("broken.xlsx"))  # read by the client: no task
    assert broken["status"] == "error" and broken["reason"] == "corrupt or unreadable XLSX workbook (ParseError)"
