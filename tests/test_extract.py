"""Every reader on a real file of its format: text, locations and tables come out right."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from auditor.extract import extract
from auditor.models import Item, ScanError, Unscannable
from auditor.policy import load_policy
from auditor.sources import sniff
from tests import filemakers as fm

POLICY = load_policy()


def read(data: bytes, name: str = "file"):
    return extract(Item(path=name, data=data, media_type=sniff(data, name)), POLICY)


def test_plain_text_and_markdown_any_encoding():
    assert read("Zoë Müller\nline two\n".encode("latin-1"), "a.txt").segments[0].text.startswith("Zoë Müller")
    assert "# Title" in read(b"# Title\n\ntext\n", "a.md").segments[0].text


def test_csv_semicolon_latin1_with_header():
    data = "Nom;Prénom;Courriel\nMüller;Zoë;zoe@example.org\nDubois;Chloé;chloe@example.org\n".encode("latin-1")
    table = read(data, "x.csv").tables[0]
    assert table.columns == ["Nom", "Prénom", "Courriel"] and table.has_header
    assert table.frame.iloc[1].tolist() == ["Dubois", "Chloé", "chloe@example.org"]
    assert table.first_data_row == 2


def test_headerless_csv_and_tsv():
    table = read(b"Dana Whitfield,dana@agency.gov,202-555-0143\nLee Park,lee@agency.gov,202-555-0199\n", "h.csv").tables[0]
    assert not table.has_header and table.columns == ["column 1", "column 2", "column 3"]
    assert table.first_data_row == 1 and len(table.frame) == 2
    tsv = read(b"Name\tEmail\nDana Whitfield\tdana@agency.gov\n", "t.tsv").tables[0]
    assert tsv.columns == ["Name", "Email"]


def test_xlsx_every_sheet_header_below_title_rows_and_dates():
    import datetime as dt
    data = fm.xlsx_bytes({
        "Hires": [["Agency new hires FY2025"], [], ["Name", "Email", "EOD"],
                  ["Dana Whitfield", "dana@agency.gov", dt.datetime(2024, 12, 14)],
                  ["Lee Park", "lee@agency.gov", dt.datetime(2025, 1, 6)]],
        "Summary": [["Office", "Hires"], ["Support", 2]],
    })
    out = read(data, "book.xlsx")
    hires, summary = out.tables
    assert (hires.sheet, hires.columns, hires.first_data_row) == ("Hires", ["Name", "Email", "EOD"], 4)
    assert hires.frame["EOD"].tolist() == ["2024-12-14", "2025-01-06"]
    assert summary.sheet == "Summary" and summary.frame.iloc[0].tolist() == ["Support", "2"]
    assert out.segments[0].text == "Agency new hires FY2025" and out.segments[0].location == {"sheet": "Hires", "row": 1}


def test_docx_paragraphs_tables_headers_footers():
    data = fm.docx_bytes(["First paragraph.", "Second paragraph."], table=[["Name", "Title"], ["Dana W.", "Analyst"]],
                         header="UNCLASSIFIED", footer="Page footer")
    out = read(data, "memo.docx")
    parts = {s.location["part"]: s.text for s in out.segments}
    assert parts["body"] == "First paragraph.\nSecond paragraph."
    assert parts["header"] == "UNCLASSIFIED" and parts["footer"] == "Page footer"
    assert out.tables[0].sheet == "table 1" and out.tables[0].columns == ["Name", "Title"]


def test_pdf_pages_keep_their_numbers():
    out = read(fm.pdf_bytes([["page one text"], ["page two text"]]), "doc.pdf")
    assert [(s.location, s.text.strip()) for s in out.segments] == [({"page": 1}, "page one text"),
                                                                     ({"page": 2}, "page two text")]


def test_json_nested_paths_records_as_table_and_jsonl():
    out = read(fm.json_bytes({"office": {"chief": "Dana Whitfield"}, "staff": [{"name": "Lee Park", "id": 7}]}), "a.json")
    assert [(s.location, s.text, s.context) for s in out.segments] == [({"json_path": "$.office.chief"},
                                                                        "Dana Whitfield", ["chief"])]
    assert out.tables[0].sheet == "$.staff" and out.tables[0].frame.iloc[0].tolist() == ["Lee Park", "7"]
    lines = read(b'{"name": "Lee Park"}\n{"name": "Dana Whitfield"}\n', "a.jsonl")
    assert lines.tables[0].frame["name"].tolist() == ["Lee Park", "Dana Whitfield"]


def test_html_visible_text_and_tables_without_scripts():
    html = (b"<!doctype html><html><head><script>var secret='x';</script></head><body><h1>Team</h1>"
            b"<table><tr><th>Name</th><th>Email</th></tr><tr><td>Lee Park</td><td>lee@agency.gov</td></tr></table>"
            b"</body></html>")
    out = read(html, "p.html")
    assert out.segments[0].text == "Team" and "secret" not in out.segments[0].text
    assert out.tables[0].frame.iloc[0].tolist() == ["Lee Park", "lee@agency.gov"]


def test_email_headers_and_body_but_not_attachments():
    data = fm.eml_bytes("hr@agency.gov", ["x@partner.example.com"], "Roster", "Body text here.",
                        {"a.csv": (b"Name\nLee Park\n", "text/csv")})
    out = read(data, "m.eml")
    parts = {s.location["part"]: s.text for s in out.segments}
    assert "Subject: Roster" in parts["headers"] and parts["body"].strip() == "Body text here."
    assert not out.tables  # the attachment is its own item


def test_encrypted_pdf_is_unscannable_and_image_only_pdf_too():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(fm.pdf_bytes([["secret text"]]))))
    writer.encrypt("pw")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(Unscannable, match="encrypted PDF"):
        read(buffer.getvalue(), "locked.pdf")
    with pytest.raises(Unscannable, match="image-only"):
        read(fm.pdf_bytes([[]]), "scan.pdf")


def test_encrypted_office_document_and_legacy_format():
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    with pytest.raises(Unscannable, match="encrypted Office document"):
        read(header + "EncryptedPackage".encode("utf-16-le"), "locked.docx")
    with pytest.raises(ScanError, match="legacy Office"):
        read(header + "WordDocument".encode("utf-16-le"), "old.doc")
