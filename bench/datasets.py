"""Deterministic synthetic data for the throughput benchmark. All people are fictional.

Full size (scale 1): a personnel CSV of 1,000,000 rows x 8 columns (about 115 MB), its first 100,000 rows
as an XLSX, 10,000 small mixed documents (txt, eml, docx, csv) and a 50 MB plain-text corpus. `scale`
shrinks every dataset proportionally. Each dataset is cached under DIR/scale-S/NAME with a manifest and
rebuilt only when it is missing or VERSION changed.
"""
from __future__ import annotations

import csv
import io
import json
import random
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl

from bench.roster import FIRST, LAST
from samples.generate import CLEARANCES, OFFICES, ORDINARY, SENSITIVE, csv_text, docx_bytes, email

VERSION = 1
SEED = 7
HEADER = ["Full Name", "Email", "Phone", "SSN", "Employee ID", "Hire Date", "Job Title", "Clearance"]
FULL = {"csv": 1_000_000, "xlsx": 100_000, "docs": 10_000, "text": 50 * 2**20}
HARD_NEGATIVES = {  # column -> values that look like the column's type but are not identity data
    "Full Name": ["Conference Room B", "Vacant", "TBD"], "Email": ["n/a", "see HR file"],
    "Phone": ["ext. 4410", "none"], "SSN": ["on file", "build 123-45-6789"], "Employee ID": ["pending"]}
PROSE = ["The quarterly review covered budget execution, facility maintenance and the training calendar.",
         "Staff asked about parking, the cafeteria schedule and the new badge readers at the north entrance.",
         "The audit found 14 open items, of which 9 were closed before the end of the fiscal year.",
         "Server maintenance is planned for Saturday between 02:00 and 06:00; expect short outages.",
         "Please submit travel vouchers within five business days of your return."]


def _ssn(rng: random.Random) -> str:
    area = rng.randint(1, 665)
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def _phone(rng: random.Random) -> str:
    return f"{rng.choice(['202', '703', '571', '301'])}-555-{rng.randint(100, 9999):04d}"


def personnel_rows(n: int, seed: int = SEED) -> Iterator[list[str]]:
    """The first n rows of the personnel table: the same rows whatever n is."""
    rng = random.Random(seed)
    titles = SENSITIVE + ORDINARY
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        row = [f"{first} {last}", f"{first}.{last}{i % 997}@agency.gov".lower(), _phone(rng), _ssn(rng),
               f"EMP-{rng.randint(100000, 999999)}", f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-"
               f"{rng.randint(1, 28):02d}", rng.choice(titles), rng.choice(CLEARANCES)]
        if rng.random() < 0.01:
            column = rng.choice(list(HARD_NEGATIVES))
            row[HEADER.index(column)] = rng.choice(HARD_NEGATIVES[column])
        for j in range(len(row)):
            if rng.random() < 0.02:
                row[j] = ""
        yield row


def write_csv(path: Path, n: int) -> dict:
    with path.open("w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(personnel_rows(n))
    return {"rows": n, "columns": len(HEADER)}


def write_xlsx(path: Path, n: int) -> dict:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Personnel")
    sheet.append(HEADER)
    for row in personnel_rows(n):
        sheet.append(row)
    book.save(path)
    return {"rows": n, "columns": len(HEADER)}


def _person(rng: random.Random) -> tuple[str, str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return f"{first} {last}", f"{first}.{last}@agency.gov".lower(), _phone(rng)


def _memo(rng: random.Random) -> list[str]:
    lines = [rng.choice(PROSE) for _ in range(rng.randint(2, 5))]
    for _ in range(rng.randint(1, 3)):
        name, mail, phone = _person(rng)
        lines.insert(rng.randrange(len(lines) + 1), rng.choice([
            f"{name} joins the team as {rng.choice(SENSITIVE + ORDINARY)} on Monday.",
            f"Questions go to {name} ({mail}, {phone}).", f"{name} was granted {rng.choice(CLEARANCES)} access."]))
    return lines


def small_document(i: int, rng: random.Random) -> tuple[str, bytes]:
    kind = ("txt", "eml", "docx", "csv")[i % 4]
    name = f"doc-{i:05d}.{kind}"
    if kind == "txt":
        return name, ("\n".join(_memo(rng)) + "\n").encode()
    if kind == "eml":
        sender, to = _person(rng), _person(rng)
        return name, email(sender[1], to[1], "Staffing update", "\n".join(_memo(rng)) + f"\n--\n{sender[0]}\n",
                           message_id=f"bench-{i}")
    if kind == "docx":
        table = [["Name", "Office", "Phone"]] + [[p[0], rng.choice(OFFICES), p[2]]
                                                 for p in (_person(rng) for _ in range(3))]
        return name, docx_bytes(_memo(rng), table, "UNCLASSIFIED", f"Page {i}")
    rows = [[p[0], p[1], rng.choice(SENSITIVE + ORDINARY), _ssn(rng)]
            for p in (_person(rng) for _ in range(rng.randint(3, 10)))]
    return name, csv_text(["Name", "Email", "Title", "SSN"], rows).encode()


def write_docs(folder: Path, n: int) -> dict:
    folder.mkdir()
    rng = random.Random(SEED)
    for i in range(n):
        name, data = small_document(i, rng)
        (folder / name).write_bytes(data)
    return {"files": n}


def write_text(path: Path, size: int) -> dict:
    rng = random.Random(SEED)
    written = 0
    with path.open("w") as out:
        while written < size:
            chunk = io.StringIO()
            for _ in range(2000):
                chunk.write(" ".join(_memo(rng)) + (f" Her SSN is {_ssn(rng)}." if rng.random() < 0.1 else "")
                            + "\n\n")
            text = chunk.getvalue()[: size - written]
            out.write(text)
            written += len(text)
    return {"bytes": written}


WRITERS: dict[str, tuple[str, Callable[[Path, int], dict]]] = {
    "csv": ("personnel.csv", write_csv), "xlsx": ("personnel.xlsx", write_xlsx),
    "docs": ("docs", write_docs), "text": ("corpus.txt", write_text)}


def size_at(name: str, scale: float) -> int:
    return max(1, round(FULL[name] * scale))


def ensure(name: str, data_dir: Path, scale: float, log: Callable[[str], None] | None = None) -> tuple[Path, dict]:
    """The dataset's path and manifest, generating it first if it is missing or out of date."""
    filename, writer = WRITERS[name]
    home = data_dir / f"scale-{scale:g}" / name
    path, manifest_path = home / filename, home / "manifest.json"
    wanted = {"version": VERSION, "seed": SEED, "size": size_at(name, scale)}
    if manifest_path.exists() and path.exists():
        manifest = json.loads(manifest_path.read_text())
        if {k: manifest.get(k) for k in wanted} == wanted:
            return path, manifest
    if log:
        log(f"(generating {name} at scale {scale:g} in {home})")
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    start = time.perf_counter()
    manifest = {**wanted, **writer(path, wanted["size"])}
    manifest["generated_in_s"] = round(time.perf_counter() - start, 1)
    manifest["bytes"] = sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return path, manifest
