"""JSON and JSONL: arrays of records become tables; other leaves are segments located by JSON path."""
from __future__ import annotations

import json
from typing import Any

from auditor.extract.tables import rows_to_table
from auditor.extract.textcodec import decode_text
from auditor.models import Extraction, ScanError, Segment

MAX_DEPTH = 200


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _records(value: Any) -> bool:
    """A list of flat objects reads best as a table."""
    return (isinstance(value, list) and len(value) >= 1 and all(isinstance(v, dict) for v in value)
            and all(_scalar(x) for v in value for x in v.values()))


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{json.dumps(key)}]"


def _walk(value: Any, path: str, key: str, out: Extraction, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ScanError(f"JSON nested deeper than {MAX_DEPTH} levels")
    if _records(value):
        columns = list(dict.fromkeys(k for row in value for k in row))  # first-seen order
        rows = [columns] + [["" if r.get(c) is None else str(r.get(c)) for c in columns] for r in value]
        table = rows_to_table(rows, sheet=path, force_header=True)
        if table is not None:
            out.tables.append(table)
    elif isinstance(value, dict):
        for k, v in value.items():
            _walk(v, _key_path(path, str(k)), str(k), out, depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _walk(v, f"{path}[{i}]", key, out, depth + 1)
    elif isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
        out.segments.append(Segment(text=str(value), location={"json_path": path}, context=[key] if key else []))


def read_json(data: bytes, lines: bool) -> Extraction:
    text = decode_text(data)
    try:
        if lines:
            value = [json.loads(ln) for ln in text.splitlines() if ln.strip()]
        else:
            value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScanError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise ScanError(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    out = Extraction()
    _walk(value, "$", "", out)
    return out
