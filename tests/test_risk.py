"""Exposure risk end to end: each default-policy case gives the expected decision, count and reasons."""
from __future__ import annotations

import pytest

import auditor
from tests import filemakers as fm

FIRST = ["Michael", "Sarah", "David", "Laura", "James", "Emily", "Robert", "Anna", "Thomas", "Grace",
         "Daniel", "Olivia", "Peter", "Hannah", "Mark", "Julia", "Steven", "Rachel", "Brian", "Nora",
         "Kevin", "Megan", "Eric", "Alice", "Scott", "Claire", "Adam", "Diana", "Paul", "Irene"]
LAST = ["Sorensen", "Whitfield", "Okafor", "Lindqvist", "Moreau", "Castillo", "Brennan", "Novak", "Haddad",
        "Fischer", "Kowalski", "Duarte", "Nakamura", "Abernathy", "Pellegrini", "Osei", "Varga", "Quinlan",
        "Thornton", "Ibarra", "Delacroix", "Mbeki", "Sato", "Rasmussen", "Vogel", "Carver", "Yilmaz",
        "Bianchi", "Larsen", "Ferreira"]
ROLES = ["Case Officer", "Budget Analyst", "Operations Officer", "IT Specialist", "Targeting Analyst"]


def hires_csv(n: int) -> bytes:
    rows = ["Last Name,First Name,Email,Position,EOD"]
    rows += [f"{LAST[i]},{FIRST[i]},{FIRST[i].lower()}.{LAST[i].lower()}@agency.gov,{ROLES[i % 5]},2025-0{1 + i % 9}-1{i % 9}"
             for i in range(n)]
    return ("\n".join(rows) + "\n").encode()


def scan_files(tmp_path, files: dict[str, bytes], **options):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    outcome = auditor.scan([tmp_path / n for n in files], **options)
    return outcome, {f["path"].rsplit("/", 1)[-1]: f for f in outcome.report["files"]}


def test_hires_list_emailed_outside_blocks_and_names_count_and_domain(tmp_path):
    mail = fm.eml_bytes("hr.director@agency.gov", ["staffing@opm-contractor.com"], "New hires",
                        "Attached is the complete list of all officers hired.\n",
                        {"hires.csv": (hires_csv(18), "text/csv")})
    outcome, files = scan_files(tmp_path, {"mail.eml": mail})
    assert outcome.decision == "block"
    assert files["mail.eml!hires.csv"]["individuals"] == 18
    assert any("18 individuals" in r and "opm-contractor.com is external" in r for r in outcome.report["risk"]["reasons"])


def test_same_list_to_an_internal_domain_still_blocks(tmp_path):
    mail = fm.eml_bytes("hr.director@agency.gov", ["personnel@agency.gov"], "New hires", "For the file.\n",
                        {"hires.csv": (hires_csv(18), "text/csv")})
    outcome, files = scan_files(tmp_path, {"mail.eml": mail})
    assert outcome.decision == "block" and files["mail.eml"]["individuals"] == 18
    assert any("all recipients are internal" in r for r in files["mail.eml"]["risk"]["reasons"])


def test_first_name_initial_roster_with_roles_and_eod_is_blocked(tmp_path):
    lines = [f"{FIRST[i]} {LAST[i][0]}. - {ROLES[i % 5]}, EOD 2024-12-{10 + i % 18}" for i in range(30)]
    outcome, files = scan_files(tmp_path, {"hires.txt": ("\n".join(lines) + "\n").encode()})
    entry = files["hires.txt"]
    assert outcome.decision == "block" and 27 <= entry["individuals"] <= 33
    assert any("individuals with hire dates" in r for r in entry["risk"]["reasons"])


def test_facilities_notice_with_its_senders_signature_passes(tmp_path):
    body = ("Garage B closes on Saturday for resurfacing. Please use Garage A.\n\n--\nLaura Lindqvist\n"
            "Facilities Manager\nExample Agency\nTel. 202-555-0147\n")
    outcome, files = scan_files(tmp_path, {"notice.eml": fm.eml_bytes(
        "laura.lindqvist@agency.gov", ["all-staff@agency.gov"], "Garage B", body)})
    assert outcome.decision == "pass", outcome.report["risk"]
    assert files["notice.eml"]["individuals"] == 0


def test_ordinary_correspondence_naming_a_few_colleagues_passes(tmp_path):
    body = ("Hi team,\n\nThanks to Sarah Whitfield and David Okafor for the budget review. "
            "The next meeting is on Tuesday.\n\n--\nPeter Varga\n")
    outcome, _ = scan_files(tmp_path, {"note.eml": fm.eml_bytes(
        "peter.varga@agency.gov", ["finance-team@agency.gov"], "Budget review", body)})
    assert outcome.decision == "pass", outcome.report["risk"]


def test_aggregate_headcount_and_content_without_identities_pass(tmp_path):
    table = b"Office;Grade;Headcount\nSupport;GS-12;41\nSupport;GS-13;17\nAnalysis;GS-12;33\nAnalysis;GS-13;9\n"
    outcome, files = scan_files(tmp_path, {"headcount.csv": table, "menu.txt": b"Soup of the day: lentil.\n"})
    assert outcome.decision == "pass" and outcome.report["summary"]["individuals"] == 0
    assert "k_anonymity" not in files["headcount.csv"]["risk"].get("details", {})


def test_pgp_encrypted_attachment_warns_and_says_why(tmp_path):
    mail = fm.eml_bytes("hr@agency.gov", ["payroll@partner.example.com"], "Payroll", "Encrypted file attached.\n",
                        {"payroll.csv.pgp": (b"-----BEGIN PGP MESSAGE-----\n\nhQEMA\n-----END PGP MESSAGE-----\n",
                                             "application/pgp-encrypted")})
    outcome, files = scan_files(tmp_path, {"mail.eml": mail})
    assert outcome.decision == "warn"
    assert any("payroll.csv.pgp: could not be scanned: PGP-encrypted content" in r
               for r in files["mail.eml"]["risk"]["reasons"])


def test_fail_closed_policy_blocks_unscannable_content(tmp_path):
    outcome, _ = scan_files(tmp_path, {"x.gpg": b"-----BEGIN PGP MESSAGE-----\n\nhQEMA\n"}, policy="strict")
    assert outcome.decision == "block"


def test_any_government_id_blocks(tmp_path):
    outcome, files = scan_files(tmp_path, {"form.txt": b"Applicant SSN: 612-48-3391\n"})
    assert outcome.decision == "block" and "1 US_SSN (government ID)" in files["form.txt"]["risk"]["reasons"]


@pytest.mark.parametrize(("recipient", "decision"), [("x@partner.example.com", "warn"), ("team@agency.gov", "pass")])
def test_a_few_contacts_warn_only_when_going_outside(tmp_path, recipient, decision):
    csv = b"Name,Phone\nSarah Whitfield,202-555-0101\nDavid Okafor,202-555-0102\nLaura Moreau,202-555-0103\n"
    outcome, files = scan_files(tmp_path, {"contacts.csv": csv}, recipients=[recipient])
    assert outcome.decision == decision and files["contacts.csv"]["individuals"] == 3


def test_same_person_on_two_sheets_and_in_two_files_counts_once(tmp_path):
    rows = [["Name", "Email"], ["Sarah Whitfield", "sarah.whitfield@agency.gov"], ["David Okafor", "d.okafor@agency.gov"]]
    book = fm.xlsx_bytes({"One": rows, "Two": rows})
    outcome, files = scan_files(tmp_path, {"a.xlsx": book, "b.csv": b"Name,Email\nSarah Whitfield,sarah.whitfield@agency.gov\n"})
    assert files["a.xlsx"]["individuals"] == 2 and outcome.report["summary"]["individuals"] == 2


def test_k_anonymity_flags_reidentifiable_rows_in_a_table_without_identifiers(tmp_path):
    rows = b"Office,Title,Grade\n" + b"Support,Analyst,GS-12\n" * 6 + b"Station X,Case Lead,GS-15\nAnnex,Driver,GS-7\n"
    outcome, files = scan_files(tmp_path, {"staff.csv": rows})
    kanon = files["staff.csv"]["risk"]["details"]["k_anonymity"][0]
    assert (kanon["k_min"], kanon["records"], kanon["records_below_k"], kanon["classes"]) == (1, 8, 2, 3)
    assert kanon["share_below_k"] == 0.25 and kanon["highest_risk"] == 1.0 and kanon["average_risk"] == 0.375
    assert outcome.decision == "warn"


def test_namesakes_are_distinct_people_and_a_bare_name_is_one_of_them(tmp_path):
    rows = ["Name,Email,SSN"] + [f"John Smith,john.smith{i}@agency.gov,529-43-{8700 + i}" for i in range(12)]
    memo = b"Please thank John Smith and Laura Brennan for the handover.\n"
    outcome, files = scan_files(tmp_path, {"staff.csv": ("\n".join(rows) + "\n").encode(), "memo.txt": memo})
    assert files["staff.csv"]["individuals"] == 12  # one name, twelve addresses and SSNs: twelve people
    assert files["memo.txt"]["individuals"] == 2
    assert outcome.report["summary"]["individuals"] == 13  # the memo's John Smith is one of the twelve
    repeated = next(f for f in files["staff.csv"]["findings"] if f["entity_type"] == "PERSON")
    assert repeated["count"] == 12 and repeated["distinct"] == 1 and len(repeated["locations"]) == 12
    assert [loc["row"] for loc in repeated["locations"]] == list(range(2, 14))


def test_a_value_repeated_down_a_long_column_is_one_finding_with_capped_locations(tmp_path):
    rows = ["Name,Clearance"] + [f"{FIRST[i % 30]} {LAST[i % 30]},TS/SCI" for i in range(40)]
    _, files = scan_files(tmp_path, {"list.csv": ("\n".join(rows) + "\n").encode()})
    clearance = next(f for f in files["list.csv"]["findings"] if f["entity_type"] == "SECURITY_CLEARANCE")
    assert (clearance["count"], clearance["distinct"], clearance["more_locations"]) == (40, 1, 25)
    assert [loc["cell"] for loc in clearance["locations"]] == [f"B{row}" for row in range(2, 17)]
    assert files["list.csv"]["individuals"] == 30  # ten names come twice, with nothing else to tell them apart


def test_table_rows_give_the_same_people_column_by_column_as_record_by_record(tmp_path):
    from auditor.policy import load_policy
    from auditor.risk.individuals import by_record, people_in_record
    from auditor.risk.crowd import Crowd, Traits
    from auditor.risk.rows import table_crowds

    rows = ["Name,Email,Phone,SSN,Position,EOD"] + [
        f"{FIRST[i % 30]} {LAST[i % 7]},{FIRST[i % 30].lower()}{i % 25}@{'agency.gov' if i % 3 else 'gmail.com'},"
        f"202-555-{1000 + i % 9:04d},{'529-43-' + str(8700 + i) if i % 4 else ''},{ROLES[i % 5]},2025-01-{1 + i % 28:02d}"
        for i in range(60)]
    outcome, _ = scan_files(tmp_path, {"t.csv": ("\n".join(rows) + "\n").encode()})
    detections, policy = outcome.result.files[0].detections, load_policy()
    kind, internal = (lambda e: policy.entity(e).get("kind")), (lambda domain: domain == "agency.gov")
    expected = [p for key, record in by_record(d for whole in detections for d in whole.split()).items()
                for p in people_in_record(key, record, policy, internal)]
    traits = Traits({t for p in expected for t in p.identifiers | p.attributes})
    shape = lambda p: (tuple(p[0]), tuple(p[1]), sorted(p[2]), sorted(p[3]), p[4])  # noqa: E731
    assert len(expected) == 60 and any(p.internal_email for p in expected) and any(not p.internal_email for p in expected)
    by_column = Crowd.concat(traits, table_crowds(detections, kind, internal, traits))
    assert sorted(map(shape, by_column)) == sorted(map(shape, Crowd.of(traits, expected)))
