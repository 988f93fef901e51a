"""Protected roster: known people found in every format by keyed hashes; the file holds no value."""
from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

import auditor
from auditor.cli import main
from auditor.roster import (Roster, RosterError, RosterKeyError, RosterMatcher, RosterSourceError, RosterTamperedError,
                            build_roster, corroborate, read_secret_key, write_secret_key)
from auditor.roster.keys import SecretKeyError
from auditor.roster.variants import fold
from tests import filemakers as fm

# 20 synthetic people: accents, a hyphenated surname, two Michaels; row n is STAFF[n - 1]
STAFF = [("Michael Sorensen", "msorensen@agency.gov", "EMP-104233"),
         ("José Ñúñez", "jnunez@agency.gov", "EMP-104871"),
         ("Laura Lindqvist", "llindqvist@agency.gov", "EMP-100552"),
         ("Michael A. Okafor", "mokafor@agency.gov", "EMP-107310"),
         ("Priya Raman-Iyer", "praman@agency.gov", "EMP-101190"),
         ("Zoë Brandauer", "zbrandauer@agency.gov", "EMP-102277"),
         ("Tobias Quenneville", "tquenneville@agency.gov", "EMP-103318"),
         ("Ingrid Halvorsen", "ihalvorsen@agency.gov", "EMP-104409"),
         ("Desmond Achterberg", "dachterberg@agency.gov", "EMP-105521"),
         ("Colette Marchetti", "cmarchetti@agency.gov", "EMP-106632"),
         ("Bartholomew Uzoma", "buzoma@agency.gov", "EMP-107743"),
         ("Fenella Szymanski", "fszymanski@agency.gov", "EMP-108854"),
         ("Garrick Wollstone", "gwollstone@agency.gov", "EMP-109965"),
         ("Henrietta Oyelaran", "hoyelaran@agency.gov", "EMP-110076"),
         ("Ignatius Pemberton", "ipemberton@agency.gov", "EMP-111187"),
         ("Jolanta Wiśniewska", "jwisniewska@agency.gov", "EMP-112298"),
         ("Kasimir Ødegaard", "kodegaard@agency.gov", "EMP-113309"),
         ("Leocadia Fairbrother", "lfairbrother@agency.gov", "EMP-114410"),
         ("Mireille Dubois-Lefèvre", "mdubois@agency.gov", "EMP-115521"),
         ("Nathaniel Crestwood", "ncrestwood@agency.gov", "EMP-116632")]
KEY, SALT = bytes(range(32)), bytes(range(100, 116))  # fixed, so the file's bytes are the same every run


def staff_csv(path):
    path.write_text("Name,Email,Employee ID\n" + "".join(f"{n},{e},{i}\n" for n, e, i in STAFF), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("roster")
    write_secret_key(root / "k.key")
    build_roster(staff_csv(root / "staff.csv"), ["name", "email", "employee id"], (root / "k.key").read_bytes(),
                 root / "r.edm")
    return root


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    root = tmp_path_factory.mktemp("fixed")
    build_roster(staff_csv(root / "staff.csv"), ["Name", "EMAIL", "employee id"], KEY, root / "r.edm", salt=SALT)
    return RosterMatcher(Roster.load(root / "r.edm", KEY))


def found(matcher, text, **kw):
    return {(text[h.start:h.end], h.row_id, h.variant, h.strength) for h in matcher.find(text, **kw)}


def matches(root, path):
    outcome = auditor.scan([path], roster=root / "r.edm", key_file=root / "k.key", nlp="none")
    found = {}
    for entry in outcome.report["files"]:
        for f in entry["findings"]:
            if f["entity_type"] == "ROSTER_MATCH":
                found.setdefault(entry["path"].rsplit("/", 1)[-1], set()).add(
                    (f["extra"]["roster_row"], f["extra"]["variant"]))
    return found, outcome


def test_roster_file_holds_none_of_its_source_values(tmp_path):
    staff_csv(tmp_path / "staff.csv")
    (tmp_path / "staff.xlsx").write_bytes(fm.xlsx_bytes({"Staff": [["First Name", "Last Name", "E-mail", "Badge"]] + [
        [n.split()[0], n.split()[-1], e, i] for n, e, i in STAFF]}))
    build_roster(tmp_path / "staff.csv", ["name", "email", "employee id"], KEY, tmp_path / "csv.edm", salt=SALT,
                 nicknames=True)
    build_roster(tmp_path / "staff.xlsx", ["first name", "last name", "e-mail", "badge"], KEY, tmp_path / "x.edm",
                 salt=SALT)
    values = {v for person in STAFF for v in person}
    values |= {t for n, e, i in STAFF for t in re.split(r"[\s.@-]+", f"{n} {e} {i}") if len(t) >= 3}
    values |= {fold(v) for v in values}  # the accent-stripped forms that are hashed
    for data in ((tmp_path / "csv.edm").read_bytes(), (tmp_path / "x.edm").read_bytes()):
        for value in values:
            for form in {value, value.lower(), value.upper(), value.replace("-", "")}:
                for encoding in ("utf-8", "utf-16-le", "utf-16-be", "latin-1"):
                    try:
                        assert form.encode(encoding) not in data, f"a source value is in the roster ({encoding})"
                    except UnicodeEncodeError:
                        pass


def test_memo_mentions_are_matched_to_rows_and_variants(matcher):
    memo = "Per Michael Sorensen, J. Ñúñez will cover; write to MSorensen@agency.gov or Sorensen, Michael."
    assert found(matcher, memo) == {("Michael Sorensen", "1", "full_name", "strong"),
                                    ("J. Ñúñez", "2", "initials_surname", "weak"),
                                    ("MSorensen@agency.gov", "1", "email", "strong"),
                                    ("Sorensen, Michael", "1", "last_first", "strong")}
    assert found(matcher, "Jose Nunez and JOSÉ ÑÚÑEZ") == {("Jose Nunez", "2", "full_name", "strong"),
                                                           ("JOSÉ ÑÚÑEZ", "2", "full_name", "strong")}


def test_two_michaels_and_a_stranger_are_told_apart(matcher):
    assert found(matcher, "Michael Jordan, Michael and Laura Palmer met.") == set()
    assert found(matcher, "Michael A. Okafor; Michael Okafor; M. A. Okafor; Michael S.") == {
        ("Michael A. Okafor", "4", "full_name", "strong"), ("Michael Okafor", "4", "full_name", "strong"),
        ("M. A. Okafor", "4", "initials_surname", "weak"), ("Michael S", "1", "first_initial", "weak")}


def test_surname_alone_is_weak_and_never_inside_a_full_name(matcher):
    assert found(matcher, "Lunch with Halvorsen.") == {("Halvorsen", "8", "surname", "weak")}
    assert found(matcher, "Ingrid Halvorsen signed.") == {("Ingrid Halvorsen", "8", "full_name", "strong")}
    # a compound surname: the whole is strong with the first name, one part alone is weak
    assert found(matcher, "Priya Raman-Iyer / Priya Iyer / Raman") == {
        ("Priya Raman-Iyer", "5", "full_name", "strong"), ("Priya Iyer", "5", "surname_part", "weak"),
        ("Raman", "5", "surname_part", "weak")}


def test_ids_lowercase_text_and_cells(matcher):
    assert found(matcher, "Badge EMP-104233, EMP 104871 and EMP107310.") == {
        ("EMP-104233", "1", "id", "strong"), ("EMP 104871", "2", "id", "strong"), ("EMP107310", "4", "id", "strong")}
    # prose with capitals needs a capitalised start; all-lower-case text and cells do not
    assert found(matcher, "the lindqvist file") == {("lindqvist", "3", "surname", "weak")}
    assert found(matcher, "The lindqvist file") == set()
    assert [(h.row_id, h.variant) for h in matcher.find_value("laura lindqvist")] == [("3", "full_name")]


def test_nicknames_only_when_asked(tmp_path, matcher):
    assert found(matcher, "Mike Okafor") == {("Okafor", "4", "surname", "weak")}
    staff_csv(tmp_path / "staff.csv")
    build_roster(tmp_path / "staff.csv", ["name"], KEY, tmp_path / "n.edm", nicknames=True)
    nicks = RosterMatcher(Roster.load(tmp_path / "n.edm", KEY))
    assert found(nicks, "Mike Okafor and Mike Sorensen") == {("Mike Okafor", "4", "nickname", "weak"),
                                                             ("Mike Sorensen", "1", "nickname", "weak")}


def test_corroboration_by_a_strong_hit_of_the_same_row(matcher):
    hits = matcher.find("Sorensen (msorensen@agency.gov) and Okafor")
    verdict = {(h.row_id, h.variant): ok for h, ok in corroborate(hits).items()}
    assert verdict == {("1", "surname"): True, ("1", "email"): True, ("4", "surname"): False}
    assert all(corroborate(hits, organisation_context=True).values())


def test_xlsx_with_name_parts_and_deterministic_bytes(tmp_path):
    rows = [["Employee ID", "Surname", "Given Name", "Work Email"]] + [
        [i, n.split()[-1], n.split()[0], e] for n, e, i in STAFF]
    (tmp_path / "staff.xlsx").write_bytes(fm.xlsx_bytes({"Staff": rows}))
    for out in ("a.edm", "b.edm"):
        stats = build_roster(tmp_path / "staff.xlsx", ["given name", "SURNAME", "work email", "employee id"], KEY,
                             tmp_path / out, salt=SALT)
    assert stats["people"] == 20 and stats["columns"] == ["email", "first", "id", "last"]
    assert (tmp_path / "a.edm").read_bytes() == (tmp_path / "b.edm").read_bytes()
    build_roster(tmp_path / "staff.xlsx", ["given name", "surname"], KEY, tmp_path / "c.edm")  # random salt
    assert (tmp_path / "c.edm").read_bytes() != (tmp_path / "a.edm").read_bytes()
    xlsx = RosterMatcher(Roster.load(tmp_path / "a.edm", KEY))
    assert found(xlsx, "Wiśniewska, Jolanta (emp-112298)") == {
        ("Wiśniewska, Jolanta", "16", "last_first", "strong"), ("emp-112298", "16", "id", "strong")}


def test_every_changed_byte_is_tampering(matcher, tmp_path):
    staff_csv(tmp_path / "s.csv")
    (tmp_path / "small.csv").write_text("".join((tmp_path / "s.csv").read_text().splitlines(True)[:4]))
    build_roster(tmp_path / "small.csv", ["name", "email"], KEY, tmp_path / "r.edm", salt=SALT)
    data = (tmp_path / "r.edm").read_bytes()
    variants = [data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:] for i in range(len(data))]
    variants += [data[:-1], data + b"\0", data[:len(data) // 2], b""]
    for n, tampered in enumerate(variants):
        (tmp_path / "t.edm").write_bytes(tampered)
        with pytest.raises(RosterTamperedError, match="t.edm: integrity check failed"):
            Roster.load(tmp_path / "t.edm", KEY)
    (tmp_path / "t.edm").write_bytes(data)
    assert len(Roster.load(tmp_path / "t.edm", KEY)) > 0


def test_wrong_key_is_named_before_any_tamper_check(tmp_path):
    staff_csv(tmp_path / "s.csv")
    build_roster(tmp_path / "s.csv", ["name"], KEY, tmp_path / "roster.edm")
    with pytest.raises(RosterKeyError, match="roster.edm: wrong key: this roster was built with a different key file"):
        Roster.load(tmp_path / "roster.edm", bytes(32))


def test_build_errors_are_one_line_and_name_no_value(tmp_path):
    staff_csv(tmp_path / "s.csv")
    with pytest.raises(RosterSourceError, match=r"no column named phone \(columns: Name, Email, Employee ID\)"):
        build_roster(tmp_path / "s.csv", ["name", "phone"], KEY, tmp_path / "r.edm")
    (tmp_path / "blank.csv").write_text("Name,Email\n,\nN/A,none\n")
    with pytest.raises(RosterSourceError, match="would be empty"):
        build_roster(tmp_path / "blank.csv", ["name", "email"], KEY, tmp_path / "r.edm")
    (tmp_path / "junk.csv").write_bytes(b"\x00\x01\x02" * 50)
    with pytest.raises(RosterSourceError):
        build_roster(tmp_path / "junk.csv", ["name"], KEY, tmp_path / "r.edm")
    with pytest.raises(RosterError, match="cannot read roster"):
        Roster.load(tmp_path / "missing.edm", KEY)
    assert not (tmp_path / "r.edm").exists()


def test_write_secret_key_is_private_and_never_overwrites(tmp_path):
    write_secret_key(tmp_path / "k.key")
    assert oct((tmp_path / "k.key").stat().st_mode & 0o777) == "0o600"
    key = (tmp_path / "k.key").read_bytes()
    assert len(key) == 32 and read_secret_key(tmp_path / "k.key") == key
    with pytest.raises(SecretKeyError, match="refusing to overwrite"):
        write_secret_key(tmp_path / "k.key")
    assert (tmp_path / "k.key").read_bytes() == key
    with pytest.raises(SecretKeyError, match="cannot create"):
        write_secret_key(tmp_path / "no" / "such" / "dir.key")


@pytest.mark.parametrize("name", ["memo.txt", "mail.eml", "sheet.xlsx", "report.pdf", "classified.csv"])
def test_names_are_matched_to_their_rows_in_every_format(built, tmp_path, name):
    text = "Travel: Michael Sorensen and Laura Lindqvist leave Monday; contact jnunez@agency.gov."
    data = {"memo.txt": text.encode(),
            "mail.eml": fm.eml_bytes("a@agency.gov", ["b@partner.example.com"], "Travel", text),
            "sheet.xlsx": fm.xlsx_bytes({"S": [["Traveller", "Contact"], ["Michael Sorensen", "jnunez@agency.gov"],
                                                ["Laura Lindqvist", ""]]}),
            "report.pdf": fm.pdf_bytes([[text]]),
            # header-classified columns, whose cells skip Presidio, are still matched against the roster
            "classified.csv": b"Name,Email\nMichael Sorensen,jnunez@agency.gov\nLaura Lindqvist,\n"}[name]
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
