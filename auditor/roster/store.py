"""The roster file: keyed hashes and row ids only, authenticated as a whole.

Layout: MAGIC, one JSON header line, fixed-size entries (16-byte hash, 4-byte row
index, 1-byte variant code) sorted by hash, then a 32-byte HMAC-SHA256 over all
that precedes it. Keys are derived from the user's secret with HKDF-SHA256 and a
random per-roster salt: one for entry hashes, one for the file MAC, one for a key
check that tells a wrong key from a tampered file.
"""
from __future__ import annotations

import base64
import hmac as std_hmac
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"AUDITOR-ROSTER 1\n"
ENTRY = struct.Struct(">16sIB")
MAC_BYTES = 32
HASH_BYTES = 16


class RosterError(Exception):
    """A roster that cannot be built or loaded; the message names the file, never a value."""


class RosterKeyError(RosterError):
    pass


class RosterTamperedError(RosterError):
    pass


@dataclass(frozen=True)
class RosterKeys:
    entries: bytes
    mac: bytes
    check: bytes

    @classmethod
    def derive(cls, secret: bytes, salt: bytes) -> "RosterKeys":
        def one(info: bytes) -> bytes:
            return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)

        return cls(one(b"auditor roster v1 entries"), one(b"auditor roster v1 mac"), one(b"auditor roster v1 check"))

    def entry_hash(self, message: bytes) -> bytes:
        return std_hmac.digest(self.entries, message, "sha256")[:HASH_BYTES]

    def key_check(self) -> str:
        return std_hmac.digest(self.check, b"key check", "sha256")[:16].hex()

    def file_mac(self, body: bytes) -> bytes:
        mac = hmac.HMAC(self.mac, hashes.SHA256())
        mac.update(body)
        return mac.finalize()


def sequence_message(seq: tuple[str, ...]) -> bytes:
    return b"n\x1f" + "\x1f".join(seq).encode()


def email_message(address: str) -> bytes:
    return b"e\x1f" + address.casefold().encode()


@dataclass
class Roster:
    keys: RosterKeys
    row_ids: list[str]
    index: dict[bytes, list[tuple[int, int]]]  # hash -> [(row index, variant code)]
    max_tokens: int
    header: dict

    def write(self, path: str | Path, salt: bytes) -> None:
        entries = sorted((h, row, code) for h, pairs in self.index.items() for row, code in pairs)
        header = {**self.header, "version": 1, "salt": base64.b64encode(salt).decode(), "check": self.keys.key_check(),
                  "rows": len(self.row_ids), "entries": len(entries), "max_tokens": self.max_tokens}
        body = MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + b"".join(ENTRY.pack(*e) for e in entries)
        Path(path).write_bytes(body + self.keys.file_mac(body))

    @classmethod
    def load(cls, path: str | Path, secret: bytes) -> "Roster":
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise RosterError(f"{path}: cannot read roster: {exc.strerror}") from None
        if not data.startswith(MAGIC) or b"\n" not in data[len(MAGIC):]:
            raise RosterError(f"{path}: not an auditor roster file")
        head_end = data.index(b"\n", len(MAGIC))
        try:
            header = json.loads(data[len(MAGIC):head_end])
            keys = RosterKeys.derive(secret, base64.b64decode(header["salt"]))
        except (ValueError, KeyError, TypeError):
            raise RosterTamperedError(f"{path}: integrity check failed: the file was modified or corrupted") from None
        body, mac = data[:-MAC_BYTES], data[-MAC_BYTES:]
        if keys.key_check() != header.get("check"):
            raise RosterKeyError(f"{path}: wrong key: this roster was built with a different key file "
                                 "(or its header was modified)")
        if not std_hmac.compare_digest(keys.file_mac(body), mac):
            raise RosterTamperedError(f"{path}: integrity check failed: the file was modified or corrupted")
        raw = body[head_end + 1:]
        index: dict[bytes, list[tuple[int, int]]] = {}
        for h, row, code in ENTRY.iter_unpack(raw):
            index.setdefault(h, []).append((row, code))
        ids = header.get("row_ids") or [str(n) for n in range(1, header["rows"] + 1)]
        return cls(keys, ids, index, int(header["max_tokens"]), header)


def new_salt() -> bytes:
    return os.urandom(16)
