"""Each personnel entity type is found in prose, in a table and in an email body, end to end."""
from __future__ import annotations

import pytest

import auditor
from tests import filemakers as fm

TYPES = ["SECURITY_CLEARANCE", "EMPLOYEE_ID", "JOB_TITLE", "ORG_UNIT", "HIRE_DATE", "DATE_OF_BIRTH"]
PROSE = ("Dana Whitfield (employee id EMP-104233) joins the Special Activities Center as a Case Officer. "
         "She holds a TS/SCI clearance with a full-scope poly. Entered on duty 2024-12-14; date of birth 1988-04-17.\n")
TABLE = (b"Name,Employee ID,Unit,Position,Clearance,EOD,DOB\n"
         b"Dana Whitfield,EMP-104233,Special Activities Center,Case Officer,TS/SCI,2024-12-14,1988-04-17\n"
         b"Lee Park,EMP-104871,Special Activities Center,Targeting Analyst,Top Secret,2025-01-06,1990-02-03\n")


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    root = tmp_path_factory.mktemp("personnel")
    (root / "memo.txt").write_text(PROSE)
    (root / "staff.csv").write_bytes(TABLE)
    (root / "mail.eml").write_bytes(fm.eml_bytes("hr@agency.gov", ["ops@agency.gov"], "Onboarding", PROSE))
    (root / "policy.yaml").write_text("extends: default\npersonnel:\n  org_units: [Special Activities Center]\n")
    outcome = auditor.scan([root / n for n in ("memo.txt", "staff.csv", "mail.eml")], policy=root / "policy.yaml")
    return {f["path"].rsplit("/", 1)[-1]: {x["entity_type"] for x in f["findings"]} for f in outcome.report["files"]}


@pytest.mark.parametrize("entity", TYPES)
@pytest.mark.parametrize("where", ["memo.txt", "staff.csv", "mail.eml"])
def test_personnel_type_is_found(found, entity, where):
    assert entity in found[where], (where, sorted(found[where]))
