"""Score and decide each file, roll containers up, and decide the scan.

Score: the saturating sum of policy weights over exposure facts, 0-100:
``100 * (1 - exp(-sum / 40))`` where the sum counts, per file, each linked
identity (identifier weights + attribute weights), each lone government ID,
and a destination factor. Rules from the policy can force warn or block.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from auditor.models import DECISION_ORDER, LEVELS, Assessment, FileResult
from auditor.policy import Policy
from auditor.risk.individuals import UnionFind, by_record, count_people, link, person_keys

LEVEL_FLOORS = (0, 1, 30, 60, 85)  # score at which each of LEVELS starts
UNREAD = {"error": "could not be read", "unscannable": "could not be scanned", "partial": "was only partly read"}


@dataclass
class RiskContext:
    recipients: list[str] = field(default_factory=list)  # --to ADDRESS values for plain files


def _level(score: int) -> str:
    return [lvl for lvl, floor in zip(LEVELS, LEVEL_FLOORS) if score >= floor][-1] if score else "none"


def _worse(a: str, b: str) -> str:
    return a if DECISION_ORDER[a] >= DECISION_ORDER[b] else b


def _by_threshold(score: int, policy: Policy) -> str:
    if score >= policy.get("risk.thresholds.block", 70):
        return "block"
    return "warn" if score >= policy.get("risk.thresholds.warn", 30) else "pass"


def _assess_file(result: FileResult, policy: Policy, forest: UnionFind) -> tuple[Assessment, list[list[str]]]:
    reasons: list[str] = []
    decision, total = "pass", 0.0
    people: list[list[str]] = []
    exposed = Counter()
    for record in by_record(result.detections).values():
        groups = person_keys(record, policy)
        people += groups
        attributes = {d.entity_type for d in record if policy.entity(d.entity_type).get("kind") == "attribute"}
        weight = sum(policy.entity(d.entity_type).get("weight", 1) for d in record)
        total += weight * (1.5 if groups and attributes else 1.0)
        if groups and attributes:
            exposed.update(attributes)
    link(people, forest)
    individuals = count_people(people, UnionFind()) if people else 0
    gov = Counter(d.entity_type for d in result.detections if policy.entity(d.entity_type).get("kind") == "government_id")
    if gov:
        decision = "block"
        reasons.append(", ".join(f"{n} {t}" for t, n in sorted(gov.items())) + " (government ID)")
    if exposed & Counter({"SECURITY_CLEARANCE": 1, "JOB_TITLE": 1}):
        decision = "block"
    if exposed:
        linked = ", ".join(t.lower().replace("_", " ") for t in sorted(exposed))
        reasons.append(f"{individuals} individual(s) identified together with {linked}")
    elif individuals:
        reasons.append(f"{individuals} individual(s) identified")
    if individuals >= policy.get("risk.roster_min_individuals", 10) and exposed:
        decision = "block"
        reasons.append(f"a list of {individuals} people with employment details")
    score = int(round(100 * (1 - math.exp(-total / 40))))
    decision = _worse(decision, _by_threshold(score, policy))
    if result.status != "scanned":
        decision = _worse(decision, policy.get("risk.unscannable", "warn"))
        reasons.append(f"{UNREAD[result.status]}: {result.reason}")
    return Assessment(decision=decision, score=score, level=_level(score), reasons=reasons,
                      individuals=individuals), people


def assess_scan(results: list[FileResult], policy: Policy, context: RiskContext) -> Assessment:
    forest = UnionFind()
    everyone: list[list[str]] = []
    for result in results:
        result.assessment, people = _assess_file(result, policy, forest)
        everyone += people
    by_path = {r.item.path: r for r in results}
    for result in reversed(results):  # children come after parents: roll up bottom-first
        parent = by_path.get(result.item.parent or "")
        if parent is None:
            continue
        mine, theirs = parent.assessment, result.assessment
        mine.decision = _worse(mine.decision, theirs.decision)
        mine.score = max(mine.score, theirs.score)
        mine.level = _level(mine.score)
        mine.individuals += theirs.individuals
        mine.reasons += [f"{result.item.name}: {r}" for r in theirs.reasons[:3]]
    overall = Assessment(individuals=count_people(everyone, forest))
    for result in results:
        overall.decision = _worse(overall.decision, result.assessment.decision)
        overall.score = max(overall.score, result.assessment.score)
    worst_first = sorted((r for r in results if r.item.parent is None),
                         key=lambda r: (-DECISION_ORDER[r.assessment.decision], -r.assessment.score, r.item.path))
    for result in worst_first:
        overall.reasons += [f"{result.item.path}: {r}" for r in result.assessment.reasons[:2]]
    overall.level = _level(overall.score)
    return overall
