"""Override with accountability: a warn or block becomes a pass that records who, when and why."""
from __future__ import annotations

from typing import Any

from auditor.evidence.ledger import current_user, utc_now
from auditor.report import validate_report


class OverrideError(ValueError):
    """An override that cannot be accepted (no justification)."""


def apply_override(doc: dict[str, Any], justification: str | None, *, user: str | None = None) -> dict[str, Any]:
    """The report with ``decision: pass`` and an ``override`` member keeping the original decision.

    A report that already passes is returned unchanged: there is nothing to override.
    """
    reason = (justification or "").strip()
    if not reason:
        raise OverrideError("--override needs a non-empty --justification: say why the content may be sent")
    if doc["decision"] == "pass":
        return doc
    overridden = {**doc, "decision": "pass", "override": {
        "original_decision": doc["decision"], "justification": reason, "user": user or current_user(),
        "at": utc_now()}}
    validate_report(overridden)
    return overridden
