"""Measured accuracy on the labelled corpus (tests/corpus): precision and recall >= 0.95 per entity."""
from __future__ import annotations

import pytest

from bench.accuracy import ENTITIES, auditor_predictions, labelled, scores


@pytest.fixture(scope="module")
def table():
    return scores(auditor_predictions(), labelled())


@pytest.mark.parametrize("entity", ENTITIES)
def test_precision_and_recall_at_least_095(table, entity):
    row = table[entity]
    assert row["tp"] > 0
    assert row["precision"] >= 0.95 and row["recall"] >= 0.95, row


def test_corpus_is_labelled_and_has_hard_negatives():
    truth = labelled()
    assert len(truth) >= 200
    docs_with_labels = {doc for doc, _, _ in truth}
    assert {"headcount.csv", "inventory.csv", "build.log"}.isdisjoint(docs_with_labels)
