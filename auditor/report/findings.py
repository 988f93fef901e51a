"""Collapse detections into report findings: a table column, or one value repeated, is one finding."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from auditor.models import Detection
from auditor.redact import SHOWN_ENTITIES, Fingerprinter

LOCATION_ORDER = ("sheet", "page", "part", "json_path", "paragraph", "row", "line", "column", "cell")


def location_key(location: dict[str, Any]) -> tuple:
    """Sort key that orders locations naturally (sheet, page, row, line, column)."""
    return tuple((k not in location, str(type(location.get(k))), location.get(k) or 0) for k in LOCATION_ORDER)


def _safe_evidence(detection: Detection) -> str:
    """Defence in depth: evidence that equals or contains the raw value is replaced."""
    value = detection.value.strip()
    if detection.entity_type in SHOWN_ENTITIES or not value:
        return detection.evidence
    if value.lower() in detection.evidence.lower():
        return "*" * min(len(detection.evidence), 12)
    return detection.evidence


def _group_key(detection: Detection) -> tuple:
    if detection.group is not None:
        return ("group", detection.group, detection.entity_type, detection.recognizer)
    return ("value", detection.entity_type, detection.fingerprint, detection.recognizer)


def _finding_id(path: str, entity_type: str, fingerprint: str, recognizer: str, taken: set[str]) -> str:
    digest = hashlib.sha256(f"{path}\x1f{entity_type}\x1f{fingerprint}\x1f{recognizer}".encode()).hexdigest()
    base = f"{entity_type}-{digest[:10]}"
    fid, n = base, 1
    while fid in taken:
        n += 1
        fid = f"{base}-{n}"
    taken.add(fid)
    return fid


def build_findings(path: str, detections: Iterable[Detection], fingerprinter: Fingerprinter,
                   max_locations: int, taken_ids: set[str]) -> list[dict[str, Any]]:
    groups: dict[tuple, list[Detection]] = {}
    for detection in detections:
        groups.setdefault(_group_key(detection), []).append(detection)
    findings = []
    for members in groups.values():
        members.sort(key=lambda d: location_key(d.location))
        first = members[0]
        prints = sorted({d.fingerprint for d in members})
        fingerprint = prints[0] if len(prints) == 1 else fingerprinter.digest("\x1e".join(prints))
        finding: dict[str, Any] = {
            "id": "",
            "entity_type": first.entity_type,
            "score": round(max(d.score for d in members), 4),
            "recognizer": first.recognizer,
            "location": dict(first.location),
            "evidence": _safe_evidence(first),
            "fingerprint": fingerprint,
            "count": len(members),
            "distinct": len(prints),
            "locations": [dict(d.location) for d in members[:max_locations]],
            "more_locations": max(len(members) - max_locations, 0),
        }
        if first.explanation:
            finding["explanation"] = first.explanation
        if first.extra:
            finding["extra"] = first.extra
        findings.append(finding)
    findings.sort(key=lambda f: (location_key(f["location"]), f["entity_type"], f["fingerprint"]))
    for finding in findings:
        finding["id"] = _finding_id(path, finding["entity_type"], finding["fingerprint"], finding["recognizer"],
                                    taken_ids)
    return findings
