"""extract stage: an Item's own text segments and tables, by sniffed media type.

Each format has one reader module; readers raise ScanError (corrupt, unsupported) or
Unscannable (encrypted, image-only) with a one-line reason that never quotes content.
A reader is imported when its format first turns up, so a scan loads only the libraries
(pandas, openpyxl, pypdf, python-docx) of the formats it meets.
"""
from __future__ import annotations

from importlib import import_module
from typing import Callable

from auditor.extract.textcodec import decode_text
from auditor.models import Extraction, Item, ScanError, Segment, Unscannable
from auditor.policy import Policy
from auditor.sources.sniff import DOCX, XLSX

ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

__all__ = ["extract"]


def _compound_file(data: bytes) -> Extraction:
    if ENCRYPTED_PACKAGE in data:
        raise Unscannable("encrypted Office document (password-protected)")
    raise ScanError("legacy Office format (.doc/.xls) is not supported; save as .docx/.xlsx")


def _reader(module: str, name: str) -> Callable[..., Extraction]:
    return getattr(import_module(f"auditor.extract.{module}"), name)


def extract(item: Item, policy: Policy) -> Extraction:
    """Read one item; raises ScanError (or Unscannable) with a one-line reason."""
    kind, data = item.media_type, item.data
    if kind in ("text/plain", "text/markdown"):
        return Extraction(segments=[Segment(text=decode_text(data))])
    if kind in ("text/csv", "text/tab-separated-values"):
        return _reader("tables", "read_delimited")(data, kind)
    if kind in ("application/json", "application/x-ndjson"):
        return _reader("jsonfile", "read_json")(data, lines=kind == "application/x-ndjson")
    readers = {
        XLSX: lambda: _reader("xlsx", "read_xlsx")(data, policy),
        DOCX: lambda: _reader("docx", "read_docx")(data, policy),
        "application/pdf": lambda: _reader("pdf", "read_pdf")(data),
        "text/html": lambda: _reader("html", "read_html")(data),
        "message/rfc822": lambda: _reader("email", "read_email")(data),
        "application/zip": Extraction,  # members are their own items
        "application/x-cfb": lambda: _compound_file(data),
        "application/x-empty": lambda: Extraction(reason="empty file (0 bytes)"),
    }
    if kind == "application/pgp-encrypted":
        raise Unscannable("PGP-encrypted content")
    if kind not in readers:
        raise ScanError("unsupported file type (binary)" if kind == "application/octet-stream"
                        else f"unsupported file type ({kind})")
    return readers[kind]()
