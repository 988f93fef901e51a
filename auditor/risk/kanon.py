"""Re-identification risk of tables without direct identifiers: k-anonymity over quasi-identifiers.

Prosecutor-risk figures as in ARX and sdcMicro: the smallest equivalence class
(k_min), the share of records in classes smaller than k, the highest risk
(1 / k_min) and the average risk (classes / records).
"""
from __future__ import annotations

import re
from typing import Any

from auditor.models import Table
from auditor.policy import Policy

AGGREGATE = re.compile(r"\b(count|counts|total|totals|headcount|number|sum|percent|share|fte)\b", re.I)


def _matches(header: str, words: list[str]) -> bool:
    normal = " ".join(re.split(r"[\W_]+", header.lower())).strip()
    return any(normal == w or re.search(rf"\b{re.escape(w)}\b", normal) for w in words)


def _is_aggregate(table: Table) -> bool:
    """A table of counts per group describes groups, not people."""
    for name in table.columns:
        values = [v for v in table.frame[name].tolist() if v]
        if AGGREGATE.search(name) and values and all(re.fullmatch(r"[\d.,% ]+", v) for v in values):
            return True
    return False


def k_anonymity(table: Table, policy: Policy) -> dict[str, Any] | None:
    words = [w.lower() for w in policy.get("risk.k_anonymity.quasi_identifiers", [])]
    k = int(policy.get("risk.k_anonymity.k", 5))
    columns = [c for c in table.columns if _matches(c, words)] if table.has_header else []
    frame = table.frame
    if not columns or len(frame) < 2 or _is_aggregate(table):
        return None
    sizes = frame.groupby(columns, dropna=False).size()
    records, classes = int(sizes.sum()), int(len(sizes))
    below = int(sizes[sizes < k].sum())
    k_min = int(sizes.min())
    return {
        "table": table.sheet or "table",
        "quasi_identifiers": columns,
        "k": k,
        "records": records,
        "classes": classes,
        "k_min": k_min,
        "records_below_k": below,
        "share_below_k": round(below / records, 4),
        "highest_risk": round(1 / k_min, 4),
        "average_risk": round(classes / records, 4),
    }
