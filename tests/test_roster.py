"""Protected roster: known people found in every format by keyed hashes; the file holds no value."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

import auditor
from auditor.cli import main
from auditor.roster import Roster, RosterKeyError, RosterMatcher, RosterTamperedError, build_roster, write_secret_key
from auditor.roster.keys import SecretKeyError
from tests import filemakers as fm

STAFF = [("Michael Sorensen", "msorensen@agency.gov", "EMP-104233"),
         ("José Ñúñez-García", "jnunez@agency.gov", "EMP-104871"),
         ("Laura Lindqvist", "llindqvist@agency.gov", "EMP-100552"),
         ("Michael A. Okafor", "mokafor@agency.gov", "EMP-107310")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("roster")
    (root / "staff.csv").write_text("Name,Email,Employee ID\n" + "".join(f"{n},{e},{i}\n" for n, e, i in STAFF),
                                    encoding="utf-8")
    write_secret_key(root / "k.key")
    build_roster(root / "staff.csv", ["name", "email", "employee id"], (root / "k.key").read_bytes(), root / "r.edm")
    return root


def matches(root, path):
    outcome = auditor.scan([path], roster=root / "r.edm", key_file=root / "k.key", nlp="none")
    found = {}
    for entry in outcome.report["files"]:
        for f in entry["findings"]:
            if f["entity_type"] == "ROSTER_MATCH":
                found.setdefault(entry["path"].rsplit("/", 1)[-1], set()).add(
                    (f["extra"]["roster_row"], f["extra"]["variant"]))
    return found, outcome


def test_roster_file_holds_none_of_its_source_values(built):
    data = (built / "r.edm").read_bytes()
    values = [v for person in STAFF for v in person] + [t for n, _, _ in STAFF for t in n.replace("-", " ").split()
                                                        if len(t) >= 3]
    for value in values:
        for form in {value, value.lower(), value.upper(), value.replace("-", "")}:
            for encoding in ("utf-8", "utf-16-le", "latin-1"):
                try:
                    assert form.encode(encoding) not in data, value
                except UnicodeEncodeError:
                    pass


@pytest.mark.parametrize("name", ["memo.txt", "mail.eml", "sheet.xlsx", "report.pdf"])
def test_names_are_matched_to_their_rows_in_every_format(built, tmp_path, name):
    text = "Travel: Michael Sorensen and Laura Lindqvist leave Monday; contact jnunez@agency.gov."
    data = {"memo.txt": text.encode(),
            "mail.eml": fm.eml_bytes("a@agency.gov", ["b@partner.example.com"], "Travel", text),
            "sheet.xlsx": fm.xlsx_bytes({"S": [["Traveller", "Contact"], ["Michael Sorensen", "jnunez@agency.gov"],
                                                ["Laura Lindqvist", ""]]}),
            "report.pdf": fm.pdf_bytes([[text]])}[name]
    (tmp_path / name).write_bytes(data)
    found, outcome = matches(built, tmp_path / name)
    rows = {row for row, _ in found[name]}
    assert rows == {"1", "2", "3"}, found
    assert ("2", "email") in found[name] and ("1", "full_name") in found[name]
    assert outcome.decision == "block"


def test_a_different_person_sharing_a_first_name_is_not_matched(built, tmp_path):
    (tmp_path / "news.txt").write_text("Michael Jordan and Laura Palmer were mentioned in the paper.\n")
    found, _ = matches(built, tmp_path / "news.txt")
    assert found == {}


def test_weak_variants_warn_unless_corroborated(built, tmp_path):
    (tmp_path / "weak.txt").write_text("Lunch with Sorensen on Friday.\n")
    found, outcome = matches(built, tmp_path / "weak.txt")
    assert found == {"weak.txt": {("1", "surname")}} and outcome.decision == "warn"
    (tmp_path / "strong.txt").write_text("Lunch with Sorensen (msorensen@agency.gov) on Friday.\n")
    _, outcome = matches(built, tmp_path / "strong.txt")
    finding = next(f for e in outcome.report["files"] for f in e["findings"] if f["extra"].get("variant") == "surname")
    assert finding["extra"]["corroborated"] is True and outcome.decision == "block"


def test_id_column_reports_its_value_and_is_refused_when_hashed(built, tmp_path):
    key = (built / "k.key").read_bytes()
    (tmp_path / "s.csv").write_text("Name,Ref\nMichael Sorensen,R-77\n")
    build_roster(tmp_path / "s.csv", ["name"], key, tmp_path / "r.edm", id_column="Ref")
    hits = RosterMatcher(Roster.load(tmp_path / "r.edm", key)).find("Michael Sorensen")
    assert [(h.row_id, h.variant) for h in hits] == [("R-77", "full_name")]
    with pytest.raises(Exception, match="stored in plain text"):
        build_roster(tmp_path / "s.csv", ["name", "ref"], key, tmp_path / "x.edm", id_column="Ref")


def test_tampered_roster_is_refused_and_wrong_key_is_clear(built, tmp_path):
    data = bytearray((built / "r.edm").read_bytes())
    key = (built / "k.key").read_bytes()
    for position in (len(data) // 2, len(data) - 5, data.index(b'"rows"') + 8):
        tampered = bytearray(data)
        tampered[position] ^= 0x01
        (tmp_path / "t.edm").write_bytes(bytes(tampered))
        with pytest.raises((RosterTamperedError, RosterKeyError)):
            Roster.load(tmp_path / "t.edm", key)
    tampered = bytearray(data)
    tampered[len(data) // 2] ^= 0x01
    (tmp_path / "t.edm").write_bytes(bytes(tampered))
    with pytest.raises(RosterTamperedError, match="integrity check failed"):
        Roster.load(tmp_path / "t.edm", key)
    with pytest.raises(RosterKeyError, match="wrong key"):
        Roster.load(built / "r.edm", os.urandom(32))


def test_cli_roster_commands_and_errors(built, tmp_path):
    runner = CliRunner()
    key = tmp_path / "new.key"
    assert runner.invoke(main, ["keys", "secret", "-o", str(key)]).exit_code == 0
    assert oct(key.stat().st_mode & 0o777) == "0o600" and len(key.read_bytes()) == 32
    assert runner.invoke(main, ["keys", "secret", "-o", str(key)]).exit_code == 2  # never overwrite
    out = tmp_path / "r.edm"
    done = runner.invoke(main, ["roster", "build", str(built / "staff.csv"), "--columns", "name,email",
                                "--key-file", str(key), "-o", str(out)])
    assert done.exit_code == 0 and "Sorensen" not in done.output
    (tmp_path / "memo.txt").write_text("Michael Sorensen\n")
    wrong = runner.invoke(main, ["scan", str(tmp_path / "memo.txt"), "--roster", str(out),
                                 "--key-file", str(built / "k.key")])
    assert wrong.exit_code == 2 and "wrong key" in wrong.stderr
    no_key = runner.invoke(main, ["scan", str(tmp_path / "memo.txt"), "--roster", str(out)])
    assert no_key.exit_code == 2 and "--key-file" in no_key.stderr
    report = runner.invoke(main, ["scan", str(tmp_path / "memo.txt"), "--roster", str(out), "--key-file", str(key),
                                  "--format", "json", "--nlp", "none"])
    assert report.exit_code == 1 and "Sorensen" not in report.stdout
    finding = json.loads(report.stdout)["files"][0]["findings"]
    assert [f["extra"]["roster_row"] for f in finding if f["entity_type"] == "ROSTER_MATCH"] == ["1"]


def test_short_key_file_is_refused(tmp_path):
    from auditor.roster import read_secret_key
    (tmp_path / "short.key").write_bytes(b"x" * 10)
    with pytest.raises(SecretKeyError, match="at least 32"):
        read_secret_key(tmp_path / "short.key")
