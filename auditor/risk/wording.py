"""Plain words for reasons, and completeness wording ("complete list of all officers")."""
from __future__ import annotations

from auditor.models import FileResult
from auditor.policy import Policy

TRAITS = {"HIRE_DATE": "hire dates", "JOB_TITLE": "sensitive roles", "SECURITY_CLEARANCE": "clearances",
          "ORG_UNIT": "organisational units", "DATE_OF_BIRTH": "dates of birth", "EMPLOYEE_ID": "employee IDs",
          "INTERNAL_EMAIL": "internal email addresses"}


def people_count(n: int, noun: str = "individual") -> str:
    plural = "people" if noun.endswith("person") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"


def attribute_phrase(entity_types: set[str]) -> str:
    words = [TRAITS.get(t, t.lower().replace("_", " ")) for t in sorted(entity_types)]
    if not words:
        return "identifying details"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def completeness_found(result: FileResult, by_path: dict[str, FileResult], policy: Policy) -> bool:
    """Completeness wording in the item's own text or in the text of the containers carrying it."""
    words = [w.lower() for w in policy.get("risk.completeness_words", [])]
    current: FileResult | None = result
    while current is not None and words:
        segments = current.extraction.segments if current.extraction else []
        text = " ".join(" ".join(s.text.lower().split()) for s in segments)
        if any(w in text for w in words):
            return True
        current = by_path.get(current.item.parent or "")
    return False
