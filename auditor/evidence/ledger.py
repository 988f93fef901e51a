"""A hash-chained, append-only ledger of scan decisions and overrides (JSONL, one entry a line).

Each entry holds the previous entry's hash (``prev``) and its own (``hash``): SHA-256 over the entry
without ``hash`` and ``signature``, serialised as for signed reports (sorted keys, compact, UTF-8).
Entries hold decisions, counts, the policy and the report's SHA-256: no paths and no detected values.
Appends take an exclusive lock, so concurrent scans keep the chain valid.
"""
from __future__ import annotations

import fcntl
import getpass
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from auditor.evidence.signing import SigningError, canonical_bytes, load_public_key, sign_report, verify_report

LEDGER_ENV = "AUDITOR_LEDGER"
GENESIS = "0" * 64
SUMMARY_COUNTS = ("files", "scanned", "failed", "partial", "findings", "occurrences", "individuals")
TAIL_BYTES = 1 << 16  # an entry is usually well under 1 KB


class LedgerError(Exception):
    """A ledger that cannot be opened, read or appended to; one line."""


@dataclass(frozen=True)
class LedgerCheck:
    ok: bool
    reason: str


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return f"uid:{os.getuid()}"


def default_ledger_path() -> Path:
    """``$AUDITOR_LEDGER``, else ``$XDG_STATE_HOME/auditor/ledger.jsonl``, else ``~/.local/state/auditor/...``."""
    if os.environ.get(LEDGER_ENV):
        return Path(os.environ[LEDGER_ENV])
    state = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(state) / "auditor" / "ledger.jsonl"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry_hash(entry: dict[str, Any]) -> str:
    return sha256_hex(canonical_bytes({k: v for k, v in entry.items() if k != "hash"}))


def _entry(report: dict[str, Any], seq: int, prev: str, user: str) -> dict[str, Any]:
    override = report.get("override")
    entry = {
        "seq": seq, "time": utc_now(), "user": user, "prev": prev, "event": "override" if override else "scan",
        "policy": {"name": report["policy"]["name"], "sha256": report["policy"]["sha256"]},
        "decision": report["decision"], "score": report["risk"]["score"],
        "summary": {k: report["summary"][k] for k in SUMMARY_COUNTS},
        "report_sha256": sha256_hex(canonical_bytes(report)),
    }
    if override:
        entry["original_decision"] = override["original_decision"]
        entry["justification"] = override["justification"]
    return entry


def _last_entry(handle, path: Path) -> dict[str, Any] | None:
    size = handle.seek(0, os.SEEK_END)
    if size == 0:
        return None
    window = TAIL_BYTES
    while True:  # widen until the tail holds the whole last line (a long justification)
        start = max(0, size - window)
        handle.seek(start)
        tail = handle.read()
        if start == 0 or b"\n" in tail[:-1]:
            break
        window *= 4
    try:
        if not tail.endswith(b"\n"):
            raise ValueError("torn last line")
        last = json.loads(tail[:-1].rsplit(b"\n", 1)[-1])
        int(last["seq"]), str(last["hash"])
        return last
    except (ValueError, KeyError, TypeError):
        raise LedgerError(f"{path}: the last entry is unreadable; check it with 'auditor ledger verify'") from None


def append_entry(report: dict[str, Any], path: str | Path | None = None, *, sign_key: str | Path | None = None,
                 passphrase: bytes | None = None, user: str | None = None) -> dict[str, Any]:
    """Append one entry for this (final, possibly overridden) report; return the entry."""
    path = Path(path) if path else default_ledger_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError as exc:
        raise LedgerError(f"{path}: cannot open the ledger ({exc.strerror}); "
                          "choose one with --ledger FILE or AUDITOR_LEDGER") from None
    with os.fdopen(fd, "r+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed
        last = _last_entry(handle, path)
        entry = _entry(report, int(last["seq"]) + 1 if last else 1, last["hash"] if last else GENESIS,
                       user or current_user())
        entry["hash"] = entry_hash(entry)
        if sign_key:
            entry = sign_report(entry, sign_key, passphrase)
        handle.write(json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode() + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    return entry


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    well_formed = (isinstance(entry, dict) and type(entry.get("seq")) is int
                   and isinstance(entry.get("prev"), str) and isinstance(entry.get("hash"), str))
    return entry if well_formed else None


def _broken_link(entry: dict[str, Any], expected: int, later: list[dict[str, Any] | None]) -> str:
    """Why an entry with a valid hash does not follow the one before it."""
    seq = entry["seq"]
    if seq > expected:
        if any(e and expected <= e["seq"] < seq for e in later):
            return f"reordered: it comes before entry seq {expected}"
        missing = str(expected) if seq == expected + 1 else f"{expected}-{seq - 1}"
        return f"deleted: entry seq {missing} is missing before it"
    if seq < expected:
        return f"inserted: sequence number {seq} was already used before it"
    return "inserted: it does not link to the entry before it (that entry was inserted or replaced)"


def verify_ledger(path: str | Path, public_key: str | Path | None = None) -> LedgerCheck:
    """Walk the chain; the first bad entry is named by line and seq, with why it is bad."""
    try:
        lines = Path(path).read_bytes().splitlines()
    except OSError as exc:
        raise LedgerError(f"{path}: cannot read the ledger ({exc.strerror})") from None
    try:
        key = load_public_key(public_key) if public_key else None
    except SigningError as exc:
        raise LedgerError(str(exc)) from None
    entries = [_parse(line) for line in lines]
    prev: dict[str, Any] | None = None
    for n, entry in enumerate(entries, start=1):
        if entry is None:
            return LedgerCheck(False, f"line {n}: edited: not a well-formed ledger entry")
        where = f"line {n} (seq {entry['seq']})"
        if entry_hash(entry) != entry["hash"]:
            return LedgerCheck(False, f"{where}: edited: its content does not match its hash")
        if key is not None:
            signature = verify_report(entry, key, subject="entry")
            if not signature.ok:
                return LedgerCheck(False, f"{where}: bad signature: {signature.reason}")
        expected = prev["seq"] + 1 if prev else 1
        if entry["seq"] != expected or entry["prev"] != (prev["hash"] if prev else GENESIS):
            return LedgerCheck(False, f"{where}: {_broken_link(entry, expected, entries[n:])}")
        prev = entry
    head = f"; head {prev['hash']}" if prev else ""
    signed = ", every entry signed by that key" if key is not None and prev else ""
    return LedgerCheck(True, f"chain intact: {len(entries)} entries{signed}{head}")
