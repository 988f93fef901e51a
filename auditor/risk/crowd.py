"""People as arrays: a million-row export is a million people, too many for an object each.

A Crowd holds, per person, bitmasks of the identifier and attribute types seen with them and whether an
email address of theirs is internal; and, as (person, fingerprint digest) pairs, the identifiers that link
people and the names that may. The linking rules are those of ``individuals``: people who share a linking
fingerprint are one; someone known only by name joins the first person with identifiers who has that name,
else everyone else known only by it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from auditor.digests import dense_ids, digests_of
from auditor.redact import DIGEST_BYTES

MAX_ROUNDS = 64  # vectorised hooking rounds before the few edges left go to a plain union-find


class Traits:
    """Entity types as bits of a mask (uint64; Python ints past 64 types)."""

    def __init__(self, entity_types: Iterable[str]):
        self.names = sorted(set(entity_types))
        self.bits = {name: 1 << i for i, name in enumerate(self.names)}
        self.dtype = np.uint64 if len(self.names) <= 64 else object

    def mask(self, entity_types: Iterable[str]):  # noqa: ANN201 (a numpy scalar of the mask's dtype)
        """The types' bits; types no one has are left out."""
        return np.array(sum(self.bits.get(e, 0) for e in set(entity_types)), dtype=self.dtype)[()]

    def of(self, mask: int) -> set[str]:
        mask = int(mask)
        return {name for name, bit in self.bits.items() if mask & bit}

    def zeros(self, n: int) -> np.ndarray:
        return np.zeros(n, dtype=self.dtype)


def components(nodes: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each node's component (its smallest node) for the undirected edges a-b: roots hook to the smaller
    root, then paths are cut short, until no edge joins two roots."""
    parent = np.arange(nodes)
    for _ in range(MAX_ROUNDS):
        ra, rb = parent[a], parent[b]
        apart = ra != rb
        if not apart.any():
            return parent
        a, b, ra, rb = a[apart], b[apart], ra[apart], rb[apart]
        np.minimum.at(parent, np.maximum(ra, rb), np.minimum(ra, rb))
        while not np.array_equal(shorter := parent[parent], parent):
            parent = shorter
    return _union_find(parent, a, b)


def _union_find(parent: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The plain algorithm for a graph the vectorised rounds did not finish (long chains)."""
    up = parent.tolist()

    def find(x: int) -> int:
        while up[x] != x:
            up[x] = up[up[x]]
            x = up[x]
        return x

    for x, y in zip(a.tolist(), b.tolist()):
        rx, ry = find(x), find(y)
        if rx != ry:
            up[max(rx, ry)] = min(rx, ry)
    return np.array([find(x) for x in range(len(up))], dtype=np.int64)


@dataclass
class Crowd:
    """People: per person ``ident`` and ``attr`` masks and ``internal``; ``links`` and ``names`` are
    (owner indices, digests) of linking identifiers and of PERSON fingerprints."""

    traits: Traits
    ident: np.ndarray
    attr: np.ndarray
    internal: np.ndarray
    link_owner: np.ndarray
    link_digest: np.ndarray
    name_owner: np.ndarray
    name_digest: np.ndarray
    _who: np.ndarray | None = field(default=None, init=False, repr=False)

    def __len__(self) -> int:
        return len(self.ident)

    @classmethod
    def empty(cls, traits: Traits) -> "Crowd":
        none = np.zeros(0, np.int64)
        digests = np.zeros((0, DIGEST_BYTES), np.uint8)
        return cls(traits, traits.zeros(0), traits.zeros(0), np.zeros(0, bool), none, digests, none, digests)

    @classmethod
    def of(cls, traits: Traits, people: Sequence) -> "Crowd":
        """From Person objects (``individuals.Person``)."""
        def pairs(attribute: str) -> tuple[np.ndarray, np.ndarray]:
            owners = [i for i, p in enumerate(people) for _ in getattr(p, attribute)]
            return np.array(owners, np.int64), digests_of([x for p in people for x in getattr(p, attribute)])

        masks = lambda sets: np.array([traits.mask(s) for s in sets], dtype=traits.dtype)  # noqa: E731
        return cls(traits, masks(p.identifiers for p in people), masks(p.attributes for p in people),
                   np.array([p.internal_email for p in people], bool), *pairs("prints"), *pairs("names"))

    @classmethod
    def concat(cls, traits: Traits, crowds: Sequence["Crowd"]) -> "Crowd":
        crowds = [c for c in crowds if len(c)] or [cls.empty(traits)]
        if len(crowds) == 1:
            return crowds[0]
        starts = np.cumsum([0] + [len(c) for c in crowds[:-1]])
        join = lambda f: np.concatenate([getattr(c, f) for c in crowds])  # noqa: E731
        owners = lambda f: np.concatenate([getattr(c, f) + s for c, s in zip(crowds, starts)])  # noqa: E731
        return cls(traits, join("ident"), join("attr"), join("internal"), owners("link_owner"), join("link_digest"),
                   owners("name_owner"), join("name_digest"))

    def __iter__(self) -> Iterator[tuple]:
        """Each person as (links, names, identifier types, attribute types, internal email): for checks."""
        for i in range(len(self)):
            links = sorted({d.tobytes().hex() for d in self.link_digest[self.link_owner == i]})
            names = sorted({d.tobytes().hex() for d in self.name_digest[self.name_owner == i]})
            yield (links, names, self.traits.of(self.ident[i]), self.traits.of(self.attr[i]), bool(self.internal[i]))

    # -- who is who ----------------------------------------------------------------------------
    def _name_keys(self) -> tuple[np.ndarray, int]:
        """Per person, an id of their set of names: the XOR of its distinct digests (none: zeros)."""
        ids, distinct = dense_ids(self.name_digest)
        one = np.zeros((distinct, DIGEST_BYTES), np.uint8)
        one[ids] = self.name_digest
        owner, name = np.divmod(np.unique(self.name_owner * distinct + ids), max(distinct, 1))  # each name once
        keys = np.zeros((len(self), DIGEST_BYTES), np.uint8)
        if len(owner):
            starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
            keys[owner[starts]] = np.bitwise_xor.reduceat(one[name], starts, axis=0)
        return dense_ids(keys)

    def who(self) -> np.ndarray:
        """Per person, a label shared by exactly the people who are one individual. Nodes are linking
        fingerprints, then name sets; a person is their smallest fingerprint, else their name set."""
        if self._who is None:
            self._who = self._label()
        return self._who

    def _label(self) -> np.ndarray:
        n = len(self)
        link_ids, links = dense_ids(self.link_digest)
        none = np.iinfo(np.int64).max
        key = np.full(n, none)
        np.minimum.at(key, self.link_owner, link_ids)
        named, name_sets = self._name_keys()
        has_link = key < none
        claimers = np.flatnonzero(has_link & (np.bincount(self.name_owner, minlength=n) > 0))
        claimed, first = np.unique(named[claimers], return_index=True)  # the first person with identifiers
        a = np.concatenate([key[self.link_owner], links + claimed])
        b = np.concatenate([link_ids, key[claimers[first]]])
        label = components(links + name_sets, a, b)
        return label[np.where(has_link, key, links + named)]

    def count(self) -> int:
        return len(np.unique(self.who())) if len(self) else 0

    def individuals(self) -> "Crowd":
        """One entry per individual, with the types and flags of everyone who is them (no links kept)."""
        if not len(self):
            return self
        label = self.who()
        order = np.argsort(label, kind="stable")
        starts = np.flatnonzero(np.r_[True, label[order][1:] != label[order][:-1]])
        merge = lambda x, ufunc: ufunc.reduceat(x[order], starts)  # noqa: E731
        none = Crowd.empty(self.traits)
        return Crowd(self.traits, merge(self.ident, np.bitwise_or), merge(self.attr, np.bitwise_or),
                     merge(self.internal, np.logical_or), none.link_owner, none.link_digest, none.name_owner,
                     none.name_digest)
