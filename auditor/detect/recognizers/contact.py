"""Contact details Presidio's recognizers miss, and look-alikes they report (see tests/corpus/LABELLING.md).

- Obfuscated and URL-encoded mailboxes: ``dana [at] agency [dot] gov``, ``dana(at)agency.gov``, ``dana%40agency.gov``.
- Local 7-digit numbers (``555-0143``): weak alone, a phone only with a phone word or column nearby.
- Logins that look like addresses: ``ssh ops@host``, ``scp f deploy@host:/srv``, ``git@github.com:org/repo``.
"""
from __future__ import annotations

from typing import Optional

import regex as re
from presidio_analyzer import Pattern, PatternRecognizer

from auditor.detect.recognizers.builtin import has_public_suffix

_AT = r"\s?[\[({]\s?at\s?[\])}]\s?"
_DOT = r"(?:\s?[\[({]\s?dot\s?[\])}]\s?|\.)"
_LOCAL = r"(?<![\w.+%-])[\w.+-]*\w"
OBFUSCATED_EMAIL = [
    Pattern("address with [at] and [dot]", rf"{_LOCAL}{_AT}[a-z0-9-]+(?:{_DOT}[a-z0-9-]+)*{_DOT}[a-z]{{2,24}}\b", 0.75),
    Pattern("URL-encoded address", rf"{_LOCAL}%40[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{{2,24}}\b", 0.75),
]
LOCAL_PHONE_SCORE = 0.2  # below PHONE_NUMBER's min_score: only a context word lifts it
LOCAL_PHONE = Pattern("local 7-digit number", r"(?<![\w.+-])\d{3}[-.]\d{4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w-])",
                      LOCAL_PHONE_SCORE)
_LOGIN_COMMAND = re.compile(r"(?:^|[\s`'\"$(])(?:ssh|scp|sftp|rsync|mosh|ssh-copy-id|telnet)\s(?:\S+\s){0,3}$")
_URL_USERINFO = re.compile(r"[a-z][a-z0-9+.-]*://$", re.IGNORECASE)


def plain_address(value: str) -> str:
    """The address an obfuscated or encoded form stands for."""
    value = re.sub(rf"{_AT}|%40", "@", value, flags=re.IGNORECASE)
    return re.sub(r"\s?[\[({]\s?dot\s?[\])}]\s?", ".", value, flags=re.IGNORECASE)


class ObfuscatedEmailRecognizer(PatternRecognizer):
    def __init__(self, context: Optional[list[str]] = None):
        super().__init__("EMAIL_ADDRESS", name="ObfuscatedEmailRecognizer", patterns=list(OBFUSCATED_EMAIL),
                         context=context)

    def validate_result(self, pattern_text: str) -> bool:
        return has_public_suffix(plain_address(pattern_text).rpartition("@")[2])


def local_phone_recognizer(context: list[str]) -> PatternRecognizer:
    return PatternRecognizer("PHONE_NUMBER", name="LocalPhoneRecognizer", patterns=[LOCAL_PHONE], context=context)


def is_login(text: str, start: int, end: int) -> bool:
    """An address-shaped ``user@host`` that is a shell or git login: after ssh/scp/sftp/rsync on the same line,
    the user part of a ``scheme://`` URL, or followed by ``:path`` (scp and git remote syntax)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    after = text[end:end + 2]
    host_path = after[:1] == ":" and after[1:2] not in ("", " ", "\t", "\n", "\r")
    return host_path or bool(_URL_USERINFO.search(before) or _LOGIN_COMMAND.search(before))
