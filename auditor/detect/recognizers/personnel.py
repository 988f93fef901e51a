"""Recognizers for personnel attributes: clearances, employee IDs, sensitive roles, org units.

Weak patterns score below the entity's min_score on purpose: they only count
when a context word (or a column header) lifts them, see ``detect.context``.
"""
from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern, PatternRecognizer

_SCI = r"\s*/{1,2}\s*(?-i:SCI)"
_POLY = r"(?:(?-i:CI|FS)|full[\s-]?scope|counter[\s-]?intelligence|lifestyle)\s+poly(?:graph)?\b"
_WITH_POLY = rf"(?:\s*(?:w/|with|\+|&|and|,)?\s*{_POLY})?"
CLEARANCE_CONTEXT = ["clearance", "clearances", "cleared", "ts", "sci", "polygraph", "poly", "security clearance"]
CLEARANCE_PATTERNS = [
    Pattern("TS/SCI", rf"\b(?-i:TS){_SCI}\b{_WITH_POLY}", 0.95),
    Pattern("Top Secret", rf"\btop\s+secret(?:{_SCI})?\b{_WITH_POLY}", 0.6),
    # the level only: "clearance" is its context, not part of the value
    Pattern("level + clearance", r"\b(?:top\s+secret|secret|confidential|(?-i:TS)(?:" + _SCI + r")?"
            r"|(?:DOE\s+)?(?-i:[QL]))(?=\s+(?:security\s+)?clearances?\b)", 0.9),
    Pattern("DOE Q/L", r"\bDOE\s+(?-i:[QL])\b", 0.85),
    Pattern("polygraph", rf"\b{_POLY}", 0.85),
    Pattern("level word (needs context)", r"\b(?:secret|confidential|(?-i:TS)|polygraph)\b", 0.3),
]
_CLEARANCE_TERM = re.compile(r"(?:" + "|".join(p.regex for p in CLEARANCE_PATTERNS) + r")",
                             re.IGNORECASE | re.DOTALL)


def is_clearance_term(text: str) -> bool:
    """True when the whole text is a clearance term ("TS/SCI", "Secret", "CI poly")."""
    return bool(_CLEARANCE_TERM.fullmatch(text.strip(" .,;:()")))


def phrase_pattern(name: str, phrases: list[str], score: float) -> Pattern:
    """One regex for a vocabulary of phrases: any whitespace between words, optional plural."""
    words = sorted({" ".join(p.split()) for p in phrases if p.strip()}, key=lambda w: (-len(w), w))
    body = "|".join(r"\s+".join(re.escape(w) for w in phrase.split(" ")) for phrase in words)
    return Pattern(name, rf"(?<![\w-])(?:{body})s?(?![\w-])", score)


def clearance_recognizer() -> PatternRecognizer:
    return PatternRecognizer("SECURITY_CLEARANCE", name="ClearanceRecognizer", patterns=list(CLEARANCE_PATTERNS),
                             context=[w for w in CLEARANCE_CONTEXT if " " not in w])


def employee_id_recognizer(patterns: list[dict], context: list[str]) -> PatternRecognizer | None:
    if not patterns:
        return None
    built = [Pattern(p["name"], p["regex"], float(p["score"])) for p in patterns]
    return PatternRecognizer("EMPLOYEE_ID", name="EmployeeIdRecognizer", patterns=built,
                             context=[w for w in context if " " not in w] or None)


def vocabulary_recognizer(entity: str, name: str, phrases: list[str], score: float) -> PatternRecognizer | None:
    """Case-insensitive phrase match for a policy vocabulary (sensitive roles, org units)."""
    if not any(p.strip() for p in phrases):
        return None
    return PatternRecognizer(entity, name=name, patterns=[phrase_pattern(name, phrases, score)])
