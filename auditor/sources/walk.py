"""Top-level inputs: files, folders (recursively, sorted), stdin; filters and safety checks."""
from __future__ import annotations

import errno
import fnmatch
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from auditor.models import Item

IGNORE_FILE = ".auditorignore"
SKIPPED_DIRS = {".git", ".hg", ".svn"}


@dataclass
class SourceOptions:
    include: list[str] = field(default_factory=list)  # globs on the relative path; empty = everything
    exclude: list[str] = field(default_factory=list)
    ignore_file: str | None = None  # gitignore-style; default: .auditorignore in a scanned folder


def _glob_match(rel: str, pattern: str) -> bool:
    """fnmatch with ``**``, tried against the relative path and the base name; ``dir/`` matches a folder."""
    pattern = pattern.strip().lstrip("/")
    if pattern.endswith("/"):
        return any(fnmatch.fnmatch(part, pattern.rstrip("/")) for part in rel.split("/")[:-1])
    candidates = {pattern, pattern.replace("**/", ""), pattern.replace("/**", "/*")}
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, p) or ("/" not in p and fnmatch.fnmatch(name, p)) for p in candidates)


def read_ignore_file(path: Path) -> list[str]:
    lines = path.read_text("utf-8", errors="replace").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


@dataclass
class PathFilter:
    include: list[str]
    exclude: list[str]

    def skips_dir(self, rel: str) -> bool:
        name = rel.rsplit("/", 1)[-1]
        return any(fnmatch.fnmatch(rel, p.strip().strip("/")) or fnmatch.fnmatch(name, p.strip().strip("/"))
                   for p in self.exclude)

    def wanted(self, rel: str) -> bool:
        if any(_glob_match(rel, p) for p in self.exclude):
            return False
        return not self.include or any(_glob_match(rel, p) for p in self.include)


def _error(path: str, reason: str, status: str = "error") -> Item:
    return Item(path=path, data=b"", status=status, reason=reason)


def _dangling_reason(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop; not followed"
    return "broken symlink; not followed"


def _read_file(path: Path, display: str, max_bytes: int) -> Item:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return _error(display, f"file is {size / 2**20:.0f} MB, over the {max_bytes / 2**20:.0f} MB limit; not read")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return _error(display, f"cannot read file: {exc.strerror or type(exc).__name__}")
    if len(data) > max_bytes:
        return _error(display, f"file is over the {max_bytes / 2**20:.0f} MB limit; not read")
    return Item(path=display, data=data)


def _walk_dir(root: Path, display_root: str, filters: PathFilter, max_bytes: int,
              seen: set[tuple[int, int]]) -> Iterator[Item]:
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield _error(display_root, f"cannot list folder: {exc.strerror or type(exc).__name__}")
        return
    for entry in entries:
        path = Path(entry.path)
        display = f"{display_root.rstrip('/')}/{entry.name}"
        rel = display.split("/", 1)[-1] if "/" in display else display
        if entry.is_symlink() and not path.exists():
            if filters.wanted(rel):
                yield _error(display, _dangling_reason(path))
            continue
        if entry.is_dir():
            if entry.name in SKIPPED_DIRS or filters.skips_dir(rel):
                continue
            st = path.stat()
            if (st.st_dev, st.st_ino) in seen:
                yield _error(display, "symlink loop; not followed")
                continue
            yield from _walk_dir(path, display, filters, max_bytes, seen | {(st.st_dev, st.st_ino)})
        elif filters.wanted(rel):
            yield _read_file(path, display, max_bytes) if entry.is_file() else _error(display, "not a regular file")


def iter_inputs(paths: list[str], options: SourceOptions, max_bytes: int,
                stdin: BinaryIO | None) -> Iterator[Item]:
    """Top-level items for each given path, in the order given; folders sorted by name."""
    for given in paths:
        if given == "-":
            data = (stdin.read(max_bytes + 1) if stdin else b"")
            yield Item(path="-", data=data) if len(data) <= max_bytes else _error("-", "stdin is over the size limit")
            continue
        path = Path(given)
        display = given.replace(os.sep, "/").rstrip("/") or given
        if path.is_symlink() and not path.exists():
            yield _error(display, _dangling_reason(path))
        elif not path.exists():
            yield _error(display, "no such file or directory")
        elif path.is_dir():
            ignore = Path(options.ignore_file) if options.ignore_file else path / IGNORE_FILE
            extra = read_ignore_file(ignore) if ignore.is_file() else []
            filters = PathFilter(list(options.include), list(options.exclude) + extra + [IGNORE_FILE])
            st = path.stat()
            yield from _walk_dir(path, display, filters, max_bytes, {(st.st_dev, st.st_ino)})
        else:
            yield _read_file(path, display, max_bytes)
