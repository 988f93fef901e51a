"""Context words: phrase-aware, lemma-free, so they work with and without a spaCy model.

Presidio's own context enhancer matches single lemmas only (and nothing with a
blank pipeline); this module looks at the raw words within ``detection.context_window``
of a hit and at explicit context (a column header, a JSON key), and
- lifts a weak hit that has context (the same +0.35 Presidio uses),
- drops SSN-shaped numbers that have none,
- drops a value labelled as something else (``context_against``: "Order 4155550172" is no phone number),
- relabels dates as HIRE_DATE / DATE_OF_BIRTH from their context.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex as re

from auditor.detect.hits import COLUMN_RECOGNIZER, Hit
from auditor.detect.recognizers.personnel import CLEARANCE_CONTEXT
from auditor.policy import Policy

_TOKEN = re.compile(r"[^\W_]+#?")  # "start_date" is two words
_SENTENCE_END = re.compile(r"[.!?](?=\s+\p{Lu})")  # context does not cross sentences
BOOST = 0.35
RELABELLED_DATE_SCORE = 0.85
# An SSN- or ITIN-shaped number alone is too often a build or ticket number.
REQUIRES_CONTEXT = {"US_SSN", "US_ITIN"}
AGAINST_DISTANCE = 2  # words before the value (or its column header) where a context_against word counts
_GLUED = re.compile(r"([^\W_]+)[-:=#/_]?$")  # the token a value is glued to: "INC-" in "INC-2025550143"
RELABELS = ("DATE_OF_BIRTH", "HIRE_DATE")  # checked in this order; the nearest context word wins
OWN_CONTEXT = {"SECURITY_CLEARANCE": CLEARANCE_CONTEXT, "US_SSN": ["ssns"],
               "US_ITIN": ["itin", "taxpayer", "tax id", "tin"]}


_CAMEL = re.compile(r"(?<=\p{Ll})(?=\p{Lu})")  # "employeeNumber" is two words


def words(text: str) -> list[str]:
    return [m.group().lower() for m in _TOKEN.finditer(_CAMEL.sub(" ", text))]


def phrases(items: list[str]) -> list[tuple[str, ...]]:
    return [tuple(words(item)) for item in items if words(item)]


def _same(token: str, word: str) -> bool:
    return token == word or token == word + "s" or (word.endswith("#") and token == word[:-1])


def _find(seq: list[str], phrase: tuple[str, ...]) -> int:
    """Index of the first occurrence of ``phrase`` in ``seq`` (tolerating plurals), or -1."""
    n = len(phrase)
    for i in range(len(seq) - n + 1):
        if all(_same(seq[i + k], phrase[k]) for k in range(n)):
            return i
    return -1


LEAD_INS = [("area", "code"), ("country", "code")]


def add_lead_in_context(columns: list) -> list:
    """A column right after an "Area code" column holds the rest of the number: that header is its context too."""
    for left, right in zip(columns, columns[1:]):
        if left.context and any(_find(words(left.context[0]), p) >= 0 for p in LEAD_INS):
            right.context = right.context + left.context
    return columns


@dataclass
class ContextIndex:
    """Words of one text plus its explicit context, for window look-ups around hits."""

    text: str
    explicit: list[str]
    window: int

    def __post_init__(self) -> None:
        matches = list(_TOKEN.finditer(self.text))
        self._starts = [m.start() for m in matches]
        self._ends = [m.end() for m in matches]
        self._words = [m.group().lower() for m in matches]
        self._breaks = [m.end() for m in _SENTENCE_END.finditer(self.text)]
        self._explicit = [words(item) for item in self.explicit]

    def nearest(self, start: int, end: int, wanted: list[tuple[str, ...]]) -> tuple[str, float] | None:
        """The closest wanted phrase as (phrase, distance in words); explicit context is distance 0."""
        best: tuple[str, float] | None = None
        for seq in self._explicit:
            for phrase in wanted:
                if _find(seq, phrase) >= 0:
                    return " ".join(phrase), 0
        first = bisect.bisect_right(self._ends, start)  # first word ending after the hit starts
        after = bisect.bisect_left(self._starts, end)  # first word starting at or after its end
        b = bisect.bisect_right(self._breaks, start)
        lo = bisect.bisect_left(self._starts, self._breaks[b - 1]) if b else 0
        hi = bisect.bisect_left(self._starts, self._breaks[b]) if b < len(self._breaks) else len(self._starts)
        before = self._words[max(lo, first - self.window):first]
        following = self._words[after:min(hi, after + self.window)]
        for phrase in wanted:
            at = _find(before[::-1], phrase[::-1])
            if at >= 0 and (best is None or at + 1 < best[1]):
                best = (" ".join(phrase), at + 1)
            at = _find(following, phrase)
            if at >= 0 and (best is None or at + 1.5 < best[1]):  # a label before the value wins a tie
                best = (" ".join(phrase), at + 1.5)
        return best


class ContextRules:
    """The policy's context words per entity, applied to the hits of one text."""

    def __init__(self, policy: Policy):
        self.window = int(policy.get("detection.context_window", 5))
        configured = policy.get("context", {}) or {}
        names = set(configured) | set(OWN_CONTEXT)
        self.words = {e: phrases(list(configured.get(e, [])) + OWN_CONTEXT.get(e, [])) for e in names}
        self.against = {e: phrases(list(w)) for e, w in (policy.get("context_against", {}) or {}).items()}

    def keywords(self) -> set[str]:
        """Every context phrase, lower case (a span that *is* a keyword is not a name)."""
        return {" ".join(p) for plist in self.words.values() for p in plist}

    def apply(self, hits: list[Hit], index: ContextIndex) -> list[Hit]:
        kept = []
        for hit in hits:
            if hit.denied or hit.recognizer == COLUMN_RECOGNIZER:  # the column already is the context
                kept.append(hit)
                continue
            if hit.entity_type == "DATE_TIME" and self._relabel(hit, index):
                kept.append(hit)
                continue
            found = self._found(hit, index)
            if hit.entity_type in REQUIRES_CONTEXT and found is None or self._labelled_otherwise(hit, index, found):
                continue
            self._score(hit, found)
            kept.append(hit)
        return kept

    @staticmethod
    def _score(hit: Hit, found: tuple[str, float] | None) -> None:
        """Our window decides: Presidio's lemma boost (which crosses sentences) is replaced by ours."""
        original = float(hit.explanation.get("original_score", hit.score))
        if found is None:
            if hit.explanation.get("score_context_improvement"):
                hit.note("no context word within the sentence window", original)
                hit.explanation.update(supportive_context_word="", score_context_improvement=0)
            return
        target = max(hit.score, min(1.0, max(original + BOOST, 0.4)))
        hit.note(f"context word '{found[0]}' near the value", target)
        hit.explanation.update(supportive_context_word=found[0], score_context_improvement=round(target - original, 4))

    def _labelled_otherwise(self, hit: Hit, index: ContextIndex, found: tuple[str, float] | None) -> bool:
        """A context_against word right before the value (nearer than any context word), or a glued prefix."""
        wanted = self.against.get(hit.entity_type)
        if not wanted:
            return False
        glued = _GLUED.search(index.text, max(0, hit.start - 40), hit.start)
        if glued and glued.end() == hit.start:
            return not any(_find(words(glued.group(1)), p) >= 0 for p in self.words.get(hit.entity_type, []))
        other = index.nearest(hit.start, hit.end, wanted)
        return other is not None and other[1] <= AGAINST_DISTANCE and (found is None or found[1] > other[1])

    def _found(self, hit: Hit, index: ContextIndex) -> tuple[str, float] | None:
        wanted = self.words.get(hit.entity_type)
        return index.nearest(hit.start, hit.end, wanted) if wanted else None

    def _relabel(self, hit: Hit, index: ContextIndex) -> bool:
        if not any(c.isdigit() for c in hit.text(index.text)):
            return False
        best: tuple[str, str, float] | None = None
        for entity in RELABELS:
            found = index.nearest(hit.start, hit.end, self.words.get(entity, []))
            if found and (best is None or found[1] < best[2]):
                best = (entity, found[0], found[1])
        if best:
            hit.entity_type = best[0]
            hit.note(f"date relabelled {best[0]} by context word '{best[1]}'", max(hit.score, RELABELLED_DATE_SCORE))
            hit.explanation["supportive_context_word"] = best[1]
        return best is not None
