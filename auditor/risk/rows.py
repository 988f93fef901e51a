"""People in table rows, built column by column: one Person per row that holds an identifier.

The record-by-record path (``individuals.people_in_record``) would build a list per row and look at each
detection of it; a million-row export needs one pass over each column's rows instead. The rules are the
same: a row is one person, linked by its identifiers other than names and phones (phones when nothing
else links), with its names, the entity types found and whether an email address is internal.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from auditor.models import Detection, table_row
from auditor.risk.individuals import IDENTIFYING, SHARED, Person


CHUNK = 65536


def _occurrences(detection: Detection, internal: Callable[[str], bool]) -> tuple[np.ndarray, list, list]:
    """Rows, a fingerprint per row, and (for email addresses) whether each row's address is internal."""
    run = detection.cells
    rows = np.array([table_row(detection.record)[1]]) if run is None else run.rows
    email = detection.entity_type == "EMAIL_ADDRESS"
    flag = lambda v: email and "@" in v and internal(v.rsplit("@", 1)[-1].lower())  # noqa: E731
    if run is None or run.codes is None:
        return rows, [detection.fingerprint] * len(rows), [flag(detection.value)] * len(rows)
    codes = run.codes.tolist()
    flags = [flag(v) for v in run.values] if email else None
    return rows, [run.prints[c] for c in codes], [flags[c] for c in codes] if email else [False] * len(codes)


def table_people(detections: list[Detection], kind: Callable[[str], str | None],
                 internal: Callable[[str], bool]) -> list[Person]:
    """One Person per table row holding an identifier; ``detections`` are table-row detections."""
    tables: dict[int, list[Detection]] = {}
    for d in detections:
        if kind(d.entity_type) in IDENTIFYING or kind(d.entity_type) == "attribute":
            tables.setdefault(d.cells.table if d.cells is not None else table_row(d.record)[0], []).append(d)
    people: list[Person] = []
    for dets in tables.values():
        people += _table(dets, kind, internal)
    return people


def _table(dets: list[Detection], kind: Callable[[str], str | None], internal: Callable[[str], bool]) -> list[Person]:
    parts = [_occurrences(d, internal) for d in dets]
    rows = np.concatenate([p[0] for p in parts])
    which = np.concatenate([np.full(len(p[0]), i, dtype=np.int32) for i, p in enumerate(parts)])
    flags = np.concatenate([np.asarray(p[2], dtype=bool) for p in parts])
    prints = [x for p in parts for x in p[1]]
    entities = [d.entity_type for d in dets]
    attribute = [kind(d.entity_type) == "attribute" for d in dets]
    order = np.argsort(rows, kind="stable")
    interned: dict[tuple, frozenset] = {}
    people: list[Person] = []
    current, ids, strong, shared, names, attributes, inside = None, [], [], [], [], [], False

    def emit() -> None:
        if ids:
            key = (tuple(ids), tuple(attributes))  # rows of one table mostly share these: one frozenset each
            types = interned.get(key) or interned.setdefault(key, (frozenset(ids), frozenset(attributes)))
            people.append(Person(prints=sorted(set(strong or shared)), names=sorted(set(names)),
                                 identifiers=types[0], attributes=types[1], internal_email=inside))

    for start in range(0, len(order), CHUNK):  # Python ints for a chunk at a time, not for millions of cells
        at = order[start:start + CHUNK]
        for row, i, w, internal_here in zip(rows[at].tolist(), at.tolist(), which[at].tolist(), flags[at].tolist()):
            if row != current:
                emit()
                current, ids, strong, shared, names, attributes, inside = row, [], [], [], [], [], False
            entity = entities[w]
            if attribute[w]:
                attributes.append(entity)
                continue
            ids.append(entity)
            inside = inside or internal_here
            (names if entity == "PERSON" else shared if entity in SHARED else strong).append(prints[i])
    emit()
    return people
