"""`auditor explain`: how one finding was detected, from its recorded decision process."""
from __future__ import annotations

from typing import Any

FIELDS = (
    ("recognizer", "recognizer"),
    ("pattern_name", "pattern"),
    ("original_score", "score before context"),
    ("supportive_context_word", "context word"),
    ("score_context_improvement", "score change from context"),
    ("validation_result", "validation"),
    ("score", "final score"),
)


def find_finding(doc: dict[str, Any], finding_id: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    for entry in doc.get("files", []):
        for finding in entry.get("findings", []):
            if finding.get("id") == finding_id:
                return entry, finding
    return None


def explain_finding(doc: dict[str, Any], finding_id: str) -> str | None:
    """Plain-text explanation of one finding, or None when the id is not in the report."""
    found = find_finding(doc, finding_id)
    if found is None:
        return None
    entry, finding = found
    where = ", ".join(f"{k} {v}" for k, v in finding["location"].items())
    lines = [f"finding {finding_id}: {finding['entity_type']} in {entry['path']} ({where})",
             f"  evidence (masked): {finding['evidence']}; {finding['count']} occurrence(s)",
             f"  recognizer: {finding['recognizer']}; score {finding['score']}"]
    explanation = finding.get("explanation")
    if not explanation:
        lines.append("  no decision steps were kept: run the scan with --explain to record them")
        return "\n".join(lines)
    for key, label in FIELDS:
        if explanation.get(key) not in (None, ""):
            lines.append(f"  {label}: {explanation[key]}")
    for step in str(explanation.get("textual_explanation", "")).splitlines():
        lines.append(f"  step: {step}")
    return "\n".join(lines)
