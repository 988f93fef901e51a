"""Row partitions of a large table, scanned apart (e.g. on different workers) and merged back into exactly
the detections one pass over the whole table gives.

Columns are classified once for the whole table and each partition runs ``Detector.table_columns`` with
that classification. Per column, a partition gives an optional columnar Detection (rows, a value code per
row, distinct values and prints) and then, for each distinct cell in first-seen order, the cell's hits
(each with every row of the partition holding that cell) and its roster matches (one per row). Merging
concatenates rows in partition order, re-codes distinct values to first-seen order over the whole column,
and joins a cell's hits across partitions. Values and prints are only indexed by code, never rebuilt.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from auditor.detect.roster import ENTITY as ROSTER_ENTITY
from auditor.detect.tables import sample_rows, sample_size
from auditor.models import CellRun, Detection, Table, table_row
from auditor.policy import Policy

Part = list[list[Detection]]  # one partition's detections, per column


def split(table: Table, rows: int) -> list[Table]:
    """The table cut into consecutive partitions of at most ``rows`` rows (about equal in size)."""
    total = len(table.frame)
    count = max(1, -(-total // max(1, rows)))
    bounds = [round(k * total / count) for k in range(count + 1)]
    return [replace(table, frame=table.frame.iloc[a:b], first_data_row=table.first_data_row + a)
            for a, b in zip(bounds, bounds[1:])]


def sample(table: Table, policy: Policy) -> Table:
    """Only the rows column classification reads (``Detector.classify`` gives the same on either)."""
    return replace(table, frame=table.frame.iloc[sample_rows(len(table.frame), sample_size(policy))])


def merge(table: Table, parts: list[Part]) -> list[Detection]:
    """The detections of one pass over ``table`` from those of its partitions (``split`` order)."""
    out: list[Detection] = []
    for j in range(len(table.columns)):
        found = [part[j] for part in parts]
        columnar = [d for column in found for d in column[:1] if _is_columnar(d)]
        if columnar:
            out.append(_merge_columnar(columnar))
        out += _merge_cells(table, j, [column[1:] if column and _is_columnar(column[0]) else column
                                       for column in found])
    return out


def _is_columnar(detection: Detection) -> bool:
    return detection.cells is not None and detection.cells.codes is not None


def _merge_columnar(detections: list[Detection]) -> Detection:
    """One columnar Detection: rows and codes concatenated, distinct values re-coded in first-seen order."""
    runs = [d.cells for d in detections]
    values, prints = _concat([r.values for r in runs]), _concat([r.prints for r in runs])
    codes, offset = [], 0
    for run in runs:  # each partition's codes, as indices into the concatenated values
        codes.append(np.asarray(run.codes) + offset)
        offset += len(run.values)
    recoded, _ = pd.factorize(pd.Series(values, dtype=object))  # equal values share a code, first seen first
    first = np.unique(recoded, return_index=True)[1]
    first_run = runs[0]
    run = CellRun(rows=np.concatenate([r.rows for r in runs]), column=first_run.column, table=first_run.table,
                  codes=recoded[np.concatenate(codes)].astype(first_run.codes.dtype),
                  values=_take(values, first), prints=_take(prints, first))
    return replace(detections[0], cells=run)


def _merge_cells(table: Table, j: int, parts: list[list[Detection]]) -> list[Detection]:
    """Per distinct cell, in first-seen order: its hits with the rows of every partition, then its roster
    matches. A detection's cell is the one at its location's row (a hit's text may recur in other cells)."""
    cells, first_row = table.frame.iloc[:, j], table.first_data_row
    by_cell: dict[str, tuple[list[list[Detection]], list[Detection]]] = {}
    for found in parts:
        here: dict[str, list[Detection]] = {}
        for detection in found:
            here.setdefault(cells.iat[detection.location["row"] - first_row], []).append(detection)
        for cell, detections in here.items():
            hits, roster = by_cell.setdefault(cell, ([], []))
            hits.append([d for d in detections if d.entity_type != ROSTER_ENTITY])
            roster += [d for d in detections if d.entity_type == ROSTER_ENTITY]
    out: list[Detection] = []
    for hits, roster in by_cell.values():
        # a cell gives the same hits in every partition
        out += [_join(same, table.first_column + j) for same in zip(*hits, strict=True)]
        out += roster
    return out


def _join(detections: tuple[Detection, ...], column: int) -> Detection:
    """One hit of one cell, found in several partitions: every row, located at the first."""
    first = detections[0]
    if len(detections) == 1:
        return first
    rows = np.concatenate([d.cells.rows if d.cells is not None else np.array([d.location["row"]])
                           for d in detections])
    table, _ = table_row(first.record)
    return replace(first, cells=CellRun(rows=rows, column=column, table=table))


def _concat(sequences: list[Any]) -> Any:
    if isinstance(sequences[0], np.ndarray):
        return np.concatenate(sequences)
    return [v for sequence in sequences for v in sequence]


def _take(sequence: Any, indices: np.ndarray) -> Any:
    if isinstance(sequence, np.ndarray):
        return sequence[indices]
    return [sequence[i] for i in indices.tolist()]
