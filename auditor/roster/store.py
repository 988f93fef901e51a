"""The roster file: keyed hashes and row ids only, authenticated as a whole.

Layout: MAGIC, a 16-byte key check, one JSON header line (counts, column kinds, salt),
then N 16-byte entry hashes sorted, N little-endian uint32 row indexes, N variant
codes, and a 32-byte HMAC-SHA256 over everything before it. Entry and MAC keys are
derived from the user's secret with HKDF-SHA256 and the file's random salt. The key
check comes from a salt-free derivation, so a changed salt reads as tampering, not as
a wrong key; a changed key check is told apart by re-checking the MAC with the
expected value in its place.
"""
from __future__ import annotations

import base64
import hmac as std_hmac
import json
import os
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"AUDITOR-ROSTER 2\n"
CHECK_BYTES = HASH_BYTES = 16
MAC_BYTES = 32
HEAD = len(MAGIC) + CHECK_BYTES


class RosterError(Exception):
    """A roster that cannot be built or loaded; the message names the file, never a value."""


class RosterKeyError(RosterError):
    pass


class RosterTamperedError(RosterError):
    pass


def _derive(secret: bytes, salt: bytes | None, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


def key_check(secret: bytes) -> bytes:
    return std_hmac.digest(_derive(secret, None, b"auditor roster v1 check"), b"key check", "sha256")[:CHECK_BYTES]


@dataclass(frozen=True)
class RosterKeys:
    entries: bytes
    mac: bytes

    @classmethod
    def derive(cls, secret: bytes, salt: bytes) -> "RosterKeys":
        return cls(_derive(secret, salt, b"auditor roster v1 entries"), _derive(secret, salt, b"auditor roster v1 mac"))

    def entry_hash(self, message: bytes) -> bytes:
        return std_hmac.digest(self.entries, message, "sha256")[:HASH_BYTES]

    def file_mac(self, body: bytes) -> bytes:
        mac = hmac.HMAC(self.mac, hashes.SHA256())
        mac.update(body)
        return mac.finalize()


def sequence_message(seq: Sequence[str]) -> bytes:
    """What is hashed for a token sequence (a name variant or an ID); the matcher builds the same bytes."""
    return b"n\x1f" + "\x1f".join(seq).encode()


def email_message(address: str) -> bytes:
    return b"e\x1f" + address.casefold().encode()


def _uint32(raw: bytes) -> array:
    values = array("I")
    if values.itemsize != 4:  # pragma: no cover - no such platform in use
        values = array("L")
    values.frombytes(raw)
    if sys.byteorder == "big":  # pragma: no cover
        values.byteswap()
    return values


class Roster:
    """A loaded roster: ``lookup(hash)`` gives the (row index, variant code) pairs stored under it."""

    def __init__(self, keys: RosterKeys, row_ids: list[str], entries: list[tuple[bytes, int, int]],
                 max_tokens: int, header: dict):
        entries = sorted(entries)
        self.keys, self.row_ids, self.max_tokens, self.header = keys, row_ids, max_tokens, header
        self._hashes = [h for h, _, _ in entries]
        self._rows = array("I", [r for _, r, _ in entries])
        self._codes = bytes(c for _, _, c in entries)
        self._index = dict(zip(self._hashes, range(len(entries))))  # a hash's last position; its twins precede it

    def __len__(self) -> int:
        return len(self._hashes)

    def lookup(self, digest: bytes) -> list[tuple[int, int]]:
        last = self._index.get(digest)
        if last is None:
            return []
        first = last
        while first and self._hashes[first - 1] == digest:
            first -= 1
        return [(self._rows[j], self._codes[j]) for j in range(first, last + 1)]

    def write(self, path: str | Path, secret: bytes, salt: bytes) -> None:
        header = {**self.header, "version": 2, "salt": base64.b64encode(salt).decode(), "rows": len(self.row_ids),
                  "entries": len(self), "max_tokens": self.max_tokens}
        rows = array("I", self._rows)
        if sys.byteorder == "big":  # pragma: no cover
            rows.byteswap()
        body = b"".join([MAGIC, key_check(secret), json.dumps(header, sort_keys=True).encode(), b"\n",
                         b"".join(self._hashes), rows.tobytes(), self._codes])
        Path(path).write_bytes(body + self.keys.file_mac(body))

    @classmethod
    def load(cls, path: str | Path, secret: bytes) -> "Roster":
        name = str(path)
        tampered = RosterTamperedError(f"{name}: integrity check failed: the file was modified or corrupted")
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise RosterError(f"{path}: cannot read roster: {exc.strerror}") from None
        if not data.startswith(MAGIC):
            raise RosterTamperedError(f"{name}: integrity check failed: not an auditor roster file "
                                      "(or it was modified or corrupted)")
        header, keys = _header(data, secret)
        expected = key_check(secret)
        if data[len(MAGIC):HEAD] != expected:
            if keys and _mac_ok(keys, data[:len(MAGIC)] + expected + data[HEAD:]):
                raise tampered
            raise RosterKeyError(f"{name}: wrong key: this roster was built with a different key file")
        if keys is None or not _mac_ok(keys, data):
            raise tampered
        return cls._from_body(keys, header, data[data.index(b"\n", HEAD) + 1:-MAC_BYTES], tampered)

    @classmethod
    def _from_body(cls, keys: RosterKeys, header: dict, raw: bytes, tampered: RosterError) -> "Roster":
        try:
            count, rows = int(header["entries"]), int(header["rows"])
            ids = header.get("row_ids") or [str(n) for n in range(1, rows + 1)]
            if len(raw) != count * (HASH_BYTES + 5) or len(ids) != rows:
                raise ValueError("sizes")
            roster = cls.__new__(cls)
            roster.keys, roster.row_ids, roster.header = keys, ids, header
            roster.max_tokens = int(header["max_tokens"])
            roster._hashes = [raw[i:i + HASH_BYTES] for i in range(0, count * HASH_BYTES, HASH_BYTES)]
            roster._rows = _uint32(raw[count * HASH_BYTES:count * (HASH_BYTES + 4)])
            roster._codes = raw[count * (HASH_BYTES + 4):]
            roster._index = dict(zip(roster._hashes, range(count)))
        except (KeyError, TypeError, ValueError):
            raise tampered from None  # only a writer bug gets here: the MAC held
        return roster


def _header(data: bytes, secret: bytes) -> tuple[dict, RosterKeys | None]:
    """The JSON header and the keys its salt gives; ({}, None) when it does not parse."""
    try:
        header = json.loads(data[HEAD:data.index(b"\n", HEAD)])
        return header, RosterKeys.derive(secret, base64.b64decode(header["salt"], validate=True))
    except (ValueError, KeyError, TypeError, RecursionError):
        return {}, None


def _mac_ok(keys: RosterKeys, data: bytes) -> bool:
    return len(data) > HEAD + MAC_BYTES and std_hmac.compare_digest(keys.file_mac(data[:-MAC_BYTES]),
                                                                    data[-MAC_BYTES:])


def new_salt() -> bytes:
    return os.urandom(16)
