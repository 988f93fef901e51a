"""Every case on the bad-input list gets a clear one-line reason, is never clean, and the scan goes on."""
from __future__ import annotations

import io
import os
import zipfile

import pytest
from pypdf import PdfReader, PdfWriter

import auditor
from tests import filemakers as fm
from tests.test_sources import _encrypted_zip

BOMB_DTD = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>')


def with_entity_bomb(package: bytes, part: str) -> bytes:
    """Rewrite one XML part of a real OOXML package with an entity-expansion DTD."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = BOMB_DTD + (data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data)
            target.writestr(info, data)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(fm.pdf_bytes([["Lee Park"]]))))
    writer.encrypt("secret-password")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def traversal_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("../../../etc/cron.d/evil", b"x")
    return out.getvalue()


# name -> (bytes, expected status, words in the reason)
CASES = {
    "truncated.xlsx": (fm.xlsx_bytes({"S": [["Name"], ["Lee Park"]]})[:400], "error", "corrupt"),
    "corrupt.pdf": (b"%PDF-1.7\n1 0 obj <<\n%%garbage", "error", "PDF"),
    "wrong-ext.docx": (b"\x00\x01garbage\x00" * 30, "error", "unsupported file type"),
    "locked.pdf": (encrypted_pdf(), "unscannable", "encrypted PDF"),
    "locked.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le"),
                    "unscannable", "encrypted Office document"),
    "locked.zip": (_encrypted_zip(), "unscannable", "password-protected"),
    "payroll.csv.gpg": (b"-----BEGIN PGP MESSAGE-----\n\nhQEMA1\n-----END PGP MESSAGE-----\n", "unscannable", "PGP"),
    "unsupported.bin": (bytes(range(256)) * 8, "error", "unsupported file type"),
    "undecodable.txt": (b"\x81\x8d\x8f\x90\x9d" * 80, "error", ""),
    "bomb.docx": (with_entity_bomb(fm.docx_bytes(["x"]), "word/document.xml"), "error", "entity"),
    "bomb.xlsx": (with_entity_bomb(fm.xlsx_bytes({"S": [["a"]]}), "xl/workbook.xml"), "error", "entity"),
    "zipbomb.zip": (fm.zip_bytes({"zeros.csv": b"\0" * 30_000_000}), "scanned", ""),
    "traversal.zip": (traversal_zip(), "scanned", ""),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    for name, (data, _, _) in CASES.items():
        (root / name).write_bytes(data)
    (root / "empty.txt").write_bytes(b"")
    (root / "big.txt").write_bytes(b"word " * 300_000)
    os.symlink(root, root / "loop")
    (root / "risky.txt").write_text("Employee Dana Whitfield, SSN 612-48-3391.\n")
    (root / "limits.yaml").write_text("extends: default\nlimits:\n  max_file_mb: 1\n")
    outcome = auditor.scan([root], policy=root / "limits.yaml", nlp="none", exclude=["limits.yaml"])
    prefix = str(root).replace(os.sep, "/") + "/"
    return {f["path"].removeprefix(prefix): f for f in outcome.report["files"]}, outcome


@pytest.mark.parametrize("name", sorted(n for n, case in CASES.items() if case[1] != "scanned"))
def test_bad_file_gets_status_and_one_line_reason(scanned, name):
    files, _ = scanned
    _, status, words = CASES[name]
    entry = files[name]
    assert entry["status"] == status, entry
    assert entry["reason"] and "\n" not in entry["reason"] and words in entry["reason"]
    assert entry["decision"] in ("warn", "block"), "unreadable content is never clean"


def test_container_hazards_are_reported_on_the_member(scanned):
    files, _ = scanned
    assert "zip bomb" in files["zipbomb.zip!zeros.csv"]["reason"]
    assert files["zipbomb.zip!zeros.csv"]["status"] == "error"
    member = next(p for p in files if p.startswith("traversal.zip!"))
    assert files[member]["status"] == "error" and "path traversal" in files[member]["reason"]
    assert files["locked.zip"]["status"] == "unscannable"


def test_empty_oversized_and_symlink_loop(scanned):
    files, _ = scanned
    assert files["empty.txt"]["reason"] == "empty file (0 bytes)"
    assert files["big.txt"]["status"] == "error" and "limit" in files["big.txt"]["reason"]
    assert files["loop"]["reason"] == "symlink loop; not followed"


def test_the_scan_went_on_and_still_found_the_risky_file(scanned):
    files, outcome = scanned
    assert "US_SSN" in {f["entity_type"] for f in files["risky.txt"]["findings"]}
    assert outcome.decision == "block"
    assert outcome.report["summary"]["failed"] >= len([c for c in CASES.values() if c[1] != "scanned"])
