"""Every reader on a real file of its format (built here with the real library): text, tables and
locations come out right, and bad input gets a one-line reason that never quotes the content."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from email.message import EmailMessage

import docx
import openpyxl
import pytest
from docx.oxml import parse_xml
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from auditor.extract import extract
from auditor.models import Extraction, Item, ScanError, Unscannable
from auditor.policy import load_policy
from tests.test_bad_input import BOMB_DTD, with_entity_bomb

POLICY = load_policy()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def read(data: bytes, media_type: str) -> Extraction:
    return extract(Item(path="file", data=data, media_type=media_type), POLICY)


def segments(out: Extraction) -> list[tuple[dict, str]]:
    return [(s.location, s.text) for s in out.segments]


def workbook_bytes(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_part(package: bytes, part: str, change) -> bytes:
    """A copy of a real OOXML package with one part's bytes passed through ``change``."""
    source, out = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data) if info.filename == part else data)
    return out.getvalue()


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """One PDF page per list of lines; a page with no lines holds only a drawn rectangle (no text)."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        if not lines:
            pdf.rect(20, 20, 80, 120, style="F")
    return bytes(pdf.output())


def encrypted(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- text -------------------------------------------------------------------------------------

@pytest.mark.parametrize("codec", ["latin-1", "utf-8-sig", "utf-16", "utf-32", "cp1252"])
def test_text_in_any_encoding_is_one_segment_from_line_one(codec):
    out = read("Employee: Zoë Müller\nOffice: Support\n".encode(codec), "text/plain")
    assert [(s.text, s.location, s.first_line) for s in out.segments] == [
        ("Employee: Zoë Müller\nOffice: Support\n", {}, 1)]


@pytest.mark.parametrize("text, codec", [
    ("Zoë Müller,zoë@x.example.com\nJosé Ñúñez,josé@x.example.com\n", "latin-1"),  # guessed Baltic before
    ("Иван Петров, сотрудник отдела кадров.\n", "cp1251"),  # Windows-1252 wins near ties only
    ("Łukasz Wróbel, Zażółć gęślą jaźń.\n", "cp1250"),
])
def test_short_legacy_text_decodes_to_its_names(text, codec):
    assert read(text.encode(codec), "text/plain").segments[0].text == text


def test_markdown_is_text():
    assert read(b"# Staff\n\n- Dana Whitfield\n", "text/markdown").segments[0].text == "# Staff\n\n- Dana Whitfield\n"


def test_undecodable_bytes_are_an_error():
    with pytest.raises(ScanError, match="could not decode text"):
        read(bytes(range(0, 32)) * 40, "text/plain")


# --- CSV / TSV --------------------------------------------------------------------------------

def test_csv_semicolon_latin1_with_header():
    data = "Nom;Prénom;Courriel\nMüller;Zoë;zoe@example.org\nDubois;Chloé;chloe@example.org\n".encode("latin-1")
    (table,) = read(data, "text/csv").tables
    assert (table.columns, table.has_header, table.first_data_row) == (["Nom", "Prénom", "Courriel"], True, 2)
    assert table.frame.iloc[1].tolist() == ["Dubois", "Chloé", "chloe@example.org"]


def test_headerless_csv_gets_numbered_columns():
    data = b"Dana Whitfield,dana@agency.gov,202-555-0143\nLee Park,lee@agency.gov,202-555-0199\n"
    (table,) = read(data, "text/csv").tables
    assert not table.has_header and table.columns == ["column 1", "column 2", "column 3"]
    assert table.first_data_row == 1 and table.frame.iloc[0].tolist() == ["Dana Whitfield", "dana@agency.gov",
                                                                         "202-555-0143"]


def test_tsv_and_pipe_delimited():
    (tsv,) = read(b"Name\tEmail\nDana Whitfield\tdana@agency.gov\n", "text/tab-separated-values").tables
    assert tsv.columns == ["Name", "Email"] and tsv.frame["Email"].tolist() == ["dana@agency.gov"]
    (piped,) = read(b"Name|Phone\nLee Park|202-555-0199\n", "text/csv").tables
    assert piped.frame.iloc[0].tolist() == ["Lee Park", "202-555-0199"]


def test_csv_ragged_rows_are_padded_and_rows_keep_source_numbers():
    data = b"\n\nName,Email,Phone\nDana,dana@agency.gov\nLee,lee@agency.gov,202-555-0199,extra\n"
    (table,) = read(data, "text/csv").tables
    assert table.columns == ["Name", "Email", "Phone", "column 4"] and table.first_data_row == 4
    assert table.frame.values.tolist() == [["Dana", "dana@agency.gov", "", ""],
                                           ["Lee", "lee@agency.gov", "202-555-0199", "extra"]]


def test_csv_excel_sep_line_names_the_delimiter():
    (table,) = read(b"sep=;\nName;Email\nDana, Jr.;dana@agency.gov\n", "text/csv").tables
    assert table.columns == ["Name", "Email"] and table.frame.iloc[0].tolist() == ["Dana, Jr.", "dana@agency.gov"]
    assert table.first_data_row == 3


# --- XLSX -------------------------------------------------------------------------------------

def hires_workbook() -> bytes:
    book = openpyxl.Workbook()
    hires = book.active
    hires.title = "Hires"
    for row in [["Agency new hires FY2025"], [], ["Name", "Email", "EOD"],
                ["Dana Whitfield", "dana@agency.gov", dt.datetime(2024, 12, 14)],
                ["Lee Park", "lee@agency.gov", 45663]]:
        hires.append(row)
    hires["C5"].number_format = "yyyy-mm-dd"  # a serial number shown as a date
    summary = book.create_sheet("Summary")
    summary["C2"], summary["D2"], summary["C3"], summary["D3"] = "Office", "Hires", "Support", 2
    return workbook_bytes(book)


def test_xlsx_every_sheet_header_below_title_rows_and_dates():
    out = read(hires_workbook(), XLSX)
    hires, summary = out.tables
    assert (hires.sheet, hires.columns, hires.first_data_row, hires.first_column) == ("Hires", ["Name", "Email", "EOD"],
                                                                                      4, 1)
    assert hires.frame["EOD"].tolist() == ["2024-12-14", "2025-01-06"]
    assert segments(out) == [({"sheet": "Hires", "row": 1}, "Agency new hires FY2025")]
    # the Summary table starts at C2, so its cells can be named: "Support" is C3
    assert (summary.sheet, summary.columns, summary.first_data_row, summary.first_column) == (
        "Summary", ["Office", "Hires"], 3, 3)
    assert summary.frame.iloc[0].tolist() == ["Support", "2"]


def test_xlsx_two_cell_title_is_not_taken_for_the_header():
    book = openpyxl.Workbook()
    for row in [["Report", "FY2025"], [], ["Name", "Email", "Office", "Phone"],
                ["Dana Whitfield", "dana@agency.gov", "Operations", "202-555-0143"],
                ["Lee Park", "lee@agency.gov", "Support", "202-555-0199"]]:
        book.active.append(row)
    out = read(workbook_bytes(book), XLSX)
    assert out.tables[0].columns == ["Name", "Email", "Office", "Phone"] and len(out.tables[0].frame) == 2
    assert segments(out) == [({"sheet": "Sheet", "row": 1}, "Report FY2025")]


def test_xlsx_with_a_stale_dimension_is_read_to_the_end():
    book = openpyxl.Workbook()
    for n in range(12):
        book.active.append([f"Person {n}", f"p{n}@agency.gov"])
    data = rewrite_part(workbook_bytes(book), "xl/worksheets/sheet1.xml",
                        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', xml))
    assert len(read(data, XLSX).tables[0].frame) == 12


def test_xlsx_entity_bomb_in_any_part_is_refused_before_parsing():
    for part in ("xl/workbook.xml", "xl/worksheets/sheet1.xml"):
        with pytest.raises(ScanError, match="entity") as caught:
            read(with_entity_bomb(hires_workbook(), part), XLSX)
        assert not isinstance(caught.value, Unscannable)


def test_xlsx_truncated_or_expanding_past_the_limits(tmp_path):
    with pytest.raises(ScanError, match="corrupt"):
        read(hires_workbook()[:600], XLSX)
    (tmp_path / "tight.yaml").write_text("extends: default\nlimits:\n  max_compression_ratio: 2\n")
    tight = load_policy(tmp_path / "tight.yaml")  # real sheet XML compresses better than 2:1
    with pytest.raises(ScanError, match="size limits"):
        extract(Item(path="big.xlsx", data=hires_workbook(), media_type=XLSX), tight)


# --- DOCX -------------------------------------------------------------------------------------

def memo_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Assignments for the new team.")
    document.add_paragraph("Contact Dana Whitfield for details.")
    grid = document.add_table(rows=3, cols=2)
    for r, row in enumerate([["Name", "Position"], ["Dana Whitfield", "Case Officer"], ["Lee Park", "Analyst"]]):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    grid.cell(2, 1).add_table(rows=1, cols=1).cell(0, 0).text = "TS/SCI"  # a table nested in a cell
    document.element.body.insert(0, parse_xml(  # a content control, which python-docx's paragraph list skips
        f"<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>Prepared by HR</w:t></w:r></w:p></w:sdtContent></w:sdt>"))
    tracked = document.add_paragraph("Final list ")
    tracked._p.append(parse_xml(f'<w:del {W_NS} w:id="1" w:author="hr"><w:r><w:delText>and Maria Lopez'
                                f'</w:delText></w:r></w:del>'))
    boxed = document.add_paragraph("See box")  # a text box, with the legacy copy Word writes beside it
    boxed._p.append(parse_xml(
        f'<w:r {W_NS} xmlns:mc="{MC_NS}"><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent><w:p><w:r>'
        f'<w:t>Boxed: Maria Lopez</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p>'
        f'<w:r><w:t>Boxed: Maria Lopez</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>'))
    document.add_comment(document.paragraphs[1].runs, text="Check clearance of Lee Park", author="HR")
    section = document.sections[0]
    section.header.paragraphs[0].text = "UNCLASSIFIED"
    section.footer.paragraphs[0].text = "Prepared by the Office of Security"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_tables_headers_footers_comments():
    out = read(memo_docx(), DOCX)
    parts = {s.location["part"]: s.text for s in out.segments}
    assert parts["body"].split("\n") == ["Prepared by HR", "Assignments for the new team.",
                                         "Contact Dana Whitfield for details.", "Final list and Maria Lopez",
                                         "See box", "Boxed: Maria Lopez"]
    assert parts["header"] == "UNCLASSIFIED" and parts["footer"] == "Prepared by the Office of Security"
    assert parts["comments"] == "Check clearance of Lee Park"
    (table,) = out.tables
    assert (table.sheet, table.columns, table.has_header) == ("table 1", ["Name", "Position"], True)
    assert table.frame.values.tolist() == [["Dana Whitfield", "Case Officer"], ["Lee Park", "Analyst\nTS/SCI"]]


def test_docx_entity_bomb_and_corrupt_package():
    for part in ("word/document.xml", "word/styles.xml", "word/header1.xml"):  # styles are never parsed for text
        with pytest.raises(ScanError, match="entity"):
            read(with_entity_bomb(memo_docx(), part), DOCX)
    with pytest.raises(ScanError, match="entity"):  # a DTD past the first piece the prolog check reads
        late_dtd = BOMB_DTD.replace(b"?>", b"?><!--" + b" " * 5000 + b"-->", 1)
        read(rewrite_part(memo_docx(), "word/settings.xml", lambda xml: late_dtd + xml.split(b"?>", 1)[1]), DOCX)
    with pytest.raises(ScanError, match="corrupt"):
        read(memo_docx()[:900], DOCX)


# --- PDF --------------------------------------------------------------------------------------

def test_pdf_one_segment_per_page_with_its_number():
    out = read(pdf_bytes([["Employee roster"], ["Dana Whitfield, Case Officer"]]), "application/pdf")
    assert [(s.location, s.text.strip(), s.first_line) for s in out.segments] == [
        ({"page": 1}, "Employee roster", 1), ({"page": 2}, "Dana Whitfield, Case Officer", 1)]
    assert out.status == "scanned"


def test_pdf_pages_without_text_make_it_partial():
    out = read(pdf_bytes([["Dana Whitfield"], [], ["Lee Park"]]), "application/pdf")
    assert [s.location["page"] for s in out.segments] == [1, 3]
    assert (out.status, out.reason) == ("partial", "1 of 3 pages have no text layer")


def test_encrypted_pdf_is_unscannable_unless_the_password_is_empty():
    with pytest.raises(Unscannable, match=r"encrypted PDF \(password-protected\)"):
        read(encrypted(pdf_bytes([["Dana Whitfield"]]), "pw"), "application/pdf")
    opened = read(encrypted(pdf_bytes([["Dana Whitfield"]]), ""), "application/pdf")
    assert opened.segments[0].text.strip() == "Dana Whitfield"


def test_image_only_and_truncated_pdf():
    with pytest.raises(Unscannable, match="image-only PDF"):
        read(pdf_bytes([[], []]), "application/pdf")
    whole = pdf_bytes([["Dana Whitfield"]])
    with pytest.raises(ScanError, match="corrupt or truncated PDF") as caught:
        read(whole[: len(whole) // 2], "application/pdf")
    assert not isinstance(caught.value, Unscannable)


# --- JSON / JSONL -----------------------------------------------------------------------------

def test_json_leaves_have_paths_and_keys_as_context():
    data = (b'{"office": {"chief": "Dana Whitfield", "phones": ["202-555-0143"]}, '
            b'"budget": 1234567.10, "big": ' + b"9" * 5000 + b', "active": true, "note": null}')
    out = read(data, "application/json")
    assert [(s.location["json_path"], s.context) for s in out.segments] == [
        ("$.office.chief", ["chief"]), ("$.office.phones[0]", ["phones"]), ("$.budget", ["budget"]),
        ("$.big", ["big"])]
    assert out.segments[2].text == "1234567.10" and out.segments[3].text == "9" * 5000  # numbers as written


def test_json_arrays_of_records_become_tables_not_segments():
    data = (b'{"employees": [{"name": "Dana Whitfield", "email": "dana@agency.gov", "contact": {"phone": "202"}},'
            b' {"name": "Lee Park", "email": "lee@agency.gov", "aliases": ["L. Park"], "cleared": false}]}')
    out = read(data, "application/json")
    (table,) = out.tables
    assert (table.sheet, table.columns) == ("$.employees", ["name", "email", "contact.phone", "cleared"])
    assert table.frame.values.tolist() == [["Dana Whitfield", "dana@agency.gov", "202", ""],
                                           ["Lee Park", "lee@agency.gov", "", "false"]]
    assert segments(out) == [({"json_path": "$.employees[1].aliases[0]"}, "L. Park")]


def test_json_keys_that_are_data_are_scanned_and_kept_out_of_paths():
    out = read(b'{"by_email": {"dana@agency.gov": {"ssn": "612-48-3391"}, "lee@agency.gov": {"ssn": "x"}}}',
               "application/json")
    found = segments(out)
    assert ({"json_path": "$.by_email[key 0]"}, "dana@agency.gov") in found
    assert ({"json_path": "$.by_email[key 0].ssn"}, "612-48-3391") in found
    assert not any("@" in location["json_path"] for location, _ in found)


def test_jsonl_records_are_a_table_and_errors_give_the_file_line():
    out = read(b'{"name": "Lee Park"}\n\n{"name": "Dana Whitfield", "tags": ["a"]}\n', "application/x-ndjson")
    assert out.tables[0].sheet == "$" and out.tables[0].frame["name"].tolist() == ["Lee Park", "Dana Whitfield"]
    assert segments(out) == [({"json_path": "$[1].tags[0]"}, "a")]
    with pytest.raises(ScanError, match="invalid JSON at line 3, column 10"):
        read(b'{"name": "Lee Park"}\n\n{"name": }\n', "application/x-ndjson")


def test_invalid_json_gives_line_and_column():
    with pytest.raises(ScanError, match=r"invalid JSON at line 2, column 13: Expecting"):
        read(b'{"a": "Dana Whitfield",\n "b": [1, 2,, 3]}', "application/json")


# --- HTML -------------------------------------------------------------------------------------

def test_html_visible_text_and_tables_without_scripts():
    html = (b"<!doctype html><html><head><title>Team page</title><script>var ssn='612-48-3391';</script>"
            b"<style>td {color: red}</style></head><body><h1>Team</h1><p>Lead: Dana <b>Whitfield</b></p>"
            b"<table><caption>Support office</caption><tr><th>Name</th><th>Note</th></tr>"
            b"<tr><td>Lee Park</td><td>on leave<br>until May</td></tr></table></body></html>")
    out = read(html, "text/html")
    assert segments(out) == [({}, "Team page\nTeam\nLead: Dana Whitfield\nSupport office")]
    (table,) = out.tables
    assert (table.sheet, table.columns, table.has_header) == ("table 1", ["Name", "Note"], True)
    assert table.frame.values.tolist() == [["Lee Park", "on leave until May"]]


# --- email ------------------------------------------------------------------------------------

def message(plain: str | None, html: str | None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "hr@agency.gov", "staffing@contractor.example.com", "Roster"
    if plain is not None:
        msg.set_content(plain)
    if html is not None:
        (msg.add_alternative if plain is not None else msg.set_content)(html, subtype="html")
    return msg


def test_email_headers_and_plain_body_but_not_attachments_or_forwards():
    msg = message("Please find the roster attached.\n", "<p>Please find the <b>HTML</b> roster.</p>")
    msg.add_attachment(b"Name\nLee Park\n", maintype="text", subtype="csv", filename="roster.csv")
    msg.add_attachment(message("Forwarded: Maria Lopez\n", None))  # a message/rfc822 part
    out = read(bytes(msg), "message/rfc822")
    assert segments(out) == [
        ({"part": "headers"}, "From: hr@agency.gov\nTo: staffing@contractor.example.com\nSubject: Roster"),
        ({"part": "body"}, "Please find the roster attached.\n")]
    assert not out.tables


def test_email_html_only_body_goes_through_the_html_reader():
    out = read(bytes(message(None, "<p>Staff: Dana Whitfield</p><table><tr><th>Name</th></tr>"
                                   "<tr><td>Lee Park</td></tr></table><script>x()</script>")), "message/rfc822")
    assert segments(out)[1] == ({"part": "body-html"}, "Staff: Dana Whitfield")
    assert out.tables[0].frame["Name"].tolist() == ["Lee Park"]


def test_email_with_an_unknown_charset_is_still_read():
    data = (b"From: hr@agency.gov\nTo: x@example.com\nSubject: Roster\nMIME-Version: 1.0\n"
            b"Content-Type: text/plain; charset=x-no-such-charset\n\nNew hire: Zo\xc3\xab M\xc3\xbcller\n")
    assert segments(read(data, "message/rfc822"))[1] == ({"part": "body"}, "New hire: Zoë Müller\n")


# --- the other media types --------------------------------------------------------------------

def test_empty_zip_and_compound_files():
    empty = read(b"", "application/x-empty")
    assert (empty.segments, empty.tables, empty.reason) == ([], [], "empty file (0 bytes)")
    assert read(b"PK\x05\x06" + b"\0" * 18, "application/zip") == Extraction()
    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    with pytest.raises(Unscannable, match=r"encrypted Office document \(password-protected\)"):
        read(cfb + "EncryptionInfo".encode("utf-16-le") + b"\0\0" + "EncryptedPackage".encode("utf-16-le"),
             "application/x-cfb")
    with pytest.raises(ScanError, match=r"legacy Office format \(.doc/.xls\) is not supported") as caught:
        read(cfb + "WordDocument".encode("utf-16-le"), "application/x-cfb")
    assert not isinstance(caught.value, Unscannable)


def test_pgp_and_unknown_binary():
    with pytest.raises(Unscannable, match="PGP-encrypted content"):
        read(b"-----BEGIN PGP MESSAGE-----\n\nhQEMA\n-----END PGP MESSAGE-----\n", "application/pgp-encrypted")
    with pytest.raises(ScanError, match=r"^unsupported file type \(binary\)$"):
        read(b"\x00\x01\x02", "application/octet-stream")


@pytest.mark.parametrize(("data", "media_type"), [
    (b'{"name": "Dana Whitfield", "ssn": 612-48-3391}', "application/json"),
    (b'{"ok": 1}\n{"name": "Dana Whitfield" "ssn": "612-48-3391"}\n', "application/x-ndjson"),
    (b"%PDF-1.7\n1 0 obj << /Name (Dana Whitfield 612-48-3391) ", "application/pdf"),
    (b"Dana Whitfield 612-48-3391".ljust(600, b"\x00"), "text/plain"),
    (b"PK\x03\x04Dana Whitfield 612-48-3391", XLSX),
    (b"PK\x03\x04Dana Whitfield 612-48-3391", DOCX),
])
def test_error_messages_are_one_line_and_never_quote_content(data, media_type):
    with pytest.raises(ScanError) as caught:
        read(data, media_type)
    reason = str(caught.value)
    assert reason and "\n" not in reason
    assert "Dana" not in reason and "Whitfield" not in reason and "3391" not in reason


COLUMNAR_CASES = {
    "regular": b"Name,Email,SSN\nJane Roe,jr@agency.gov,529-43-8716\nJohn Doe,jd@agency.gov,212-45-6789\n",
    "quoted": b'Name,Notes\n"Roe, Jane","line one\nline two, with ""quotes"""\nJohn Doe,ok\n',
    "leading blank rows, semicolons": b"\n\nNom;Courriel\nDupont;jd@agency.gov\nMartin;mm@agency.gov\n",
    "excel sep line": b"sep=|\nName|Phone\nJane Roe|202-555-0187\n",
    "headerless": b"Jane Roe,529-43-8716\nJohn Doe,212-45-6789\n",
    "blank line inside": b"Name,Email\nJane Roe,jr@agency.gov\n\nJohn Doe,jd@agency.gov\n",
    "ragged": b"Name,Email,Phone\nJane Roe,jr@agency.gov\nJohn Doe,jd@agency.gov,202-555-0187\n",
}


@pytest.mark.parametrize("name", sorted(COLUMNAR_CASES))
def test_large_csv_reader_gives_the_same_table_or_falls_back(name, monkeypatch):
    import auditor.extract.columnar as columnar
    import auditor.extract.tables as tables

    item = Item(path=f"{name}.csv", data=COLUMNAR_CASES[name], media_type="text/csv")
    small = extract(item, load_policy()).tables[0]
    used, original = [], columnar.read_columnar
    monkeypatch.setattr(tables, "COLUMNAR_MIN_CHARS", 0)
    monkeypatch.setattr(columnar, "read_columnar", lambda *a: used.append(original(*a)) or used[-1])
    large = extract(item, load_policy()).tables[0]
    assert (large.columns, large.has_header, large.first_data_row) == (small.columns, small.has_header,
                                                                       small.first_data_row)
    assert large.frame.equals(small.frame)
    assert (used[0] is None) == (name in ("blank line inside", "ragged"))  # these need the csv module
