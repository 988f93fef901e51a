"""People behind detections: identifiers in one record are one person; shared fingerprints merge people."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from auditor.models import Detection
from auditor.policy import Policy

IDENTIFYING = {"identifier", "government_id"}


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def by_record(detections: Iterable[Detection]) -> dict[str, list[Detection]]:
    records: dict[str, list[Detection]] = defaultdict(list)
    for detection in detections:
        records[detection.record].append(detection)
    return records


def person_keys(record: list[Detection], policy: Policy) -> list[list[str]]:
    """Identifier fingerprints per person in one record.

    A record naming one person (or none) links all its identifiers to that person; a record
    naming several people keeps each name apart, and its other identifiers stand alone.
    """
    identifiers = [d for d in record if policy.entity(d.entity_type).get("kind") in IDENTIFYING]
    names = {d.fingerprint for d in identifiers if d.entity_type in ("PERSON", "ROSTER_MATCH")}
    if len(names) <= 1:
        prints = sorted({d.fingerprint for d in identifiers})
        return [prints] if prints else []
    others = sorted({d.fingerprint for d in identifiers} - names)
    return [[n] for n in sorted(names)] + [[o] for o in others]


def link(groups: Iterable[list[str]], forest: UnionFind) -> None:
    for prints in groups:
        for other in prints[1:]:
            forest.union(prints[0], other)
        if prints:
            forest.find(prints[0])


def count_people(groups: Iterable[list[str]], forest: UnionFind) -> int:
    return len({forest.find(prints[0]) for prints in groups if prints})
