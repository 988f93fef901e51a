"""Large, regular CSV files read by pyarrow's multi-threaded reader into string columns.

The Python csv module builds a list per row and a str per cell before pandas copies them again:
for a 100 MB export that is gigabytes and most of a minute. The header and leading blank rows are
decided on the first rows exactly as for small files; anything pyarrow would read differently
(blank lines inside the body, ragged rows, unusual quoting) falls back to the csv module.
"""
from __future__ import annotations

import csv
import io
import itertools

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

from auditor.extract.tables import looks_like_header, column_names
from auditor.models import Table

HEAD_ROWS = 50


def read_columnar(text: str, dialect, skipped: int) -> Table | None:
    """The table, or None when the file needs the csv module (the caller then reads it so)."""
    head = list(itertools.islice(csv.reader(io.StringIO(text[:1 << 20], newline=""), dialect), HEAD_ROWS))
    leading = next((i for i, row in enumerate(head) if any(c.strip() for c in row)), None)
    if leading is None:
        return None
    rows = [[c.strip() for c in row] for row in head[leading:]]
    width = len(rows[0])
    if any(len(row) != width for row in rows[:-1]):  # the last head row may be cut short
        return None
    has_header = looks_like_header(rows[0], rows[1:])
    columns = column_names(rows[0] if has_header else None, width)
    try:
        arrow = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(skip_rows=leading + has_header, column_names=columns),
            parse_options=pa_csv.ParseOptions(delimiter=dialect.delimiter, quote_char=dialect.quotechar or False,
                                              double_quote=bool(dialect.doublequote),
                                              escape_char=dialect.escapechar or False,
                                              newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(column_types={c: pa.string() for c in columns},
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeError):
        return None
    frame = pd.DataFrame({c: pd.array(pc.utf8_trim_whitespace(arrow.column(c)), dtype="str") for c in columns})
    start = skipped + leading + 1
    return Table(frame=frame, columns=columns, has_header=has_header, first_data_row=start + has_header)
