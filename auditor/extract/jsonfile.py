"""JSON and JSONL: arrays of records become tables; other leaves are segments located by JSON path.

Paths follow JSONPath: ``$.employees[3].email``. A JSONL file is read as the array of its records
(blank lines skipped), so its paths are ``$[11].name`` for the twelfth record; parse errors give
the file's own line number. Numbers stay as written (no float rounding, no digit limits).
"""
from __future__ import annotations

import json
import re
from typing import Any

from auditor.extract.tables import rows_to_table
from auditor.extract.textcodec import decode_text
from auditor.models import Extraction, ScanError, Segment

MAX_DEPTH = 200
TOO_DEEP = f"JSON nested deeper than {MAX_DEPTH} levels"
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\- ]{0,39}")
DIGIT_RUN = re.compile(r"\d{3}")
_decoder = json.JSONDecoder(parse_float=str, parse_int=str, parse_constant=str)


def _field_name(key: str, spaces_ok: bool) -> bool:
    """Keys like "email" name fields; "dana@agency.gov" or "EMP-100234" are data. Keys with spaces
    ("First Name", "Dana Whitfield") are field names only in records read as a table."""
    return bool(FIELD_NAME.fullmatch(key) and not DIGIT_RUN.search(key)) and (spaces_ok or " " not in key)


def _members(obj: dict, path: str, context: str, out: Extraction,
             in_record: bool = False) -> list[tuple[str, str, str, Any]]:
    """(path, label, context word, value) per member. A key that is data is scanned as a segment
    and kept out of paths (paths reach reports): it is addressed by position, "$.staff[key 3]"."""
    spaces_ok = in_record and not (len(obj) > 1 and all(isinstance(v, dict) for v in obj.values()))
    members = []
    for n, (key, value) in enumerate(obj.items()):
        key = str(key)
        if _field_name(key, spaces_ok):
            step = f".{key}" if key.isidentifier() else f"[{json.dumps(key)}]"
            members.append((path + step, key, key, value))
            continue
        if key.strip():
            out.segments.append(Segment(text=key, location={"json_path": f"{path}[key {n}]"},
                                        context=[context] if context else []))
        members.append((f"{path}[key {n}]", f"key {n}", context, value))
    return members


def _cell(value: Any) -> str:
    return "" if value is None else json.dumps(value) if isinstance(value, bool) else str(value)


def _flatten(record: dict, path: str, prefix: str, depth: int, cells: dict[str, str],
             nested: list[tuple[Any, str, str]], out: Extraction) -> None:
    """A record's scalar leaves as dotted columns ("contact.email"); lists are set aside by path."""
    if depth > MAX_DEPTH:
        raise ScanError(TOO_DEEP)
    for member_path, label, context, value in _members(record, path, prefix.rstrip("."), out, in_record=True):
        if isinstance(value, dict):
            _flatten(value, member_path, f"{prefix}{label}.", depth + 1, cells, nested, out)
        elif isinstance(value, list):
            nested.append((value, member_path, context))
        else:
            cells[prefix + label] = _cell(value)


def _records_table(records: list[dict], path: str, out: Extraction, depth: int) -> None:
    rows, nested = [], []
    for i, record in enumerate(records):
        cells: dict[str, str] = {}
        _flatten(record, f"{path}[{i}]", "", depth + 1, cells, nested, out)
        rows.append(cells)
    columns = list(dict.fromkeys(k for row in rows for k in row))  # union, first-seen order
    if columns:
        grid = [columns] + [[row.get(c, "") for c in columns] for row in rows]
        out.tables.append(rows_to_table(grid, sheet=path, force_header=True))
    for value, value_path, key in nested:  # lists inside records keep their own paths
        _walk(value, value_path, key, out, depth + 2)


def _walk(value: Any, path: str, key: str, out: Extraction, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ScanError(TOO_DEEP)
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        _records_table(value, path, out, depth)
    elif isinstance(value, dict):
        for member_path, _, context, member in _members(value, path, key, out):
            _walk(member, member_path, context, out, depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _walk(v, f"{path}[{i}]", key, out, depth + 1)
    elif isinstance(value, str) and value.strip():  # numbers arrive as their source text
        out.segments.append(Segment(text=value, location={"json_path": path}, context=[key] if key else []))


def _parse(text: str, line: int = 1) -> Any:
    try:
        return _decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise ScanError(f"invalid JSON at line {exc.lineno + line - 1}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise ScanError(TOO_DEEP) from None


def read_json(data: bytes, lines: bool) -> Extraction:
    text = decode_text(data).lstrip("\ufeff")
    if lines:
        value = [_parse(ln, n) for n, ln in enumerate(text.split("\n"), start=1) if ln.strip()]
    else:
        value = _parse(text)
    out = Extraction()
    _walk(value, "$", "", out)
    return out
