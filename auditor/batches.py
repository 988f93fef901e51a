"""Consecutive batches bounded by a count and a total size (like more_itertools.constrained_batches)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def constrained_batches(things: Iterable[T], max_count: int, max_size: int,
                        size: Callable[[T], int]) -> Iterator[list[T]]:
    """Runs of at most ``max_count`` things whose sizes add up to at most ``max_size``; a thing larger than
    ``max_size`` forms a batch of its own."""
    batch: list[T] = []
    total = 0
    for thing in things:
        n = size(thing)
        if batch and (len(batch) == max_count or total + n > max_size):
            yield batch
            batch, total = [], 0
        batch.append(thing)
        total += n
    if batch:
        yield batch
