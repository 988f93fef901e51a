"""The unit of work every engine runs: one Item -> one FileResult, with a detector built once per process."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace

from auditor.detect import Detector
from auditor.extract import extract
from auditor.models import FileResult, Item, ScanError
from auditor.policy import Policy
from auditor.redact import Fingerprinter
from auditor.roster import Roster, RosterMatcher

log = logging.getLogger("auditor")
_detectors: dict[str, Detector] = {}  # per worker process, by run token
_failures: dict[str, BaseException] = {}


@dataclass(frozen=True)
class DetectorSettings:
    """Everything a worker process needs to build the same Detector as the parent (picklable).

    The fingerprint key travels too, even a per-run random one, so fingerprints agree across workers.
    """

    policy: Policy = field(repr=False)
    fingerprinter: Fingerprinter = field(repr=False)
    nlp: str | None = None
    roster: Roster | None = field(default=None, repr=False)

    def build(self) -> Detector:
        matcher = RosterMatcher(self.roster) if self.roster is not None else None
        return Detector(self.policy, self.fingerprinter, self.nlp, roster=matcher)


class Parcel:
    """An Item on its way to a worker; its repr never shows the bytes (schedulers log task arguments)."""

    __slots__ = ("item",)

    def __init__(self, item: Item):
        self.item = replace(item, meta=dict(item.meta))  # a snapshot: sources may mark the item later

    def __repr__(self) -> str:
        return f"<item of {len(self.item.data)} bytes>"


def scan_item(item: Item, policy: Policy, detector: Detector) -> FileResult:
    result = FileResult(item=item, sha256=hashlib.sha256(item.data).hexdigest(), size=len(item.data))
    if item.status != "scanned":
        return result
    try:
        extraction = extract(item, policy)
        result.extraction = extraction
        result.status, result.reason = extraction.status, extraction.reason
        result.detections = detector.detect(item, extraction)
    except ScanError as exc:  # includes Unscannable
        result.status, result.reason = exc.status, str(exc) or type(exc).__name__
    except Exception as exc:  # a reader bug must not stop the scan, nor leak content
        log.debug("internal error on %s", item.path, exc_info=True)
        result.status, result.reason = "error", f"internal error while reading ({type(exc).__name__})"
    return result


def install(token: str, settings: DetectorSettings) -> None:
    """Build this process's detector for a run; a failure is kept and raised by the run's first task."""
    if token in _detectors:
        return
    try:
        _detectors[token] = settings.build()
    except Exception as exc:  # e.g. DetectorError: the parent re-raises it as a setup error
        _failures[token] = exc


def uninstall(token: str) -> None:
    _detectors.pop(token, None)
    _failures.pop(token, None)


def scan_parcel(token: str, parcel: Parcel) -> FileResult:
    """Scan in a worker; the result goes back without the item (the parent still holds it)."""
    if token in _failures:
        raise _failures[token]
    detector = _detectors[token]
    result = scan_item(parcel.item, detector.policy, detector)
    result.item = None  # type: ignore[assignment]  # re-attached by the parent
    return result
