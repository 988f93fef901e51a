"""HTML: visible text (no script/style), tables, and mailto:/tel: link targets, with the standard library's parser.

A link's target is not visible text, but an address in ``href="mailto:..."`` leaves with the file all the same.
"""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import unquote

from auditor.extract.tables import rows_to_table
from auditor.extract.textcodec import decode_text
from auditor.models import Extraction, Segment

BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
          "footer", "ul", "ol", "table", "blockquote", "pre", "title", "dt", "dd"}
HIDDEN = {"script", "style", "noscript", "template"}
CONTACT_SCHEMES = ("mailto:", "tel:", "callto:")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.header_rows: list[bool] = []  # per table: its first row is all <th>
        self._th: list[bool] = []  # per cell of the open row: was it a <th>
        self._hidden = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._depth = 0  # nested tables: only the outermost is collected as a table
        self.links: list[str] = []  # mailto:/tel: targets, without scheme and query

    def handle_starttag(self, tag: str, attrs) -> None:
        href = (dict(attrs).get("href") or "") if tag == "a" else ""
        if href.strip().lower().startswith(CONTACT_SCHEMES):
            target = unquote(href.strip().split(":", 1)[1].split("?", 1)[0]).strip()
            if target and target not in self.links:
                self.links.append(target)
        if tag in HIDDEN:
            self._hidden += 1
        elif tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
                self.header_rows.append(False)
        elif tag == "tr" and self._depth == 1:
            self._end_row()
            self._row, self._th = [], []
        elif tag in ("td", "th") and self._depth == 1:
            self._end_cell()
            if self._row is None:  # a cell without its <tr>
                self._row, self._th = [], []
            self._cell = []
            self._th.append(tag == "th")
        if tag in BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self._hidden = max(self._hidden - 1, 0)
        elif tag in ("td", "th") and self._depth == 1:
            self._end_cell()
        elif tag == "tr" and self._depth == 1:
            self._end_row()
        elif tag == "table":
            if self._depth == 1:
                self._end_row()
            self._depth = max(self._depth - 1, 0)
        if tag in BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._cell is not None:
            self._cell.append(data)
        else:  # outside any cell, in or out of a table (a <caption>, stray text): free text
            self.text.append(data)

    def _break(self) -> None:
        """A block boundary: a new line of text, or a space inside a table cell."""
        (self._cell if self._cell is not None else self.text).append(" " if self._cell is not None else "\n")

    def close(self) -> None:
        super().close()
        if self._depth:  # truncated markup: keep the open table row
            self._end_row()

    def _end_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
        self._cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._row and any(self._row):
            if not self.tables[-1]:
                self.header_rows[-1] = all(self._th)
            self.tables[-1].append(self._row)
        self._row = None


def html_to_extraction(markup: str, part: str | None = None) -> Extraction:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    lines = [" ".join(line.split()) for line in "".join(collector.text).splitlines()]
    text = "\n".join(line for line in lines if line)
    out = Extraction()
    if text:
        out.segments.append(Segment(text=text, location={"part": part} if part else {}))
    if collector.links:
        where = f"{part} link targets" if part else "link targets"
        out.segments.append(Segment(text="\n".join(collector.links), location={"part": where}))
    for n, (rows, th) in enumerate(zip(collector.tables, collector.header_rows), start=1):
        table = rows_to_table(rows, sheet=f"table {n}", force_header=True if th else None) if rows else None
        if table is not None:
            out.tables.append(table)
    return out


def read_html(data: bytes) -> Extraction:
    return html_to_extraction(decode_text(data))
