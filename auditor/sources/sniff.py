"""Media type from content; a file extension only breaks ties between text kinds."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTAINERS = {"application/zip", "message/rfc822"}
_MAIL_HEADER = re.compile(rb"^(from|to|subject|date|mime-version|received|return-path|message-id|delivered-to|"
                          rb"x-[\w-]+|reply-to|cc|content-type)\s*:", re.I)
_PGP_BINARY_TAGS = {0x84, 0x85, 0x8c, 0xc1, 0xc3}  # old/new-format PKESK and SKESK packets


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "application/zip"  # corrupt: the archive reader reports why
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return "application/zip"


def _decoded_head(data: bytes) -> str | None:
    head = data[:65536]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    for encoding in ("utf-8-sig", "utf-16") if head.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8", "cp1252"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding.startswith("utf-8") and exc.start > len(head) - 4:  # cut mid-character
                text = head[:exc.start].decode(encoding)
            else:
                continue
        controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f")
        return text if controls <= len(text) * 0.02 else None
    return None


PLAIN_SUFFIXES = (".txt", ".log", ".md", ".markdown")  # "[09:14] dana: hi" is a chat log, not broken JSON


def _is_json(text: str, complete: bool, suffix: str = "") -> str | None:
    stripped = text.strip()
    if not stripped or stripped[0] not in "[{":
        return None
    if complete:
        try:
            json.loads(stripped)
            return "application/json"
        except ValueError:
            pass
    lines = [ln for ln in stripped.splitlines() if ln.strip()][:50]
    if len(lines) > 1 or not complete:
        try:
            for line in lines[:-1] if not complete else lines:
                json.loads(line)
            return "application/x-ndjson"
        except ValueError:
            pass
    if complete and suffix in PLAIN_SUFFIXES:
        return None
    return "application/json"  # looks like JSON; the reader reports where it breaks


def _delimited(text: str) -> str | None:
    lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
    if len(lines) < 2:
        return None
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|")
    except csv.Error:
        return None
    counts = {ln.count(dialect.delimiter) for ln in lines}
    if min(counts) < 1 or len(counts) > 2:
        return None
    return "text/tab-separated-values" if dialect.delimiter == "\t" else "text/csv"


def sniff(data: bytes, name: str = "") -> str:
    """Media type of ``data``; ``name`` is consulted only among text kinds."""
    if not data:
        return "application/x-empty"
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-cfb"
    if b"-----BEGIN PGP MESSAGE-----" in data[:4096] or (data[0] in _PGP_BINARY_TAGS and len(data) > 16
                                                         and _decoded_head(data) is None):
        return "application/pgp-encrypted"
    text = _decoded_head(data)
    if text is None:
        return "application/octet-stream"
    first = data.lstrip()[:512]
    if _MAIL_HEADER.match(first) and re.search(r"^(from|subject|to|mime-version)\s*:", text[:8192], re.I | re.M) \
            and re.search(r"\r?\n\r?\n", text[:65536]):
        return "message/rfc822"
    lowered = text[:1024].lstrip().lower()
    if lowered.startswith(("<!doctype html", "<html")) or re.search(r"<(html|body)[\s>]", lowered):
        return "text/html"
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    as_json = _is_json(text, complete=len(data) <= 65536, suffix=suffix)
    if as_json:
        return as_json
    if suffix in (".md", ".markdown"):
        return "text/markdown"
    delimited = _delimited(text)
    if delimited and suffix not in (".txt", ".log"):
        return delimited
    return "text/plain"
