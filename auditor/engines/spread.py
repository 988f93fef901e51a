"""Large tables on a Dask cluster, spread over the workers by row partitions.

The client reads a large table file itself. A worker classifies each table's columns once, from the
sample the whole table would be classified on; the row partitions go to workers with that classification;
the client merges what they found into the detections one pass over the table gives
(``auditor.detect.partitions``) and settles them, as ``Detector.detect`` does for a whole item.
"""
from __future__ import annotations

from typing import Any

from auditor.detect.partitions import merge, sample, split
from auditor.detect.roster import settle
from auditor.engines import Done
from auditor.engines.work import Parcel, Sealed, classify_columns, read_item, scan_parcel, scan_rows, scan_text
from auditor.models import FileResult, Item, Table
from auditor.policy import Policy
from auditor.sources.sniff import XLSX

SPLIT_BYTES = 4 * 2**20  # table files from this size up are read by the client and their tables split
PARTITION_ROWS = 25_000  # rows of a table per task, at most
TABLE_TYPES = frozenset({"text/csv", "text/tab-separated-values", XLSX})


def splits(item: Item) -> bool:
    return item.status == "scanned" and item.media_type in TABLE_TYPES and len(item.data) >= SPLIT_BYTES


def submit_batch(client: Any, token: str, parcel: Parcel, policy: Policy) -> Any:
    """A future of the batch's FileResults: one task for the batch, or, for a large table file (always a batch
    of its own, being larger than a batch may hold), one for its text and one per row partition of each table."""
    if len(parcel.items) > 1 or not splits(parcel.items[0]):
        return client.submit(scan_parcel, token, parcel, pure=False)
    result = read_item(parcel.items[0], policy)
    return Done([result]) if result.extraction is None else Spread(client, token, result, policy)


class Spread:
    """The tasks of one item read by the client; ``result()`` merges what they found, like a future's."""

    def __init__(self, client: Any, token: str, result: FileResult, policy: Policy):
        self.client, self.file, self.policy = client, result, policy
        segments = result.extraction.segments
        self.text = client.submit(scan_text, token, Sealed(segments, "text segments"), pure=False) \
            if any(s.text.strip() for s in segments) else None
        self.tables = [(table, self._partitions(token, ti, table)) for ti, table in enumerate(result.extraction.tables)]

    def _partitions(self, token: str, ti: int, table: Table) -> list[Any]:
        parts = split(table, PARTITION_ROWS)
        columns = None  # a lone partition classifies its own columns
        if len(parts) > 1:
            columns = self.client.submit(classify_columns, token, Sealed(sample(table, self.policy),
                                                                         f"column sample of table {ti}"), pure=False)
        return [self.client.submit(scan_rows, token, ti, Sealed(part, f"{len(part.rows.frame)} rows of table {ti}"),
                                   columns, pure=False) for part in parts]

    def result(self) -> list[FileResult]:
        detections = self.text.result() if self.text is not None else []
        for table, partitions in self.tables:
            detections += merge(table, self.client.gather(partitions))
        settle(detections, self.policy)
        self.file.detections = detections
        return [self.file]
