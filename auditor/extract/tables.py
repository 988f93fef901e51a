"""CSV/TSV: delimiter, encoding and header sniffed; headerless files get synthetic column names."""
from __future__ import annotations

import csv
import io
import re

import pandas as pd

from auditor.extract.textcodec import decode_text
from auditor.models import Extraction, ScanError, Table

COLUMNAR_MIN_CHARS = 4 * 1024 * 1024  # larger files go to pyarrow's reader (auditor.extract.columnar)
SNIFF_CHARS = 65536  # the sniffer's regexes are slow on long lines
EXCEL_SEP = re.compile(r"sep=([^\r\n])\r?\n")
_NUMERIC = re.compile(r"^[\s$€£+-]*[\d.,:/ -]+%?\s*$")
_IDENTITY = re.compile(r"@|\d{3}")
# Words that make a row a header when the row holds no data-like cell ("Office,Title,Grade").
_HEADER_WORDS = re.compile(
    r"\b(name|names|first|last|surname|given|email|e-mail|mail|phone|mobile|tel|office|title|position|role|grade|"
    r"rank|unit|division|department|dept|location|city|state|country|date|dob|eod|hired|start|id|number|no|ssn|"
    r"badge|clearance|salary|status|type|count|total|headcount|course|team|manager|address|nom|prénom|courriel|"
    r"apellido|nombre|vorname|nachname)\b", re.I)


def is_numeric(cell: str) -> bool:
    """Numbers, amounts, dates and times: data, never a header word."""
    return bool(_NUMERIC.match(cell))


def looks_like_header(first: list[str], rest: list[list[str]]) -> bool:
    """A header row is words only; data rows below hold digits, emails or differ in shape."""
    cells = [c.strip() for c in first if c.strip()]
    if not cells or any(is_numeric(c) or "@" in c for c in cells) or len(set(cells)) < len(cells):
        return False
    if any(len(c) > 40 for c in cells):
        return False
    if not rest:
        return True
    body = [c for row in rest[:20] for c in row if c.strip()]
    data_like = sum(1 for c in body if _IDENTITY.search(c) or is_numeric(c))
    first_like = sum(1 for c in cells if _IDENTITY.search(c))
    if data_like and not first_like:
        return True
    if any(_HEADER_WORDS.search(c) for c in cells) and all(len(c.split()) <= 4 for c in cells):
        return True
    try:
        return csv.Sniffer().has_header("\n".join(",".join(r) for r in [first] + rest[:20]))
    except csv.Error:
        return False


def column_names(header: list[str] | None, width: int) -> list[str]:
    """Header names (duplicates get a suffix so the frame stays addressable), or "column N"."""
    if header is None:
        return [f"column {i + 1}" for i in range(width)]
    seen: dict[str, int] = {}
    columns = []
    for name in (c or f"column {i + 1}" for i, c in enumerate(header)):
        seen[name] = seen.get(name, 0) + 1
        columns.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return columns


def rows_to_table(rows: list[list[str]], *, sheet: str | None = None, header_row: int | None = 1,
                  first_column: int = 1, force_header: bool | None = None) -> Table | None:
    """A Table from rows of strings; ``header_row`` is the 1-based source row of ``rows[0]``."""
    rows = [r for r in rows]
    if not rows:
        return None
    width = max(len(r) for r in rows)
    rows = [[(c or "").strip() if isinstance(c, str) else str(c) for c in r] + [""] * (width - len(r)) for r in rows]
    has_header = looks_like_header(rows[0], rows[1:]) if force_header is None else force_header
    start = header_row or 1
    columns = column_names(rows[0] if has_header else None, width)
    body, first_data_row = (rows[1:], start + 1) if has_header else (rows, start)
    frame = pd.DataFrame(body, columns=columns, dtype=str) if body else pd.DataFrame(columns=columns, dtype=str)
    return Table(frame=frame, columns=columns, has_header=has_header, sheet=sheet,
                 first_data_row=first_data_row, first_column=first_column)


def _dialect(text: str, tab_hint: bool) -> type[csv.Dialect] | csv.Dialect:
    sample = "\n".join(text[:SNIFF_CHARS].splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters="\t" if tab_hint else ",;\t|")
    except csv.Error:  # fall back to the first usual delimiter the header line (else the sample) holds
        first = next((line for line in sample.splitlines() if line.strip()), "")
        found = [d for d in ",;\t|" if d in first] or [d for d in ",;\t|" if d in sample]
        return _with_delimiter(found[0]) if found else csv.excel


def _with_delimiter(delimiter: str) -> type[csv.Dialect]:
    return type("Sniffed", (csv.excel,), {"delimiter": delimiter})


def read_delimited(data: bytes, media_type: str) -> Extraction:
    text = decode_text(data)
    skipped = 0
    declared = EXCEL_SEP.match(text)  # Excel's "sep=;" first line names the delimiter
    if declared:
        text, skipped = text[declared.end():], 1
        dialect = _with_delimiter(declared.group(1))
    else:
        dialect = _dialect(text, media_type == "text/tab-separated-values")
    table = None
    if len(text) >= COLUMNAR_MIN_CHARS:
        from auditor.extract.columnar import read_columnar

        table = read_columnar(text, dialect, skipped)
    if table is None:
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
        except csv.Error as exc:
            raise ScanError(f"malformed CSV ({exc})") from None
        leading = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), len(rows))
        table = rows_to_table(rows[leading:], header_row=skipped + leading + 1)
    return Extraction(tables=[table] if table is not None else [])
