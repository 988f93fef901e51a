"""End-to-end CLI: exit codes, every command with sockets blocked, bad input never stops a scan."""
from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.report import validate_report
from auditor.report.json_report import ReportSchemaError
from tests import filemakers as fm

RISKY = "Employee Dana Whitfield, SSN 612-48-3391, dana.whitfield@agency.gov, Case Officer, TS/SCI.\n"
CLEAN = "The cafeteria will close early on Friday for maintenance.\n"


@pytest.fixture
def no_sockets(monkeypatch):
    """Any attempt to reach the network fails the test loudly."""
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    for name in ("connect", "connect_ex", "bind", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse)


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "risky.txt").write_text(RISKY)
    (tmp_path / "clean.txt").write_text(CLEAN)
    return tmp_path


def test_every_cli_path_runs_with_sockets_blocked(no_sockets, tree, tmp_path):
    report = tmp_path / "r.json"
    assert run("scan", str(tree / "clean.txt")).exit_code == 0
    assert run("scan", str(tree), "--format", "json", "-o", str(report), "--explain").exit_code == 1
    assert run("scan", str(tree), "--nlp", "none", "--fail-on", "never").exit_code == 0
    assert run("scan", "-", "--format", "json", input=RISKY).exit_code == 1
    assert run("scan", str(tree), "--to", "x@outside.example.com", "--fail-on", "warn").exit_code == 1
    assert run("rules", "validate", "default").exit_code == 0
    assert run("rules", "show", "--policy", "strict").exit_code == 0
    doc = json.loads(report.read_text())
    fid = next(f["id"] for e in doc["files"] for f in e["findings"] if f["entity_type"] == "US_SSN")
    explained = run("explain", str(report), fid)
    assert explained.exit_code == 0 and "612-48" not in explained.stdout
    assert "recognizer" in explained.stdout.lower()


def test_json_report_validates_and_exit_codes_follow_fail_on(tree):
    result = run("scan", str(tree), "--format", "json")
    doc = json.loads(result.stdout)
    validate_report(doc)
    assert doc["decision"] == "block" and result.exit_code == 1
    assert doc["summary"]["files"] == 2
    assert run("scan", str(tree), "--fail-on", "never").exit_code == 0
    finding = next(f"files/{i}/findings/0" for i, e in enumerate(doc["files"]) if e["findings"])
    for field, bad, place in (("started_at", "yesterday", "started_at"), ("files/0/status", "fine", None),
                              ("summary/files", -1, None), (f"{finding}/fingerprint", "not-hex", None),
                              (f"{finding}/count", 0, None), (f"{finding}/surprise", 1, finding)):
        broken = json.loads(result.stdout)
        parent, key = broken, field.split("/")
        for part in key[:-1]:
            parent = parent[int(part) if part.isdigit() else part]
        parent[key[-1]] = bad
        with pytest.raises(ReportSchemaError, match=f"at {place or field}: breaks '"):
            validate_report(broken)
    assert run("scan", str(tree / "clean.txt"), "--fail-on", "warn").exit_code == 0


def test_stdin_is_scanned(tmp_path):
    doc = json.loads(run("scan", "-", "--format", "json", input=RISKY).stdout)
    assert doc["files"][0]["path"] == "-" and doc["summary"]["by_entity"].get("US_SSN") == 1


def test_usage_policy_and_empty_scan_errors_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: default\nlimits:\n  max_depth: deep\n")
    result = run("scan", str(tmp_path), "--policy", str(bad))
    assert result.exit_code == 2 and f"{bad}:3:" in result.stderr
    empty = tmp_path / "empty_dir"
    empty.mkdir()
    result = run("scan", str(empty))
    assert result.exit_code == 2 and "nothing to scan" in result.stderr
    assert run("scan", str(tmp_path), "--fail-on", "sometimes").exit_code == 2
    assert run("scan", str(tmp_path), "--nlp", "no_such_pipeline_xyz").exit_code == 2


BAD_INPUTS = {
    "truncated.xlsx": fm.xlsx_bytes({"S": [["Name"], ["A B"]]})[:300],
    "corrupt.pdf": b"%PDF-1.7\n1 0 obj <<\n%%garbage",
    "broken.zip": fm.zip_bytes({"a.txt": b"hello"})[:-30],
    "binary.dat": bytes(range(256)) * 8,
    "empty.txt": b"",
    "undecodable.txt": b"\xff\xfe\x00\xd8" * 50 + b"\x81\x8d\x8f" * 40,
    "wrong-extension.pdf": b"Name,Email\nDana Whitfield,dana.whitfield@agency.gov\n",
}


def test_bad_inputs_get_one_line_reasons_and_the_scan_goes_on(tmp_path):
    for name, data in BAD_INPUTS.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "risky.txt").write_text(RISKY)
    result = run("scan", str(tmp_path), "--format", "json")
    doc = json.loads(result.stdout)
    validate_report(doc)
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in doc["files"]}
    for name in ("truncated.xlsx", "corrupt.pdf", "broken.zip", "binary.dat"):
        entry = by_name[name]
        assert entry["status"] == "error", (name, entry["status"])
        assert entry["reason"] and "\n" not in entry["reason"]
        assert entry["decision"] != "pass", name  # unreadable is never clean
    assert by_name["wrong-extension.pdf"]["media_type"] == "text/csv"
    assert "EMAIL_ADDRESS" in {f["entity_type"] for f in by_name["wrong-extension.pdf"]["findings"]}
    assert by_name["empty.txt"]["reason"]
    assert "US_SSN" in {f["entity_type"] for f in by_name["risky.txt"]["findings"]}
    assert doc["summary"]["failed"] >= 4


def test_internal_error_exits_2_without_quoting_content(monkeypatch, tree):
    def broken(*args, **kwargs):
        raise RuntimeError("Dana Whitfield 612-48-3391")

    monkeypatch.setattr("auditor.scanner.assess_scan", broken)
    result = CliRunner().invoke(main, ["scan", str(tree)])
    assert result.exit_code == 2 and "internal error (RuntimeError)" in result.stderr
    assert "Dana" not in result.stderr and "612-48" not in result.output
