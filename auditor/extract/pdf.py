"""PDF: the text layer, one segment per page; encrypted and image-only PDFs are unscannable."""
from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from auditor.models import Extraction, ScanError, Segment, Unscannable

logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # pypdf warns with document details


def _open(data: bytes) -> PdfReader:
    """A reader with its page tree loaded; an empty user password is tried on encrypted files."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unscannable("encrypted PDF (password-protected)")
        if not len(reader.pages):
            raise ScanError("PDF has no pages")
        return reader
    except ScanError:
        raise
    except (FileNotDecryptedError, NotImplementedError):  # e.g. an unsupported security handler
        raise Unscannable("encrypted PDF (cannot be decrypted here)") from None
    except Exception as exc:  # pypdf raises many types on damaged files
        raise ScanError(f"corrupt or truncated PDF ({type(exc).__name__})") from None


def _page_text(reader: PdfReader, index: int) -> str | None:
    try:
        return reader.pages[index].extract_text() or ""
    except Exception:  # one damaged content stream must not hide the other pages
        return None


def read_pdf(data: bytes) -> Extraction:
    reader = _open(data)
    texts = [_page_text(reader, i) for i in range(len(reader.pages))]
    total, failed = len(texts), sum(1 for t in texts if t is None)
    empty = sum(1 for t in texts if t is not None and not t.strip())
    extraction = Extraction(segments=[Segment(text=t, location={"page": n}) for n, t in enumerate(texts, 1)
                                      if t and t.strip()])
    if not extraction.segments:
        if failed:
            raise ScanError(f"corrupt PDF: {failed} of {total} pages could not be read")
        raise Unscannable("image-only PDF: no text layer (scanned image?)")
    problems = [f"{failed} of {total} pages could not be read" if failed else "",
                f"{empty} of {total} pages have no text layer" if empty else ""]
    if failed or empty:
        extraction.status, extraction.reason = "partial", "; ".join(p for p in problems if p)
    return extraction
