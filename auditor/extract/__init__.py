"""extract stage: an Item's own text segments and tables, by sniffed media type.

Each format has one reader module; readers raise ScanError (corrupt, unsupported) or
Unscannable (encrypted, image-only) with a one-line reason that never quotes content.
"""
from __future__ import annotations

from auditor.extract.docx import read_docx
from auditor.extract.email import read_email
from auditor.extract.html import read_html
from auditor.extract.jsonfile import read_json
from auditor.extract.pdf import read_pdf
from auditor.extract.tables import read_delimited
from auditor.extract.textcodec import decode_text
from auditor.extract.xlsx import read_xlsx
from auditor.models import Extraction, Item, ScanError, Segment, Unscannable
from auditor.policy import Policy
from auditor.sources.sniff import DOCX, XLSX

ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

__all__ = ["extract"]


def _compound_file(data: bytes) -> Extraction:
    if ENCRYPTED_PACKAGE in data:
        raise Unscannable("encrypted Office document (password-protected)")
    raise ScanError("legacy Office format (.doc/.xls) is not supported; save as .docx/.xlsx")


def extract(item: Item, policy: Policy) -> Extraction:
    """Read one item; raises ScanError (or Unscannable) with a one-line reason."""
    kind, data = item.media_type, item.data
    if kind in ("text/plain", "text/markdown"):
        return Extraction(segments=[Segment(text=decode_text(data))])
    if kind in ("text/csv", "text/tab-separated-values"):
        return read_delimited(data, kind)
    if kind in ("application/json", "application/x-ndjson"):
        return read_json(data, lines=kind == "application/x-ndjson")
    readers = {
        XLSX: lambda: read_xlsx(data, policy),
        DOCX: lambda: read_docx(data, policy),
        "application/pdf": lambda: read_pdf(data),
        "text/html": lambda: read_html(data),
        "message/rfc822": lambda: read_email(data),
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
