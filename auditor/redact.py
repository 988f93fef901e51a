"""Masked evidence and keyed fingerprints: the only forms in which values leave detect.

Fingerprints are HMAC-SHA256 over a normalised value, so low-entropy values
(an SSN has ~10^9 possibilities) cannot be brute-forced from a report.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hmac

KEY_ENV = "AUDITOR_KEY"
MIN_KEY_BYTES = 32
DIGEST_BYTES = 16  # a fingerprint is the hex of the keyed HMAC's first 16 bytes
SHOWN_ENTITIES = {"SECURITY_CLEARANCE", "JOB_TITLE", "ORG_UNIT"}  # policy vocabulary, not personal
DIGIT_ENTITIES = {"US_SSN", "PHONE_NUMBER", "CREDIT_CARD", "US_BANK_NUMBER", "US_ITIN", "US_PASSPORT",
                  "US_DRIVER_LICENSE", "EMPLOYEE_ID", "IP_ADDRESS"}
DATE_ENTITIES = {"HIRE_DATE", "DATE_OF_BIRTH", "DATE_TIME"}


_DIGITS_ONLY = DIGIT_ENTITIES - {"EMPLOYEE_ID", "US_PASSPORT", "US_DRIVER_LICENSE"}
_NON_DIGIT = re.compile(r"\D")
_NOT_NAME = re.compile(r"[^\w\s'-]")
_SEPARATORS = re.compile(r"[\s_-]+")


class FingerprintKeyError(ValueError):
    """A fingerprint key that is missing, unreadable or too short."""


def normalise(entity_type: str, value: str) -> str:
    """Canonical form so that the same value written differently fingerprints alike."""
    if value.isascii():  # nothing to decompose (the common case, and the hot path for large tables)
        text = value.lower().strip()
    else:
        text = unicodedata.normalize("NFKD", value)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()
    if entity_type in _DIGITS_ONLY:
        return _NON_DIGIT.sub("", text) or text
    if entity_type == "PERSON":
        if "," in text:  # "Last, First" -> "first last"
            last, _, first = text.partition(",")
            text = f"{first} {last}"
        return " ".join(_NOT_NAME.sub(" ", text).split())
    return " ".join(_SEPARATORS.sub(" ", text).split())


def read_key_file(path: str | Path) -> bytes:
    """A secret key file: at least MIN_KEY_BYTES random bytes (never printed)."""
    try:
        key = Path(path).read_bytes()
    except OSError as exc:
        raise FingerprintKeyError(f"{path}: cannot read key file: {exc.strerror}") from None
    if len(key) < MIN_KEY_BYTES:
        raise FingerprintKeyError(f"{path}: key file holds {len(key)} bytes; at least {MIN_KEY_BYTES} random bytes "
                                  "are needed")
    return key


@dataclass(frozen=True)
class Fingerprinter:
    key: bytes
    linkable: bool  # True when the key is stable across runs (env or key file)
    source: str  # "env", "file" or "random"

    @classmethod
    def from_environment(cls, key_file: str | Path | None = None) -> "Fingerprinter":
        if key_file:
            return cls(read_key_file(key_file), True, "file")
        env = os.environ.get(KEY_ENV)
        if env:
            key = env.encode()
            if len(key) < MIN_KEY_BYTES:
                raise FingerprintKeyError(f"{KEY_ENV} holds {len(key)} bytes; at least {MIN_KEY_BYTES} are needed")
            return cls(key, True, "env")
        return cls(os.urandom(MIN_KEY_BYTES), False, "random")

    def __post_init__(self) -> None:  # keyed once; each digest copies it (half the cost of a fresh HMAC)
        object.__setattr__(self, "_mac", hmac.HMAC(self.key, hashes.SHA256()))

    def __reduce__(self):  # the keyed HMAC state is rebuilt, not pickled (worker processes)
        return Fingerprinter, (self.key, self.linkable, self.source)

    def raw(self, message: str | bytes) -> bytes:
        """The first DIGEST_BYTES of the keyed HMAC: a fingerprint's bytes (its hex is the fingerprint)."""
        mac = self._mac.copy()
        mac.update(message.encode("utf-8") if isinstance(message, str) else message)
        return mac.finalize()[:DIGEST_BYTES]

    def digest(self, message: str | bytes) -> str:
        return self.raw(message).hex()

    def value_raw(self, entity_type: str, value: str) -> bytes:
        return self.raw(f"{entity_type}\x1f{normalise(entity_type, value)}")

    def value(self, entity_type: str, value: str) -> str:
        """Fingerprint of one value; the entity type is part of the message."""
        return self.value_raw(entity_type, value).hex()


def _star_word(word: str) -> str:
    return word[:1] + "*" * max(len(word) - 1, 1)


def _keep_tail_digits(value: str, keep: int) -> str:
    digits = sum(c.isdigit() or c.isalpha() for c in value)
    shown, out = 0, []
    for c in reversed(value):
        if c.isalnum():
            out.append(c if shown < keep and digits > keep * 2 else "*")
            shown += 1
        else:
            out.append(c)
    return "".join(reversed(out))


def mask(entity_type: str, value: str) -> str:
    """Masked evidence that shows the shape of a value but not the value."""
    value = " ".join(value.split())
    if entity_type in SHOWN_ENTITIES:
        return value
    if entity_type == "EMAIL_ADDRESS" and "@" in value:
        local, _, domain = value.rpartition("@")
        return f"{local[:1]}{'*' * max(len(local) - 1, 3)}@{domain}"
    if entity_type in DATE_ENTITIES:
        return re.sub(r"[0-9]", "*", re.sub(r"[A-Za-z]", "*", value))
    if entity_type in DIGIT_ENTITIES:
        return _keep_tail_digits(value, 4 if len(value) >= 9 else 2)
    return " ".join(_star_word(w) for w in value.split(" "))
