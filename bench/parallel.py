"""Parallel scan benchmark: the same folder scanned serially, on a process pool and on a local Dask cluster.

    python -m bench.parallel [--files 300] [--jobs 2] [--nlp none] [--dask]

Each engine runs as a fresh ``auditor scan`` process (so worker start-up counts), with the same
fingerprint key; prints wall times and checks that every report equals the serial one (timestamps aside).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = "Dana Alex Maria John Priya Wei Sam Lena Omar Kate".split()
LAST = "Whitfield Nguyen Garcia Smith Patel Chen Okafor Berg Haddad Moore".split()


def make_files(folder: Path, count: int, rng: random.Random) -> None:
    """A third are 20-row staff CSVs, the rest short notes naming one person."""
    for n in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if n % 3 == 0:
            rows = [f"{f} {la},{f.lower()}.{la.lower()}@agency.gov,202-555-{rng.randint(1000, 9999)},2025-0{n % 9 + 1}-15"
                    for f, la in ((rng.choice(FIRST), rng.choice(LAST)) for _ in range(20))]
            (folder / f"list{n:04}.csv").write_text("Name,Email,Phone,Hire Date\n" + "\n".join(rows) + "\n")
        else:
            (folder / f"note{n:04}.txt").write_text(
                f"Notes {n}. {first} {last} joined the team as an analyst and works with the regional office. "
                f"Contact {first.lower()}@agency.gov or 202-555-{rng.randint(1000, 9999)}.\n" * 3)


def timed_scan(folder: Path, out: Path, extra: list[str], nlp: str) -> float:
    command = [sys.executable, "-m", "auditor.cli", "scan", str(folder), "--format", "json", "-o", str(out),
               "--fail-on", "never", "--nlp", nlp, *extra]
    started = time.perf_counter()
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL, env={**os.environ, "AUDITOR_KEY": "k" * 32})
    return time.perf_counter() - started


def comparable(path: Path) -> dict:
    doc = json.loads(path.read_text())
    return {k: v for k, v in doc.items() if k not in ("started_at", "finished_at")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--nlp", default="none", help="spaCy pipeline, or 'none' (default) for pattern-only")
    parser.add_argument("--dask", action="store_true", help="also time --engine dask (needs the dask extra)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        make_files(folder, args.files, random.Random(7))
        runs = {"serial (--jobs 1)": ["--jobs", "1"], f"pool (--jobs {args.jobs})": ["--jobs", str(args.jobs)]}
        if args.dask:
            runs[f"dask LocalCluster ({args.jobs} workers)"] = ["--engine", "dask", "--jobs", str(args.jobs)]
        reference = None
        for label, extra in runs.items():
            out = Path(tmp) / f"{len(extra)}-{extra[-1]}.json"
            seconds = timed_scan(folder, out, extra, args.nlp)
            report = comparable(out)
            reference = reference or report
            print(f"{label:32} {seconds:6.1f} s   same report as serial: {report == reference}")


if __name__ == "__main__":
    main()
