"""Roster benchmark: build and load a 100,000-person roster, and what matching adds to a scan.

    python -m bench.roster [--people 100000] [--mb 10]

Prints build and load times, matcher throughput on an MB-sized text corpus, and the
scan time of the same corpus with and without the roster (targets: load <= 2 s,
matching adds <= 20% to scan time).
"""
from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

import auditor
from auditor.roster import Roster, RosterMatcher, build_roster

FIRST = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
         "Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Donald Ashley Steven "
         "Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
        "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis "
        "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera "
        "Campbell Mitchell Carter Roberts").split()
PROSE = ("The quarterly review covered budget execution, facility maintenance and the training calendar. "
         "Staff asked about parking, the cafeteria schedule and the new badge readers at the north entrance. ")


def synthetic_people(n: int, rng: random.Random) -> list[tuple[str, str, str]]:
    people = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST) + ("" if i < 2500 else f"{i:05d}"[-3:].translate(
            str.maketrans("0123456789", "abcdefghij")))
        people.append((f"{first} {last.capitalize()}", f"{first}.{last}{i}@agency.gov".lower(), f"EMP-{100000 + i}"))
    return people


def corpus(mb: float, people: list[tuple[str, str, str]], rng: random.Random) -> str:
    parts, size = [], 0
    while size < mb * 2**20:
        chunk = PROSE + (f"{rng.choice(people)[0]} joined the call. " if rng.random() < 0.3 else "")
        parts.append(chunk)
        size += len(chunk)
    return "".join(parts)


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--scan-mb", type=float, default=1.0, help="slice scanned end to end (extrapolated)")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        people = synthetic_people(args.people, rng)
        (root / "staff.csv").write_text("Name,Email,Employee ID\n" + "".join(",".join(p) + "\n" for p in people))
        key = os.urandom(32)
        stats, build_s = timed(lambda: build_roster(root / "staff.csv", ["name", "email", "employee id"], key,
                                                    root / "r.edm"))
        roster, load_s = timed(lambda: Roster.load(root / "r.edm", key))
        text = corpus(args.mb, people, rng)
        hits, match_s = timed(lambda: RosterMatcher(roster).find(text))
        print(f"roster: {stats['people']:,} people, {stats['entries']:,} hashes, "
              f"{(root / 'r.edm').stat().st_size / 2**20:.1f} MB file")
        print(f"build {build_s:.1f} s; load {load_s:.2f} s (target <= 2 s)")
        print(f"matching: {len(text) / 2**20:.1f} MB in {match_s:.2f} s = {len(text) / 2**20 / match_s:.1f} MB/s, "
              f"{len(hits):,} hits")
        (root / "slice.txt").write_text(text[: int(args.scan_mb * 2**20)])
        for nlp in ("none", None):
            _, plain_s = timed(lambda: auditor.scan([root / "slice.txt"], nlp=nlp))
            _, roster_s = timed(lambda: auditor.scan([root / "slice.txt"], nlp=nlp, roster=root / "r.edm",
                                                     key_file=_keyfile(root, key)))
            extra = (roster_s - plain_s) / plain_s * 100
            print(f"scan of {args.scan_mb:.1f} MB (nlp {nlp or 'default'}): {plain_s:.1f} s without roster, "
                  f"{roster_s:.1f} s with (includes roster load): +{extra:.0f}% (target <= 20%)")


def _keyfile(root: Path, key: bytes) -> Path:
    path = root / "k.key"
    if not path.exists():
        path.write_bytes(key)
    return path


if __name__ == "__main__":
    main()
