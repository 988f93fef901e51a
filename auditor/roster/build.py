"""Build a roster file from a CSV or XLSX staff list, reusing the extract stage's readers."""
from __future__ import annotations

import re
from pathlib import Path

from auditor.extract import extract
from auditor.models import Item, ScanError
from auditor.policy import Policy, load_policy
from auditor.roster.store import Roster, RosterError, RosterKeys, email_message, new_salt, sequence_message
from auditor.roster.variants import VARIANT_CODES, id_sequences, name_variants, normalise_email, split_full_name, tokens
from auditor.sources import sniff

# header words -> what a column holds; the first pattern that matches wins, anything else is an ID
KINDS = [("email", r"e-?mail|mail|courriel|correo"), ("id", r"user\s*name|login|account"),
         ("first", r"first|given|forename|pr[eé]nom|vorname|nombre"),
         ("last", r"last|surname|family|nachname|apellido|^nom$"), ("middle", r"middle"),
         ("name", r"name|nom")]
# cell fillers that are nobody's value: hashing them would match every "N/A" in outgoing text
PLACEHOLDERS = frozenset({"n a", "na", "none", "null", "nil", "nan", "tbd", "unknown", "vacant", "0"})


class RosterSourceError(RosterError):
    """The staff list cannot be read or lacks the named columns."""


def column_kind(header: str) -> str:
    """name, first, middle, last, email or id, from the header's words."""
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


def _person(cells: dict[str, str], kinds: dict[str, str], nicknames: bool) -> list[tuple[bytes, str, int]]:
    """(message to hash, variant, token count) for one staff row."""
    out: list[tuple[bytes, str, int]] = []
    parts: dict[str, list[str]] = {"first": [], "middle": [], "last": []}
    for col, kind in kinds.items():
        value = cells[col].strip()
        if not value or " ".join(tokens(value)) in PLACEHOLDERS:
            continue
        if kind == "email":
            address = normalise_email(value)
            out += [(email_message(address), "email", 1)] if address else []
        elif kind == "name":
            parts["first"], parts["middle"], parts["last"] = split_full_name(value)
        elif kind in parts:
            parts[kind] = tokens(value)
        else:
            out += [(sequence_message(seq), "id", len(seq)) for seq in id_sequences(value)]
    out += [(sequence_message(seq), variant, len(seq))
            for seq, variant in name_variants(parts["first"], parts["middle"], parts["last"], nicknames)]
    return out


def build_roster(source: str | Path, columns: list[str], secret: bytes, out: str | Path, *,
                 id_column: str | None = None, nicknames: bool = False, salt: bytes | None = None,
                 policy: Policy | None = None) -> dict:
    """Write the roster ``out`` from the ``columns`` of ``source``; return counts (never values).

    Rows are reported as their 1-based data row number, or their ``id_column`` value (stored in
    plain text, so it may not be a hashed column; an empty one falls back to the row number).
    """
    source = Path(source)
    table = _table(source, policy or load_policy())
    by_lower = {c.strip().lower(): c for c in table.columns}
    wanted = list(dict.fromkeys(c.strip().lower() for c in columns if c.strip()))
    missing = [c for c in wanted + ([id_column.strip().lower()] if id_column else []) if c not in by_lower]
    if missing or not wanted:
        raise RosterSourceError(f"{source}: no column named {', '.join(missing) or '(none given)'} "
                                f"(columns: {', '.join(table.columns)})")
    if id_column and id_column.strip().lower() in wanted:
        raise RosterSourceError(f"--id-column {id_column} is also hashed: its values would be stored in plain text")
    kinds = {by_lower[c]: column_kind(by_lower[c]) for c in wanted}
    salt = salt or new_salt()
    keys = RosterKeys.derive(secret, salt)
    frame = table.frame
    columns_values = {col: frame[col].tolist() for col in kinds}
    stored: dict[bytes, dict[int, int]] = {}  # hash -> row -> variant code (a row's strongest variant wins)
    longest = 1
    for row in range(len(frame)):
        for message, variant, length in _person({c: v[row] for c, v in columns_values.items()}, kinds, nicknames):
            stored.setdefault(keys.entry_hash(message), {}).setdefault(row, VARIANT_CODES[variant])
            longest = max(longest, length)
    if not stored:
        raise RosterSourceError(f"{source}: the roster would be empty: no values in {', '.join(kinds)}")
    row_ids = [str(n) for n in range(1, len(frame) + 1)]
    header = {"columns": sorted(set(kinds.values())), "nicknames": nicknames}
    if id_column:
        values = [str(v).strip() for v in frame[by_lower[id_column.strip().lower()]].tolist()]
        header["row_ids"] = row_ids = [v or n for v, n in zip(values, row_ids)]
    entries = [(h, row, code) for h, rows in stored.items() for row, code in rows.items()]
    Roster(keys, row_ids, entries, longest, header).write(out, secret, salt)
    return {"people": len(frame), "entries": len(entries), "columns": header["columns"]}
