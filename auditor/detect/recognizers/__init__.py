"""The recognizer set for one policy: Presidio's, ours for personnel data, and the policy's own."""
from __future__ import annotations

from presidio_analyzer import EntityRecognizer, predefined_recognizers
from presidio_analyzer.nlp_engine import SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import PhoneRecognizer, SpacyRecognizer

from auditor.detect.recognizers.builtin import OfflineEmailRecognizer, PersonnelDateRecognizer, StrictSsnRecognizer
from auditor.detect.recognizers.contact import ObfuscatedEmailRecognizer, is_login, local_phone_recognizer
from auditor.detect.recognizers.custom import DENY_RECOGNIZER, custom_recognizers, deny_recognizers
from auditor.detect.recognizers.personnel import (
    clearance_recognizer, employee_id_recognizer, is_clearance_term, vocabulary_recognizer,
)
from auditor.policy import Policy

NER_ENTITIES = ("PERSON", "LOCATION", "NRP", "ORGANIZATION", "DATE_TIME")
DATE_ENTITIES = ("DATE_TIME", "HIRE_DATE", "DATE_OF_BIRTH")
# entity -> Presidio class, looked up when enabled (with auditor.lazy, a disabled one is never even imported)
_SIMPLE = {
    "CREDIT_CARD": "CreditCardRecognizer", "US_BANK_NUMBER": "UsBankRecognizer", "US_ITIN": "UsItinRecognizer",
    "US_DRIVER_LICENSE": "UsLicenseRecognizer", "US_PASSPORT": "UsPassportRecognizer", "IP_ADDRESS": "IpRecognizer",
    "URL": "UrlRecognizer",
}
__all__ = ["DENY_RECOGNIZER", "build_recognizers", "is_clearance_term", "is_login"]


def _words(policy: Policy, entity: str, base: list[str]) -> list[str]:
    """Presidio context words: its own plus the policy's single words (phrases are ours to match)."""
    extra = [w.lower() for w in policy.get(f"context.{entity}", []) if " " not in w.strip()]
    return list(dict.fromkeys(base + extra))


def build_recognizers(policy: Policy, engine: SpacyNlpEngine | None) -> list[EntityRecognizer]:
    """Recognizers for the policy's enabled entities; ``engine`` None means no NER."""
    on = lambda entity: policy.entity(entity).get("enabled", True)  # noqa: E731
    out: list[EntityRecognizer | None] = []
    if engine is not None and any(on(e) for e in NER_ENTITIES):
        out.append(SpacyRecognizer(supported_entities=engine.get_supported_entities()))
    if on("EMAIL_ADDRESS"):
        email_words = _words(policy, "EMAIL_ADDRESS", ["email", "mail"])
        out += [OfflineEmailRecognizer(context=email_words), ObfuscatedEmailRecognizer(context=email_words)]
    if on("PHONE_NUMBER"):
        regions = tuple(policy.get("detection.phone_regions", ["US"]))
        phone_words = _words(policy, "PHONE_NUMBER", list(PhoneRecognizer.CONTEXT))
        out += [PhoneRecognizer(context=phone_words, supported_regions=regions), local_phone_recognizer(phone_words)]
    if on("US_SSN"):
        out.append(StrictSsnRecognizer(context=_words(policy, "US_SSN", list(StrictSsnRecognizer.CONTEXT))))
    out += [getattr(predefined_recognizers, name)() for entity, name in _SIMPLE.items() if on(entity)]
    if any(on(e) for e in DATE_ENTITIES):
        out.append(PersonnelDateRecognizer(context=_words(policy, "DATE_TIME", list(PersonnelDateRecognizer.CONTEXT))))
    if on("SECURITY_CLEARANCE"):
        out.append(clearance_recognizer())
    if on("EMPLOYEE_ID"):
        out.append(employee_id_recognizer(policy.get("personnel.employee_id_patterns", []),
                                          policy.get("context.EMPLOYEE_ID", [])))
    if on("JOB_TITLE"):
        out.append(vocabulary_recognizer("JOB_TITLE", "SensitiveRoleRecognizer",
                                         policy.get("personnel.sensitive_roles", []), 0.85))
    if on("ORG_UNIT"):
        out.append(vocabulary_recognizer("ORG_UNIT", "OrgUnitRecognizer", policy.get("personnel.org_units", []), 0.85))
    out += custom_recognizers(policy.get("recognizers", []) or [])
    out += deny_recognizers(policy.get("deny", {}) or {})
    return [r for r in out if r is not None]
