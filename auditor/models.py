"""Typed records passed between pipeline stages.

sources -> Item; extract -> Extraction(Segment, Table); detect -> Detection;
risk -> Assessment; report renders FileResult/ScanResult.
No record here holds a raw detected value except ``Detection.value``, which
stays in memory for linking and is never written by any report.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np

from auditor.digests import digests_of, hexes
from auditor.redact import mask

Status = Literal["scanned", "partial", "unscannable", "error"]
Decision = Literal["pass", "warn", "block"]
DECISION_ORDER: dict[str, int] = {"pass": 0, "warn": 1, "block": 2}
LEVELS = ("none", "low", "medium", "high", "critical")

Location = dict[str, Any]
"""Where a value sits: {line, column} text; {sheet, row, column, cell} tables;
{page, line} PDF; {json_path} JSON; extra keys such as {part} are allowed."""


class ScanError(Exception):
    """A file could not be read (corrupt, unsupported, over a limit). One-line message."""

    status: Status = "error"


class Unscannable(ScanError):
    """Content exists but cannot be inspected (encrypted, password-protected, image-only)."""

    status: Status = "unscannable"


@dataclass
class Item:
    """One thing to scan: a file, stdin, an archive member or an attachment."""

    path: str  # display path; children are "outer!inner"
    data: bytes
    media_type: str = "application/octet-stream"  # sniffed from content
    parent: str | None = None
    depth: int = 0  # container nesting depth (0 = top level)
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. email envelope
    status: Status = "scanned"  # set by sources when the item itself failed
    reason: str | None = None

    @property
    def name(self) -> str:
        return self.path.rsplit("!", 1)[-1].rsplit("/", 1)[-1]


@dataclass
class Segment:
    """A run of free text with its base location (page, json_path, email part...)."""

    text: str
    location: Location = field(default_factory=dict)
    first_line: int = 1  # line number of the segment's first line in its source
    context: list[str] = field(default_factory=list)  # hotwords, e.g. a JSON key


@dataclass
class Table:
    """A rectangular block of cells. ``frame`` holds strings only ("" for empty)."""

    frame: Any  # pandas.DataFrame[str]
    columns: list[str]  # header names; synthetic "column N" when headerless
    has_header: bool = True
    sheet: str | None = None
    first_data_row: int = 2  # 1-based source row of frame.iloc[0]
    first_column: int = 1  # 1-based source column of frame.columns[0]


@dataclass
class Extraction:
    """What one item yields: its own text and tables (children come from sources)."""

    segments: list[Segment] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    status: Status = "scanned"
    reason: str | None = None  # why it is partial
    meta: dict[str, Any] = field(default_factory=dict)


def cell_ref(row: int, column: int) -> str:
    """A1 reference from 1-based row and column numbers."""
    letters = ""
    while column:
        column, rem = divmod(column - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def groups(codes: Any) -> Iterator[tuple[int, Any]]:
    """Each code of a numpy array, in ascending order, with the positions holding it (-1, missing, left out)."""
    order = np.argsort(codes, kind="stable")
    for positions in np.split(order, np.flatnonzero(np.diff(codes[order])) + 1) if len(order) else []:
        if codes[positions[0]] >= 0:
            yield int(codes[positions[0]]), positions


def table_row(record: str) -> tuple[int, int] | None:
    """(table index, source row) of a table-row record key "t{table}:r{row}"; None for other records."""
    if not record.startswith("t"):
        return None
    table, _, row = record[1:].partition(":r")
    return int(table), int(row)


@dataclass(slots=True)
class CellRun:
    """Rows of one table column that one Detection stands for: every row holding its value, or, with
    ``codes``, every row of a column whose cells are wholly that entity (one value per row)."""

    rows: Any  # ascending 1-based source rows (a numpy int array); rows[0] is the Detection's location
    column: int  # 1-based source column
    table: int  # index of the table in its extraction; records are "t{table}:r{row}"
    codes: Any = None  # per row, the index of its value in ``values`` and ``digests`` (numpy int array)
    values: Any = field(default=None, repr=False)  # distinct raw values, a numpy StringDType array (memory only)
    digests: Any = None  # their fingerprints' bytes, a (distinct, DIGEST_BYTES) uint8 array

    def location(self, first: Location, row: int) -> Location:
        return {**first, "row": row, "cell": cell_ref(row, self.column)}

    def fingerprint(self, code: int) -> str:
        return self.digests[code].tobytes().hex()


@dataclass(slots=True)
class Detection:
    """One occurrence of an entity. ``value`` is raw and stays in memory only."""

    entity_type: str
    score: float
    recognizer: str
    location: Location
    fingerprint: str  # keyed HMAC of the normalised value
    record: str  # grouping key: a table row, a line, a paragraph
    evidence: str = ""  # shown instead of the masked value (roster matches); "" = mask of value
    value: str = field(default="", repr=False, compare=False)
    explanation: dict[str, Any] | None = None  # Presidio decision process, no raw value
    group: str | None = None  # detections sharing a group collapse into one finding (a column)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. roster_row, variant
    cells: CellRun | None = None  # the same value in more rows of a table column

    def shown(self) -> str:
        """Masked evidence: computed when a report needs it, not for each of a million cells."""
        return self.evidence or mask(self.entity_type, self.value)

    @property
    def count(self) -> int:
        """Occurrences this detection stands for."""
        return 1 if self.cells is None else len(self.cells.rows)

    def records(self) -> Iterator[str]:
        if self.cells is None:
            yield self.record
        else:
            prefix = f"t{self.cells.table}:r"
            yield from (f"{prefix}{row}" for row in self.cells.rows.tolist())

    def values(self) -> list[str]:
        """The distinct raw values this detection stands for (memory only)."""
        return self.cells.values.tolist() if self.cells is not None and self.cells.values is not None else [self.value]

    def prints(self) -> list[str]:
        """The distinct fingerprints this detection stands for."""
        return hexes(self.digests())

    def digests(self) -> Any:
        """The distinct fingerprints this detection stands for, as a digest array."""
        return self.cells.digests if self.cells is not None and self.cells.digests is not None else digests_of(
            [self.fingerprint])

    def split(self) -> list["Detection"]:
        """One Detection per distinct value (each with the rows holding it): for callers that want values."""
        run = self.cells
        if run is None or run.codes is None:
            return [self]
        out = []
        for code, positions in groups(run.codes):
            rows = run.rows[positions]
            first = int(rows[0])
            out.append(replace(self, value=str(run.values[code]), fingerprint=run.fingerprint(code),
                               location=run.location(self.location, first), record=f"t{run.table}:r{first}",
                               cells=CellRun(rows, run.column, run.table) if len(rows) > 1 else None))
        return out


@dataclass
class Assessment:
    decision: Decision = "pass"
    score: int = 0
    level: str = "none"
    reasons: list[str] = field(default_factory=list)
    individuals: int = 0
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class FileResult:
    item: Item
    status: Status = "scanned"
    reason: str | None = None
    detections: list[Detection] = field(default_factory=list)
    extraction: Extraction | None = field(default=None, repr=False)  # in memory only, for risk
    assessment: Assessment = field(default_factory=Assessment)
    sha256: str = ""
    size: int = 0


@dataclass
class ScanResult:
    files: list[FileResult]
    assessment: Assessment
    started_at: str
    finished_at: str
    policy_name: str
    policy_sha256: str
    options: dict[str, Any] = field(default_factory=dict)
