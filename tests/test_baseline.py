"""Baselines suppress exactly their own findings, survive moved lines, report stale entries; inline allows."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from auditor.cli import main

MEMO = "Employee Dana Whitfield, SSN 612-48-3391.\n"


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def keyed(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITOR_KEY", "b" * 32)
    (tmp_path / "memo.txt").write_text(MEMO)
    return tmp_path


def scan_json(root, *extra):
    result = run("scan", str(root / "memo.txt"), "--format", "json", "--nlp", "none", *extra)
    return result, json.loads(result.stdout)


def test_baseline_is_deterministic_and_holds_no_values_or_lines(keyed):
    out1, out2 = keyed / "b1.json", keyed / "b2.json"
    assert run("baseline", "create", str(keyed / "memo.txt"), "-o", str(out1), "--nlp", "none").exit_code == 0
    assert run("baseline", "create", str(keyed / "memo.txt"), "-o", str(out2), "--nlp", "none").exit_code == 0
    assert out1.read_bytes() == out2.read_bytes()
    text = out1.read_text()
    assert "612-48" not in text and "Whitfield" not in text and '"line"' not in text
    assert {e["entity_type"] for e in json.loads(text)["entries"]} >= {"US_SSN", "PERSON"}


def test_baseline_suppresses_its_own_findings_even_after_lines_move_and_reports_stale(keyed):
    base = keyed / "b.json"
    run("baseline", "create", str(keyed / "memo.txt"), "-o", str(base), "--nlp", "none")
    (keyed / "memo.txt").write_text("New heading\n\n" + MEMO + "Also SSN 529-43-8716 for Lee Park.\n")
    result, doc = scan_json(keyed, "--baseline", str(base))
    remaining = {(f["entity_type"], f["evidence"]) for f in doc["files"][0]["findings"]}
    assert ("US_SSN", "***-**-8716") in remaining and ("US_SSN", "***-**-3391") not in remaining
    assert doc["baseline"]["suppressed"] >= 2 and doc["baseline"]["stale"] == []
    (keyed / "memo.txt").write_text("Nothing sensitive here.\n")
    result, doc = scan_json(keyed, "--baseline", str(base))
    assert result.exit_code == 0 and len(doc["baseline"]["stale"]) >= 2 and doc["decision"] == "pass"


def test_baseline_refuses_a_random_key(tmp_path, monkeypatch):
    monkeypatch.delenv("AUDITOR_KEY", raising=False)
    (tmp_path / "memo.txt").write_text(MEMO)
    result = run("baseline", "create", str(tmp_path / "memo.txt"), "-o", str(tmp_path / "b.json"), "--nlp", "none")
    assert result.exit_code == 2 and "AUDITOR_KEY" in result.stderr


def test_inline_allow_same_line_and_next_line(keyed):
    (keyed / "memo.txt").write_text("Test fixture SSN 612-48-3391  # auditor:allow\n"
                                    "# auditor:allow-next-line\n"
                                    "Sample SSN 529-43-8716\n"
                                    "Real SSN 401-22-7781\n")
    _, doc = scan_json(keyed)
    ssns = {f["evidence"] for f in doc["files"][0]["findings"] if f["entity_type"] == "US_SSN"}
    assert ssns == {"***-**-7781"}
