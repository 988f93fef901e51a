"""``--show-values``: the one place raw detected values are printed, and only to an interactive terminal.

Raw values live in memory only (``Detection.value``); reports, logs and files never carry them.
"""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich only when values are shown; the CLI imports refusal() on every scan
    from rich.console import Console

    from auditor.models import FileResult

MAX_ROWS = 200


def refusal(stdout_is_terminal: bool, fmt: str, output: str | None) -> str | None:
    """Why raw values may not be shown here, or None when they may."""
    if output:
        return "--show-values prints raw values to a terminal only, never to a file (-o)"
    if fmt != "text":
        return f"--show-values works with the text format only, never in --format {fmt}"
    if not stdout_is_terminal:
        return "--show-values needs an interactive terminal: standard output is redirected or piped"
    return None


def render_values(results: list[FileResult], console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    shown = itertools.islice(((r, v) for r in results for d in r.detections for v in d.split()), MAX_ROWS)
    rows = [(r.item.path, v.entity_type, ", ".join(f"{k} {x}" for k, x in v.location.items()), v.value)
            for r, v in shown]  # a whole column is split into one row per value
    total = sum(len(d.prints()) for r in results for d in r.detections)
    table = Table(title="Raw values (this terminal only; not stored anywhere)", show_header=True, header_style="bold")
    for column in ("file", "entity", "where", "value"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # never read as markup
    console.print()
    console.print(table)
    if total > len(rows):
        console.print(f"... and {total - len(rows)} more values; narrow the scan to see them", markup=False)
