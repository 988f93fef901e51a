"""--override needs a justification and is recorded in report and ledger; --show-values only on a terminal."""
from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from auditor import cli
from auditor.cli import main
from auditor.evidence import generate_keypair
from auditor.evidence.ledger import current_user, verify_ledger
from auditor.evidence.signing import canonical_bytes
from auditor.report import validate_report

SSN = "612-48-3391"
RISKY = f"Employee Dana Whitfield, SSN {SSN}, Case Officer, TS/SCI.\n"


@pytest.fixture
def memo(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text(RISKY)
    return path


def run(*args):
    return CliRunner().invoke(main, ["scan", *args, "--nlp", "none"])


@pytest.mark.parametrize("extra", [[], ["--justification", ""], ["--justification", "   "]])
def test_override_without_a_justification_is_refused(memo, tmp_path, extra):
    ledger = tmp_path / "l.jsonl"
    result = run(str(memo), "--override", *extra, "--ledger", str(ledger))
    assert result.exit_code == 2 and "non-empty --justification" in result.output
    assert not ledger.exists()


def test_override_cannot_skip_the_ledger(memo):
    result = run(str(memo), "--override", "--justification", "ok", "--no-ledger")
    assert result.exit_code == 2 and "always recorded" in result.output
    assert run(str(memo), "--justification", "why").exit_code == 2


def test_override_passes_and_is_in_report_and_ledger(memo, tmp_path):
    ledger, report = tmp_path / "l.jsonl", tmp_path / "r.json"
    assert run(str(memo), "--ledger", str(ledger)).exit_code == 1
    private, public = generate_keypair(tmp_path / "k")
    why = "Approved by the CISO, ticket SEC-42: encrypted transfer to the vetted partner"
    result = run(str(memo), "--override", "--justification", why, "--ledger", str(ledger), "--format", "json",
                 "--sign", str(private), "-o", str(report))
    assert result.exit_code == 0, result.output
    assert "PASS OVERRIDDEN from BLOCK" in result.stderr
    doc = json.loads(report.read_text())
    validate_report(doc)
    assert doc["decision"] == "pass" and doc["risk"]["score"] > 0
    assert doc["override"]["original_decision"] == "block" and doc["override"]["justification"] == why
    assert doc["override"]["user"] == current_user()
    verified = CliRunner().invoke(main, ["verify", str(report), "--public-key", str(public)])
    assert verified.exit_code == 0
    scan_entry, override_entry = (json.loads(line) for line in ledger.read_text().splitlines())
    assert scan_entry["event"] == "scan" and scan_entry["decision"] == "block"
    assert override_entry["event"] == "override" and override_entry["decision"] == "pass"
    assert override_entry["original_decision"] == "block" and override_entry["justification"] == why
    assert override_entry["report_sha256"] == hashlib.sha256(canonical_bytes(doc)).hexdigest()
    assert verify_ledger(ledger).ok


def test_override_is_said_in_text_output_and_a_tampered_override_fails_the_schema(memo, tmp_path):
    result = run(str(memo), "--override", "--justification", "board approval 2025-07", "--ledger",
                 str(tmp_path / "l.jsonl"))
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "OVERRIDDEN: the decision was BLOCK" in text and "justification: board approval 2025-07" in text
    doc = json.loads(run(str(memo), "--format", "json", "--no-ledger").stdout)
    doc["override"] = {"original_decision": "block", "justification": "x", "user": "u", "at": "2025-01-01T00:00:00Z"}
    with pytest.raises(ValueError, match="decision"):
        validate_report(doc)  # an override must come with decision pass


@pytest.mark.parametrize("extra, reason", [
    ([], "interactive terminal"),
    (["--format", "json"], "text format only"),
    (["-o", "out.txt"], "never to a file"),
])
def test_show_values_is_refused_off_a_terminal(memo, extra, reason, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(str(memo), "--show-values", *extra)
    assert result.exit_code == 2 and reason in result.output
    assert SSN not in result.output and not (tmp_path / "out.txt").exists()


def test_show_values_prints_raw_values_on_a_terminal_only(memo, monkeypatch):
    assert SSN not in run(str(memo)).output
    monkeypatch.setattr(cli, "_stdout_is_terminal", lambda: True)
    result = run(str(memo), "--show-values")
    assert result.exit_code == 1 and SSN in result.output and "Raw values" in result.output
    assert run(str(memo), "--show-values", "--format", "json").exit_code == 2
