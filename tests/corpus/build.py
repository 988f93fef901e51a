"""Build the labelled accuracy corpus: python tests/corpus/build.py. Synthetic; deterministic.

Writes the tuning split (tests/corpus/docs/, labels.json) and two held-out splits (tests/corpus/heldout*/),
mapping each document to the values LABELLING.md says to mark as PERSON, EMAIL_ADDRESS, US_SSN,
PHONE_NUMBER, SECURITY_CLEARANCE and EMPLOYEE_ID. Hard negatives (aggregates, inventories, build logs,
ordinary mail, runbooks, order sheets) carry few or no labels.
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests import filemakers as fm  # noqa: E402
from tests.corpus import heldout, heldout2  # noqa: E402
from tests.corpus.contacts import contact_material  # noqa: E402

HERE = Path(__file__).parent
FIRST = ["Dana", "Marcus", "Priya", "Tomas", "Helen", "Omar", "Grace", "Viktor", "Aiko", "Samuel", "Leah", "Rafael",
         "Ingrid", "Kwame", "Nadia", "Felix", "Chloe", "Bernard", "Yusuf", "Marta"]
LAST = ["Whitfield", "Okonkwo", "Raman", "Lindgren", "Castellano", "Haddad", "Moreau", "Petrov", "Tanaka", "Brennan",
        "Goldberg", "Duarte", "Solberg", "Mensah", "Karimi", "Baumann", "Laurent", "Fitzgerald", "Demir", "Kowalczyk"]
CLEAR = ["TS/SCI", "Top Secret", "Secret"]
ROLES = ["Case Officer", "Budget Analyst", "Operations Officer", "IT Specialist"]


class Corpus:
    def __init__(self) -> None:
        self.rng = random.Random(42)
        self.docs: dict[str, bytes] = {}
        self.labels: dict[str, list[list[str]]] = {}
        self.n = 0

    def person(self) -> dict[str, str]:
        self.n += 1
        first, last = FIRST[self.n % 20], LAST[(self.n * 7) % 20]
        return {"first": first, "last": last, "name": f"{first} {last}", "email": f"{first}.{last}@agency.gov".lower(),
                "phone": f"(202) 555-{1000 + self.n:04d}", "ssn": f"{212 + self.n}-{10 + self.n % 80:02d}-{4000 + self.n * 37:04d}",
                "emp": f"EMP-{300000 + self.n * 13}", "clear": self.rng.choice(CLEAR), "role": self.rng.choice(ROLES)}

    def add(self, name: str, data: bytes, labels: list[tuple[str, str]]) -> None:
        self.docs[name] = data
        self.labels[name] = sorted({(t, v) for t, v in labels})


def memos(c: Corpus) -> None:
    for i in range(6):
        a, b = c.person(), c.person()
        text = (f"Memorandum {i + 1}\n\n{a['name']} ({a['email']}, employee id {a['emp']}) transfers to the field office "
                f"as {a['role']}. Clearance: {a['clear']}. Her SSN {a['ssn']} is on file with HR.\n"
                f"Questions go to {b['name']} at {b['phone']}.\n")
        c.add(f"memo-{i + 1}.txt", text.encode(), [("PERSON", a["name"]), ("EMAIL_ADDRESS", a["email"]),
              ("EMPLOYEE_ID", a["emp"]), ("SECURITY_CLEARANCE", a["clear"]), ("US_SSN", a["ssn"]),
              ("PERSON", b["name"]), ("PHONE_NUMBER", b["phone"])])


def tables(c: Corpus) -> None:
    for i in range(3):
        people = [c.person() for _ in range(6)]
        rows = [["Name", "Email", "Phone", "SSN", "Employee ID", "Clearance"]]
        rows += [[p["name"], p["email"], p["phone"], p["ssn"], p["emp"], p["clear"]] for p in people]
        labels = [(t, p[k]) for p in people for t, k in (("PERSON", "name"), ("EMAIL_ADDRESS", "email"),
                  ("PHONE_NUMBER", "phone"), ("US_SSN", "ssn"), ("EMPLOYEE_ID", "emp"), ("SECURITY_CLEARANCE", "clear"))]
        c.add(f"staff-{i + 1}.csv", "".join(",".join(r) + "\n" for r in rows).encode(), labels)
    people = [c.person() for _ in range(5)]
    sheet = [["Cleared staff, Q3"], [], ["Last Name", "First Name", "Badge", "Clearance"]]
    sheet += [[p["last"], p["first"], p["emp"], p["clear"]] for p in people]
    c.add("cleared.xlsx", fm.xlsx_bytes({"Staff": sheet}), [(t, p[k]) for p in people for t, k in (
        ("PERSON", "last"), ("PERSON", "first"), ("EMPLOYEE_ID", "emp"), ("SECURITY_CLEARANCE", "clear"))])
    people = [c.person() for _ in range(4)]
    c.add("directory.json", fm.json_bytes({"team": "Support", "members": [
        {"name": p["name"], "email": p["email"], "phone": p["phone"]} for p in people]}),
          [(t, p[k]) for p in people for t, k in (("PERSON", "name"), ("EMAIL_ADDRESS", "email"), ("PHONE_NUMBER", "phone"))])


def mail_and_documents(c: Corpus) -> None:
    for i in range(3):
        sender, subject = c.person(), c.person()
        body = (f"Hi,\n\nPlease add {subject['name']} ({subject['email']}) to the {subject['clear']} access list; "
                f"badge number {subject['emp']}.\n\nThanks,\n{sender['name']}\n{sender['phone']}\n")
        c.add(f"mail-{i + 1}.eml", fm.eml_bytes(sender["email"], ["security@agency.gov"], "Access request", body), [
            ("PERSON", subject["name"]), ("EMAIL_ADDRESS", subject["email"]), ("SECURITY_CLEARANCE", subject["clear"]),
            ("EMPLOYEE_ID", subject["emp"]), ("PERSON", sender["name"]), ("PHONE_NUMBER", sender["phone"]),
            ("EMAIL_ADDRESS", sender["email"]), ("EMAIL_ADDRESS", "security@agency.gov")])
    people = [c.person() for _ in range(3)]
    table = [["Name", "Title", "Clearance"]] + [[p["name"], p["role"], p["clear"]] for p in people]
    c.add("assignments.docx", fm.docx_bytes([f"{people[0]['name']} will lead the team."], table, "INTERNAL", "Page 1"),
          [("PERSON", p["name"]) for p in people] + [("SECURITY_CLEARANCE", p["clear"]) for p in people])
    p = c.person()
    c.add("team.html", (f"<html><body><h1>Contacts</h1><p>Reach {p['name']} at {p['email']} or {p['phone']}.</p>"
                        "</body></html>").encode(), [("PERSON", p["name"]), ("EMAIL_ADDRESS", p["email"]),
                                                      ("PHONE_NUMBER", p["phone"])])


def hard_negatives(c: Corpus) -> None:
    c.add("headcount.csv", b"Office,Grade,Headcount\nSupport,GS-12,41\nAnalysis,GS-13,17\nSecurity,GS-14,9\n", [])
    c.add("inventory.csv", b"Part,Description,Qty\n123-45-6789,Cable assembly,40\n987-65-4321,Rack rail,12\n"
                           b"555-12-3456,Fan tray,3\n", [])
    c.add("build.log", b"2026-01-05T10:00:01Z build 412-55-7781 started\n2026-01-05T10:04:13Z release 233-61-9042 ok\n"
                       b"2026-01-05T10:05:00Z artifact sha 9f8e7d6c uploaded\n", [])
    c.add("news.txt", b"Senator Elizabeth Warren and Secretary Antony Blinken spoke at the summit, "
                      b"where President Joe Biden announced the new program.\n",
          [("PERSON", "Elizabeth Warren"), ("PERSON", "Antony Blinken"), ("PERSON", "Joe Biden")])
    c.add("notice.eml", fm.eml_bytes("facilities@agency.gov", ["all-staff@agency.gov"], "Garage closed",
                                     "Garage B is closed on Saturday. Use Garage A.\n\nFacilities Office\n"),
          [("EMAIL_ADDRESS", "facilities@agency.gov"), ("EMAIL_ADDRESS", "all-staff@agency.gov")])
    c.add("policy.txt", b"Access to SCI requires a TS/SCI clearance. Case Officer positions need a full-scope poly. "
                        b"Write SSN only on the secure form.\n", [("SECURITY_CLEARANCE", "TS/SCI"),
                                                                   ("SECURITY_CLEARANCE", "full-scope poly")])
    c.add("secret-menu.txt", b"The secret ingredient in the cafeteria chili is cinnamon. It is no secret anymore.\n", [])


def write(corpus: Corpus, folder: Path) -> None:
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, data in corpus.docs.items():
        (docs / name).write_bytes(data)
    (folder / "labels.json").write_text(json.dumps(corpus.labels, indent=1, sort_keys=True) + "\n")


def main() -> None:
    tuning, held, held2 = Corpus(), Corpus(), Corpus()
    for part in (memos, tables, mail_and_documents, hard_negatives, contact_material):
        part(tuning)
    heldout.build(held.add)
    heldout2.build(held2.add)
    write(tuning, HERE)
    write(held, HERE / "heldout")
    write(held2, HERE / "heldout2")


if __name__ == "__main__":
    main()
