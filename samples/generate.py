"""Regenerate the synthetic demo set: python samples/generate.py [OUTDIR]. All people are fictional.

Output is byte-for-byte reproducible (fixed seeds, fixed timestamps inside archives and documents).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import sys
import zipfile
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import docx
import openpyxl
from faker import Faker
from fpdf import FPDF

SEED = 2026
WHEN = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.timezone.utc)
ZIP_TIME = (2026, 1, 5, 9, 30, 0)
SENSITIVE = ["Case Officer", "Operations Officer", "Targeting Analyst", "Paramilitary Officer",
             "Collection Management Officer"]
ORDINARY = ["IT Specialist", "Budget Analyst", "Logistics Coordinator", "HR Assistant", "Facilities Manager"]
OFFICES = ["Directorate of Operations", "Directorate of Analysis", "Directorate of Support", "Office of Security"]
CLEARANCES = ["TS/SCI", "Top Secret", "Secret"]

fake = Faker("en_US")
Faker.seed(SEED)
rng = random.Random(SEED)


def person(domain: str = "agency.gov") -> dict[str, str]:
    first, last = fake.first_name(), fake.last_name()
    return {
        "first": first, "last": last, "name": f"{first} {last}",
        "email": f"{first}.{last}@{domain}".lower().replace("'", ""),
        "phone": f"202-555-01{rng.randint(0, 99):02d}",
        "position": rng.choice(SENSITIVE + ORDINARY), "office": rng.choice(OFFICES),
        "eod": (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 700))).isoformat(),
        "clearance": rng.choice(CLEARANCES), "ssn": fake.ssn(), "employee_id": f"EMP-{rng.randint(100000, 999999)}",
    }


def csv_text(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """Rewrite an OOXML package with fixed member and document timestamps so it is reproducible."""
    source = zipfile.ZipFile(io.BytesIO(data))
    stamp = WHEN.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    members = {info.filename: source.read(info) for info in source.infolist()}
    if "docProps/core.xml" in members:
        members["docProps/core.xml"] = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp,
                                              members["docProps/core.xml"])
    return zip_bytes(members)


def signature(who: dict[str, str], title: str) -> str:
    return f"\n--\n{who['name']}\n{title}\nExample Agency\nTel. {who['phone']}\n"


def email(sender: str, to: str, subject: str, body: str, attachments=(), message_id: str = "") -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = format_datetime(WHEN)
    message["Message-ID"] = f"<{message_id}@agency.gov>"
    message.set_content(body)
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if message.is_multipart():
        message.set_boundary(f"==sample-{message_id}==")
    return bytes(message)


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    book.properties.created = book.properties.modified = WHEN.replace(tzinfo=None)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return normalise_zip(out.getvalue())


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None, header: str, footer: str) -> bytes:
    document = docx.Document()
    document.core_properties.created = document.core_properties.modified = WHEN.replace(tzinfo=None)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.sections[0].header.paragraphs[0].text = header
    document.sections[0].footer.paragraphs[0].text = footer
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue())


def pdf_bytes(pages: list[list[str]]) -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(WHEN)
    pdf.set_font("helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def outbound(files: dict[str, bytes]) -> None:
    director = person()
    hires = [person() for _ in range(18)]
    header = ["Last Name", "First Name", "Email", "Position", "Office", "EOD", "Clearance"]
    rows = [[p["last"], p["first"], p["email"], p["position"], p["office"], p["eod"], p["clearance"]] for p in hires]
    body = ("Hello,\n\nAttached is the complete list of all officers we hired in the past two years, "
            "as you asked for the onboarding audit.\n" + signature(director, "Director, Human Resources"))
    files["outbound/new-hires-to-contractor.eml"] = email(
        director["email"], "staffing@opm-contractor.com", "New hires FY2025 - complete list", body,
        [("new_hires_fy2025.csv", csv_text(header, rows).encode(), "text/csv")], "hires-1")
    internal = [person() for _ in range(12)]
    sheet = [["Example Agency - new hires, FY2025"], [], header] + \
        [[p["last"], p["first"], p["email"], p["position"], p["office"], p["eod"], p["clearance"]] for p in internal]
    summary = [["Office", "Hires"]] + [[o, sum(p["office"] == o for p in internal)] for o in OFFICES]
    files["outbound/roster-internal.eml"] = email(
        director["email"], "personnel@agency.gov", "FY2025 hires for the personnel file",
        "Please file the attached workbook.\n" + signature(director, "Director, Human Resources"),
        [("fy2025_hires.xlsx", xlsx_bytes({"Hires": sheet, "Summary": summary}),
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")], "hires-2")
    facilities = person()
    files["outbound/facilities-notice.eml"] = email(
        facilities["email"], "all-staff@agency.gov", "Garage B closed on Saturday",
        "Garage B will be closed on Saturday for resurfacing. Please use Garage A.\n"
        + signature(facilities, "Facilities Manager"), message_id="notice-1")
    armour = "\n".join(fake.pystr(min_chars=64, max_chars=64) for _ in range(12))
    pgp = f"-----BEGIN PGP MESSAGE-----\n\n{armour}\n=Ab3x\n-----END PGP MESSAGE-----\n".encode()
    files["outbound/encrypted-attachment.eml"] = email(
        director["email"], "payroll@partner-payroll.com", "Payroll file", "The payroll file is attached, encrypted.\n",
        [("payroll.csv.pgp", pgp, "application/pgp-encrypted")], "pgp-1")


def documents(files: dict[str, bytes]) -> None:
    staff = [person() for _ in range(6)]
    lead = staff[0]
    paragraphs = ["MEMORANDUM: Station assignments, spring rotation",
                  f"{lead['name']} will join the station as Case Officer in March.",
                  f"{staff[1]['name']} moves to Targeting Analyst; {staff[2]['name']} remains Operations Officer."]
    table = [["Name", "Title", "Clearance", "EOD"]] + [[p["name"], p["position"], p["clearance"], p["eod"]]
                                                       for p in staff]
    files["documents/memo-station-assignments.docx"] = docx_bytes(
        paragraphs, table, "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "Station memo - page 1")
    files["documents/newsletter.docx"] = docx_bytes(
        ["Staff newsletter - January", "The cafeteria adds a soup bar on Tuesdays.",
         "The spring town hall is on March 4 in the auditorium.",
         '"Whatever you are, be a good one." - Abraham Lincoln'], None, "Newsletter", "Page 1")
    subject = person()
    files["documents/personnel-action.pdf"] = pdf_bytes([
        ["STANDARD FORM 50 - NOTIFICATION OF PERSONNEL ACTION", f"Name: {subject['last']}, {subject['first']}",
         f"Social Security Number: {subject['ssn']}", "Date of birth: 1988-04-17",
         f"Employee ID: {subject['employee_id']}", f"Position: {subject['position']}",
         f"Clearance: {subject['clearance']}", f"Entered on duty: {subject['eod']}"],
        ["Approved by: Human Resources", "Signature on file"]])
    files["documents/quarterly-headcount.pdf"] = pdf_bytes([
        ["Quarterly headcount, Q4 FY2025"] + [f"{o}: {rng.randint(80, 400)} staff" for o in OFFICES]
        + ["Total attrition: 3.1 percent"]])


def data(files: dict[str, bytes]) -> None:
    people = [person() for _ in range(25)]
    directory = {"office": "Directorate of Support", "generated": "2026-01-05",
                 "employees": [{"name": p["name"], "email": p["email"], "phone": p["phone"],
                                "employee_id": p["employee_id"], "position": p["position"]} for p in people]}
    files["data/staff-directory.json"] = json.dumps(directory, indent=2).encode()
    config = {"service": "timesheets", "hosts": ["app01.internal", "app02.internal"], "port": 8443,
              "features": {"dark_mode": True, "export": False}, "release": "build 123-45-6789",
              "maintainer_team": "platform"}
    files["data/app-config.json"] = json.dumps(config, indent=2).encode()
    lines = [json.dumps({"name": p["name"], "email": p["email"], "start_date": p["eod"], "title": p["position"]})
             for p in (person() for _ in range(12))]
    files["data/hires.jsonl"] = ("\n".join(lines) + "\n").encode()


def lists(files: dict[str, bytes]) -> None:
    roles = SENSITIVE + ORDINARY[:2]
    lines = [f"{p['first']} {p['last'][0]}. - {rng.choice(roles)}, EOD {p['eod']}" for p in (person() for _ in range(30))]
    files["lists/recent-hires.txt"] = ("Complete list of all new officers, FY2025:\n\n" + "\n".join(lines) + "\n").encode()
    orders = "\n".join(f"- {fake.first_name()}: {rng.choice(['turkey', 'veggie', 'tuna', 'ham'])} sandwich"
                       for _ in range(8))
    files["lists/lunch-order.md"] = f"# Friday lunch order\n\n{orders}\n\nPick-up at noon.\n".encode()
    log = [f"2026-01-05T09:{m:02d}:00Z INFO request id={fake.uuid4()[:8]} ip=10.0.{rng.randint(0, 9)}.{rng.randint(1, 254)} "
           f"status=200 build=4.{rng.randint(1, 9)}.{rng.randint(10, 99)}" for m in range(20)]
    files["lists/system.log"] = ("\n".join(log) + "\n").encode()


def tables(files: dict[str, bytes]) -> None:
    rows = [[o, g, str(rng.randint(3, 60))] for o in OFFICES for g in ("GS-11", "GS-12", "GS-13")]
    files["tables/headcount-by-office.csv"] = csv_text(["Office", "Grade", "Headcount"], rows, ";").encode()
    accented = ["Zoë Müller", "José Ñúñez", "François Lefèvre", "Chloé Dubois"]
    contractors = [[n, f"{n.split()[0].lower()}@contractor.example.com", f"202-555-01{rng.randint(0, 99):02d}"]
                   for n in accented + [person()["name"] for _ in range(4)]]
    body = "".join(",".join(r) + "\n" for r in contractors)
    files["tables/contractors_noheader.csv"] = body.encode("latin-1", errors="replace")
    trainees = [[p["name"], p["email"], "Security awareness", p["eod"]] for p in (person() for _ in range(10))]
    files["tables/training-roster.tsv"] = csv_text(["Name", "Email", "Course", "Date"], trainees, "\t").encode()


def archives(files: dict[str, bytes]) -> None:
    people = [person() for _ in range(10)]
    hires = csv_text(["Name", "SSN", "Position", "Start Date"],
                     [[p["name"], p["ssn"], p["position"], p["eod"]] for p in people]).encode()
    q1 = csv_text(["Name", "Email"], [[p["name"], p["email"]] for p in (person() for _ in range(5))]).encode()
    files["archives/hr-export.zip"] = zip_bytes({
        "2025/hires.csv": hires, "readme.txt": b"Export of the HR system, January 2026.\n",
        "old.zip": zip_bytes({"q1.csv": q1})})


def web_and_broken(files: dict[str, bytes]) -> None:
    team = [person() for _ in range(5)]
    rows = "".join(f"<tr><td>{p['name']}</td><td>{p['position']}</td><td>{p['email']}</td></tr>" for p in team)
    files["web/team-page.html"] = (
        "<!doctype html><html><head><title>Team</title><script>var t = 1;</script></head><body>"
        "<h1>Our team</h1><table><tr><th>Name</th><th>Title</th><th>Email</th></tr>"
        f"{rows}</table></body></html>\n").encode()
    workbook = xlsx_bytes({"Staff": [["Name", "Email"]] + [[p["name"], p["email"]] for p in team]})
    files["broken/truncated.xlsx"] = workbook[: len(workbook) // 2]
    files["broken/not-really.pdf"] = csv_text(["Name", "Email"], [[p["name"], p["email"]] for p in team[:2]]).encode()
    files["broken/empty.txt"] = b""


def build() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for part in (outbound, documents, data, lists, tables, archives, web_and_broken):
        part(files)
    return files


def main(outdir: str = str(Path(__file__).parent)) -> None:
    for name, content in build().items():
        path = Path(outdir) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


if __name__ == "__main__":
    main(*sys.argv[1:2])
