"""Protected-roster matches as ROSTER_MATCH detections: row ids and variant kinds, never names."""
from __future__ import annotations

from auditor.models import Detection
from auditor.policy import Policy
from auditor.redact import Fingerprinter
from auditor.roster import RosterHit
from auditor.roster.match import corroborate

ENTITY = "ROSTER_MATCH"
RECOGNIZER = "RosterMatcher"


def roster_detection(hit: RosterHit, text: str, location: dict, record: str, group: str | None,
                     fingerprinter: Fingerprinter) -> Detection:
    """``text`` is the matched span (memory only, for linking it to the PERSON it overlaps)."""
    return Detection(
        entity_type=ENTITY, score=1.0 if hit.strength == "strong" else 0.6, recognizer=RECOGNIZER,
        location=dict(location), evidence=f"roster row {hit.row_id} ({hit.variant.replace('_', ' ')})",
        fingerprint=fingerprinter.value(ENTITY, f"row:{hit.row_id}"), record=record, group=group,
        value=text[hit.start:hit.end],
        extra={"roster_row": hit.row_id, "variant": hit.variant, "strength": hit.strength, "hit": hit},
    )


def _internal(address: str, policy: Policy) -> bool:
    domain = address.rsplit("@", 1)[-1].lower()
    return any(domain == d or domain.endswith("." + d) for d in policy.get("organization.internal_domains", []))


def settle(detections: list[Detection], policy: Policy) -> None:
    """Mark weak matches corroborated (same record holds the same row strongly, or organisation context)."""
    matches = [d for d in detections if d.entity_type == ENTITY]
    if not matches:
        return
    strong_rows = {d.extra["roster_row"] for d in matches if d.extra["strength"] == "strong"}
    organisation = len(strong_rows) >= 2 or any(
        d.entity_type == "EMAIL_ADDRESS" and any(_internal(v, policy) for v in d.values()) for d in detections)
    by_record: dict[str, list[Detection]] = {}
    for d in matches:
        by_record.setdefault(d.record, []).append(d)
    for group in by_record.values():
        verdict = corroborate([d.extra["hit"] for d in group], organisation)
        for d in group:
            d.extra["corroborated"] = verdict[d.extra.pop("hit")]
