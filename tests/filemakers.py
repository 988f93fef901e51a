"""Real files of every supported format for tests, built by the samples generator's own builders."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

_spec = importlib.util.spec_from_file_location("samples_generate", Path(__file__).parent.parent / "samples" / "generate.py")
_generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_generate)

xlsx_bytes = _generate.xlsx_bytes
pdf_bytes = _generate.pdf_bytes
zip_bytes = _generate.zip_bytes


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None, header: str = "", footer: str = "") -> bytes:
    return _generate.docx_bytes(paragraphs, table, header, footer)


def eml_bytes(sender: str, to: list[str], subject: str, body: str,
              attachments: dict[str, tuple[bytes, str]] | None = None) -> bytes:
    files = [(name, data, mime) for name, (data, mime) in (attachments or {}).items()]
    return _generate.email(sender, ", ".join(to), subject, body, files, "test")


def json_bytes(value: object) -> bytes:
    return json.dumps(value, indent=2).encode()
