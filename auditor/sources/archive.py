"""ZIP members as child items, read in memory with bounded reads (bombs, traversal, encryption)."""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator

from auditor.models import Item
from auditor.sources.limits import MB, Limits

_DRIVE = re.compile(r"^[a-zA-Z]:")


def unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters and any '..' segment (either slash) are path traversal."""
    normal = name.replace("\\", "/")
    return normal.startswith("/") or bool(_DRIVE.match(normal)) or ".." in normal.split("/")


def display_name(name: str) -> str:
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return "/".join(parts) or "unnamed"


def child(parent: Item, name: str, data: bytes = b"", status: str = "scanned", reason: str | None = None) -> Item:
    return Item(path=f"{parent.path}!{name}", data=data, parent=parent.path, depth=parent.depth + 1,
                status=status, reason=reason)


def _mark(item: Item, status: str, reason: str) -> None:
    item.status, item.reason = status, reason


def expand_zip(item: Item, limits: Limits) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(item.data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        _mark(item, "error", f"corrupt or truncated ZIP archive ({exc})")
        return
    expanded, encrypted = 0, 0
    for index, info in enumerate(members):
        if index >= limits.max_members:
            _mark(item, "partial", f"archive has {len(members)} members; only the first {limits.max_members} were read")
            return
        name = display_name(info.filename)
        if unsafe_name(info.filename):
            yield child(item, name, status="error", reason="unsafe path in archive (path traversal); not read")
            continue
        if info.flag_bits & 0x1:
            encrypted += 1
            yield child(item, name, status="unscannable", reason="encrypted archive member (password-protected)")
            continue
        ratio_cap = int(max(info.compress_size, 1) * limits.max_ratio)
        if info.file_size > ratio_cap:
            yield child(item, name, status="error", reason=_bomb(info.file_size, info.compress_size, limits))
            continue
        budget = limits.max_expanded - expanded
        cap = min(budget, limits.max_file, ratio_cap)
        try:
            with archive.open(info) as handle:
                data = handle.read(cap + 1)  # bounded: a lying header cannot blow memory
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            yield child(item, name, status="error", reason=f"corrupt archive member ({type(exc).__name__})")
            continue
        if len(data) > cap:
            if cap == ratio_cap:
                yield child(item, name, status="error", reason=_bomb(len(data), info.compress_size, limits))
                continue
            if cap == budget:
                _mark(item, "partial", f"archive expands past the {limits.max_expanded // MB} MB limit; "
                                       f"stopped after {index} members")
                return
            yield child(item, name, status="error", reason=f"member is over the {limits.max_file // MB} MB limit")
            continue
        expanded += len(data)
        yield child(item, name, data)
    if members and encrypted == len(members):
        _mark(item, "unscannable", f"password-protected archive: all {encrypted} members are encrypted")


def _bomb(size: int, compressed: int, limits: Limits) -> str:
    ratio = size / max(compressed, 1)
    return f"compressed {ratio:.0f}:1, over the {limits.max_ratio:.0f}:1 limit (possible zip bomb); not read"
