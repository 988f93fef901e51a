"""Build a roster file from a CSV or XLSX staff list, reusing the extract stage's readers."""
from __future__ import annotations

import re
from pathlib import Path

from auditor.extract import extract
from auditor.models import Item, ScanError
from auditor.policy import Policy, load_policy
from auditor.roster.store import Roster, RosterError, RosterKeys, email_message, new_salt, sequence_message
from auditor.roster.variants import VARIANT_CODES, name_variants, split_full_name, tokens
from auditor.sources import sniff

KINDS = [("email", r"e-?mail|mail|courriel|correo"), ("first", r"first|given|forename|pr[eé]nom|vorname|nombre"),
         ("last", r"last|surname|family|nachname|apellido|^nom$"), ("middle", r"middle"),
         ("name", r"name|full name|nom")]


class RosterSourceError(RosterError):
    """The staff list cannot be read or lacks the named columns."""


def column_kind(header: str) -> str:
    lowered = header.strip().lower()
    return next((kind for kind, pattern in KINDS if re.search(pattern, lowered)), "id")


def _table(source: Path, policy: Policy):
    try:
        data = source.read_bytes()
        extraction = extract(Item(path=str(source), data=data, media_type=sniff(data, source.name)), policy)
    except OSError as exc:
        raise RosterSourceError(f"{source}: cannot read: {exc.strerror}") from None
    except ScanError as exc:
        raise RosterSourceError(f"{source}: {exc}") from None
    tables = [t for t in extraction.tables if t.has_header and len(t.frame)]
    if not tables:
        raise RosterSourceError(f"{source}: no table with a header row and data rows (CSV or XLSX expected)")
    return tables[0]


def build_roster(source: str | Path, columns: list[str], secret: bytes, out: str | Path, *,
                 id_column: str | None = None, nicknames: bool = False, salt: bytes | None = None,
                 policy: Policy | None = None) -> dict:
    """Write ``out`` and return counts (never values)."""
    source = Path(source)
    table = _table(source, policy or load_policy())
    by_lower = {c.strip().lower(): c for c in table.columns}
    wanted = [c.strip().lower() for c in columns]
    missing = [c for c in wanted + ([id_column.lower()] if id_column else []) if c not in by_lower]
    if missing:
        raise RosterSourceError(f"{source}: no column named {', '.join(missing)} (columns: {', '.join(table.columns)})")
    if id_column and id_column.lower() in wanted:
        raise RosterSourceError(f"--id-column {id_column} is also hashed: its values would be stored in plain text")
    kinds = {by_lower[c]: column_kind(c) for c in wanted}
    salt = salt or new_salt()
    keys = RosterKeys.derive(secret, salt)
    index: dict[bytes, list[tuple[int, int]]] = {}
    longest = 1

    def add(message: bytes, row: int, variant: str) -> None:
        pairs = index.setdefault(keys.entry_hash(message), [])
        if (row, VARIANT_CODES[variant]) not in pairs:
            pairs.append((row, VARIANT_CODES[variant]))

    frame = table.frame
    for row in range(len(frame)):
        cells = {col: str(frame.at[row, col]).strip() for col in kinds}
        parts = {"first": [], "middle": [], "last": []}
        for col, kind in kinds.items():
            value = cells[col]
            if not value:
                continue
            if kind == "email":
                add(email_message(value), row, "email")
            elif kind == "name":
                first, middle, last = split_full_name(value)
                parts["first"], parts["middle"], parts["last"] = first, middle, last
            elif kind in parts:
                parts[kind] = tokens(value)
            elif tokens(value):
                add(sequence_message(tuple(tokens(value))), row, "id")
                longest = max(longest, len(tokens(value)))
        for seq, variant in name_variants(parts["first"], parts["middle"], parts["last"], nicknames):
            add(sequence_message(seq), row, variant)
            longest = max(longest, len(seq))
    header = {"columns": sorted(set(kinds.values())), "nicknames": nicknames}
    row_ids = [str(n) for n in range(1, len(frame) + 1)]
    if id_column:
        header["row_ids"] = row_ids = [str(v) for v in frame[by_lower[id_column.lower()]].tolist()]
    Roster(keys, row_ids, index, longest, header).write(out, salt)
    return {"people": len(frame), "entries": sum(len(v) for v in index.values()), "columns": header["columns"]}
