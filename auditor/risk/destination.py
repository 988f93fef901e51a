"""Where content is going: the nearest email envelope above an item, or the --to recipients."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.models import FileResult
from auditor.policy import Policy


@dataclass(frozen=True)
class Destination:
    kind: str  # internal | external | unknown
    external_domains: tuple[str, ...] = ()
    sender: dict = field(default_factory=dict, compare=False)  # the envelope of the carrying email

    def phrase(self) -> str:
        if self.kind == "external":
            many = len(self.external_domains) > 1
            return f"recipient domain{'s' if many else ''} {', '.join(self.external_domains)} " \
                   f"{'are' if many else 'is'} external"
        if self.kind == "unknown":
            return "the destination is unknown (no recipients given; use --to)"
        return "all recipients are internal"


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower().strip(" >")


def is_internal(domain: str, policy: Policy) -> bool:
    known = [d.lower() for d in policy.get("organization.internal_domains", []) + policy.get(
        "organization.trusted_domains", [])]
    return any(domain == d or domain.endswith("." + d) for d in known)


def envelope_of(result: FileResult, by_path: dict[str, FileResult]) -> dict | None:
    current: FileResult | None = result
    while current is not None:
        envelope = current.item.meta.get("envelope")
        if envelope:
            return envelope
        current = by_path.get(current.item.parent or "")
    return None


def destination(result: FileResult, by_path: dict[str, FileResult], recipients: list[str],
                policy: Policy) -> Destination:
    envelope = envelope_of(result, by_path)
    addresses = [a for k in ("to", "cc", "bcc") for a in envelope.get(k, [])] if envelope else list(recipients)
    domains = sorted({_domain(a) for a in addresses if "@" in a})
    if not domains:
        return Destination("unknown", sender=envelope or {})
    outside = tuple(d for d in domains if not is_internal(d, policy))
    return Destination("external" if outside else "internal", outside, envelope or {})


def sender_names(envelope: dict) -> set[str]:
    """Lower-cased name forms of the sender: display names and the address's local part."""
    names = {" ".join(n.lower().split()) for n in envelope.get("from_names", [])}
    for address in envelope.get("from", []):
        local = address.split("@", 1)[0]
        names.add(" ".join(re.split(r"[._-]+", local.lower())))
    return {n for n in names if n}
