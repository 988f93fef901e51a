"""An email's own content: address and subject headers, and its inline text (attachments and
forwarded messages are child items made by sources, so they are not descended into here)."""
from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage

from auditor.extract.html import html_to_extraction
from auditor.extract.textcodec import decode_text
from auditor.models import Extraction, ScanError, Segment
from auditor.sources.mail import parse_message

HEADERS = ("From", "To", "Cc", "Bcc", "Reply-To", "Subject")
SKIPPED = ("multipart/encrypted",)  # sources reports encrypted parts as unscannable children


def _inline_texts(part: EmailMessage) -> Iterator[tuple[str, EmailMessage]]:
    """("plain" | "html", part) for each inline text part; of alternatives, the plain one."""
    ctype = part.get_content_type()
    if part.get_content_disposition() == "attachment" or part.get_filename() or ctype in SKIPPED:
        return
    if ctype in ("text/plain", "text/html"):
        yield ctype[5:], part
    elif ctype == "multipart/alternative":
        choices = [list(_inline_texts(sub)) for sub in part.iter_parts()]
        choices = [c for c in choices if c]
        plain = [c for c in choices if any(kind == "plain" for kind, _ in c)]
        yield from (plain[0] if plain else choices[-1] if choices else [])
    elif part.get_content_maintype() == "multipart":
        for sub in part.iter_parts():
            yield from _inline_texts(sub)


def _content(part: EmailMessage) -> str:
    """The part's text; an unknown or wrong charset falls back to detection, then to UTF-8."""
    try:
        return part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        try:
            return decode_text(payload)
        except ScanError:
            return payload.decode("utf-8", errors="replace")


def read_email(data: bytes) -> Extraction:
    try:
        message = parse_message(data)
        headers = [f"{name}: {value}" for name in HEADERS for value in (message.get_all(name) or [])]
        texts = [(kind, _content(part)) for kind, part in _inline_texts(message)]
    except Exception as exc:  # a MIME structure the email package cannot walk
        raise ScanError(f"malformed email ({type(exc).__name__})") from None
    out = Extraction()
    if headers:
        out.segments.append(Segment(text="\n".join(headers), location={"part": "headers"}))
    plain = "\n\n".join(text for kind, text in texts if kind == "plain")
    if plain.strip():
        out.segments.append(Segment(text=plain, location={"part": "body"}))
    for kind, text in texts:  # HTML that is not the alternative of a plain body
        if kind == "html":
            converted = html_to_extraction(text, part="body-html")
            out.segments += converted.segments
            out.tables += converted.tables
    return out
