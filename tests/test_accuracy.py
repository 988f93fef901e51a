"""Measured accuracy on the labelled corpus (tests/corpus, every split): per required entity, precision and
recall >= 0.95 and a higher F1 than Presidio's default recognizers on the same extracted text.

Presidio is scored here, not copied from a table: on this corpus it takes about 5 s.
"""
from __future__ import annotations

import pytest

from bench.accuracy import ENTITIES, SPLITS, auditor_predictions, labelled, presidio_predictions, scores, split_of


@pytest.fixture(scope="module")
def truth():
    return labelled()


@pytest.fixture(scope="module")
def ours(truth):
    return scores(auditor_predictions(), truth)


@pytest.fixture(scope="module")
def theirs(truth):
    return scores(presidio_predictions(), truth)


@pytest.mark.parametrize("entity", ENTITIES)
def test_precision_and_recall_at_least_095(ours, entity):
    row = ours[entity]
    assert row["tp"] >= 30
    assert row["precision"] >= 0.95 and row["recall"] >= 0.95, row


@pytest.mark.parametrize("entity", ENTITIES)
def test_f1_beats_presidio_defaults(ours, theirs, entity):
    assert ours[entity]["f1"] > theirs[entity]["f1"], (ours[entity], theirs[entity])


def test_corpus_has_every_split_and_hard_negatives(truth):
    assert len(truth) >= 350
    assert {split_of(k) for k in truth} == set(SPLITS)
    docs_with_labels = {doc for doc, _, _ in truth}
    negatives = {"headcount.csv", "inventory.csv", "build.log", "held-out/tickets.csv", "held-out/changelog.md",
                 "held-out/survey.txt"}
    assert negatives.isdisjoint(docs_with_labels)
    for entity in ("EMAIL_ADDRESS", "PHONE_NUMBER"):  # contact material in every split
        assert all(sum(1 for k in truth if k[1] == entity and split_of(k) == s) >= 15 for s in SPLITS)
