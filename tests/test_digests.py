"""Digest arrays give what the hex fingerprints give, one value at a time."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.digests import dense_ids, digests_of, distinct, hexes, joined

rows = st.lists(st.binary(min_size=16, max_size=16), max_size=40)


@settings(max_examples=200, deadline=None)
@given(rows, st.data())
def test_arrays_agree_with_hex_strings(values, data):
    values = values + data.draw(st.lists(st.sampled_from(values), max_size=10)) if values else values
    fingerprints = [v.hex() for v in values]
    digests = digests_of(fingerprints)
    assert hexes(digests) == fingerprints
    assert hexes(distinct(digests)) == sorted(set(fingerprints))
    assert joined(distinct(digests)) == "\x1e".join(sorted(set(fingerprints))).encode()
    ids, count = dense_ids(digests)
    assert count == len(set(fingerprints))
    order = sorted(set(fingerprints))
    assert ids.tolist() == [order.index(f) for f in fingerprints]


def test_first_halves_alike_second_halves_not_still_sort_on_both():
    same_head = [bytes(8) + bytes([9 - i] * 8) for i in range(5)]
    ids, count = dense_ids(digests_of([v.hex() for v in same_head]))
    assert count == 5 and ids.tolist() == [4, 3, 2, 1, 0]
    assert dense_ids(np.zeros((0, 16), np.uint8))[1] == 0
