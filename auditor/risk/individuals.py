"""People behind detections.

A record (table row, list line, paragraph) links its identifiers to one person;
a prose record naming several people keeps each name apart. People who share
an identifier fingerprint (an email, an SSN, an ID) are the same person, across
records and files. Names are weaker: two rows for "John Smith" with different
addresses are two people, and a bare "John Smith" elsewhere is one of them.
Who is who is worked out over a Crowd (``crowd.py``); table rows go there directly (``rows.py``).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditor.models import Detection, table_row
from auditor.policy import Policy

IDENTIFYING = {"identifier", "government_id"}
SHARED = {"PHONE_NUMBER"}


@dataclass(slots=True)
class Person:
    """One person as seen in one record: identifier fingerprints and what is linked to them."""

    prints: list[str]  # linking identifiers (names apart; phones only when nothing else links)
    names: list[str] = field(default_factory=list)  # PERSON fingerprints
    identifiers: set[str] = field(default_factory=set)  # entity types
    attributes: set[str] = field(default_factory=set)  # entity types linked in the same record
    internal_email: bool = False


def by_record(detections: Iterable[Detection]) -> dict[str, list[Detection]]:
    records: dict[str, list[Detection]] = defaultdict(list)
    for detection in detections:
        for record in detection.records():
            records[record].append(detection)
    return records


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
    if table_row(key) or len(names) <= 1:
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
        linking = [d for d in group if d.entity_type not in SHARED and d.entity_type != "PERSON"] or [
            d for d in group if d.entity_type in SHARED]
        people.append(Person(prints=sorted({d.fingerprint for d in linking}),
                             names=sorted({d.fingerprint for d in group if d.entity_type == "PERSON"}),
                             identifiers={d.entity_type for d in group}, attributes=set(attributes),
                             internal_email=any(internal(e.rsplit("@", 1)[-1].lower()) for e in emails if "@" in e)))
    return people
