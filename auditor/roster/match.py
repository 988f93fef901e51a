"""Find roster people in text by hashing token n-grams (never one regex per name)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.roster.store import Roster, email_message, sequence_message
from auditor.roster.variants import EMAIL, STRONG, VARIANT_NAMES, VARIANTS, fold

WORD = re.compile(r"[^\W_]+")
# Generic words that start no name: skipping them saves hashing and leaks nothing about the roster.
STOPWORDS = frozenset("""a an and are as at be by for from has have he her his i in is it its of on or our she
that the their they this to was we were will with you your not but all any can had if into more no so than
then there these those which who what when where why how also been do does did per via""".split())


@dataclass(frozen=True)
class RosterHit:
    start: int
    end: int
    row_id: str
    variant: str
    strength: str  # strong | weak
    kind: str  # name | email | id


class RosterMatcher:
    def __init__(self, roster: Roster):
        self.roster = roster
        self._hash = roster.keys.entry_hash
        self._span = roster.max_tokens

    def _lookup(self, message: bytes) -> list[tuple[int, int]]:
        return self.roster.index.get(self._hash(message), [])

    def _hits(self, start: int, end: int, pairs: list[tuple[int, int]], kind: str) -> list[RosterHit]:
        out = []
        for row, code in pairs:
            variant = VARIANT_NAMES[code]
            out.append(RosterHit(start, end, self.roster.row_ids[row], variant, VARIANTS[variant],
                                 "email" if variant == "email" else "id" if variant == "id" else kind))
        return out

    def find(self, text: str, *, cell: bool = False) -> list[RosterHit]:
        """Every roster mention; the longest match wins at each position. ``cell``: no capital needed."""
        hits: list[RosterHit] = []
        covered: list[tuple[int, int]] = []
        for m in EMAIL.finditer(text):
            pairs = self._lookup(email_message(m.group()))
            hits += self._hits(m.start(), m.end(), pairs, "email")
            covered.append((m.start(), m.end()))
        words = [w for w in WORD.finditer(text) if not any(a <= w.start() < b for a, b in covered)]
        folded = [fold(w.group()) for w in words]
        i = 0
        while i < len(words):
            token = folded[i]
            if token in STOPWORDS or (not cell and not (words[i].group()[0].isupper() or token.isdigit())):
                i += 1
                continue
            for n in range(min(self._span, len(words) - i), 0, -1):
                pairs = self._lookup(sequence_message(tuple(folded[i:i + n])))
                if pairs:
                    hits += self._hits(words[i].start(), words[i + n - 1].end(), pairs, "name")
                    i += n
                    break
            else:
                i += 1
        return hits


def corroborate(hits: list[RosterHit], organisation_context: bool) -> dict[RosterHit, bool]:
    """A weak hit counts when its record holds a strong hit of the same row, or the context is the organisation's."""
    strong_rows = {h.row_id for h in hits if h.strength == STRONG}
    return {h: h.strength == STRONG or h.row_id in strong_rows or organisation_context for h in hits}
