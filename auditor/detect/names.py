"""What a personal name looks like, for table cells and list lines that NER misses."""
from __future__ import annotations

import regex as re

WORD = r"\p{Lu}[\p{L}'’\-]*\p{L}"  # "Smith", "O'Neil", "Jean-Luc", "SMITH"
INITIAL = r"\p{Lu}\."
PARTICLES = {"de", "del", "della", "der", "di", "da", "dos", "du", "la", "le", "van", "von", "bin", "al", "y", "ter"}
PLACEHOLDERS = {"n/a", "na", "tbd", "tba", "vacant", "unknown", "none", "null", "redacted", "-", "—", "various",
                "total", "yes", "no", "true", "false", "other", "pending"}
# Words that make a Title-Case phrase a label rather than a name ("Start Date", "Project Name").
NOT_NAME_WORDS = {
    "date", "name", "project", "total", "number", "phone", "email", "mail", "address", "office", "title", "status",
    "type", "id", "notes", "note", "summary", "report", "department", "division", "unit", "team", "section",
    "agency", "program", "service", "services", "support", "operations", "officer", "analyst", "manager",
    "director", "chief", "station", "staff", "security", "clearance", "level", "grade", "start", "end", "hire",
    "birth", "employee", "badge", "position", "role", "location", "city", "state", "country", "street", "the",
    "and", "of", "for", "to", "in", "on", "at", "by", "with", "from", "meeting", "agenda", "item", "items",
    "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "street", "road",
    "desk", "helpdesk", "help", "line", "hotline", "switchboard", "reception", "front",
    "secret", "confidential", "classified", "unclassified", "polygraph", "poly",  # clearance levels, not names
}
_TOKEN = re.compile(rf"^(?:{WORD}|{INITIAL}|\p{{Lu}})$")
_SPLIT = re.compile(r"[\s,]+")


def looks_like_name(cell: str, *, single_ok: bool = True) -> bool:
    """A table cell shaped like a name: "Last, First", "First L.", "FIRST LAST", "Jean-Luc de la Croix".

    ``single_ok`` accepts one word (a first-name or last-name column).
    """
    value = " ".join(cell.split())
    if not value or len(value) > 60 or value.casefold() in PLACEHOLDERS or re.search(r"[\d@_/\\|:;]", value):
        return False
    if value.count(",") > 1:
        return False
    tokens = [t for t in _SPLIT.split(value) if t]
    if not tokens or len(tokens) > 5 or (len(tokens) == 1 and not single_ok):
        return False
    if any(t.lower().strip(".") in NOT_NAME_WORDS for t in tokens):
        return False
    real = [t for t in tokens if t.lower() not in PARTICLES]
    return bool(real) and all(_TOKEN.match(t) for t in real) and any(len(t.strip(".")) > 1 for t in real)
