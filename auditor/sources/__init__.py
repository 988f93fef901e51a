"""sources stage: files, folders, stdin, archives and emails become Items (children after their parent)."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from auditor.models import Item
from auditor.policy import Policy
from auditor.sources.archive import expand_zip
from auditor.sources.limits import Limits
from auditor.sources.mail import expand_email
from auditor.sources.sniff import CONTAINERS, sniff
from auditor.sources.staged import StagedError, iter_staged
from auditor.sources.walk import SourceOptions, iter_inputs

__all__ = ["SourceOptions", "StagedError", "iter_items", "sniff"]
UNSNIFFED = "application/octet-stream"


def _expand(item: Item, limits: Limits) -> Iterator[Item]:
    """The item, then its children depth-first (for ZIP archives and emails)."""
    if item.status == "scanned" and item.media_type == UNSNIFFED:
        item.media_type = sniff(item.data, item.name)
    yield item
    if item.status != "scanned" or item.media_type not in CONTAINERS:
        return
    if item.depth >= limits.max_depth:
        item.status = "partial"
        item.reason = f"nested {item.depth} containers deep (limit {limits.max_depth}); its contents were not read"
        return
    children = expand_zip(item, limits) if item.media_type == "application/zip" else expand_email(item)
    for child in children:
        yield from _expand(child, limits)


def iter_items(paths: Sequence[str], policy: Policy, options: SourceOptions | None = None,
               stdin: BinaryIO | None = None, staged: bool | str | Path = False) -> Iterator[Item]:
    """Items of the given paths; with ``staged``, of the git index (of the repository containing the
    current folder, or the given folder), and ``paths`` are then git pathspecs that limit it."""
    limits = Limits.from_policy(policy)
    options = options or SourceOptions()
    inputs = (iter_staged(None if staged is True else staged, list(paths), options, limits.max_file) if staged
              else iter_inputs(list(paths), options, limits.max_file, stdin))
    for item in inputs:
        yield from _expand(item, limits)
