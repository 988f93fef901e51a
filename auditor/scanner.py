"""One scan: sources -> extract -> detect -> risk -> report, for the CLI and for Python callers."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO

from auditor.evidence.baseline import apply_baseline, apply_inline_allows, load_baseline
from auditor.detect.engine import NO_NLP
from auditor.engines import DetectorSettings, Plan, model_name, run
from auditor.models import FileResult, Item, ScanResult
from auditor.policy import Policy, load_policy
from auditor.redact import Fingerprinter
from auditor.report import build_report, validate_report
from auditor.risk import RiskContext, assess_scan
from auditor.roster import Roster, RosterError, read_secret_key
from auditor.sources import SourceOptions, iter_items

log = logging.getLogger("auditor")
STATUS_RANK = {"scanned": 0, "partial": 1, "unscannable": 2, "error": 3}


class NothingScanned(Exception):
    """No file matched the given paths and filters: a scan must never pass silently."""


@dataclass
class Scan:
    """The outcome of ``auditor.scan``: the in-memory result and its JSON report."""

    result: ScanResult
    report: dict[str, Any]
    policy: Policy = field(repr=False)
    fingerprinter: Fingerprinter | None = field(default=None, repr=False)

    @property
    def decision(self) -> str:
        return self.result.assessment.decision


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _settle_status(result: FileResult) -> None:
    """Sources may mark a container partial after it was read; keep the worse status."""
    item = result.item
    if STATUS_RANK[item.status] > STATUS_RANK[result.status]:
        result.status, result.reason = item.status, item.reason
    elif item.status != "scanned" and item.reason and item.reason != result.reason:
        result.reason = "; ".join(r for r in (result.reason, item.reason) if r)


def _load_roster(roster: str | Path | None, key_file: str | Path | None) -> Roster | None:
    if roster is None:
        return None
    if key_file is None:
        raise RosterError("--roster needs --key-file: the key the roster was built with")
    return Roster.load(roster, read_secret_key(key_file))


def scan(
    paths: Sequence[str | Path],
    *,
    policy: Policy | str | Path | None = None,
    nlp: str | None = None,
    key_file: str | Path | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    ignore_file: str | None = None,
    recipients: Sequence[str] = (),
    roster: str | Path | None = None,
    baseline: str | Path | None = None,
    stdin: BinaryIO | None = None,
    on_item: Callable[[Item], None] | None = None,
    staged: bool | str | Path = False,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> Scan:
    """Scan files, folders, archives and emails; return the result and its report.

    ``policy`` is a loaded Policy, a shipped policy name or a path (default: ``default``).
    ``nlp`` overrides the policy's spaCy pipeline; ``"none"`` runs pattern-only.
    ``recipients`` declares where plain files are going (``--to``).
    ``roster`` is a protected-roster file built with the same ``key_file``.
    ``baseline`` suppresses accepted findings (and reports entries that no longer match).
    ``staged`` scans the git index instead (``paths`` then limit it, as git pathspecs): of the repository
    containing the current folder (True) or the given folder.
    ``jobs`` sizes the local process pool (default: automatic; 1 is serial); ``engine="dask"`` spreads
    files, and the row partitions of large tables, over a Dask cluster at ``scheduler`` (default: a loopback
    LocalCluster of ``jobs or 2`` workers).
    """
    policy = policy if isinstance(policy, Policy) else load_policy(policy)
    fingerprinter = Fingerprinter.from_environment(key_file)
    plan = Plan(engine=engine, jobs=jobs, scheduler=scheduler)
    settings = DetectorSettings(policy, fingerprinter, nlp, roster=_load_roster(roster, key_file))
    options = SourceOptions(include=list(include), exclude=list(exclude), ignore_file=ignore_file)
    started = _now()
    results = run(iter_items([str(p) for p in paths], policy, options, stdin=stdin, staged=staged), settings, plan,
                  on_item)
    if not results:
        raise NothingScanned("nothing staged: no added, copied, modified or renamed file in the git index"
                             if staged else "nothing to scan: no file matched the given paths and filters")
    for result in results:
        _settle_status(result)
        apply_inline_allows(result)
    baseline_outcome = apply_baseline(results, load_baseline(baseline)) if baseline else None
    assessment = assess_scan(results, policy, RiskContext(recipients=list(recipients)))
    scan_result = ScanResult(
        files=results, assessment=assessment, started_at=started, finished_at=_now(),
        policy_name=policy.name, policy_sha256=policy.sha256,
    )
    nlp_model = model_name(settings)
    report = build_report(scan_result, policy, fingerprinter=fingerprinter,
                          nlp_model=nlp_model, ner_enabled=nlp_model != NO_NLP)
    if baseline_outcome is not None:
        report["baseline"] = {"file": Path(baseline).name, **baseline_outcome}
    validate_report(report)
    return Scan(result=scan_result, report=report, policy=policy, fingerprinter=fingerprinter)
