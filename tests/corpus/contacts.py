"""Tuning-split documents for email and phone: forms default Presidio misses, and look-alikes it reports.

Labelled from LABELLING.md. Each document mixes real contact details (plus tags, obfuscated addresses,
extensions, dotted and international numbers, local numbers in phone columns) with values that are not
contact details (ssh logins, git remotes, package pins, order, ticket and tracking numbers, timestamps,
IP addresses, coordinates, ISBNs, routing numbers).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests import filemakers as fm  # noqa: E402

E, P, N = "EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON"


def runbook(c) -> None:
    a, b = c.person(), c.person()
    text = (f"Deploy runbook\n\n1. ssh ops@jump01.agency.gov\n2. scp release.tar deploy@build01.agency.gov:/srv/app/\n"
            f"3. git clone git@github.com:agency/payroll-tools.git\n4. npm install lodash@4.17.21 left-pad@1.3.0\n"
            f"5. Open ticket 4155550172 if the build fails; order 2025550199 covers the spare disks.\n\n"
            f"On call: {a['name']}, mobile 202.555.{2100 + c.n:04d}, desk (202) 555-0143 x4471.\n"
            f"Backup: {b['name']} ({b['first'].lower()} [at] agency [dot] gov), +44 20 7946 0958.\n")
    c.add("runbook.txt", text.encode(), [(N, a["name"]), (P, f"202.555.{2100 + c.n:04d}"), (P, "(202) 555-0143 x4471"),
                                         (N, b["name"]), (E, f"{b['first'].lower()}@agency.gov"), (P, "+44 20 7946 0958")])


def oncall_table(c) -> None:
    people = [c.person() for _ in range(5)]
    rows = [["Name", "Email", "Mobile", "Desk", "Ext", "Open ticket"]]
    labels = []
    for i, p in enumerate(people):
        mobile, desk = f"202555{3100 + i:04d}", f"555-{3200 + i:04d}"
        email = f"{p['first']}.{p['last']}+oncall@agency.gov".upper() if i % 2 else f"{p['first']}.{p['last']}+oncall@agency.gov"
        rows.append([p["name"], email, mobile, desk, str(4400 + i), f"{7035550100 + i}"])
        labels += [(N, p["name"]), (E, email), (P, mobile), (P, desk)]
    c.add("oncall.csv", "".join(",".join(r) + "\n" for r in rows).encode(), labels)


def orders_sheet(c) -> None:
    p = c.person()
    sheet = [["Order ID", "Tracking", "ISBN", "Routing number", "Placed", "Total"]]
    for i in range(5):
        sheet.append([f"{4155550100 + i * 7}", f"1Z999AA1012345678{i}", f"0-306-40615-{2 + i}",
                      "026009593" if i % 2 else "021000021", f"2026-01-0{i + 1} 10:3{i}:00", f"{120 + i}.50"])
    sheet = [[f"Questions about these orders: call {p['name']} on 1-800-555-0199 or write to {p['email'].upper()}"],
             []] + sheet
    c.add("orders.xlsx", fm.xlsx_bytes({"Orders": sheet}),
          [(N, p["name"]), (E, p["email"]), (P, "1-800-555-0199")])


def app_log(c) -> None:
    a, b = c.person(), c.person()
    text = (f"1736071453 INFO login ok for {a['email']} from 10.20.30.40\n"
            f"1736071460 WARN request 2025550143 took 202 ms (client 202.55.50.143)\n"
            f"1736071502 INFO password reset mailed to {b['first'].lower()}+reset@mail.hq.agency.gov\n"
            f"1736071533 INFO pulled registry.agency.gov/app@sha256:9f8e7d6c5b4a3210 asset logo@2x.png\n"
            f"1736071540 INFO sftp backup@vault02.agency.gov:/nightly done, trace 3015550177\n")
    c.add("app.log", text.encode(), [(E, a["email"]), (E, f"{b['first'].lower()}+reset@mail.hq.agency.gov")])


def contact_page(c) -> None:
    a, b = c.person(), c.person()
    html = (f"<html><body><h2>Regional contacts</h2><ul>"
            f"<li>{a['name']}: <a href=\"mailto:{a['email']}?subject=Visit\">email</a>, "
            f"<a href=\"tel:+12025550166\">+1 202 555 0166</a></li>"
            f"<li>{b['name']}: {b['first'].lower()}(at)agency.gov, Paris +33 1 42 68 53 00 ext. 12</li></ul>"
            f"<p>Site: 38.8977, -77.0365. Visitor badge desk opens 08:30.</p></body></html>")
    c.add("contacts.html", html.encode(), [(N, a["name"]), (E, a["email"]), (P, "+1 202 555 0166"),
                                           (N, b["name"]), (E, f"{b['first'].lower()}@agency.gov"),
                                           (P, "+33 1 42 68 53 00 ext. 12")])


def package_json(c) -> None:
    p = c.person()
    c.add("package.json", fm.json_bytes({
        "name": "roster-export", "version": "2.3.1", "author": f"{p['name']} <{p['email']}>",
        "repository": "git+ssh://git@github.com/agency/roster-export.git",
        "dependencies": {"express": "^4.19.2", "lodash": "4.17.21"}, "bundled": ["left-pad@1.3.0"],
        "support": {"email": "helpdesk@agency.gov", "phone": "2025550188"}, "build": 1736071453}),
          [(N, p["name"]), (E, p["email"]), (E, "helpdesk@agency.gov"), (P, "2025550188")])


def forwarded_mail(c) -> None:
    a, b = c.person(), c.person()
    body = (f"---------- Forwarded message ---------\nFrom: {a['name']} <{a['email']}>\n\n"
            f"Please ship PO 4155550172 to the London office. Account 7035550123 pays for it.\n"
            f"If customs calls, they can reach {b['name']} on +44 (0)20 7946 0321 or at {b['email'].upper()}.\n\n"
            f"Regards,\n{a['name']}\nTel. 202-555-0177 ext 3\n")
    c.add("forward.eml", fm.eml_bytes(a["email"], ["logistics@agency.gov"], "Fwd: shipment", body),
          [(N, a["name"]), (E, a["email"]), (N, b["name"]), (P, "+44 (0)20 7946 0321"), (E, b["email"]),
           (P, "202-555-0177 ext 3"), (E, "logistics@agency.gov")])


def contact_material(c) -> None:
    for part in (runbook, oncall_table, orders_sheet, app_log, contact_page, package_json, forwarded_mail):
        part(c)
