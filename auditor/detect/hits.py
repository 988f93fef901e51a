"""Hit: one candidate span inside a piece of text, before it becomes a Detection.

Hits carry offsets into the analysed text, never copies of it; the raw value is
only sliced out when the final Detection is built.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from presidio_analyzer import RecognizerResult

DENY_PATTERN = "deny_list"  # Presidio's pattern name for deny-list regexes (which embed the values)
DENY_RECOGNIZER = "PolicyDenyList"  # our recognizers for the policy's ``deny:`` values
COLUMN_RECOGNIZER = "ColumnClassifier"  # whole cells of a classified column
EXPLANATION_KEYS = ("recognizer", "pattern_name", "pattern", "original_score", "score", "textual_explanation",
                    "score_context_improvement", "supportive_context_word", "validation_result")


@dataclass
class Hit:
    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str
    explanation: dict[str, Any] = field(default_factory=dict)
    denied: bool = False  # from a policy deny list: always reported

    def text(self, source: str) -> str:
        return source[self.start:self.end]

    def overlaps(self, other: "Hit") -> bool:
        return self.start < other.end and other.start < self.end

    def note(self, line: str, score: float | None = None) -> None:
        """Record a decision of ours (context boost, relabel, column) in the explanation."""
        previous = self.explanation.get("textual_explanation")
        self.explanation["textual_explanation"] = f"{previous}\n{line}" if previous else line
        if score is not None:
            self.score = round(min(1.0, score), 4)
            self.explanation["score"] = self.score


class SpanIndex:
    """Hits sorted by start: the ones overlapping a span in O(log n + k), not a scan of them all
    (a 0.5 MB text has ten thousand hits)."""

    def __init__(self, hits: list[Hit] = ()) -> None:
        self._hits = sorted(hits, key=lambda h: h.start)
        self._starts = [h.start for h in self._hits]
        self._longest = max((h.end - h.start for h in self._hits), default=0)

    def overlapping(self, span: Hit) -> list[Hit]:
        lo = bisect.bisect_left(self._starts, span.start - self._longest)
        hi = bisect.bisect_left(self._starts, span.end)
        return [h for h in self._hits[lo:hi] if h.overlaps(span)]

    def add(self, hit: Hit) -> None:
        at = bisect.bisect_right(self._starts, hit.start)
        self._starts.insert(at, hit.start)
        self._hits.insert(at, hit)
        self._longest = max(self._longest, hit.end - hit.start)


def explanation_dict(result: RecognizerResult) -> dict[str, Any]:
    """The decision process of one Presidio result, without deny-list regexes (they hold values)."""
    raw = result.analysis_explanation.to_dict() if result.analysis_explanation else {}
    out = {key: raw.get(key) for key in EXPLANATION_KEYS if raw.get(key) not in (None, "")}
    if raw.get("pattern_name") == DENY_PATTERN:
        out.pop("pattern", None)
    return out


def from_result(result: RecognizerResult) -> Hit:
    meta = result.recognition_metadata or {}
    name = meta.get(RecognizerResult.RECOGNIZER_NAME_KEY) or "unknown"
    explanation = explanation_dict(result)
    explanation.setdefault("recognizer", name)
    return Hit(result.entity_type, result.start, result.end, round(result.score, 4), name, explanation,
               denied=explanation.get("pattern_name") == DENY_PATTERN and name == DENY_RECOGNIZER)


def made_hit(entity_type: str, start: int, end: int, score: float, recognizer: str, why: str) -> Hit:
    """A hit produced by our own logic (list lines, column checks), with an explanation."""
    explanation = {"recognizer": recognizer, "original_score": score, "score": score, "textual_explanation": why}
    return Hit(entity_type, start, end, score, recognizer, explanation)
