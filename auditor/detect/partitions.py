"""Row partitions of a large table, scanned apart (e.g. on different workers) and merged back into exactly
the detections one pass over the whole table gives.

Columns are classified once for the whole table and each partition runs ``Detector.table_columns`` with
that classification. A distinct cell is analysed by one of the partitions holding it (the others are told
it is analysed ``elsewhere``). Per column, a partition gives an optional columnar Detection (rows, a value
code per row, distinct values and their digests), then per distinct cell its hits and its roster matches
(one per row). Merging concatenates columnar rows in partition order and re-codes their values first-seen over the
whole column; a cell's hits get every row holding that cell in the whole table, located at the first.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from auditor.detect.roster import ENTITY as ROSTER_ENTITY
from auditor.detect.tables import sample_rows, sample_size
from auditor.models import CellRun, Detection, Table, groups, table_row
from auditor.policy import Policy

Part = list[list[Detection]]  # one partition's detections, per column


@dataclass
class Partition:
    """What one worker scans of a large table."""

    rows: Table  # consecutive rows of the table (its first_data_row moved to theirs)
    elsewhere: list[frozenset[str]]  # per column, the cells it holds that another partition analyses


def split(table: Table, rows: int) -> list[Partition]:
    """The table cut into consecutive partitions of at most ``rows`` rows (about equal in size)."""
    total, frame = len(table.frame), table.frame
    count = max(1, -(-total // max(1, rows)))
    bounds = [round(k * total / count) for k in range(count + 1)]
    spans = list(zip(bounds, bounds[1:]))
    elsewhere = [_analysed_elsewhere(frame.iloc[:, j], spans) for j in range(frame.shape[1])] if count > 1 else []
    return [Partition(replace(table, frame=frame.iloc[a:b], first_data_row=table.first_data_row + a),
                      [column[p] for column in elsewhere]) for p, (a, b) in enumerate(spans)]


def _analysed_elsewhere(cells: pd.Series, spans: list[tuple[int, int]]) -> list[frozenset[str]]:
    """Per partition, the distinct cells it holds that another one analyses. Each distinct cell is analysed
    once, by one of the partitions holding it in turn, so values repeated everywhere spread evenly."""
    codes, values = pd.factorize(cells)
    held = [np.unique(codes[a:b]) for a, b in spans]
    held = [here[here >= 0] for here in held]
    holders, turn = np.zeros(len(values), int), np.zeros(len(values), int)
    for here in held:
        holders[here] += 1
    out = []
    for here in held:
        mine = turn[here] == here % holders[here]
        turn[here] += 1
        out.append(frozenset(values[here[~mine]].tolist()))
    return out


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
    values, digests = np.concatenate([r.values for r in runs]), np.concatenate([r.digests for r in runs])
    codes, offset = [], 0
    for run in runs:  # each partition's codes, as indices into the concatenated values
        codes.append(np.asarray(run.codes) + offset)
        offset += len(run.values)
    recoded, _ = pd.factorize(pd.Series(values, dtype=object))  # equal values share a code, first seen first
    first = np.unique(recoded, return_index=True)[1]
    first_run = runs[0]
    run = CellRun(rows=np.concatenate([r.rows for r in runs]), column=first_run.column, table=first_run.table,
                  codes=recoded[np.concatenate(codes)].astype(first_run.codes.dtype),
                  values=values[first], digests=digests[first])
    return replace(detections[0], cells=run)


def _merge_cells(table: Table, j: int, parts: list[list[Detection]]) -> list[Detection]:
    """Per distinct cell, in first-seen order: its hits from the partition that analysed it, each with every
    row of the table holding that cell and located at the first, then its roster matches (one per row)."""
    if not any(parts):
        return []
    codes = pd.factorize(table.frame.iloc[:, j])[0]
    owner: dict[int, int] = {}
    hits: dict[int, list[Detection]] = {}
    roster: dict[int, list[Detection]] = {}
    for p, found in enumerate(parts):
        for detection in found:  # its cell is the one at its row (a hit's text may recur in other cells)
            code = int(codes[detection.location["row"] - table.first_data_row])
            if detection.entity_type == ROSTER_ENTITY:
                roster.setdefault(code, []).append(detection)
            elif owner.setdefault(code, p) == p:
                hits.setdefault(code, []).append(detection)
    positions = dict(groups(np.where(np.isin(codes, list(hits)), codes, -1))) if hits else {}
    out: list[Detection] = []
    for code in sorted(hits.keys() | roster.keys()):
        if code in hits:
            rows = positions[code] + table.first_data_row
            first, (index, _) = int(rows[0]), table_row(hits[code][0].record)
            run = CellRun(rows=rows, column=table.first_column + j, table=index)
            out += [replace(hit, location=run.location(hit.location, first), record=f"t{index}:r{first}",
                            cells=run if len(rows) > 1 else None) for hit in hits[code]]
        out += roster.get(code, [])
    return out
