"""Row partitions of a table, scanned apart and merged, give exactly the detections of one pass (no Dask here)."""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings, strategies as st

from auditor.detect import Detector
from auditor.detect.partitions import merge, sample, split
from auditor.models import Detection, Table
from auditor.policy import load_policy
from auditor.redact import Fingerprinter
from auditor.roster import Roster, RosterMatcher, build_roster
from tests.test_roster import KEY, SALT, STAFF, staff_csv

# Few values per column, so that values repeat within and across partitions.
POOLS = {
    "Name": [n for n, _, _ in STAFF[:4]] + ["Vacant", "", "Dr. Jane Doe-Smith", "jane doe", "Ana Li"],
    "Email": [e for _, e, _ in STAFF[:3]] + ["x@y", "contact ana.li@agency.gov today", " ", "A.B@Example.COM",
                                             "a.b@example.com"],
    "Notes": ["call 202-555-0143 or ana.li@agency.gov", "SSN 078-05-1120", "nothing", "", "Michael Sorensen here",
              "build 123-45-6789"],
    "Employee ID": [i for _, _, i in STAFF[:3]] + ["n/a", "E12345", ""],
}


@functools.cache
def detector() -> Detector:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as root:
        build_roster(staff_csv(Path(root) / "staff.csv"), ["name", "email", "employee id"], KEY,
                     Path(root) / "r.edm", salt=SALT)
        roster = RosterMatcher(Roster.load(Path(root) / "r.edm", KEY))
    return Detector(load_policy(None), Fingerprinter(KEY, True, "test"), "none", roster=roster)


def plain(d: Detection) -> tuple:
    """Every field, arrays as lists with their dtype (Detection's own == cannot compare numpy arrays)."""
    run = d.cells
    cells = None if run is None else (run.rows.tolist(), run.rows.dtype.kind, run.column, run.table,
                                      None if run.codes is None else (run.codes.tolist(), run.codes.dtype.name),
                                      None if run.values is None else run.values.tolist(),
                                      None if run.digests is None else run.digests.tobytes().hex())
    return (d.entity_type, d.score, d.recognizer, d.location, d.fingerprint, d.record, d.evidence, d.value,
            d.explanation, d.group, d.extra, cells)


def partitioned(ti: int, table: Table, rows: int, skip_elsewhere: bool = True) -> list[Detection]:
    """Without ``skip_elsewhere`` every partition analyses every cell it holds: the merge gives the same."""
    columns = detector().classify(sample(table, detector().policy))
    return merge(table, [detector().table_columns(ti, part.rows, columns, part.elsewhere if skip_elsewhere else None)
                         for part in split(table, rows)])


def one_pass(ti: int, table: Table) -> list[Detection]:
    return detector()._table(ti, table)


def make_table(rows: list[list[str]], names: list[str], header: bool, first_row: int) -> Table:
    frame = pd.DataFrame({c: pd.array([r[j] for r in rows], dtype="str") for j, c in enumerate(names)})
    return Table(frame=frame, columns=names if header else [f"column {j + 1}" for j in range(len(names))],
                 has_header=header, first_data_row=first_row, first_column=3, sheet="Staff" if first_row > 2 else None)


def test_split_covers_every_row_once_in_order():
    table = make_table([[str(i)] for i in range(10)], ["n"], True, 5)
    parts = split(table, 4)
    assert [len(p.rows.frame) for p in parts] == [3, 4, 3] and [p.rows.first_data_row for p in parts] == [5, 8, 12]
    assert [v for p in parts for v in p.rows.frame["n"]] == [str(i) for i in range(10)]
    assert len(split(table, 100)) == 1 and len(split(make_table([], ["n"], True, 2), 4)) == 1


def test_a_merged_column_recodes_values_in_first_seen_order_and_joins_a_cells_rows():
    names = ["Email", "Notes"]
    a, b, c = "ana.li@agency.gov", "bo.ek@agency.gov", "cy.ng@agency.gov"
    note = "call 202-555-0143"
    rows = [[b, note], [a, ""], [b, note], [c, "x"], [a, note], [c, note]]
    table = make_table(rows, names, True, 2)
    merged = partitioned(0, table, 2)
    assert [plain(d) for d in merged] == [plain(d) for d in one_pass(0, table)]
    email = merged[0]
    assert email.cells.rows.tolist() == [2, 3, 4, 5, 6, 7] and email.cells.codes.tolist() == [0, 1, 0, 2, 1, 2]
    assert list(email.cells.values) == [b, a, c] and email.location["row"] == 2
    phone = next(d for d in merged if d.entity_type == "PHONE_NUMBER")
    assert phone.cells.rows.tolist() == [2, 4, 6, 7] and phone.record == "t0:r2"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), n_rows=st.integers(0, 40), size=st.integers(1, 15), header=st.booleans(),
       first_row=st.integers(1, 5), ti=st.integers(0, 2), skip_elsewhere=st.booleans())
def test_partitioned_equals_one_pass_on_generated_tables(data, n_rows, size, header, first_row, ti, skip_elsewhere):
    names = data.draw(st.lists(st.sampled_from(list(POOLS)), min_size=1, max_size=4, unique=True))
    rows = [[data.draw(st.sampled_from(POOLS[c])) for c in names] for _ in range(n_rows)]
    table = make_table(rows, names, header, first_row)
    whole = one_pass(ti, table)
    merged = partitioned(ti, table, size, skip_elsewhere)
    assert [plain(d) for d in merged] == [plain(d) for d in whole]
    assert sum(d.count for d in merged) == sum(d.count for d in whole)


def test_merged_values_and_digests_are_re_coded_arrays():
    table = make_table([["ana.li@agency.gov"], ["bo.ek@agency.gov"], ["ana.li@agency.gov"]], ["Email"], True, 2)
    parts = [detector().table_columns(0, part.rows, detector().classify(table), part.elsewhere) for part in split(table, 1)]
    run = merge(table, parts)[0].cells
    assert run.values.tolist() == ["ana.li@agency.gov", "bo.ek@agency.gov"] and run.codes.tolist() == [0, 1, 0]
    assert run.digests.shape == (2, 16) and (run.digests == one_pass(0, table)[0].cells.digests).all()


def test_each_distinct_cell_is_analysed_in_one_partition_only(monkeypatch):
    rows = [[POOLS["Notes"][k % 4], POOLS["Name"][k % 3]] for k in range(30)]
    table = make_table(rows, ["Notes", "Name"], True, 2)
    analysed = []
    real = Detector._cell_hits
    monkeypatch.setattr(Detector, "_cell_hits", lambda self, column, cell: analysed.append(cell) or real(self, column,
                                                                                                           cell))
    whole = one_pass(0, table)
    once, analysed[:] = sorted(analysed), []
    assert [plain(d) for d in partitioned(0, table, 7)] == [plain(d) for d in whole]
    assert sorted(analysed) == once and len(once) == len(set(once))
