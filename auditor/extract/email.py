"""An email's own content: address and subject headers, and its body (attachments are sources' job)."""
from __future__ import annotations

from auditor.extract.html import html_to_extraction
from auditor.models import Extraction, ScanError, Segment
from auditor.sources.mail import parse_message

HEADERS = ("From", "To", "Cc", "Bcc", "Reply-To", "Subject")


def read_email(data: bytes) -> Extraction:
    try:
        message = parse_message(data)
        header_lines = [f"{name}: {value}" for name in HEADERS for value in (message.get_all(name) or [])]
        plain = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",)) if plain is None else None
        body = (plain or html).get_content() if (plain or html) is not None else ""
    except Exception as exc:  # broken MIME structure or charset
        raise ScanError(f"malformed email ({type(exc).__name__})") from None
    out = Extraction()
    if header_lines:
        out.segments.append(Segment(text="\n".join(header_lines), location={"part": "headers"}))
    if plain is not None and body.strip():
        out.segments.append(Segment(text=body, location={"part": "body"}))
    elif html is not None:
        converted = html_to_extraction(body, part="body-html")
        out.segments += converted.segments
        out.tables += converted.tables
    return out
