"""HTML: visible text (no script/style) and tables, with the standard library's parser."""
from __future__ import annotations

from html.parser import HTMLParser

from auditor.extract.tables import rows_to_table
from auditor.extract.textcodec import decode_text
from auditor.models import Extraction, Segment

BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
          "footer", "ul", "ol", "table", "blockquote", "pre", "title", "dt", "dd"}
HIDDEN = {"script", "style", "noscript", "template", "head"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._hidden = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._depth = 0  # nested tables: only the outermost is collected as a table

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in HIDDEN:
            self._hidden += 1
        elif tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
        elif tag == "tr" and self._depth == 1:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        if tag in BLOCKS:
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self._hidden = max(self._hidden - 1, 0)
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if any(self._row):
                self.tables[-1].append(self._row)
            self._row = None
        elif tag == "table":
            self._depth = max(self._depth - 1, 0)
        if tag in BLOCKS:
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif not self._depth:
            self.text.append(data)


def html_to_extraction(markup: str, part: str | None = None) -> Extraction:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    lines = [" ".join(line.split()) for line in "".join(collector.text).splitlines()]
    text = "\n".join(line for line in lines if line)
    out = Extraction()
    if text:
        out.segments.append(Segment(text=text, location={"part": part} if part else {}))
    for n, rows in enumerate(collector.tables, start=1):
        table = rows_to_table(rows, sheet=f"table {n}") if rows else None
        if table is not None:
            out.tables.append(table)
    return out


def read_html(data: bytes) -> Extraction:
    return html_to_extraction(decode_text(data))
