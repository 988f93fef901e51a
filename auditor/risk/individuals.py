"""People behind detections.

A record (table row, list line, paragraph) links its identifiers to one person;
a prose record naming several people keeps each name apart. People who share
any identifier fingerprint are the same person, across records and files.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditor.models import Detection
from auditor.policy import Policy

IDENTIFYING = {"identifier", "government_id"}
SHARED = {"PHONE_NUMBER"}


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


@dataclass
class Person:
    """One person as seen in one record: identifier fingerprints and what is linked to them."""

    prints: list[str]
    identifiers: set[str] = field(default_factory=set)  # entity types
    attributes: set[str] = field(default_factory=set)  # entity types linked in the same record
    internal_email: bool = False


def by_record(detections: Iterable[Detection]) -> dict[str, list[Detection]]:
    records: dict[str, list[Detection]] = defaultdict(list)
    for detection in detections:
        for record in detection.records():
            records[record].append(detection)
    return records


def _is_table_row(record_key: str) -> bool:
    return record_key.startswith("t")


def _overlaps(match: Detection, person: Detection) -> bool:
    a, b = " ".join(match.value.lower().split()), " ".join(person.value.lower().split())
    return bool(a) and (a in b or b in a)


def people_in_record(key: str, record: list[Detection], policy: Policy,
                     internal: callable) -> list[Person]:
    identifiers = [d for d in record if policy.entity(d.entity_type).get("kind") in IDENTIFYING]
    if not identifiers:
        return []
    attributes = {d.entity_type for d in record if policy.entity(d.entity_type).get("kind") == "attribute"}
    names = sorted({d.fingerprint for d in identifiers if d.entity_type == "PERSON"})
    if _is_table_row(key) or len(names) <= 1:
        groups = [identifiers]
    else:
        groups = [[d for d in identifiers if d.fingerprint == n] for n in names]
        for d in identifiers:
            if d.entity_type != "PERSON":
                owner = next((g for g in groups if d.entity_type == "ROSTER_MATCH" and _overlaps(d, g[0])), None)
                owner.append(d) if owner else groups.append([d])
    people = []
    for group in groups:
        emails = [d.value for d in group if d.entity_type == "EMAIL_ADDRESS"]
        # phone lines are shared (switchboards, desks): they link people only when nothing else does
        linking = [d for d in group if d.entity_type not in SHARED] or group
        people.append(Person(prints=sorted({d.fingerprint for d in linking}),
                             identifiers={d.entity_type for d in group}, attributes=set(attributes),
                             internal_email=any(internal(e.rsplit("@", 1)[-1].lower()) for e in emails if "@" in e)))
    return people


def count_people(people: Iterable[Person], forest: UnionFind | None = None) -> int:
    forest = forest or UnionFind()
    people = list(people)
    for person in people:
        for other in person.prints[1:]:
            forest.union(person.prints[0], other)
    return len({forest.find(p.prints[0]) for p in people})


def merged(people: Iterable[Person]) -> list[Person]:
    """One Person per distinct individual, with everything linked to them anywhere."""
    people = list(people)
    forest = UnionFind()
    count_people(people, forest)
    out: dict[str, Person] = {}
    for person in people:
        root = forest.find(person.prints[0])
        into = out.setdefault(root, Person(prints=[root]))
        into.identifiers |= person.identifiers
        into.attributes |= person.attributes
        into.internal_email |= person.internal_email
    return list(out.values())
