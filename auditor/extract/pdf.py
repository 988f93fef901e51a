"""PDF: the text layer, one segment per page; encrypted and image-only PDFs are unscannable."""
from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from auditor.models import Extraction, ScanError, Segment, Unscannable

logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # pypdf warns with document details


def read_pdf(data: bytes) -> Extraction:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unscannable("encrypted PDF (password-protected)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except Unscannable:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise ScanError(f"corrupt or truncated PDF ({type(exc).__name__})") from None
    except Exception as exc:
        if "decrypt" in str(exc).lower() or "crypt" in type(exc).__name__.lower():
            raise Unscannable("encrypted PDF (cannot be decrypted here)") from None
        raise ScanError(f"corrupt or truncated PDF ({type(exc).__name__})") from None
    if not pages:
        raise ScanError("PDF has no pages")
    empty = sum(1 for text in pages if not text.strip())
    if empty == len(pages):
        raise Unscannable("image-only PDF: no text layer (a scanned image?)")
    extraction = Extraction(segments=[Segment(text=t, location={"page": n}) for n, t in enumerate(pages, 1)
                                      if t.strip()])
    if empty:
        extraction.status, extraction.reason = "partial", f"{empty} of {len(pages)} pages have no text layer"
    return extraction
