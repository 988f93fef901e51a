"""Find roster people in text by hashing token n-grams (never one regex per name)."""
from __future__ import annotations

import hmac
import re
from itertools import accumulate, compress
from operator import ne, not_, or_
from dataclasses import dataclass

from auditor.roster.store import HASH_BYTES, Roster, email_message, sequence_message
from auditor.roster.variants import EMAIL, STRONG, TOKEN, VARIANT_NAMES, VARIANTS, fold

# one pass: an email address, else a word (an address's parts are not words of their own)
SCAN = re.compile(rf"({EMAIL.pattern}|{TOKEN.pattern})")
# Generic words that start no name in lower-case text: skipping them saves hashing and says nothing
# about the roster (a list derived from the roster would leak it).
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
        self._key = roster.keys.entries
        self._span = roster.max_tokens

    def _digest(self, message: bytes) -> bytes:
        return hmac.digest(self._key, message, "sha256")[:HASH_BYTES]

    def _hits(self, start: int, end: int, pairs: list[tuple[int, int]]) -> list[RosterHit]:
        out = []
        for row, code in pairs:
            variant = VARIANT_NAMES[code]
            kind = variant if variant in ("email", "id") else "name"
            out.append(RosterHit(start, end, self.roster.row_ids[row], variant, VARIANTS[variant], kind))
        return out

    def find(self, text: str, *, cell: bool = False) -> list[RosterHit]:
        """Every roster mention, in text order; the longest match at a position wins.

        In prose a mention starts and ends at a capitalised word or a number, unless the text has
        no capitals at all (then any word but a stopword); in a ``cell`` any word.
        """
        lookup, hits = self.roster.lookup, []
        parts = SCAN.split(text)  # separators at even indexes, words and addresses at odd ones
        ends = list(accumulate(map(len, parts)))  # a word parts[2k + 1] spans ends[2k]:ends[2k + 1]
        raw = parts[1::2]
        # a word that folds into several tokens stays one entry, its tokens joined as the hash input joins them
        words = [w.lower() if w.isascii() else "\x1f".join(TOKEN.findall(fold(w))) for w in raw]
        if cell:
            starts = [True] * len(words)
        elif text == text.lower():
            starts = [w not in STOPWORDS for w in words]
        else:  # a word with a capital or a digit, or one before a number (the "emp" of "emp-1042")
            numeric = list(map(not_, map(str.isalpha, raw)))
            starts = list(map(or_, map(or_, map(ne, raw, words), numeric), numeric[1:] + [False]))
        for j in (j for j, w in enumerate(raw) if "@" in w) if "@" in text else ():
            hits += self._hits(ends[2 * j], ends[2 * j + 1], lookup(self._digest(email_message(raw[j]))))
            words[j], starts[j] = "\x00", False  # an address is no part of a name
        count, span, resume = len(words), self._span, 0
        for i in compress(range(count), starts):
            if i < resume:
                continue
            for last in range(min(i + span, count) - 1, i - 1, -1):
                if starts[last]:  # a mention also ends at a capitalised word or a number
                    pairs = lookup(self._digest(sequence_message(words[i:last + 1])))
                    if pairs:
                        hits += self._hits(ends[2 * i], ends[2 * last + 1], pairs)
                        resume = last + 1
                        break
        return sorted(hits, key=lambda h: h.start)

    def find_value(self, value: str) -> list[RosterHit]:
        """Matches in one table cell (no capital needed)."""
        return self.find(value, cell=True)


def corroborate(hits: list[RosterHit], organisation_context: bool = False) -> dict[RosterHit, bool]:
    """For one record's hits: is each one corroborated? Strong hits are; a weak one is when the record
    holds a strong hit of the same row (a full name, email or ID), or the context is the organisation's."""
    strong_rows = {h.row_id for h in hits if h.strength == STRONG}
    return {h: h.strength == STRONG or h.row_id in strong_rows or organisation_context for h in hits}
