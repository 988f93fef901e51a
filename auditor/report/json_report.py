"""The JSON report, schema version 1: built from a ScanResult, validated, written."""
from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from importlib import metadata, resources
from typing import Any, TextIO

import jsonschema_rs

from auditor.models import Assessment, FileResult, ScanResult
from auditor.policy import Policy
from auditor.redact import Fingerprinter
from auditor.report.findings import build_findings

SCHEMA_VERSION = 1
FAILED = {"error", "unscannable"}
NER_OFF_NOTICE = "free-text name detection was off (--nlp none); names in prose were not looked for"
RANDOM_KEY_NOTICE = ("fingerprints use a random key made for this run: they cannot be linked to other runs; "
                     "set AUDITOR_KEY or --key-file for stable fingerprints")


class ReportSchemaError(ValueError):
    """A report that does not match the shipped schema (an internal error)."""


@lru_cache(maxsize=1)
def report_schema() -> dict[str, Any]:
    text = resources.files("auditor.report").joinpath("schema/report-v1.schema.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _fast_validator() -> Any:
    return jsonschema_rs.Draft202012Validator(report_schema(), validate_formats=True, offline=True)  # no remote $ref


def validate_report(doc: dict[str, Any]) -> None:
    """Checked by jsonschema-rs (a 10,000-file report in well under a second). The message names the place
    and the rule broken, never the value (which a bug could have left unmasked)."""
    error = next(_fast_validator().iter_errors(doc), None)
    if error is not None:
        where = "/".join(map(str, error.instance_path)) or "(top level)"
        rule = error.schema_path[-1] if error.schema_path else "schema"
        raise ReportSchemaError(f"report does not match schema v{SCHEMA_VERSION} at {where}: breaks '{rule}'")


def _tool_version() -> str:
    try:
        return metadata.version("auditor")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def _risk(assessment: Assessment) -> dict[str, Any]:
    risk = {"score": int(assessment.score), "level": assessment.level, "reasons": list(assessment.reasons)}
    if assessment.details:
        risk["details"] = assessment.details
    return risk


def _domains(addresses: list[str]) -> list[str]:
    return sorted({a.rsplit("@", 1)[-1].lower() for a in addresses if "@" in a})


def _file_entry(result: FileResult, findings: list[dict[str, Any]]) -> dict[str, Any]:
    item = result.item
    entry = {
        "path": item.path,
        "parent": item.parent,
        "sha256": result.sha256,
        "size": result.size,
        "media_type": item.media_type,
        "status": result.status,
        "reason": result.reason if result.status != "scanned" or result.reason else None,
        "decision": result.assessment.decision,
        "risk": _risk(result.assessment),
        "individuals": result.assessment.individuals,
        "findings": findings,
    }
    envelope = item.meta.get("envelope")
    if envelope:
        recipients = [a for key in ("to", "cc", "bcc") for a in envelope.get(key, [])]
        entry["envelope"] = {"from_domains": _domains(envelope.get("from", [])),
                             "recipient_domains": _domains(recipients)}
    return entry


def build_report(result: ScanResult, policy: Policy, *, fingerprinter: Fingerprinter, nlp_model: str,
                 ner_enabled: bool) -> dict[str, Any]:
    max_locations = int(policy.get("detection.max_locations", 15))
    taken: set[str] = set()
    files, by_entity = [], Counter()
    for file_result in result.files:
        findings = build_findings(file_result.item.path, file_result.detections, fingerprinter, max_locations, taken)
        for d in file_result.detections:
            by_entity[d.entity_type] += d.count
        files.append(_file_entry(file_result, findings))
    detection = {"nlp_model": nlp_model, "ner_enabled": ner_enabled,
                 "name_detection_in_free_text": "on" if ner_enabled else "off"}
    if not ner_enabled:
        detection["notice"] = NER_OFF_NOTICE
    fingerprints = {"algorithm": "HMAC-SHA256", "key_source": fingerprinter.source,
                    "linkable_across_runs": fingerprinter.linkable}
    if not fingerprinter.linkable:
        fingerprints["notice"] = RANDOM_KEY_NOTICE
    statuses = Counter(f.status for f in result.files)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "auditor", "version": _tool_version()},
        "started_at": result.started_at,
        "finished_at": result.finished_at,
        "policy": {"name": result.policy_name, "sha256": result.policy_sha256,
                   "files": [p.replace("\\", "/").rsplit("/", 1)[-1] for p in policy.files]},
        "decision": result.assessment.decision,
        "risk": _risk(result.assessment),
        "summary": {
            "files": len(result.files),
            "scanned": statuses["scanned"],
            "failed": sum(statuses[s] for s in FAILED),
            "partial": statuses["partial"],
            "bytes": sum(f.size for f in result.files if f.item.parent is None),
            "findings": sum(len(f["findings"]) for f in files),
            "occurrences": sum(by_entity.values()),
            "individuals": result.assessment.individuals,
            "by_entity": dict(sorted(by_entity.items())),
        },
        "detection": detection,
        "fingerprints": fingerprints,
        "files": files,
    }


def write_json(doc: dict[str, Any], stream: TextIO) -> None:
    json.dump(doc, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def strip_explanations(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of the report without per-finding explanations (kept only with --explain)."""
    files = [{**f, "findings": [{k: v for k, v in x.items() if k != "explanation"} for x in f["findings"]]}
             for f in doc["files"]]
    return {**doc, "files": files}
