"""The unit of work every engine runs: a batch of Items -> their FileResults, with a detector built once per process.

The items of a batch are read one by one, then their free text goes through NER together (spaCy is much
faster on a batch of small texts than on each alone); a failure still costs only the item it happened in.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from auditor.detect import Detector
from auditor.detect.tables import Column
from auditor.extract import extract
from auditor.models import Detection, FileResult, Item, ScanError
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
    """A batch of Items on its way to a worker; its repr never shows the bytes (schedulers log task arguments)."""

    __slots__ = ("items",)

    def __init__(self, items: list[Item]):
        self.items = items

    def __repr__(self) -> str:
        return f"<{len(self.items)} items of {sum(len(i.data) for i in self.items)} bytes>"


def snapshot(item: Item) -> Item:
    """The item as it is now: sources may mark it later (a container partial), which must not stop its scan."""
    return replace(item, meta=dict(item.meta))


def read_item(item: Item, policy: Policy) -> FileResult:
    """The item's FileResult with its extraction; if it cannot be read, its status and one-line reason instead."""
    result = FileResult(item=item, sha256=hashlib.sha256(item.data).hexdigest(), size=len(item.data))
    if item.status == "scanned":
        with reasons(result):
            extraction = extract(item, policy)
            result.extraction = extraction
            result.status, result.reason = extraction.status, extraction.reason
    return result


def scan_item(item: Item, policy: Policy, detector: Detector) -> FileResult:
    result = read_item(item, policy)
    if result.extraction is not None:
        with reasons(result):
            result.detections = detector.detect(item, result.extraction)
    return result


def scan_items(items: list[Item], policy: Policy, detector: Detector) -> list[FileResult]:
    """Every item read, then detected in one pass; if that pass fails, item by item, so a bug costs one item."""
    results = [read_item(item, policy) for item in items]
    read = [r for r in results if r.extraction is not None]
    try:
        for result, detections in zip(read, detector.detect_all([r.extraction for r in read])):
            result.detections = detections
    except Exception:
        for result in read:
            with reasons(result):
                result.detections = detector.detect(result.item, result.extraction)
    return results


@contextmanager
def reasons(result: FileResult) -> Iterator[None]:
    """A failure inside becomes the result's status and one-line reason (never content)."""
    try:
        yield
    except ScanError as exc:  # includes Unscannable
        result.status, result.reason = exc.status, str(exc) or type(exc).__name__
    except Exception as exc:  # a reader bug must not stop the scan, nor leak content
        log.debug("internal error on %s", result.item.path, exc_info=True)
        result.status, result.reason = "error", f"internal error while reading ({type(exc).__name__})"


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


def _detector(token: str) -> Detector:
    if token in _failures:
        raise _failures[token]
    return _detectors[token]


def scan_parcel(token: str, parcel: Parcel) -> list[FileResult]:
    """Scan in a worker; the results go back without their items (the parent still holds them)."""
    detector = _detector(token)
    results = scan_items(parcel.items, detector.policy, detector)
    for result in results:
        result.item = None  # type: ignore[assignment]  # re-attached by the parent
    return results


class Sealed:
    """Part of an item (its text, some rows of a table) on its way to a worker; the repr never shows it."""

    __slots__ = ("content", "label")

    def __init__(self, content: Any, label: str):
        self.content, self.label = content, label

    def __repr__(self) -> str:
        return f"<{self.label}>"


def scan_text(token: str, segments: Sealed) -> list[Detection]:
    """Detections in an item's text segments, not yet settled (the parent settles the whole item)."""
    return _detector(token).text_detections(segments.content)


def classify_columns(token: str, rows: Sealed) -> list[Column]:
    return _detector(token).classify(rows.content)


def scan_rows(token: str, index: int, rows: Sealed, columns: list[Column] | None) -> list[list[Detection]]:
    """Per column, the detections in a partition of table ``index`` (a lone one classifies its own columns)."""
    detector, part = _detector(token), rows.content
    return detector.table_columns(index, part.rows, detector.classify(part.rows) if columns is None else columns,
                                  part.elsewhere)
