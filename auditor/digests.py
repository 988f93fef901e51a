"""Fingerprints as arrays: a (n, DIGEST_BYTES) uint8 array per column or crowd, not a hex str per value.

A fingerprint is the hex of its digest, so digests sort as their fingerprints do.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from auditor.redact import DIGEST_BYTES

_HEX = np.frombuffer(b"0123456789abcdef", np.uint8)


def digests_of(fingerprints: Sequence[str]) -> np.ndarray:
    """Hex fingerprints as a (n, DIGEST_BYTES) uint8 array."""
    return np.frombuffer(bytes.fromhex("".join(fingerprints)), np.uint8).reshape(len(fingerprints), DIGEST_BYTES)


def hexes(digests: np.ndarray) -> list[str]:
    """The fingerprints (hex) of a digest array, without a bytes object per row."""
    text, width = digests.tobytes().hex(), 2 * digests.shape[1]
    return [text[i:i + width] for i in range(0, len(text), width)]


def dense_ids(digests: np.ndarray) -> tuple[np.ndarray, int]:
    """A dense id per row, equal rows equal ids, ids ascending with the digest's bytes (so with its hex);
    and how many distinct rows there are."""
    if not len(digests):
        return np.zeros(0, np.int64), 0
    hi, lo = np.ascontiguousarray(digests).view(">u8").T  # big-endian words: their order is the bytes' order
    order = np.argsort(hi)
    tie = hi[order][1:] == hi[order][:-1]
    if (tie & (lo[order][1:] != lo[order][:-1])).any():  # first halves alike, second not: sort on both
        order = np.lexsort((lo, hi))
        tie = (hi[order][1:] == hi[order][:-1]) & (lo[order][1:] == lo[order][:-1])
    ids = np.empty(len(order), np.int64)
    ids[order] = np.cumsum(np.r_[True, ~tie]) - 1
    return ids, int(ids[order[-1]]) + 1


def distinct(digests: np.ndarray) -> np.ndarray:
    """The distinct rows, in fingerprint order."""
    ids, count = dense_ids(digests)
    out = np.empty((count, DIGEST_BYTES), np.uint8)
    out[ids] = digests
    return out


def joined(digests: np.ndarray, separator: bytes = b"\x1e") -> bytes:
    """``separator.join`` of the rows' hex fingerprints, built in one array."""
    if not len(digests):
        return b""
    text = np.empty((len(digests), 2 * DIGEST_BYTES + 1), np.uint8)
    text[:, 0:-1:2], text[:, 1:-1:2], text[:, -1] = _HEX[digests >> 4], _HEX[digests & 15], ord(separator)
    return text.tobytes()[:-1]
