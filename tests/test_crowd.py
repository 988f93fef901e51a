"""Who is who over arrays (risk.crowd) agrees with the rules worked out person by person."""
from __future__ import annotations

import hashlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.risk import crowd as crowd_module
from auditor.risk.crowd import Crowd, Traits, components
from auditor.risk.individuals import Person

TYPES = ["EMAIL_ADDRESS", "US_SSN", "PERSON", "PHONE_NUMBER", "JOB_TITLE"]


def fp(tag: str) -> str:
    return hashlib.sha256(tag.encode()).hexdigest()[:32]


def reference_labels(people: list[Person]) -> list[int]:
    """The rules one person at a time: shared fingerprints join; a person known only by name joins the first
    person with fingerprints who has that name set, else others known only by it."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    claimed: dict[tuple, str] = {}
    for p in people:
        for other in p.prints:
            union(min(p.prints), other)
        if p.prints and p.names:
            claimed.setdefault(tuple(sorted(set(p.names))), min(p.prints))
    keys = []
    for p in people:
        if p.prints:
            keys.append(min(p.prints))
            continue
        key = "names:" + "|".join(sorted(set(p.names)))
        if tuple(sorted(set(p.names))) in claimed:
            union(key, claimed[tuple(sorted(set(p.names)))])
        keys.append(key)
    roots = [find(k) for k in keys]
    first = {}
    return [first.setdefault(r, len(first)) for r in roots]


def canonical(labels) -> list[int]:
    first = {}
    return [first.setdefault(x, len(first)) for x in list(labels)]


people_lists = st.lists(st.builds(
    lambda prints, names, types, inside: Person(prints=[fp(f"id{x}") for x in prints],
                                                names=[fp(f"name{x}") for x in names],
                                                identifiers=set(types), attributes=set(), internal_email=inside),
    st.lists(st.integers(0, 8), max_size=3), st.lists(st.integers(0, 3), max_size=2),
    st.sets(st.sampled_from(TYPES[:4]), min_size=1), st.booleans()), max_size=25)


@settings(max_examples=300, deadline=None)
@given(people_lists)
def test_who_is_who_matches_the_person_by_person_rules(people):
    crowd = Crowd.of(Traits(TYPES), people)
    assert canonical(crowd.who()) == reference_labels(people)
    assert crowd.count() == len(set(reference_labels(people)))


def test_individuals_carry_everything_linked_to_them():
    traits = Traits(TYPES)
    people = [Person(prints=[fp("a")], names=[fp("n")], identifiers={"EMAIL_ADDRESS", "PERSON"}),
              Person(prints=[fp("a"), fp("b")], identifiers={"US_SSN"}, attributes={"JOB_TITLE"}),
              Person(prints=[], names=[fp("n")], identifiers={"PERSON"}, internal_email=True),
              Person(prints=[fp("c")], identifiers={"PHONE_NUMBER"})]
    everyone = Crowd.of(traits, people).individuals()
    shapes = sorted((sorted(traits.of(i)), sorted(traits.of(a)), bool(x))
                    for i, a, x in zip(everyone.ident, everyone.attr, everyone.internal))
    assert shapes == [(["EMAIL_ADDRESS", "PERSON", "US_SSN"], ["JOB_TITLE"], True), (["PHONE_NUMBER"], [], False)]


def test_components_by_rounds_and_by_the_plain_union_find_agree(monkeypatch):
    rng = np.random.default_rng(7)
    order = rng.permutation(200)  # one chain through 200 nodes in a shuffled order
    edges = (np.r_[order[:-1], 300, 305], np.r_[order[1:], 301, 300])
    by_rounds = components(310, *edges)
    monkeypatch.setattr(crowd_module, "MAX_ROUNDS", 0)  # straight to the fallback
    plain = components(310, *edges)
    assert by_rounds.tolist() == plain.tolist()
    assert set(plain[order].tolist()) == {0} and plain[301] == plain[305] == 300 and plain[250] == 250


def test_past_64_entity_types_masks_are_python_ints():
    names = [f"T{i}" for i in range(70)]
    traits = Traits(names)
    people = [Person(prints=[fp("x")], identifiers={"T69"}), Person(prints=[fp("x")], identifiers={"T0"})]
    everyone = Crowd.of(traits, people).individuals()
    assert len(everyone) == 1 and traits.of(everyone.ident[0]) == {"T0", "T69"}
