"""People in table rows, built column by column: a Crowd with one person per row that holds an identifier.

The record-by-record path (``individuals.people_in_record``) would build a list per row and look at each
detection of it; a million-row export needs array operations over each column's rows instead. The rules
are the same: a row is one person, linked by its identifiers other than names and phones (phones when
nothing else links), with its names, the entity types found and whether an email address is internal.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from auditor.models import Detection, table_row
from auditor.redact import DIGEST_BYTES
from auditor.digests import digests_of
from auditor.risk.crowd import Crowd, Traits
from auditor.risk.individuals import IDENTIFYING, SHARED


def _internal_values(values: np.ndarray, internal: Callable[[str], bool]) -> np.ndarray:
    """Per email address, whether its domain is internal (each distinct domain asked once)."""
    _, at, domain = np.strings.rpartition(values, np.array("@", dtype=values.dtype))
    domains, which = np.unique(np.strings.lower(domain), return_inverse=True)
    asked = np.array([internal(str(d)) for d in domains.tolist()], bool)
    return (at != "") & asked[which] if len(values) else np.zeros(0, bool)


def _occurrences(d: Detection, internal: Callable[[str], bool]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, a fingerprint digest per row, and (for email addresses) whether each row's address is internal."""
    run, email = d.cells, d.entity_type == "EMAIL_ADDRESS"
    if run is not None and run.codes is not None:
        flags = _internal_values(run.values, internal)[run.codes] if email else np.zeros(len(run.rows), bool)
        return run.rows, run.digests[run.codes], flags
    rows = np.array([table_row(d.record)[1]]) if run is None else run.rows
    inside = email and "@" in d.value and internal(d.value.rsplit("@", 1)[-1].lower())
    return rows, np.broadcast_to(digests_of([d.fingerprint]), (len(rows), DIGEST_BYTES)), np.full(len(rows), inside)


def table_crowds(detections: list[Detection], kind: Callable[[str], str | None], internal: Callable[[str], bool],
                 traits: Traits) -> list[Crowd]:
    """A Crowd per table; ``detections`` are table-row detections."""
    tables: dict[int, list[Detection]] = {}
    for d in detections:
        if kind(d.entity_type) in IDENTIFYING or kind(d.entity_type) == "attribute":
            tables.setdefault(d.cells.table if d.cells is not None else table_row(d.record)[0], []).append(d)
    return [_crowd(dets, kind, internal, traits) for dets in tables.values()]


def _crowd(dets: list[Detection], kind: Callable[[str], str | None], internal: Callable[[str], bool],
           traits: Traits) -> Crowd:
    seen = [(d, *_occurrences(d, internal)) for d in dets]
    ids = [s for s in seen if kind(s[0].entity_type) in IDENTIFYING]
    if not ids:
        return Crowd.empty(traits)
    rows = np.unique(np.concatenate([s[1] for s in ids]))  # one person per row with an identifier
    ident, attr, inside = traits.zeros(len(rows)), traits.zeros(len(rows)), np.zeros(len(rows), bool)
    linked: dict[str, tuple[list, list]] = {"strong": ([], []), "shared": ([], []), "name": ([], [])}
    for d, at, digests, flags in seen:
        person = np.searchsorted(rows, at)
        if kind(d.entity_type) == "attribute":
            here = person < len(rows)
            here[here] = rows[person[here]] == at[here]
            np.bitwise_or.at(attr, person[here], traits.mask([d.entity_type]))
            continue
        np.bitwise_or.at(ident, person, traits.mask([d.entity_type]))
        np.logical_or.at(inside, person, flags)
        part = "name" if d.entity_type == "PERSON" else "shared" if d.entity_type in SHARED else "strong"
        linked[part][0].append(person)
        linked[part][1].append(digests)
    strong_owner, strong_digest = _joined(linked["strong"])
    phone_owner, phone_digest = _joined(linked["shared"])
    strong = np.zeros(len(rows), bool)
    strong[strong_owner] = True
    phones = ~strong[phone_owner]  # phone lines link only people with nothing stronger
    return Crowd(traits, ident, attr, inside, np.concatenate([strong_owner, phone_owner[phones]]),
                 np.concatenate([strong_digest, phone_digest[phones]]), *_joined(linked["name"]))


def _joined(part: tuple[list, list]) -> tuple[np.ndarray, np.ndarray]:
    owners, digests = part
    if not owners:
        return np.zeros(0, np.int64), np.zeros((0, DIGEST_BYTES), np.uint8)
    return np.concatenate(owners), np.concatenate(digests)
