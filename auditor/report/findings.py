"""Collapse detections into report findings: a table column, or one value repeated, is one finding."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import numpy as np

from auditor.digests import distinct, joined
from auditor.models import Detection
from auditor.redact import SHOWN_ENTITIES, Fingerprinter

LOCATION_ORDER = ("sheet", "page", "part", "json_path", "paragraph", "row", "line", "column", "cell")


def location_key(location: dict[str, Any]) -> tuple:
    """Sort key that orders locations naturally (sheet, page, row, line, column)."""
    return tuple((k not in location, str(type(location.get(k))), location.get(k) or 0) for k in LOCATION_ORDER)


def _safe_evidence(detection: Detection) -> str:
    """Defence in depth: evidence that equals or contains the raw value is replaced."""
    value, evidence = detection.value.strip(), detection.shown()
    if detection.entity_type in SHOWN_ENTITIES or not value:
        return evidence
    if value.lower() in evidence.lower():
        return "*" * min(len(evidence), 12)
    return evidence


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


def _first_key(detection: Detection) -> tuple:
    """Cells of one column sort by row (cheap for a million of them); other locations naturally."""
    row = detection.location.get("row")
    return (row,) if detection.group is not None and isinstance(row, int) else location_key(detection.location)


def _locations(members: list[Detection], limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` occurrences in source order; a CellRun contributes each of its rows."""
    if not any(d.cells is not None for d in members):
        return [dict(d.location) for d in members[:limit]]
    cells = [(int(row), d) for d in members for row in (d.cells.rows[:limit].tolist() if d.cells is not None
                                                           else [d.location["row"]])]
    cells.sort(key=lambda pair: pair[0])
    return [d.cells.location(d.location, row) if d.cells is not None else dict(d.location) for row, d in cells[:limit]]


def build_findings(path: str, detections: Iterable[Detection], fingerprinter: Fingerprinter,
                   max_locations: int, taken_ids: set[str]) -> list[dict[str, Any]]:
    groups: dict[tuple, list[Detection]] = {}
    for detection in detections:
        groups.setdefault(_group_key(detection), []).append(detection)
    findings = []
    for members in groups.values():
        members.sort(key=_first_key)
        first = members[0]
        count = sum(d.count for d in members)
        prints = distinct(np.concatenate([d.digests() for d in members]))
        fingerprint = prints[0].tobytes().hex() if len(prints) == 1 else fingerprinter.digest(joined(prints))
        finding: dict[str, Any] = {
            "id": "",
            "entity_type": first.entity_type,
            "score": round(max(d.score for d in members), 4),
            "recognizer": first.recognizer,
            "location": dict(first.location),
            "evidence": _safe_evidence(first),
            "fingerprint": fingerprint,
            "count": count,
            "distinct": len(prints),
            "locations": _locations(members, max_locations),
            "more_locations": max(count - max_locations, 0),
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
