"""Tables: classify columns from header and a sample, then check every cell.

A column's header is context for each of its cells. A classified column adds
a whole-cell check (a PERSON column takes every name-shaped cell as a person,
even where NER misses it). Results are cached per (column, value), so a
repeated value is analysed once.
"""
from __future__ import annotations

import functools
import re as std_re  # the stdlib engine is faster on the simple whole-cell shapes run over every value
from collections.abc import Callable
from dataclasses import dataclass, field

import regex as re

from auditor.detect.context import phrases, words
from auditor.detect.hits import COLUMN_RECOGNIZER, Hit, made_hit
from auditor.detect.names import looks_like_name
from auditor.detect.recognizers import is_clearance_term
from auditor.detect.recognizers.builtin import has_public_suffix
from auditor.policy import Policy

# Checked in this order: the first entity whose keyword is in the header wins ("Office Phone" is a phone).
HEADER_KEYWORDS: dict[str, list[str]] = {
    "US_SSN": ["ssn", "social security", "ss#"],
    "EMAIL_ADDRESS": ["email", "e mail", "mail", "courriel", "correo"],
    "PHONE_NUMBER": ["phone", "mobile", "tel", "telephone", "téléphone", "teléfono", "telefono", "telefon", "cell"],
    "EMPLOYEE_ID": ["employee id", "employee number", "emp no", "emp id", "badge", "staff id", "personnel number"],
    "DATE_OF_BIRTH": ["dob", "date of birth", "birth date", "birthdate", "naissance", "nacimiento", "geburtsdatum"],
    "HIRE_DATE": ["hire date", "start date", "eod", "entered on duty", "date hired", "hired"],
    "SECURITY_CLEARANCE": ["clearance"],
    "PERSON": ["name", "names", "first name", "last name", "surname", "given name", "full name", "last first",
               "first last", "firstname", "lastname", "fullname", "employee", "officer", "nom", "prénom",
               "prenom", "apellido", "apellidos", "nombre", "vorname", "nachname", "familienname"],
    "JOB_TITLE": ["title", "position", "role", "poste", "puesto", "cargo", "titel", "funktion"],
    "ORG_UNIT": ["office", "unit", "division", "department", "directorate", "abteilung", "service"],
}
# A "name" header that names something else: "Project Name", "Host name", "File name".
NOT_PERSON_HEADER = {"project", "file", "host", "user", "username", "company", "org", "organization", "domain",
                     "server", "product", "team", "site", "building", "city", "street", "program", "course", "event",
                     "document", "account", "unit", "office", "department", "vendor", "client", "customer", "app"}
_SSN_DASHED = re.compile(r"\d{3}([- .])\d{2}\1\d{4}")
_ID_SHAPE = re.compile(r"[A-Za-z]{0,4}[-_ ]?\d{3,10}[A-Za-z]?")
# Whole-cell shapes that stand for themselves in a column of that entity (no Presidio pass needed).
_EMAIL_SHAPE = std_re.compile(r"[\w.%+'-]+@((?:[\w-]+\.)+[A-Za-z]{2,63})")
_NANP_SHAPE = std_re.compile(r"(?:\+?1[ .-]?)?(?:\([2-9]\d\d\)|[2-9]\d\d)[ .-]?[2-9]\d\d[ .-]?\d{4}")
_SSN_PARTS = std_re.compile(r"(\d{3})([- .]?)(\d{2})\2(\d{4})", std_re.ASCII)
_SAMPLE_SSNS = {"123456789", "987654320", "078051120"}
FREE_TEXT_WORDS = 4  # cells with this many words get NER; shorter ones patterns only


@dataclass
class Column:
    entity: str | None  # classified entity, or None
    source: str = ""  # "header" or "sample"
    score: float = 0.85
    context: list[str] = field(default_factory=list)  # header and its words


def _ssn_ok(cell: str) -> bool:
    """SSN-shaped and issuable: Presidio's invalid-SSN rules plus the never-issued 9xx area, without
    its per-character loops (a test holds the two equal)."""
    match = _SSN_PARTS.fullmatch(cell)
    if not match:
        return False
    area, group, serial = match.group(1, 3, 4)
    digits = area + group + serial
    return not (area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000"
                or digits in _SAMPLE_SSNS or digits == digits[0] * 9)


class ColumnChecks:
    """Whole-cell checks per entity, built from the policy."""

    def __init__(self, policy: Policy):
        id_patterns = [re.compile(p["regex"], re.IGNORECASE) for p in policy.get("personnel.employee_id_patterns", [])]
        self.checks: dict[str, Callable[[str], bool]] = {
            "PERSON": looks_like_name,
            "US_SSN": _ssn_ok,
            "EMPLOYEE_ID": lambda c: bool(_ID_SHAPE.fullmatch(c)) or any(p.fullmatch(c) for p in id_patterns),
            "SECURITY_CLEARANCE": lambda c: is_clearance_term(c) or c.strip() in ("Q", "L"),
        }
        extra = policy.get("context", {}) or {}
        self.keywords = {e: phrases(kw + list(extra.get(e, []))) for e, kw in HEADER_KEYWORDS.items()}

        # Whole-cell shapes that need no further analysis: classification checks plus email and US phone.
        self.direct: dict[str, Callable[[str], bool]] = dict(self.checks)
        self.direct["EMAIL_ADDRESS"] = _email_ok
        if "US" in policy.get("detection.phone_regions", ["US"]):
            self.direct["PHONE_NUMBER"] = lambda c: bool(_NANP_SHAPE.fullmatch(c))

    def header_entity(self, header: str) -> str | None:
        tokens = words(header)
        for entity, wanted in self.keywords.items():
            if any(_contains(tokens, p) for p in wanted):
                if entity == "PERSON" and NOT_PERSON_HEADER & set(tokens):
                    continue
                return entity
        return None

    def classify(self, header: str | None, sample: list[str], share: float,
                 ner_share: Callable[[list[str]], float] | None) -> Column:
        context = [header, *words(header)] if header else []
        entity = self.header_entity(header) if header else None
        values = [v for v in sample if v.strip()]
        check = self.checks.get(entity) if entity else None
        if entity and (check is None or (values and _share(values, check) >= share)):
            return Column(entity, "header", 0.85, context)
        if not values:
            return Column(None, context=context)
        if header is None:  # a header that names something else ("Build") is context against
            if _share(values, lambda c: bool(_SSN_DASHED.fullmatch(c)) and _ssn_ok(c)) >= max(share, 0.5):
                return Column("US_SSN", "sample", 0.75, context)
            if _share(values, self.checks["SECURITY_CLEARANCE"]) >= max(share, 0.5):
                return Column("SECURITY_CLEARANCE", "sample", 0.75, context)
        names = [v for v in values if looks_like_name(v, single_ok=False)]
        if ner_share and len(names) >= share * len(values) and ner_share(names) * len(names) >= share * len(values):
            return Column("PERSON", "sample", 0.75, context)
        return Column(None, context=context)

    def cell_hit(self, column: Column, cell: str) -> Hit | None:
        check = self.checks.get(column.entity or "")
        stripped = cell.strip()
        if not check or not stripped or not check(stripped):
            return None
        start = cell.index(stripped)
        why = f"cell of a column classified {column.entity} by its {column.source}"
        return made_hit(column.entity, start, start + len(stripped), column.score, COLUMN_RECOGNIZER, why)


_known_domain = functools.lru_cache(maxsize=4096)(has_public_suffix)


def _email_ok(cell: str) -> bool:
    match = _EMAIL_SHAPE.fullmatch(cell)
    return bool(match) and _known_domain(match.group(1).lower())


def _contains(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(tokens[i:i + n]) == phrase for i in range(len(tokens) - n + 1))


def _share(values: list[str], check: Callable[[str], bool]) -> float:
    return sum(1 for v in values if check(v.strip())) / len(values)


def sample_size(policy: Policy) -> int:
    """Rows of a table that column classification reads."""
    return int(policy.get("detection.table_sample_rows", 200))


def sample_rows(n_rows: int, size: int) -> list[int]:
    """A deterministic, evenly spaced sample of row indices (all rows when few)."""
    if n_rows <= size:
        return list(range(n_rows))
    return sorted({round(i * (n_rows - 1) / (size - 1)) for i in range(size)}) if size > 1 else [0]


def is_free_text(cell: str) -> bool:
    return len(cell.split()) >= FREE_TEXT_WORDS and bool(re.search(r"\p{L}{3}", cell))
