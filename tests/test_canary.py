"""Leak canary: unique values planted in every format are found, yet never printed or written."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from auditor.cli import main
from tests import filemakers as fm

NAME, EMAIL, SSN, PHONE = "Quillon Vandermeer", "quillon.vandermeer@agency.gov", "529-43-8716", "202-555-0187"
CANARIES = [NAME, "Quillon", "Vandermeer", EMAIL, "quillon.vandermeer", SSN, "529438716", "43-8716", PHONE]
LINE = f"Employee {NAME}, email {EMAIL}, SSN {SSN}, phone {PHONE}, Case Officer, TS/SCI."
ROWS = [["Name", "Email", "SSN", "Phone"], [NAME, EMAIL, SSN, PHONE]]


def planted_files() -> dict[str, bytes]:
    csv = "\n".join(",".join(r) for r in ROWS).encode()
    return {
        "memo.txt": LINE.encode(),
        "notes.md": f"# Notes\n\n- {LINE}\n".encode(),
        "staff.csv": csv,
        "staff.tsv": "\n".join("\t".join(r) for r in ROWS).encode(),
        "staff.xlsx": fm.xlsx_bytes({"Staff": ROWS}),
        "staff.json": fm.json_bytes({"employees": [dict(zip(ROWS[0], ROWS[1]))]}),
        "staff.jsonl": (json.dumps({"note": LINE}) + "\n" + json.dumps({"note": "ok"}) + "\n").encode(),
        "memo.docx": fm.docx_bytes([LINE], table=ROWS, header=f"Prepared for {NAME}", footer=SSN),
        "memo.pdf": fm.pdf_bytes([[LINE], [f"Signed: {NAME}"]]),
        "page.html": f"<html><body><p>{LINE}</p></body></html>".encode(),
        "mail.eml": fm.eml_bytes("hr@agency.gov", ["ext@contractor.example.com"], "Roster", LINE,
                                 {"staff.csv": (csv, "text/csv")}),
        "bundle.zip": fm.zip_bytes({"inner/memo.txt": LINE.encode(), "inner/staff.csv": csv}),
    }


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = tmp_path_factory.mktemp("canary")
    for name, data in planted_files().items():
        (root / name).write_bytes(data)
    return root


def assert_clean(text: str) -> None:
    lowered = text.lower()
    for canary in CANARIES:
        assert canary.lower() not in lowered, f"raw value leaked: {canary!r}"


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_no_canary_in_any_output_and_every_format_detected(planted, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    runner = CliRunner()
    printed = runner.invoke(main, ["scan", str(planted), "--format", fmt, "--fail-on", "never", "--explain"])
    written = runner.invoke(main, ["scan", str(planted), "--format", fmt, "-o", str(out), "--explain"])
    assert printed.exit_code == 0, printed.output
    assert written.exit_code == 1  # SSNs present: default --fail-on block
    for text in (printed.stdout, printed.stderr, written.stdout, written.stderr, out.read_text()):
        assert_clean(text)
    if fmt == "json":
        report = json.loads(printed.stdout)
        found = {f["path"]: {x["entity_type"] for x in f["findings"]} for f in report["files"]}
        for name in planted_files():
            if name.endswith((".zip",)):
                continue  # members are their own entries
            path = next(p for p in found if p.endswith(name))
            assert {"US_SSN", "EMAIL_ADDRESS"} <= found[path], (name, found[path])
        assert {"US_SSN", "EMAIL_ADDRESS", "PERSON"} <= found[next(p for p in found if p.endswith("mail.eml!staff.csv"))]
        assert any(p.endswith("bundle.zip!inner/staff.csv") and "US_SSN" in e for p, e in found.items())
