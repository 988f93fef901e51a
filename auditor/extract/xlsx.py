"""XLSX: every sheet as a Table located in sheet coordinates; the header row is found below title rows."""
from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import openpyxl

from auditor.extract.ooxml import check_package
from auditor.extract.tables import is_numeric, rows_to_table
from auditor.models import Extraction, ScanError, Segment
from auditor.policy import Policy

HEADER_SEARCH_ROWS = 20  # the header row is looked for this far down
WIDTH_SAMPLE_ROWS = 60  # rows used to learn the table's usual width


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):  # date-formatted cells arrive as datetimes
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _width(row: list[str]) -> int:
    return sum(1 for c in row if c)


def header_index(rows: list[list[str]]) -> int:
    """First row with >= 2 text cells, none numeric, about as wide as the table, with a filled row below.

    Title rows ("Agency new hires FY2025", or "Report" | "FY2025") are narrower than the table's usual
    width, so they are passed over and later read as free text.
    """
    widths = [w for w in (_width(r) for r in rows[:WIDTH_SAMPLE_ROWS]) if w]
    usual = Counter(widths).most_common(1)[0][0] if widths else 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        filled = [c for c in row if c]
        if len(filled) < 2 or len(filled) < 0.6 * usual or any(is_numeric(c) for c in filled):
            continue
        below = next((_width(r) for r in rows[i + 1:] if _width(r)), 0)
        if not below or below >= 0.5 * len(filled):
            return i
    return 0


def _sheet_rows(sheet) -> list[list[str]]:
    """All rows as strings, trailing empty cells and rows dropped (row i is sheet row i + 1)."""
    sheet.reset_dimensions()  # a stale <dimension> would make openpyxl stop reading early
    rows: list[list[str]] = []
    for values in sheet.iter_rows(values_only=True):
        row = [_cell_text(v) for v in values]
        while row and not row[-1]:
            row.pop()
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _sheet_extraction(name: str, rows: list[list[str]], out: Extraction) -> None:
    head = header_index(rows)
    for r, row in enumerate(rows[:head], start=1):  # title rows above the header are free text
        if any(row):
            out.segments.append(Segment(text=" ".join(c for c in row if c), location={"sheet": name, "row": r}))
    body = rows[head:]
    lead = min((next(j for j, c in enumerate(r) if c) for r in body if any(r)), default=0)  # empty columns A, B...
    table = rows_to_table([r[lead:] for r in body], sheet=name, header_row=head + 1, first_column=lead + 1)
    if table is not None:
        out.tables.append(table)


def read_xlsx(data: bytes, policy: Policy) -> Extraction:
    check_package(data, policy)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ScanError(f"corrupt or unreadable XLSX workbook ({type(exc).__name__})") from None
    extraction = Extraction()
    try:
        for sheet in book.worksheets:  # hidden sheets too: they travel with the file
            try:
                rows = _sheet_rows(sheet)
            except Exception as exc:
                raise ScanError(f"corrupt worksheet XML ({type(exc).__name__})") from None
            if rows:
                _sheet_extraction(sheet.title, rows, extraction)
    finally:
        book.close()
    return extraction
