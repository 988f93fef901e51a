"""Score and decide each file, roll containers up, and decide the scan.

Evidence per file = sum over its people of identifier and attribute weights (times
``linked_factor`` when a person is linked to an attribute) plus government-ID weights,
times the destination and completeness factors. Score = 100 * (1 - exp(-evidence / scale)).
Named policy rules force warn or block; the worse of rules and score thresholds decides.
"""
from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from auditor.models import DECISION_ORDER, LEVELS, Assessment, FileResult, table_row
from auditor.policy import Policy
from auditor.risk.destination import Destination, destination, is_internal, sender_names
from auditor.risk.crowd import Crowd, Traits
from auditor.risk.individuals import IDENTIFYING, by_record, people_in_record
from auditor.risk.kanon import k_anonymity
from auditor.risk.rows import table_crowds
from auditor.risk.wording import attribute_phrase, completeness_found, people_count

LEVEL_FLOORS = {"low": 1, "medium": 30, "high": 60, "critical": 85}
UNREAD = {"error": "could not be read", "unscannable": "could not be scanned", "partial": "was only partly read"}


@dataclass
class RiskContext:
    recipients: list[str] = field(default_factory=list)  # --to ADDRESS values for plain files


def level(score: int) -> str:
    return max((lvl for lvl, floor in LEVEL_FLOORS.items() if score >= floor), key=LEVELS.index, default="none")


def worse(a: str, b: str) -> str:
    return a if DECISION_ORDER[a] >= DECISION_ORDER[b] else b


def _signature_line(result: FileResult) -> int | None:
    """Line of the '-- ' signature delimiter in an email's body, if any."""
    for segment in result.extraction.segments if result.extraction else []:
        if segment.location.get("part") == "body":
            for n, line in enumerate(segment.text.splitlines(), start=segment.first_line):
                if line.strip() == "--":
                    return n
    return None


def _is_senders(record: list, senders: set[str], addresses: set[str], signature: int | None) -> bool:
    """Headers, the signature block and records naming the sender describe the sender, not an exposure."""
    for d in record:
        part = d.location.get("part")
        if part == "headers" or (part == "body" and signature and d.location.get("line", 0) > signature):
            return True
        if d.entity_type in ("PERSON", "EMAIL_ADDRESS") and (
                " ".join(d.value.lower().split()) in senders or d.value.lower() in addresses):
            return True
    return False


def _own_people(result: FileResult, policy: Policy, traits: Traits) -> Crowd:
    envelope = result.item.meta.get("envelope")
    signature = _signature_line(result) if envelope else None
    senders = sender_names(envelope) if envelope else set()
    addresses = set(envelope.get("from", [])) if envelope else set()
    internal = functools.lru_cache(maxsize=1024)(lambda domain: is_internal(domain, policy))
    in_rows = [] if envelope else [d for d in result.detections if table_row(d.record)]
    crowds = table_crowds(in_rows, lambda entity: policy.entity(entity).get("kind"), internal, traits)
    people = []
    # an email's own text is checked record by record against its sender (tables in it, value by value)
    rest = [p for d in result.detections for p in d.split()] if envelope else [
        d for d in result.detections if not table_row(d.record)]
    for key, record in by_record(rest).items():
        if envelope and _is_senders(record, senders, addresses, signature):
            continue
        people += people_in_record(key, record, policy, internal)
    return Crowd.concat(traits, crowds + [Crowd.of(traits, people)])


class _Judge:
    def __init__(self, policy: Policy):
        self.rules = policy.get("risk.rules", {})
        self.reasons: list[str] = []
        self.decision = "pass"

    def rule(self, name: str, reason: str) -> None:
        self.decision = worse(self.decision, self.rules.get(name, "pass"))
        self.reasons.append(reason)


def _evidence(everyone: Crowd, policy: Policy) -> float:
    """Each individual's identifier and attribute weights, times ``linked_factor`` with an attribute."""
    traits, evidence = everyone.traits, 0.0
    linked_factor = policy.get("risk.linked_factor", 1.5)
    for factor, who in ((linked_factor, everyone.attr != 0), (1.0, everyone.attr == 0)):
        kinds, counts = np.unique((everyone.ident | everyone.attr)[who], return_counts=True)
        for mask, count in zip(kinds.tolist(), counts.tolist()):  # people alike are weighed once
            evidence += count * factor * sum(policy.entity(t).get("weight", 1) for t in traits.of(mask))
    return evidence


def _judge(result: FileResult, people: Crowd, dest: Destination, complete: bool,
           policy: Policy) -> Assessment:
    p = policy.get
    judge = _Judge(policy)
    everyone, traits = people.individuals(), people.traits
    ident, attr, inside = everyone.ident, everyone.attr, everyone.internal
    employment = traits.mask(p("risk.employment_entities", []))
    sensitive = traits.mask(p("risk.sensitive_entities", []))
    contact = traits.mask(p("risk.contact_entities", []))
    gov = Counter()
    for d in result.detections:
        if policy.entity(d.entity_type).get("kind") == "government_id":
            gov[d.entity_type] += d.count
    if gov:
        judge.rule("government_id", ", ".join(f"{n} {t}" for t, n in sorted(gov.items())) + " (government ID)")
    employed = ((attr & employment) != 0) | inside | ((ident & traits.mask(["EMPLOYEE_ID"])) != 0)
    if employed.sum() >= p("risk.roster_min_individuals", 10):
        found = traits.of(np.bitwise_or.reduce(attr[employed])) | ({"INTERNAL_EMAIL"} if inside[employed].any()
                                                                    else set())
        judge.rule("employment_list", f"{people_count(int(employed.sum()))} with {attribute_phrase(found)}; "
                                      f"{dest.phrase()}")
    linked = (attr & sensitive) != 0
    if linked.any():
        found = traits.of(np.bitwise_or.reduce(attr[linked]) & sensitive)
        judge.rule("linked_sensitive", f"{people_count(int(linked.sum()), 'identified person')} linked to "
                                       f"{attribute_phrase(found)}; {dest.phrase()}")
    contacts = int(((ident & contact) != 0).sum())
    if dest.kind != "internal" and contacts >= p("risk.contacts_min_individuals", 2):
        judge.rule("contacts_outside", f"{people_count(contacts)} with contact details; {dest.phrase()}")
    for match in (d for d in result.detections if d.entity_type == "ROSTER_MATCH"):
        weak = match.extra.get("strength") == "weak" and not match.extra.get("corroborated")
        variant = str(match.extra.get("variant", "name")).replace("_", " ")
        judge.rule("roster_match_weak" if weak else "roster_match",
                   f"{'possible match' if weak else 'match'} to protected roster row {match.extra.get('roster_row', '?')}"
                   f" ({variant}{', not corroborated' if weak else ''}); {dest.phrase()}")
    if complete and len(everyone) >= 2:
        judge.reasons.append("wording such as 'complete list' presents it as a complete list")
    if len(everyone) and not judge.reasons:
        judge.reasons.append(f"{people_count(len(everyone))} identified")
    evidence = sum(policy.entity(t).get("weight", 1) for t in gov.elements()) + _evidence(everyone, policy)
    evidence *= p(f"risk.destination_factors.{dest.kind}", 1.0) * (p("risk.completeness_factor", 1.3) if complete else 1)
    score = int(round(100 * (1 - math.exp(-evidence / p("risk.score_scale", 150)))))
    details = {"destination": dest.kind}
    for table in (result.extraction.tables if result.extraction else []):
        if any(table_row(d.record) for d in result.detections if policy.entity(d.entity_type).get("kind")
               in ("identifier", "government_id")):
            break
        kanon = k_anonymity(table, policy)
        if kanon:
            details.setdefault("k_anonymity", []).append(kanon)
            if kanon["share_below_k"] > p("risk.k_anonymity.max_share_below_k", 0.2):
                judge.decision = worse(judge.decision, p("risk.k_anonymity.decision", "warn"))
                judge.reasons.append(f"{kanon['records_below_k']} of {kanon['records']} records are in groups "
                                     f"smaller than {kanon['k']} on {', '.join(kanon['quasi_identifiers'])} "
                                     f"(smallest group {kanon['k_min']}): re-identifiable")
    if result.status != "scanned":
        judge.decision = worse(judge.decision, p("risk.unscannable", "warn"))
        judge.reasons.append(f"{UNREAD[result.status]}: {result.reason}")
    decision = worse(judge.decision, "block" if score >= p("risk.thresholds.block", 70)
                     else "warn" if score >= p("risk.thresholds.warn", 30) else "pass")
    floor = {"block": p("risk.thresholds.block", 70), "warn": p("risk.thresholds.warn", 30)}.get(decision, 0)
    score = max(score, int(math.ceil(floor)))
    return Assessment(decision=decision, score=score, level=level(score), reasons=judge.reasons,
                      individuals=len(everyone), details=details)


def assess_scan(results: list[FileResult], policy: Policy, context: RiskContext) -> Assessment:
    by_path = {r.item.path: r for r in results}
    kinds = (IDENTIFYING | {"attribute"}).__contains__
    traits = Traits(d.entity_type for r in results for d in r.detections
                    if kinds(policy.entity(d.entity_type).get("kind")))
    own: dict[str, Crowd] = {}
    for result in results:
        dest = destination(result, by_path, context.recipients, policy)
        own[result.item.path] = _own_people(result, policy, traits)
        complete = completeness_found(result, by_path, policy)
        result.assessment = _judge(result, own[result.item.path], dest, complete, policy)
    subtree = {path: [people] for path, people in own.items()}
    for result in reversed(results):  # children follow their parent: roll up from the bottom
        parent = by_path.get(result.item.parent or "")
        if parent is None:
            continue
        subtree[parent.item.path] += subtree[result.item.path]
        mine, theirs = parent.assessment, result.assessment
        carried = [f"{result.item.name}: {r}" for r in theirs.reasons[:3]]
        graver = DECISION_ORDER[theirs.decision] > DECISION_ORDER[mine.decision]
        mine.reasons = carried + mine.reasons if graver else mine.reasons + carried
        mine.decision = worse(mine.decision, theirs.decision)
        mine.score = max(mine.score, theirs.score)
        mine.level = level(mine.score)
    for result in results:
        result.assessment.individuals = Crowd.concat(traits, subtree[result.item.path]).count()
    overall = Assessment(individuals=Crowd.concat(traits, list(own.values())).count())
    for result in results:
        overall.decision = worse(overall.decision, result.assessment.decision)
        overall.score = max(overall.score, result.assessment.score)
    tops = sorted((r for r in results if r.item.parent is None),
                  key=lambda r: (-DECISION_ORDER[r.assessment.decision], -r.assessment.score, r.item.path))
    for result in tops:
        overall.reasons += [f"{result.item.path}: {r}" for r in result.assessment.reasons[:2]]
    overall.level = level(overall.score)
    return overall
