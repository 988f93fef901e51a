"""XLSX: every sheet as a Table; the header row is found even below title rows."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl

from auditor.extract.ooxml import check_package
from auditor.extract.tables import rows_to_table
from auditor.models import Extraction, ScanError, Segment
from auditor.policy import Policy

HEADER_SEARCH_ROWS = 20


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header_index(rows: list[list[str]]) -> int:
    """First row with >= 2 text cells whose next rows are filled to a similar width."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        filled = [c for c in row if c.strip()]
        if len(filled) < 2 or any(c.replace(".", "").isdigit() for c in filled):
            continue
        below = [sum(1 for c in r if c.strip()) for r in rows[i + 1:i + 4] if any(c.strip() for c in r)]
        if not below or min(below) >= max(2, len(filled) // 2):
            return i
    return 0


def read_xlsx(data: bytes, policy: Policy) -> Extraction:
    check_package(data, policy)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ScanError(f"corrupt or unreadable XLSX workbook ({type(exc).__name__})") from None
    extraction = Extraction()
    try:
        for sheet in book.worksheets:
            rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            last = max((i for i, r in enumerate(rows) if any(c.strip() for c in r)), default=-1)
            rows = rows[:last + 1]
            if not rows:
                continue
            head = _header_index(rows)
            for r, row in enumerate(rows[:head]):  # title rows above the header are free text
                text = " ".join(c for c in row if c.strip())
                if text:
                    extraction.segments.append(Segment(text=text, location={"sheet": sheet.title, "row": r + 1}))
            table = rows_to_table(rows[head:], sheet=sheet.title, header_row=head + 1)
            if table is not None:
                extraction.tables.append(table)
    finally:
        book.close()
    return extraction
