"""Sources: sniffing by content, folder walking and filters, containers, and hostile input."""
from __future__ import annotations

import io
import os
import zipfile
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from email.mime.message import MIMEMessage

import pytest

from auditor.policy import load_policy
from auditor.sources import SourceOptions, iter_items, sniff
from tests import filemakers as fm


def items(paths, policy=None, **options):
    return list(iter_items([str(p) for p in paths], policy or load_policy(), SourceOptions(**options)))


def by_rel(found, root) -> dict:
    """Items keyed by their path below ``root`` (member paths keep their own slashes)."""
    prefix = str(root).replace(os.sep, "/") + "/"
    return {i.path.removeprefix(prefix): i for i in found}


def tight_policy(tmp_path, **limits):
    body = "".join(f"  {k}: {v}\n" for k, v in limits.items())
    path = tmp_path / "tight.yaml"
    path.write_text(f"extends: default\nlimits:\n{body}")
    return load_policy(path)


@pytest.mark.parametrize(("data", "name", "media_type"), [
    (fm.pdf_bytes([["x"]]), "really.csv", "application/pdf"),
    (fm.docx_bytes(["x"]), "a.bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (fm.xlsx_bytes({"S": [["a"]]}), "a.zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (fm.zip_bytes({"a.txt": b"x"}), "a.docx", "application/zip"),
    (fm.eml_bytes("a@b.gov", ["c@d.gov"], "s", "body"), "mail.txt", "message/rfc822"),
    (b'{"a": [1, 2]}', "x.txt", "application/json"),
    (b'{"a": 1}\n{"a": 2}\n', "x", "application/x-ndjson"),
    (b"<!DOCTYPE html><html><body>x</body></html>", "x.txt", "text/html"),
    (b"a,b,c\n1,2,3\n4,5,6\n", "data", "text/csv"),
    (b"a\tb\n1\t2\n", "data", "text/tab-separated-values"),
    (b"# Heading\n\ntext", "notes.md", "text/markdown"),
    (b"just words, nothing more\n", "notes.txt", "text/plain"),
    (b"[09:14] dana: who covers Friday?\n[09:15] omar: I do\n", "chat.txt", "text/plain"),
    (b"[09:14] dana: who covers Friday?\n", "chat.json", "application/json"),
    (b'{"a": 1}\n{"a": 2}\n', "events.log", "application/x-ndjson"),
    (b"-----BEGIN PGP MESSAGE-----\n\nhQEMA...\n", "a.csv", "application/pgp-encrypted"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50, "a.docx", "application/x-cfb"),
    (bytes(range(256)) * 4, "a.txt", "application/octet-stream"),
    (b"", "empty.csv", "application/x-empty"),
])
def test_sniffing_is_by_content_not_extension(data, name, media_type):
    assert sniff(data, name) == media_type


def test_folders_are_walked_sorted_with_globs_and_ignore_file(tmp_path):
    for rel in ("b.txt", "a.csv", "sub/c.txt", "sub/skip.log", "build/out.txt", ".git/config"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")
    (tmp_path / ".auditorignore").write_text("# generated\n*.log\nbuild/\n")
    root = str(tmp_path).replace(os.sep, "/")
    assert [i.path for i in items([tmp_path])] == [f"{root}/a.csv", f"{root}/b.txt", f"{root}/sub/c.txt"]
    assert [i.path for i in items([tmp_path], include=["**/*.txt"], exclude=["b.txt"])] == [f"{root}/sub/c.txt"]


def test_stdin_is_one_item():
    got = list(iter_items(["-"], load_policy(), stdin=io.BytesIO(b"hello\n")))
    assert [(i.path, i.media_type, i.data) for i in got] == [("-", "text/plain", b"hello\n")]


def test_missing_path_oversized_file_symlink_loop_and_broken_link(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2_000_000)
    (tmp_path / "loop").mkdir()
    os.symlink(tmp_path / "loop", tmp_path / "loop" / "again")
    os.symlink(tmp_path / "self", tmp_path / "self")
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling")
    policy = tight_policy(tmp_path, max_file_mb=1)
    got = by_rel(items([tmp_path, tmp_path / "absent.txt"], policy), tmp_path)
    assert got["big.txt"].status == "error" and "over the 1 MB limit" in got["big.txt"].reason
    assert got["loop/again"].reason == "symlink loop; not followed"
    assert got["self"].reason == "symlink loop; not followed"
    assert got["dangling"].reason == "broken symlink; not followed"
    assert got["absent.txt"].reason == "no such file or directory"


def test_zip_members_are_children_with_outer_inner_paths(tmp_path):
    inner = fm.zip_bytes({"q1.csv": b"Name\nLee Park\n"})
    path = tmp_path / "a.zip"
    path.write_bytes(fm.zip_bytes({"dir/b.csv": b"Name\nDana\n", "old.zip": inner}))
    prefix = str(tmp_path).replace(os.sep, "/") + "/"
    got = [(i.path.removeprefix(prefix), i.parent and i.parent.removeprefix(prefix), i.depth) for i in items([path])]
    assert got == [("a.zip", None, 0), ("a.zip!dir/b.csv", "a.zip", 1), ("a.zip!old.zip", "a.zip", 1),
                   ("a.zip!old.zip!q1.csv", "a.zip!old.zip", 2)]


def _encrypted_zip() -> bytes:
    """A real ZIP whose members carry the 'encrypted' flag (zipfile cannot write encrypted entries)."""
    data = bytearray(fm.zip_bytes({"secret.csv": b"Name\nLee Park\n"}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 0x1
    return bytes(data)


def test_hostile_archives(tmp_path):
    policy = tight_policy(tmp_path, max_compression_ratio=50, max_depth=1, max_members=3)
    (tmp_path / "bomb.zip").write_bytes(fm.zip_bytes({"zeros.txt": b"\0" * 20_000_000}))
    (tmp_path / "locked.zip").write_bytes(_encrypted_zip())
    traversal = io.BytesIO()
    with zipfile.ZipFile(traversal, "w") as archive:
        archive.writestr("../../etc/passwd", b"root:x:0:0")
        archive.writestr("ok.txt", b"fine")
    (tmp_path / "traversal.zip").write_bytes(traversal.getvalue())
    (tmp_path / "many.zip").write_bytes(fm.zip_bytes({f"{n}.txt": b"x" for n in range(5)}))
    (tmp_path / "deep.zip").write_bytes(fm.zip_bytes({"l1.zip": fm.zip_bytes({"l2.zip": fm.zip_bytes({"x": b"y"})})}))
    (tmp_path / "truncated.zip").write_bytes(fm.zip_bytes({"a.txt": b"x" * 1000})[:-40])
    got = by_rel(items([tmp_path], policy), tmp_path)
    assert "zip bomb" in got["bomb.zip!zeros.txt"].reason
    assert got["locked.zip!secret.csv"].status == "unscannable"
    assert got["locked.zip"].status == "unscannable" and "password-protected" in got["locked.zip"].reason
    assert got["traversal.zip!etc/passwd"].status == "error" and "path traversal" in got["traversal.zip!etc/passwd"].reason
    assert got["traversal.zip!ok.txt"].status == "scanned"
    assert got["many.zip"].status == "partial" and "only the first 3" in got["many.zip"].reason
    assert got["deep.zip!l1.zip"].status == "partial" and "limit 1" in got["deep.zip!l1.zip"].reason
    assert "deep.zip!l1.zip!l2.zip" not in got
    assert got["truncated.zip"].status == "error" and "ZIP" in got["truncated.zip"].reason


def test_email_attachments_forwarded_messages_and_pgp_parts(tmp_path):
    forwarded = fm.eml_bytes("lee@agency.gov", ["hr@agency.gov"], "fwd", "see list",
                             {"list.csv": (b"Name\nDana\n", "text/csv")})
    outer = EmailMessage()
    outer["From"], outer["To"], outer["Cc"] = "Dana W <dana@agency.gov>", "x@partner.example.com", "y@agency.gov"
    outer["Subject"] = "Hires"
    outer.set_content("see attached")
    outer.add_attachment(b"Name,Email\nLee,lee@agency.gov\n", maintype="text", subtype="csv", filename="hires.csv")
    outer.add_attachment(b"-----BEGIN PGP MESSAGE-----\n\nhQEM\n-----END PGP MESSAGE-----\n",
                         maintype="application", subtype="pgp-encrypted", filename="payroll.pgp")
    outer.attach(MIMEMessage(message_from_bytes(forwarded, policy=email_policy.default)))
    path = tmp_path / "mail.eml"
    path.write_bytes(bytes(outer))
    got = by_rel(items([path]), tmp_path)
    assert got["mail.eml"].meta["envelope"]["to"] == ["x@partner.example.com"]
    assert got["mail.eml"].meta["envelope"]["from_names"] == ["Dana W"]
    assert got["mail.eml!hires.csv"].media_type == "text/csv"
    assert got["mail.eml!payroll.pgp"].media_type == "application/pgp-encrypted"
    nested = next(p for p in got if p.startswith("mail.eml!forwarded"))
    assert got[nested].media_type == "message/rfc822" and got[nested].parent.endswith("mail.eml")
    assert got[f"{nested}!list.csv"].data == b"Name\nDana\n"


def test_malformed_email_does_not_crash(tmp_path):
    path = tmp_path / "bad.eml"
    path.write_bytes(b"From: a@b.gov\nTo: c@d.gov\nSubject: x\nContent-Type: multipart/mixed; boundary=\"zz\"\n\n"
                     b"--zz\nContent-Type: text/csv; name=\"a.csv\"\nContent-Transfer-Encoding: base64\n\n!!!notbase64"
                     b"\n--zz")
    got = items([path])
    assert got[0].status == "scanned" and all(i.status in ("scanned", "error") for i in got)
