"""DOCX: body paragraphs, tables, and the text of headers, footers, footnotes, endnotes and comments.

Text is read from the XML itself (every w:t, tracked deletions included, content controls and
text boxes too), because python-docx's paragraph lists skip those and they travel with the file.
In the body segment line N is paragraph N: line breaks inside a paragraph become spaces.
"""
from __future__ import annotations

import io
import re
from itertools import groupby

from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.pkgreader import PackageReader
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from auditor.extract.ooxml import check_package
from auditor.extract.tables import rows_to_table
from auditor.models import Extraction, ScanError, Segment
from auditor.policy import Policy

W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
TEXT = {qn("w:t"): None, qn("w:delText"): None, qn("w:tab"): "\t", qn("w:br"): " ", qn("w:cr"): " ",
        qn("w:noBreakHyphen"): "-"}
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
SKIP = {W_P, qn("w:pPr"), qn("w:rPr"), FALLBACK}  # not descended into when reading one paragraph
STORY_KINDS = ("header", "footer", "footnotes", "endnotes", "comments")
STORIES = re.compile(rf"/word/({'|'.join(STORY_KINDS)})\d*\.xml")


def _paragraph_text(p) -> str:
    """One paragraph's text, without the paragraphs of text boxes nested in it (read on their own)."""
    parts: list[str] = []

    def visit(element) -> None:
        for child in element:
            if child.tag in TEXT:
                parts.append(TEXT[child.tag] or child.text or "")
            elif child.tag not in SKIP:
                visit(child)

    visit(p)
    return "".join(parts)


def _skipped(element, stop_at_tables: bool) -> bool:
    """Inside an mc:Fallback copy (a duplicate of a text box), or inside a table when tables are read apart."""
    return any(a.tag == FALLBACK or (stop_at_tables and a.tag == W_TBL) for a in element.iterancestors())


def _paragraphs(root, stop_at_tables: bool) -> list[str]:
    return [_paragraph_text(p) for p in root.iter(W_P) if not _skipped(p, stop_at_tables)]


def _table_rows(tbl) -> list[list[str]]:
    rows = []
    for tr in (tr for tr in tbl.iter(W_TR) if next(tr.iterancestors(W_TBL)) is tbl):
        row = []
        for tc in (tc for tc in tr.iter(W_TC) if next(tc.iterancestors(W_TR)) is tr):
            row.append("\n".join(t for t in _paragraphs(tc, stop_at_tables=False) if t.strip()))
            span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")  # merged cells keep columns aligned
            row += [""] * (int(span.get(qn("w:val"), "1")) - 1 if span is not None else 0)
        rows.append(row)
    return rows


def _story_segments(parts: list[tuple[str, bytes]]) -> list[Segment]:
    """One segment per kind of side story; identical copies (a header repeated per section) once."""
    stories = sorted((STORY_KINDS.index(m.group(1)), m.group(1), name, blob)  # names are unique
                     for name, blob in parts if (m := STORIES.fullmatch(name)))
    segments = []
    for kind, found in groupby(stories, key=lambda story: story[1]):
        texts = [t for t in ("\n".join(_paragraphs(parse_xml(blob), False)).strip() for *_, blob in found) if t]
        if texts:
            segments.append(Segment(text="\n".join(dict.fromkeys(texts)), location={"part": kind}))
    return segments


def _package(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The main document part and every part reached from the package's relationships, unparsed: only the
    parts that hold text are parsed (python-docx's Document would parse styles and settings too)."""
    parts = list(PackageReader.from_file(io.BytesIO(data)).iter_sparts())
    main = next(p for p in parts if p[2] == RT.OFFICE_DOCUMENT)
    if main[1] != CT.WML_DOCUMENT_MAIN:
        raise ValueError("not a Word document")
    return main[3], [(str(name), blob) for name, _, _, blob in parts]


def read_docx(data: bytes, policy: Policy) -> Extraction:
    check_package(data, policy)
    try:
        main, parts = _package(data)
        body = parse_xml(main).body
        extraction = Extraction()
        text = "\n".join(_paragraphs(body, stop_at_tables=True))
        if text.strip():
            extraction.segments.append(Segment(text=text, location={"part": "body"}))
        tables = [t for t in body.iter(W_TBL) if not any(a.tag == W_TBL for a in t.iterancestors())
                  and not _skipped(t, False)]
        for n, tbl in enumerate(tables, start=1):
            table = rows_to_table(_table_rows(tbl), sheet=f"table {n}")
            if table is not None:
                extraction.tables.append(table)
        extraction.segments += _story_segments(parts)
    except Exception as exc:
        raise ScanError(f"corrupt or unreadable DOCX document ({type(exc).__name__})") from None
    return extraction
