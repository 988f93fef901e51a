"""Baselines of accepted findings (detect-secrets style) and inline `auditor:allow` comments.

A baseline entry is (path, entity type, keyed value fingerprint): no line numbers, no timestamps,
no evidence. The file is sorted and byte-stable. Fingerprints from a random per-run key cannot
match later runs, so a baseline needs AUDITOR_KEY or --key-file.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from auditor.models import Detection, FileResult

ALLOW = re.compile(r"auditor:allow(?!-next-line)")
ALLOW_NEXT = re.compile(r"auditor:allow-next-line")
Entry = tuple[str, str, str]


class BaselineError(ValueError):
    """A baseline that cannot be made, read or used."""


def _entry(result: FileResult, detection: Detection) -> Entry:
    return (result.item.path, detection.entity_type, detection.fingerprint)


def _entries(result: FileResult, detection: Detection) -> list[Entry]:
    """Every accepted-value entry a detection stands for (a whole column can hold many values)."""
    return [(result.item.path, detection.entity_type, p) for p in detection.prints()]


def create_baseline(results: list[FileResult], linkable: bool) -> dict[str, Any]:
    if not linkable:
        raise BaselineError("a baseline needs stable fingerprints: set AUDITOR_KEY or pass --key-file")
    entries = sorted({e for r in results for d in r.detections for e in _entries(r, d)})
    return {"version": 1, "tool": "auditor",
            "entries": [{"path": p, "entity_type": e, "fingerprint": f} for p, e, f in entries]}


def write_baseline(doc: dict[str, Any], path: str | Path) -> None:
    Path(path).write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def load_baseline(path: str | Path) -> set[Entry]:
    try:
        doc = json.loads(Path(path).read_text("utf-8"))
        return {(e["path"], e["entity_type"], e["fingerprint"]) for e in doc["entries"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BaselineError(f"{path}: not a readable auditor baseline ({type(exc).__name__})") from None


def apply_baseline(results: list[FileResult], accepted: set[Entry]) -> dict[str, Any]:
    """Drop accepted detections; return the count and the entries that no longer match anything."""
    seen: set[Entry] = set()
    suppressed = 0
    for result in results:
        kept = []
        for whole in result.detections:
            partly = any(e in accepted for e in _entries(result, whole))
            for detection in whole.split() if partly else [whole]:  # a column keeps its other values
                entry = _entry(result, detection)
                if entry in accepted:
                    seen.add(entry)
                    suppressed += detection.count
                else:
                    kept.append(detection)
        result.detections = kept
    stale = [{"path": p, "entity_type": e, "fingerprint": f} for p, e, f in sorted(accepted - seen)]
    return {"suppressed": suppressed, "stale": stale}


def allowed_lines(text: str, first_line: int = 1) -> set[int]:
    """Line numbers an inline comment allows: its own line, or the next for the -next-line form."""
    lines = set()
    for n, line in enumerate(text.splitlines(), start=first_line):
        if ALLOW_NEXT.search(line):
            lines.add(n + 1)
        elif ALLOW.search(line):
            lines.add(n)
    return lines


def apply_inline_allows(result: FileResult) -> int:
    """Drop detections on lines allowed by an inline comment in the same text segment."""
    if result.extraction is None:
        return 0
    allowed = set()
    for segment in result.extraction.segments:
        base = tuple(sorted(segment.location.items()))
        allowed |= {(base, n) for n in allowed_lines(segment.text, segment.first_line)}
    if not allowed:
        return 0
    before = len(result.detections)
    result.detections = [d for d in result.detections if (
        tuple(sorted((k, v) for k, v in d.location.items() if k not in ("line", "column"))),
        d.location.get("line")) not in allowed]
    return before - len(result.detections)
