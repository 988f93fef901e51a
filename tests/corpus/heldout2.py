"""Second held-out split (tests/corpus/heldout2/): written after the first held-out split had been used for two
fixes, labelled once from LABELLING.md, other seed, names and templates, and never tuned against.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests import filemakers as fm  # noqa: E402
from tests.corpus import heldout  # noqa: E402
from tests.corpus.heldout import C, E, ID, N, P, S  # noqa: E402

FIRST = ["Beatrix", "Osman", "Lorenzo", "Keiko", "Dmitri", "Adaeze", "Rosalind", "Tariq", "Elodie", "Henrik",
         "Yasmin", "Cormac", "Valentina", "Jun", "Saoirse", "Idris", "Margot", "Rohan", "Agnieszka", "Malcolm"]
LAST = ["Pemberton", "Yilmaz", "Castillo", "Fujimoto", "Volkov", "Nwosu", "Ellsworth", "Siddiqui", "Fontaine",
        "Halvorsen", "Bakr", "Gallagher", "Russo", "Takeda", "Brannigan", "Okafor", "Lefebvre", "Iyer", "Wozniak",
        "Drummond"]


class People(heldout.People):
    def make(self, n: int, r: random.Random) -> dict[str, str]:
        first, last = FIRST[(n * 7) % 20], LAST[(n * 13 + 5) % 20]
        area = r.choice(["202", "240", "571", "757"])
        line = f"{r.randint(100, 199):04d}"
        return {"first": first, "last": last, "name": f"{first} {last}",
                "email": f"{last.lower()}.{first[0].lower()}@hq.agency.gov", "area": area, "line": line,
                "ssn": f"{r.randint(101, 665)}-{r.randint(10, 99)}-{r.randint(1000, 9999)}",
                "badge": f"HQ{r.randint(10000, 99999)}", "clear": r.choice(["TS/SCI", "Top Secret", "Secret"])}


def build(add) -> None:
    person = People(seed=90210)
    a, b, c = person(), person(), person()
    add("handover.pdf", fm.pdf_bytes([
        [f"Duty handover, night shift. Outgoing duty officer {a['name']}, cell ({a['area']}) 555-{a['line']}.",
         f"Relief: {b['name']}, desk {b['area']}-555-{b['line']} ext. 2290, badge {b['badge']}.",
         "Incident 7035550187 logged at 02:14; no further action."],
        [f"Escalate to {c['name']} ({c['email']}), who holds a {c['clear']} clearance."]]),
        [(N, a["name"]), (P, f"({a['area']}) 555-{a['line']}"), (N, b["name"]), (P, f"{b['area']}-555-{b['line']} ext. 2290"),
         (ID, b["badge"]), (N, c["name"]), (E, c["email"]), (C, c["clear"])])
    a, b = person(), person()
    add("chat.txt", (f"[09:14] {a['first'].lower()}: who covers the Friday watch?\n"
                     f"[09:15] {b['first'].lower()}: {a['first']} {a['last']} does, reach her at "
                     f"{a['email']} or {a['area']} 555 {a['line']}\n"
                     f"[09:16] {a['first'].lower()}: thx. rebooted 10.8.1.22, ticket 5715550144 closed\n").encode(),
        [(N, a["name"]), (E, a["email"]), (P, f"{a['area']} 555 {a['line']}")])
    people = [person() for _ in range(6)]
    rows = [["Full name", "Badge #", "Clearance", "Work email", "Mobile phone", "SSN"]]
    labels = []
    for p in people:
        phone = f"+1 ({p['area']}) 555-{p['line']}"
        rows.append([p["name"], p["badge"], p["clear"], p["email"], phone, p["ssn"]])
        labels += [(N, p["name"]), (ID, p["badge"]), (C, p["clear"]), (E, p["email"]), (P, phone), (S, p["ssn"])]
    add("badges.csv", "".join(",".join(r) + "\n" for r in rows).encode(), labels)
    people = [person() for _ in range(5)]
    hires = [["Name", "EOD", "Phone", "Clearance"]]
    hires += [[f"{p['last'].upper()}, {p['first']}", f"2026-0{i + 1}-15", f"{p['area']}.555.{p['line']}", p["clear"]]
              for i, p in enumerate(people)]
    add("newhires.xlsx", fm.xlsx_bytes({"Hires": hires, "Summary": [["Quarter", "Hires"], ["Q1", 5], ["Q2", 0]]}),
        [(t, v) for p in people for t, v in ((N, f"{p['last']}, {p['first']}"), (P, f"{p['area']}.555.{p['line']}"),
                                              (C, p["clear"]))])
    a, b = person(), person()
    body = (f"Hello,\n\nAttached is the visitor list. {b['name']} will escort; her SSN {b['ssn']} is needed for the "
            f"gate pass. Forward questions to visits(at)hq.agency.gov.\n\nRegards,\n{a['name']}\n"
            f"M: +1.{a['area']}.555.{a['line']}\n")
    attach = f"Visitor,Sponsor email\n{b['name']},{b['email']}\n".encode()
    add("request.eml", fm.eml_bytes(a["email"], ["gate@hq.agency.gov"], "Visitor list", body,
                                    {"visitors.csv": (attach, "text/csv")}),
        [(N, b["name"]), (S, b["ssn"]), (E, "visits@hq.agency.gov"), (N, a["name"]),
         (P, f"+1.{a['area']}.555.{a['line']}"), (E, a["email"]), (E, "gate@hq.agency.gov"), (E, b["email"])])
    people = [person() for _ in range(3)]
    add("contacts.json", fm.json_bytes([{"first": p["first"], "last": p["last"], "email": p["email"],
                                         "phones": [{"type": "work", "number": f"{p['area']}-555-{p['line']}"}]}
                                        for p in people]),
        [(t, v) for p in people for t, v in ((N, p["first"]), (N, p["last"]), (E, p["email"]),
                                              (P, f"{p['area']}-555-{p['line']}"))])
    add("invoice.csv", b"Invoice #,Amount,Due,Remit routing\n2405550139,1200.00,2026-04-01,021000021\n"
                       b"7575550121,845.10,2026-04-15,026009593\n", [])
    add("servers.txt", b"web01 10.0.0.5 uptime 1767225600\nssh root@web01.hq.agency.gov\n"
                       b"ansible -u deploy db02 -m ping; scp dump.sql backup@db02.hq.agency.gov:/var/backups\n"
                       b"git remote add origin git@git.hq.agency.gov:ops/inventory.git\n", [])
