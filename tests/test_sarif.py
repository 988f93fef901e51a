"""SARIF output validates against the official SARIF 2.1.0 schema and keeps fingerprints stable."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from auditor.cli import main

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())


def sarif(path, *extra):
    result = CliRunner().invoke(main, ["scan", str(path), "--format", "sarif", "--fail-on", "never", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_sarif_validates_and_carries_rules_levels_and_fingerprints(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_KEY", "k" * 32)
    (tmp_path / "memo.txt").write_text("Intro line.\nEmployee Dana Whitfield, SSN 612-48-3391, Case Officer.\n")
    (tmp_path / "staff.csv").write_text("Name,Email\nLee Park,lee.park@agency.gov\n")
    doc = sarif(tmp_path)
    jsonschema.Draft7Validator(SCHEMA).validate(doc)
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert float(rules["US_SSN"]["properties"]["security-severity"]) >= 9 and rules["US_SSN"]["help"]["text"]
    ssn = next(r for r in run["results"] if r["ruleId"] == "US_SSN")
    assert ssn["level"] == "error" and ssn["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    cell = next(r for r in run["results"] if r["ruleId"] == "EMAIL_ADDRESS")
    assert cell["properties"]["location"]["cell"] == "B2" and "region" not in cell["locations"][0]["physicalLocation"]
    assert "612-48" not in json.dumps(doc) and "lee.park" not in json.dumps(doc)
    # lines move, fingerprints stay
    (tmp_path / "memo.txt").write_text("New first line.\nAnother.\nEmployee Dana Whitfield, SSN 612-48-3391, Case Officer.\n")
    moved = next(r for r in sarif(tmp_path)["runs"][0]["results"] if r["ruleId"] == "US_SSN")
    assert moved["partialFingerprints"] == ssn["partialFingerprints"]
    assert moved["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
