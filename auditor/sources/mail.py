"""Email attachments and forwarded messages as child items; the envelope for destination checks."""
from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from email.message import EmailMessage, Message
from email.utils import getaddresses

from auditor.models import Item
from auditor.sources.archive import child, display_name

ENVELOPE_FIELDS = {"from": ("from", "sender"), "to": ("to",), "cc": ("cc",), "bcc": ("bcc",)}


def parse_message(data: bytes) -> EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)  # lenient: defects, not exceptions


def envelope(message: Message) -> dict[str, list[str]]:
    """Addresses by header (lower-cased), plus the sender's display names (memory only)."""
    out: dict[str, list[str]] = {}
    for key, headers in ENVELOPE_FIELDS.items():
        values = [str(v) for h in headers for v in (message.get_all(h) or [])]
        pairs = getaddresses(values)
        out[key] = sorted({addr.lower() for _, addr in pairs if "@" in addr})
        if key == "from":
            out["from_names"] = sorted({name.strip() for name, addr in pairs if name.strip()})
    return out


def _attachments(part: Message) -> Iterator[tuple[str, Message]]:
    """(kind, part) for forwarded messages, encrypted parts and files, not descending into either of the first two."""
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        yield "message", part
    elif ctype == "multipart/encrypted" or ctype == "application/pgp-encrypted":
        yield "encrypted", part
    elif part.is_multipart():
        for sub in part.get_payload():
            yield from _attachments(sub)
    elif part.get_content_disposition() == "attachment" or part.get_filename():
        yield "file", part


def _payload(kind: str, part: Message) -> bytes:
    if kind == "message":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return inner.as_bytes() if isinstance(inner, Message) else str(inner).encode()
    if kind == "encrypted":
        return part.as_bytes()
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _safe_filename(name: str | None, fallback: str) -> str:
    cleaned = re.sub(r"[\x00-\x1f!]", "_", display_name(name or ""))
    return fallback if cleaned == "unnamed" else cleaned


def expand_email(item: Item) -> Iterator[Item]:
    try:
        message = parse_message(item.data)
        item.meta["envelope"] = envelope(message)
        parts = list(_attachments(message)) if message.is_multipart() else []
    except Exception as exc:  # the stdlib parser is lenient; anything raised means a broken message
        item.status, item.reason = "error", f"malformed email ({type(exc).__name__})"
        return
    for index, (kind, part) in enumerate(parts, start=1):
        fallback = {"message": f"forwarded-{index}.eml", "encrypted": f"encrypted-part-{index}.pgp"}.get(
            kind, f"attachment-{index}.bin")
        name = _safe_filename(part.get_filename(), fallback)
        try:
            data = _payload(kind, part)
        except Exception as exc:
            yield child(item, name, status="error", reason=f"attachment could not be decoded ({type(exc).__name__})")
            continue
        entry = child(item, name, data)
        if kind == "encrypted":
            entry.media_type = "application/pgp-encrypted"
        elif kind == "message":
            entry.media_type = "message/rfc822"
        yield entry
