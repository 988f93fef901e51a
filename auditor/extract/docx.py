"""DOCX: body paragraphs, tables, and every section's headers and footers."""
from __future__ import annotations

import io

import docx

from auditor.extract.ooxml import check_package
from auditor.extract.tables import rows_to_table
from auditor.models import Extraction, ScanError, Segment
from auditor.policy import Policy


def _paragraph_segment(paragraphs: list[str], part: str) -> Segment | None:
    text = "\n".join(paragraphs)
    return Segment(text=text, location={"part": part}) if text.strip() else None


def read_docx(data: bytes, policy: Policy) -> Extraction:
    check_package(data, policy)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ScanError(f"corrupt or unreadable DOCX document ({type(exc).__name__})") from None
    extraction = Extraction()
    body = _paragraph_segment([p.text for p in document.paragraphs], "body")
    if body:
        extraction.segments.append(body)
    for n, grid in enumerate(document.tables, start=1):
        rows = [[cell.text for cell in row.cells] for row in grid.rows]
        table = rows_to_table(rows, sheet=f"table {n}")
        if table is not None:
            extraction.tables.append(table)
    seen: set[str] = set()
    for section in document.sections:
        for part, story in (("header", section.header), ("footer", section.footer),
                            ("header", section.first_page_header), ("footer", section.first_page_footer)):
            texts = [p.text for p in story.paragraphs] + [c.text for t in story.tables for r in t.rows for c in r.cells]
            segment = _paragraph_segment(texts, part)
            if segment and segment.text not in seen:
                seen.add(segment.text)
                extraction.segments.append(segment)
    return extraction
