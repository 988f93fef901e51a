"""Precision filters over the hits of one text, in the order ``clean`` applies them.

Each filter is a plain function so it can be tested on its own.
"""
from __future__ import annotations

import regex as re

from auditor.detect.hits import COLUMN_RECOGNIZER, Hit, SpanIndex
from auditor.detect.recognizers import is_clearance_term, is_login
from auditor.policy import Policy

NER_TYPES = {"PERSON", "ORGANIZATION", "LOCATION", "NRP"}
VOCABULARY_TYPES = {"JOB_TITLE", "SECURITY_CLEARANCE", "ORG_UNIT"}
# More specific entities win an overlap at equal score (an SSN beats a phone number).
SPECIFICITY = ["ROSTER_MATCH", "US_SSN", "CREDIT_CARD", "US_ITIN", "US_PASSPORT", "EMAIL_ADDRESS",
               "SECURITY_CLEARANCE", "EMPLOYEE_ID", "HIRE_DATE", "DATE_OF_BIRTH", "PHONE_NUMBER", "JOB_TITLE",
               "ORG_UNIT", "PERSON", "US_DRIVER_LICENSE", "US_BANK_NUMBER", "IP_ADDRESS", "DATE_TIME",
               "LOCATION", "URL", "ORGANIZATION", "NRP"]
_RANK = {entity: len(SPECIFICITY) - i for i, entity in enumerate(SPECIFICITY)}
_EDGE = " \t\r\n,;:.-–—|/()[]'\""
_NAME_PIECE = re.compile(r"\p{Lu}\p{L}")


def drop_keyword_spans(hits: list[Hit], text: str, keywords: set[str]) -> list[Hit]:
    """A NER span that is exactly a context keyword ("SSN") or a clearance ("TS/SCI") is not an entity."""
    def noise(hit: Hit) -> bool:
        value = " ".join(hit.text(text).split()).strip(_EDGE)
        return hit.entity_type in NER_TYPES and (value.lower() in keywords or is_clearance_term(value))
    return [h for h in hits if h.denied or not noise(h)]


def drop_implausible_names(hits: list[Hit], text: str) -> list[Hit]:
    """A PERSON must have letters, a capital and no digits or @ ("SSN 123", "j.s@x.gov", "npm install")."""
    def bad(hit: Hit) -> bool:
        value = hit.text(text)
        return hit.entity_type == "PERSON" and (not re.search(r"\p{L}{2}", value) or not re.search(r"\p{Lu}", value)
                                                or bool(re.search(r"[\d@]", value)))
    return [h for h in hits if h.denied or not bad(h)]


def trim_names_at_line_breaks(hits: list[Hit], text: str) -> list[Hit]:
    """A name does not run on into the next line: "Tomas Okonkwo\nTel." keeps the longest line piece."""
    for hit in hits:
        if hit.entity_type == "PERSON" and not hit.denied and "\n" in hit.text(text):
            pieces, cursor = [], hit.start
            for line in hit.text(text).split("\n"):
                pieces.append(_strip(text, cursor, cursor + len(line)))
                cursor += len(line) + 1
            hit.start, hit.end = max(pieces, key=lambda p: (len(text[p[0]:p[1]].split()), p[1] - p[0]))
            hit.note("span trimmed at a line break")
    return [h for h in hits if h.end > h.start]


def drop_logins(hits: list[Hit], text: str) -> list[Hit]:
    """``ssh ops@jump01.agency.gov`` and ``git@github.com:org/repo`` are logins, not mailboxes."""
    return [h for h in hits if h.entity_type != "EMAIL_ADDRESS" or h.denied or not is_login(text, h.start, h.end)]


_LAST_FIRST_GAP = re.compile(r",[ \t]?")
_LIST_NEIGHBOUR = re.compile(r"[ \t]*,[ \t]*\p{Lu}")
_LIST_BEFORE = re.compile(r"\p{Lu}[^\s,]*,[ \t]*$")


def merge_last_first(hits: list[Hit], text: str) -> list[Hit]:
    """"Smith, John" in prose is one person, not two: merge two one-word names joined by a comma, unless
    they are part of a longer comma list ("Smith, Jones, Brown")."""
    people = sorted((h for h in hits if h.entity_type == "PERSON" and not h.denied), key=lambda h: h.start)
    gone: set[int] = set()
    for last, first in zip(people, people[1:]):
        one_word = " " not in last.text(text).strip() and " " not in first.text(text).strip()
        if not one_word or id(last) in gone or not _LAST_FIRST_GAP.fullmatch(text, last.end, first.start):
            continue
        if _LIST_NEIGHBOUR.match(text, first.end) or _LIST_BEFORE.search(text[max(0, last.start - 40):last.start]):
            continue
        last.end = first.end
        last.note("'Last, First' merged into one name")
        gone.add(id(first))
    return [h for h in hits if id(h) not in gone]


def drop_url_in_email(hits: list[Hit], text: str) -> list[Hit]:
    """``john.sm`` in ``john.smith@agency.gov`` is not a URL."""
    emails = SpanIndex([h for h in hits if h.entity_type == "EMAIL_ADDRESS"])

    def inside(hit: Hit) -> bool:
        touches_at = text[hit.end:hit.end + 1] == "@" or text[hit.start - 1:hit.start] == "@"
        return touches_at or bool(emails.overlapping(hit))
    return [h for h in hits if h.entity_type != "URL" or h.denied or not inside(h)]


def trim_ner_overlaps(hits: list[Hit], text: str) -> list[Hit]:
    """Cut roles, clearances and units out of NER spans: "Case" in "Case Officer" is no surname."""
    vocabulary = SpanIndex([h for h in hits if h.entity_type in VOCABULARY_TYPES])
    out = []
    for hit in hits:
        covers = vocabulary.overlapping(hit) if hit.entity_type in NER_TYPES else []
        if not covers or hit.denied:
            out.append(hit)
            continue
        pieces, cursor = [], hit.start
        for v in sorted(covers, key=lambda v: v.start):
            pieces.append((cursor, max(cursor, v.start)))
            cursor = max(cursor, v.end)
        pieces.append((cursor, hit.end))
        best = max((_strip(text, a, b) for a, b in pieces), key=lambda p: p[1] - p[0])
        if best[1] > best[0] and _NAME_PIECE.search(text[best[0]:best[1]]):
            hit.start, hit.end = best
            hit.note("span trimmed: overlapped a role, clearance or unit")
            out.append(hit)
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE.replace(".", ""):
        end -= 1
    return start, end


def absorb_into_column_hits(hits: list[Hit]) -> list[Hit]:
    """A cell of a classified column is one finding per column: a recognizer's hit of the same entity inside
    the cell ("TS/SCI" by the clearance patterns) lends its score to the column hit instead of standing apart."""
    columns = [h for h in hits if h.recognizer == COLUMN_RECOGNIZER]
    absorbed: set[int] = set()
    for column in columns:
        for hit in hits:
            if hit is column or hit.denied or hit.entity_type != column.entity_type or not hit.overlaps(column):
                continue
            if hit.score > column.score:
                column.note(f"also matched by {hit.recognizer}", hit.score)
            absorbed.add(id(hit))
    return [h for h in hits if id(h) not in absorbed or h.recognizer == COLUMN_RECOGNIZER]


GENERIC = {"DATE_TIME", "LOCATION", "URL", "ORGANIZATION", "NRP"}


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """One entity per span: a specific entity beats a generic label ("555-1002" read as a date by NER
    loses to the phone number), then higher score, then the more specific entity, then the longer span."""
    order = sorted(hits, key=lambda h: (not h.denied, h.entity_type in GENERIC, -h.score, -_RANK.get(h.entity_type, 0),
                                        h.start - h.end, h.start))
    kept, index = [], SpanIndex()
    for hit in order:
        if not index.overlapping(hit):
            kept.append(hit)
            index.add(hit)
    return sorted(kept, key=lambda h: (h.start, h.end))


class PolicyFilter:
    """Allow list, enabled entities and per-entity minimum scores from the policy."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.allowed = {" ".join(v.split()).casefold() for v in policy.get("allow.values", []) or []}
        self.patterns = [re.compile(p, re.IGNORECASE) for p in policy.get("allow.patterns", []) or []]
        self._settings: dict[str, tuple[bool, float]] = {}

    def settings(self, entity: str) -> tuple[bool, float]:
        if entity not in self._settings:
            conf = self.policy.entity(entity)
            floor = conf.get("min_score", self.policy.get("detection.min_score", 0.5))  # the entity's own wins
            self._settings[entity] = (bool(conf.get("enabled", True)), float(floor))
        return self._settings[entity]

    def keeps(self, entity: str, score: float) -> bool:
        """Whether a (non-denied) hit of this entity and score passes the policy, before its allow list."""
        enabled, floor = self.settings(entity)
        return enabled and score >= floor

    def is_allowed(self, value: str) -> bool:
        """Allow-listed: the whole value equals an allowed value or fully matches an allowed regex."""
        if not self.allowed and not self.patterns:
            return False
        value = " ".join(value.split())
        return value.casefold() in self.allowed or any(p.fullmatch(value) for p in self.patterns)

    def keep(self, hit: Hit, text: str) -> bool:
        if hit.denied:
            return True
        return self.keeps(hit.entity_type, hit.score) and not self.is_allowed(hit.text(text))


def clean(hits: list[Hit], text: str, keywords: set[str], policy_filter: PolicyFilter) -> list[Hit]:
    """All precision filters, then the policy, then one entity per span."""
    hits = drop_keyword_spans(hits, text, keywords)
    hits = trim_names_at_line_breaks(hits, text)
    hits = merge_last_first(hits, text)
    hits = drop_implausible_names(hits, text)
    hits = drop_logins(hits, text)
    hits = drop_url_in_email(hits, text)
    hits = trim_ner_overlaps(hits, text)
    hits = [h for h in hits if policy_filter.keep(h, text)]
    return resolve_overlaps(absorb_into_column_hits(hits))
