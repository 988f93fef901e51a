"""The git index as a source: what ``git commit`` would record, read from the staged blobs.

Git runs as a local subprocess with a fixed argv (no shell) and every transport disabled.
Paths are repo-relative, whatever folder of the repository the scan starts from.
"""
from __future__ import annotations

import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

from auditor.models import Item
from auditor.sources.walk import IGNORE_FILE, PathFilter, SourceOptions, read_ignore_file

# No transport may run: a partial clone would otherwise fetch a missing object from its remote.
GIT = ["git", "-c", "protocol.allow=never"]
GITLINK = "160000"  # a submodule commit, not content in this repository
CHUNK = 1 << 20


class StagedError(Exception):
    """No git, or not inside a git work tree; one line."""


def _git(args: list[str], cwd: Path, failure: str) -> bytes:
    try:
        done = subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise StagedError("--staged needs git, and git is not installed") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise StagedError(f"--staged: {failure}" + (f" ({detail[0]})" if detail else ""))
    return done.stdout


def staged_blobs(cwd: Path, pathspecs: Sequence[str] = ()) -> tuple[Path, list[tuple[str, str]]]:
    """The repository root and (repo-relative path, blob id) of every added, copied or modified file."""
    root = _git(["rev-parse", "--show-toplevel"], cwd, f"{cwd.resolve()} is not inside a git work tree")
    root = Path(root.decode("utf-8", "surrogateescape").rstrip("\n"))
    raw = _git(["diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-ext-diff", "--no-relative",
                "--diff-filter=ACMR", "--", *pathspecs], cwd, "git could not list the staged files")
    fields = raw.split(b"\0")
    blobs = []
    for meta, path in zip(fields[0::2], fields[1::2]):  # ":old_mode new_mode old_id new_id status", path
        _, mode, _, blob, _ = meta.decode().split(" ")
        if mode != GITLINK:
            blobs.append((path.decode("utf-8", "replace"), blob))  # display only; the blob id reads it
    return root, blobs


def _skip(stream, count: int) -> None:
    while count > 0:
        chunk = stream.read(min(CHUNK, count))
        if not chunk:
            return
        count -= len(chunk)


def _read_blobs(root: Path, blobs: list[tuple[str, str]], max_bytes: int) -> Iterator[Item]:
    """One ``git cat-file --batch`` for all blobs, read one at a time (nothing over the limit is kept)."""
    with subprocess.Popen([*GIT, "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as git:
        for path, blob in blobs:
            git.stdin.write(blob.encode() + b"\n")
            git.stdin.flush()
            header = git.stdout.readline().split()
            if len(header) != 3:
                yield Item(path=path, data=b"", status="error", reason="staged blob missing from the repository")
                continue
            size = int(header[2])
            if size > max_bytes:
                _skip(git.stdout, size + 1)  # the content and its newline
                yield Item(path=path, data=b"", status="error",
                           reason=f"staged file is over the {max_bytes / 2**20:.0f} MB limit; not read")
                continue
            data = git.stdout.read(size)
            git.stdout.read(1)
            yield Item(path=path, data=data)
        git.stdin.close()


def iter_staged(cwd: str | Path | None, pathspecs: Sequence[str], options: SourceOptions,
                max_bytes: int) -> Iterator[Item]:
    """Staged files of the repository containing ``cwd`` (default: the current folder), filtered."""
    root, blobs = staged_blobs(Path(cwd or "."), pathspecs)
    ignore = Path(options.ignore_file) if options.ignore_file else root / IGNORE_FILE
    extra = read_ignore_file(ignore) if ignore.is_file() else []
    filters = PathFilter(list(options.include), list(options.exclude) + extra + [IGNORE_FILE])
    wanted = [(path, blob) for path, blob in blobs if filters.wanted(path)]
    if wanted:
        yield from _read_blobs(root, wanted, max_bytes)
