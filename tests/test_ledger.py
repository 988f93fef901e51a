"""The decision ledger: an intact chain verifies; edits, deletions, reorderings and insertions are named."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.evidence import generate_keypair
from auditor.evidence.ledger import (
    GENESIS,
    LedgerError,
    append_entry,
    default_ledger_path,
    entry_hash,
    verify_ledger,
)
from auditor.evidence.signing import canonical_bytes

SSN = "612-48-3391"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("ledger")
    (root / "memo.txt").write_text(f"Employee Dana Whitfield, SSN {SSN}.\n")
    result = CliRunner().invoke(main, ["scan", str(root / "memo.txt"), "--nlp", "none", "--format", "json",
                                       "-o", str(root / "r.json"), "--no-ledger"])
    assert result.exit_code == 1, result.output
    return json.loads((root / "r.json").read_text())


@pytest.fixture
def ledger(tmp_path, report):
    path = tmp_path / "ledger.jsonl"
    for _ in range(5):
        append_entry(report, path)
    return path


def lines(path):
    return path.read_text().splitlines(keepends=True)


def rewrite(path, new_lines):
    path.write_text("".join(new_lines))
    return verify_ledger(path)


def test_intact_chain_verifies_and_entries_hold_no_values(ledger, report):
    check = verify_ledger(ledger)
    assert check.ok and "5 entries" in check.reason
    entries = [json.loads(line) for line in lines(ledger)]
    assert [e["seq"] for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0]["prev"] == GENESIS and entries[1]["prev"] == entries[0]["hash"]
    assert all(entry_hash(e) == e["hash"] for e in entries)
    first = entries[0]
    assert first["decision"] == "block" and first["event"] == "scan" and first["summary"]["individuals"] == 1
    assert first["policy"] == {"name": "default", "sha256": report["policy"]["sha256"]}
    assert first["report_sha256"] == hashlib.sha256(canonical_bytes(report)).hexdigest()
    text = ledger.read_text()
    assert SSN not in text and "6789" not in text and "Whitfield" not in text and "memo.txt" not in text
    result = CliRunner().invoke(main, ["ledger", "verify", str(ledger)])
    assert result.exit_code == 0 and "chain intact" in result.output


def test_an_edit_is_named(ledger):
    entries = lines(ledger)
    entries[2] = entries[2].replace('"decision":"block"', '"decision":"pass"')
    check = rewrite(ledger, entries)
    assert not check.ok and check.reason == "line 3 (seq 3): edited: its content does not match its hash"


def test_a_line_that_is_not_an_entry_is_an_edit(ledger):
    entries = lines(ledger)
    entries[1] = entries[1][:40] + "\n"
    assert rewrite(ledger, entries).reason == "line 2: edited: not a well-formed ledger entry"


def test_a_deletion_is_named(ledger):
    entries = lines(ledger)
    del entries[2]
    assert rewrite(ledger, entries).reason == "line 3 (seq 4): deleted: entry seq 3 is missing before it"
    del entries[0]
    assert rewrite(ledger, entries).reason == "line 1 (seq 2): deleted: entry seq 1 is missing before it"


def test_a_reordering_is_named(ledger):
    entries = lines(ledger)
    entries[1], entries[2] = entries[2], entries[1]
    assert rewrite(ledger, entries).reason == "line 2 (seq 3): reordered: it comes before entry seq 2"


def test_insertions_are_named(ledger):
    entries = lines(ledger)
    copied = entries[:2] + [entries[1]] + entries[2:]
    assert rewrite(ledger, copied).reason == "line 3 (seq 2): inserted: sequence number 2 was already used before it"
    forged = json.loads(entries[2])  # a well-made fake seq 3 before the real one: its own hash is right
    forged["decision"] = "pass"
    forged["hash"] = entry_hash(forged)
    inserted = entries[:2] + [json.dumps(forged) + "\n"] + entries[2:]
    check = rewrite(ledger, inserted)
    assert check.reason == "line 4 (seq 3): inserted: sequence number 3 was already used before it"
    replaced = entries[:2] + [json.dumps(forged) + "\n"] + entries[3:]
    forged_next = json.loads(entries[3])
    assert forged_next["prev"] != forged["hash"]
    assert rewrite(ledger, replaced).reason.startswith("line 4 (seq 4): inserted: it does not link")


def test_cli_exits_1_naming_the_first_bad_entry(ledger):
    entries = lines(ledger)
    del entries[3]
    ledger.write_text("".join(entries))
    result = CliRunner().invoke(main, ["ledger", "verify", str(ledger)])
    assert result.exit_code == 1 and "line 4 (seq 5): deleted: entry seq 4" in result.stderr
    missing = CliRunner().invoke(main, ["ledger", "verify", str(ledger.with_name("none.jsonl"))])
    assert missing.exit_code == 2 and "cannot read the ledger" in missing.stderr


def test_signed_entries_verify_and_a_rehashed_forgery_fails(tmp_path, report):
    private, public = generate_keypair(tmp_path / "k")
    other = generate_keypair(tmp_path / "other")[1]
    path = tmp_path / "signed.jsonl"
    for _ in range(3):
        append_entry(report, path, sign_key=private)
    assert verify_ledger(path, public).ok
    assert "every entry signed" in verify_ledger(path, public).reason
    assert verify_ledger(path, other).reason.startswith("line 1 (seq 1): bad signature: the entry was signed with a")
    entries = lines(path)
    forged = json.loads(entries[1])
    forged["decision"] = "pass"
    forged["hash"] = entry_hash(forged)  # the chain is rebuilt, but the signature cannot be
    entries[1] = json.dumps(forged) + "\n"
    path.write_text("".join(entries))
    assert verify_ledger(path).reason.startswith("line 3 (seq 3): inserted")
    assert verify_ledger(path, public).reason == ("line 2 (seq 2): bad signature: the signature does not match "
                                                  "the content: the entry was modified")
    unsigned = tmp_path / "unsigned.jsonl"
    append_entry(report, unsigned)
    assert "the entry is not signed" in verify_ledger(unsigned, public).reason


def test_concurrent_appends_keep_the_chain_valid(tmp_path, report):
    (tmp_path / "r.json").write_text(json.dumps(report))
    path = tmp_path / "busy.jsonl"
    code = ("import json, sys; from auditor.evidence.ledger import append_entry\n"
            "doc = json.load(open(sys.argv[1]))\n"
            "for _ in range(20): append_entry(doc, sys.argv[2])")
    workers = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "r.json"), str(path)]) for _ in range(4)]
    assert [w.wait(timeout=120) for w in workers] == [0, 0, 0, 0]
    check = verify_ledger(path)
    assert check.ok and "80 entries" in check.reason, check.reason


def test_a_long_justification_does_not_break_the_next_append(tmp_path, report):
    path = tmp_path / "long.jsonl"
    append_entry(report, path)
    long = {**report, "decision": "pass", "override": {"original_decision": "block", "justification": "x" * 200_000,
                                                       "user": "u", "at": "2025-01-01T00:00:00Z"}}
    append_entry(long, path)
    append_entry(report, path)
    assert verify_ledger(path).ok and len(lines(path)) == 3


def test_a_torn_last_line_stops_appends(tmp_path, report):
    path = tmp_path / "torn.jsonl"
    append_entry(report, path)
    path.write_text(path.read_text()[:-20])
    with pytest.raises(LedgerError, match="last entry is unreadable"):
        append_entry(report, path)


def test_default_location(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITOR_LEDGER", str(tmp_path / "x.jsonl"))
    assert default_ledger_path() == tmp_path / "x.jsonl"
    monkeypatch.delenv("AUDITOR_LEDGER")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert default_ledger_path() == tmp_path / "state" / "auditor" / "ledger.jsonl"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_ledger_path() == tmp_path / "home" / ".local" / "state" / "auditor" / "ledger.jsonl"


def test_every_cli_scan_is_recorded_unless_no_ledger(tmp_path, private_ledger):
    (tmp_path / "clean.txt").write_text("The cafeteria closes early on Friday.\n")
    before = len(private_ledger.read_text().splitlines()) if private_ledger.exists() else 0
    assert CliRunner().invoke(main, ["scan", str(tmp_path / "clean.txt"), "--nlp", "none"]).exit_code == 0
    assert len(private_ledger.read_text().splitlines()) == before + 1
    assert json.loads(private_ledger.read_text().splitlines()[-1])["decision"] == "pass"
    assert CliRunner().invoke(main, ["scan", str(tmp_path / "clean.txt"), "--nlp", "none",
                                     "--no-ledger"]).exit_code == 0
    assert len(private_ledger.read_text().splitlines()) == before + 1
    assert verify_ledger(private_ledger).ok
