"""SARIF 2.1.0 for GitHub code scanning, built from the JSON report (so it holds no raw value either).

One rule per entity type; one result per finding; partialFingerprints come from the keyed
fingerprint, so they stay stable when lines move. Cell, page and JSON-path locations go in
result properties; text findings get a region.
"""
from __future__ import annotations

from typing import Any

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"block": "error", "warn": "warning", "pass": "note"}
SEVERITY = {"government_id": "9.0", "identifier": "7.0", "attribute": "5.0", "quasi": "3.0"}
KIND_TEXT = {"government_id": "a government identifier, sensitive on its own",
             "identifier": "a direct identifier that points to a person",
             "attribute": "a sensitive attribute, exposing when linked to a person",
             "quasi": "a quasi-identifier that re-identifies in combination"}


def _rule(entity: str, kind: str) -> dict[str, Any]:
    name = entity.title().replace("_", "")
    return {
        "id": entity,
        "name": name,
        "shortDescription": {"text": f"{entity.replace('_', ' ').lower()} found"},
        "fullDescription": {"text": f"{entity} is {KIND_TEXT.get(kind, 'identity data')}."},
        "help": {"text": "Remove or mask the value before sending, or record an accepted exception in a baseline.",
                 "markdown": "Remove or mask the value before sending, or record an accepted exception in a baseline."},
        "properties": {"security-severity": SEVERITY.get(kind, "5.0"), "tags": ["privacy", "pii", kind]},
    }


def _location(path: str, location: dict[str, Any]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": path.split("!", 1)[0]}}
    if "line" in location and "page" not in location and "sheet" not in location:
        column = location.get("column")
        physical["region"] = {"startLine": location["line"], **({"startColumn": column} if isinstance(column, int) else {})}
    return {"physicalLocation": physical}


def build_sarif(doc: dict[str, Any], kinds: dict[str, str]) -> dict[str, Any]:
    """``kinds`` maps entity type to its policy kind (identifier, government_id, attribute, quasi)."""
    used = sorted({f["entity_type"] for entry in doc["files"] for f in entry["findings"]})
    rules = [_rule(e, kinds.get(e, "attribute")) for e in used]
    index = {e: i for i, e in enumerate(used)}
    results = []
    for entry in doc["files"]:
        for f in entry["findings"]:
            results.append({
                "ruleId": f["entity_type"],
                "ruleIndex": index[f["entity_type"]],
                "level": LEVEL[entry["decision"]],
                "message": {"text": f"{f['entity_type']} ({f['evidence']}), {f['count']} occurrence(s) in "
                                    f"{entry['path']}; file decision {entry['decision']}"},
                "locations": [_location(entry["path"], f["location"])],
                "partialFingerprints": {"auditorFingerprint/v1": f["fingerprint"]},
                "properties": {"item": entry["path"], "location": f["location"], "count": f["count"],
                               "findingId": f["id"]},
            })
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "auditor", "version": doc["tool"]["version"],
                                "informationUri": "https://example.invalid/auditor", "rules": rules}},
            "results": results,
            "properties": {"decision": doc["decision"], "risk": doc["risk"], "summary": doc["summary"]},
        }],
    }
