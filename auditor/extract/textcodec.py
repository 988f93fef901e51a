"""Bytes to text: a byte-order mark, UTF-8, then charset-normalizer's best guess."""
from __future__ import annotations

from charset_normalizer import from_bytes

from auditor.models import ScanError

# UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
SAMPLE = 65536


def _looks_binary(text: str) -> bool:
    """More than 2% control characters (NULs from UTF-16 read as UTF-8, say) is not text.
    Escape (terminal colours in logs), backspace and vertical tab are allowed."""
    sample = text[:SAMPLE]
    return sum(1 for c in sample if ord(c) < 32 and c not in "\r\n\t\f\v\b\x1b") > len(sample) * 0.02


def _decoded(data: bytes, codec: str) -> str | None:
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return None if _looks_binary(text) else text


def decode_text(data: bytes) -> str:
    """Decode a text file; ScanError when no encoding fits or the result looks binary."""
    bom = next((codec for mark, codec in BOMS if data.startswith(mark)), None)
    text = _decoded(data, bom) if bom else _decoded(data, "utf-8")
    if text is not None:
        return text
    best = from_bytes(data[: 2**20]).best()
    text = _decoded(data, best.encoding) if best is not None and best.encoding else None
    if text is None:
        raise ScanError("could not decode text (unknown encoding)")
    return text
