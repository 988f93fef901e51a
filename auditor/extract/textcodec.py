"""Bytes to text: BOMs, UTF-8, then charset-normalizer's best guess."""
from __future__ import annotations

from charset_normalizer import from_bytes

from auditor.models import ScanError


def decode_text(data: bytes) -> str:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[: 2**20]).best()
    if best is None or best.encoding is None:
        raise ScanError("could not decode text (unknown encoding or binary content)")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise ScanError(f"could not decode text as {best.encoding}") from None
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\r\n\t\f")
    if controls > len(text[:65536]) * 0.02:
        raise ScanError("could not decode text (binary content)")
    return text
