"""Presidio's own recognizers, made offline and a little stricter where they over-report."""
from __future__ import annotations

from typing import Optional

import tldextract
from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import DateRecognizer, EmailRecognizer, UsSsnRecognizer

# Bundled public-suffix snapshot only: no URL to fetch, no cache directory to write.
_OFFLINE_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")


def has_public_suffix(text: str) -> bool:
    """True when ``text`` ends in a registrable domain of the bundled public-suffix list."""
    return _OFFLINE_TLD(text).fqdn != ""


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email recognizer validated against the bundled suffix list (issue #1205)."""

    def __init__(self, context: Optional[list[str]] = None):
        super().__init__(context=context, name="EmailRecognizer")

    def validate_result(self, pattern_text: str) -> bool:
        return has_public_suffix(pattern_text)


class StrictSsnRecognizer(UsSsnRecognizer):
    """Presidio's SSN rules plus the never-issued 9xx area (ITINs, test and build numbers)."""

    def __init__(self, context: Optional[list[str]] = None):
        super().__init__(context=context, name="UsSsnRecognizer")

    def invalidate_result(self, pattern_text: str) -> bool:
        digits = "".join(c for c in pattern_text if c.isdigit())
        return super().invalidate_result(pattern_text) or digits[:1] == "9"


class PersonnelDateRecognizer(DateRecognizer):
    """Presidio's numeric date patterns plus written-out months ("Dec 14, 2024", "14 December 2024")."""

    PATTERNS = DateRecognizer.PATTERNS + [
        Pattern("Month dd, yyyy", rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", 0.6),
        Pattern("dd Month yyyy", rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}}\b", 0.6),
    ]

    def __init__(self, context: Optional[list[str]] = None):
        super().__init__(patterns=self.PATTERNS, context=context, name="DateRecognizer")
