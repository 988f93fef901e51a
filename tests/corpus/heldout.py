"""Held-out split: other seed, other names, other templates, labelled from LABELLING.md.

Written once and not tuned against: see LABELLING.md ("Splits") and the README.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests import filemakers as fm  # noqa: E402

FIRST = ["Amara", "Declan", "Mei", "Joaquin", "Sofia", "Anders", "Farah", "Colin", "Ruth", "Emeka", "Lucia", "Pavel",
         "Hana", "Trevor", "Zainab", "Matteo", "Ines", "Gideon", "Noor", "Walter"]
LAST = ["Abernathy", "Nakamura", "Ferreira", "Oyelaran", "Sandoval", "Lundqvist", "Rahimi", "Hollister", "Quinlan",
        "Eze", "Marchetti", "Novak", "Sato", "Beaumont", "Chaudhry", "Greco", "Varga", "Ashworth", "Delgado", "Kerr"]
CLEAR = ["TS/SCI", "Top Secret", "Secret", "DOE Q"]
N, E, P, S, C, ID = "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN", "SECURITY_CLEARANCE", "EMPLOYEE_ID"


class People:
    """A deterministic stream of synthetic people; ``make`` decides their names and formats."""

    def __init__(self, seed: int = 2027) -> None:
        self.rng = random.Random(seed)
        self.n = 0

    def __call__(self) -> dict[str, str]:
        self.n += 1
        return self.make(self.n, self.rng)

    def make(self, n: int, r: random.Random) -> dict[str, str]:
        first, last = FIRST[(n * 3) % 20], LAST[(n * 11) % 20]
        area = r.choice(["703", "571", "301", "410"])
        return {"first": first, "last": last, "name": f"{first} {last}", "email": f"{first[0]}{last}@field.agency.gov".lower(),
                "phone": f"{area}-555-{r.randint(100, 199):04d}", "dotted": f"{area}.555.{r.randint(200, 299):04d}",
                "ssn": f"{r.randint(101, 665)}-{r.randint(10, 99)}-{r.randint(1000, 9999)}",
                "badge": f"B-{r.randint(100000, 999999)}", "clear": r.choice(CLEAR)}


def build(add) -> None:
    person = People()
    # A transfer notice in prose.
    for i in range(3):
        a, b = person(), person()
        text = (f"Personnel action {i + 1}. Effective next month, {a['name']} (badge {a['badge']}) moves to the "
                f"regional office and keeps a {a['clear']} clearance. Social Security number {a['ssn']}. "
                f"Direct line {a['phone']}; mail {a['email']}.\nApproved by {b['name']}, {b['dotted']}.\n")
        add(f"action-{i + 1}.txt", text.encode(), [(N, a["name"]), (ID, a["badge"]), (C, a["clear"]), (S, a["ssn"]),
                                                  (P, a["phone"]), (E, a["email"]), (N, b["name"]), (P, b["dotted"])])
    # Rosters: CSV with split phone columns, XLSX with last/first and SSNs without dashes.
    people = [person() for _ in range(6)]
    rows = [["Employee", "E-mail", "Area code", "Number", "Social Security No.", "Clearance level"]]
    labels = []
    for p in people:
        area, rest = p["phone"][:3], p["phone"][4:]
        rows.append([f"{p['last']}, {p['first']}", p["email"], area, rest, p["ssn"].replace("-", ""), p["clear"]])
        labels += [(N, f"{p['last']}, {p['first']}"), (E, p["email"]), (P, rest), (S, p["ssn"]), (C, p["clear"])]
    add("roster.csv", "".join(",".join(f'"{v}"' if "," in v else v for v in r) + "\n" for r in rows).encode(), labels)
    people = [person() for _ in range(5)]
    sheet = [["Surname", "Given name", "Staff ID", "Work phone", "Cell"]]
    sheet += [[p["last"], p["first"], p["badge"], p["phone"] + " x" + p["ssn"][-3:], p["dotted"].replace(".", "")]
              for p in people]
    add("staff.xlsx", fm.xlsx_bytes({"People": sheet}), [(t, v) for p in people for t, v in (
        (N, p["last"]), (N, p["first"]), (ID, p["badge"]), (P, p["phone"] + " x" + p["ssn"][-3:]),
        (P, p["dotted"].replace(".", "")))])
    # JSON export from an HR system.
    people = [person() for _ in range(3)]
    add("export.json", fm.json_bytes({"generated": "2026-03-01T09:00:00Z", "records": [
        {"fullName": p["name"], "contact": {"mail": p["email"].upper(), "tel": "+1 " + p["phone"]},
         "employeeNumber": p["badge"]} for p in people]}),
        [(t, v) for p in people for t, v in ((N, p["name"]), (E, p["email"]), (P, "+1 " + p["phone"]), (ID, p["badge"]))])
    # Mail with a signature block and an obfuscated address, and an ordinary notice.
    a, b = person(), person()
    body = (f"Team,\n\n{b['name']} joins us on Monday with a {b['clear']} clearance. Her mailbox is "
            f"{b['first'].lower()} [at] field.agency [dot] gov until IT fixes the alias.\n\nBest regards,\n"
            f"{a['name']}\nOffice {a['dotted']} | Mobile {a['phone']}\n")
    add("welcome.eml", fm.eml_bytes(f"{a['name']} <{a['email']}>", ["team-east@field.agency.gov"], "New colleague", body),
        [(N, b["name"]), (C, b["clear"]), (E, f"{b['first'].lower()}@field.agency.gov"), (N, a["name"]),
         (P, a["dotted"]), (P, a["phone"]), (E, a["email"]), (E, "team-east@field.agency.gov")])
    # A contact page and a docx assignment list.
    people = [person() for _ in range(3)]
    items = "".join(f"<tr><td>{p['name']}</td><td><a href=\"mailto:{p['email']}\">{p['email']}</a></td>"
                    f"<td>{p['phone']}</td></tr>" for p in people)
    add("staff.html", f"<html><body><table><tr><th>Name</th><th>Email</th><th>Phone</th></tr>{items}</table>"
                      f"<p>Main switchboard +44 20 7946 0100.</p></body></html>".encode(),
        [(t, v) for p in people for t, v in ((N, p["name"]), (E, p["email"]), (P, p["phone"]))] + [(P, "+44 20 7946 0100")])
    people = [person() for _ in range(3)]
    table = [["Officer", "Badge", "Access"]] + [[p["name"], p["badge"], p["clear"]] for p in people]
    add("assignments.docx", fm.docx_bytes(["Assignments for the spring rotation."], table),
        [(t, v) for p in people for t, v in ((N, p["name"]), (ID, p["badge"]), (C, p["clear"]))])
    _negatives(add, person)


def _negatives(add, person) -> None:
    add("tickets.csv", b"Ticket,Opened,Host,Requester IP\n7035550142,2026-02-03 14:22,db-03,10.4.8.21\n"
                       b"3015550187,2026-02-04 09:05,web-01,172.16.0.9\n4105550113,2026-02-04 17:40,mail-02,10.4.9.2\n", [])
    add("changelog.md", b"## 3.4.0 (2026-02-01)\n- bump requests==2.32.3 and urllib3@2.2.1\n"
                        b"- deploy with `ssh deploy@app02.field.agency.gov` then `git push git@gitlab.com:field/app.git`\n"
                        b"- icons: sprite@3x.png\n- fixes order 5715550190 export; build 20260201.1712\n", [])
    add("survey.txt", b"Survey point 7 at 39.2904, -76.6122 (ISBN 978-1-4028-9462-6 manual, routing 011000015). "
                      b"Timestamp 1767225600. Part 410-55-5012 replaced.\n", [])
    p = person()
    add("meeting.txt", f"Budget review moved to 14:30 in room 4105. Dial-in +1 571 555 0100, "
                       f"code 8812 4471. Host: {p['name']}.\n".encode(), [(P, "+1 571 555 0100"), (N, p["name"])])
