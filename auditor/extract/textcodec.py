"""Bytes to text: a byte-order mark, UTF-8, then charset-normalizer's best guess."""
from __future__ import annotations

from charset_normalizer import from_bytes

from auditor.models import ScanError

# UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
SAMPLE = 65536
WESTERN = "cp1252"  # the commonest legacy encoding (the web's default for unlabelled Western text)
NEAR_TIE = 0.02  # charset-normalizer "chaos" (mess ratio) difference that still counts as a tie
LEGACY_PAGES = ("cp4", "cp7", "cp85", "cp86", "mac_")  # DOS and classic Mac code pages


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


def _guess(data: bytes) -> str | None:
    """charset-normalizer's guess, less its taste for DOS and classic Mac code pages: on short Western text
    ("Zoë Müller", "José Ñúñez") it picks Baltic DOS pages that garble names. A guess that found a language
    beats one that found none, and Windows-1252 wins a tie."""
    matches = list(from_bytes(data[: 2**20]))
    candidates = [m for m in matches if not m.encoding.startswith(LEGACY_PAGES)] or matches
    if not candidates:
        return None
    best = min(candidates, key=lambda m: (m.coherence == 0, m.chaos))
    if any(WESTERN in m.could_be_from_charset and m.chaos <= best.chaos + NEAR_TIE and (m.coherence > 0) >= (
            best.coherence > 0) for m in candidates):
        return WESTERN
    return best.encoding


def decode_text(data: bytes) -> str:
    """Decode a text file; ScanError when no encoding fits or the result looks binary."""
    bom = next((codec for mark, codec in BOMS if data.startswith(mark)), None)
    text = _decoded(data, bom) if bom else _decoded(data, "utf-8")
    if text is not None:
        return text
    encoding = _guess(data)
    text = _decoded(data, encoding) if encoding else None
    if text is None:
        raise ScanError("could not decode text (unknown encoding)")
    return text
