"""Offline Presidio analyzer: an explicitly loaded spaCy pipeline, never a download.

The spaCy pipeline is the slow part (seconds), so it is loaded once per model
name and process and shared by every Detector; the recognizer registry is cheap
and is built per policy.
"""
from __future__ import annotations

import logging
import threading
import warnings
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import SpacyNlpEngine

NO_NLP = "none"
# Tokens and entities are all detection uses: context rules are lemma-free (auditor.detect.context), so the
# parse, tags and lemmas are not loaded (a third less time per text with en_core_web_sm).
NOT_NEEDED = ["parser", "tagger", "morphologizer", "attribute_ruler", "lemmatizer", "senter"]
LANGUAGE = "en"
_QUIET_LOGGERS = ("presidio-analyzer", "presidio_analyzer", "spacy", "tldextract", "phonenumbers", "filelock")
_engines: dict[str, SpacyNlpEngine] = {}
_lock = threading.Lock()


class DetectorError(Exception):
    """The detector cannot be set up (missing spaCy pipeline, bad custom recognizer)."""


def silence_libraries() -> None:
    """Presidio and spaCy log and warn with text snippets; none of that may reach a terminal."""
    for name in _QUIET_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL)
        logger.propagate = False
    warnings.filterwarnings("ignore", module=r"(presidio_analyzer|spacy|thinc)(\.|$)")
    warnings.filterwarnings("ignore", message=r".*\[W\d+\]")  # spaCy's coded warnings


def _check_installed(model: str) -> None:
    if spacy.util.is_package(model) or Path(model).is_dir():
        return
    raise DetectorError(f"spaCy pipeline '{model}' is not installed; install it or set nlp.model / --nlp none")


def _fast_ops():
    """thinc's matrix products on numpy's BLAS, one thread per process: a third less NER time than its default
    (blis) on small documents, and no BLAS threads fighting the pool's workers for the CPUs."""
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")  # for the life of the process
    return use_ops("numpy", use_blis=False)


def _load_engine(model: str) -> SpacyNlpEngine:
    # Never engine.load() (nor NlpEngineProvider.create_engine(), which calls it): it may download, and it
    # would load the whole pipeline once more. The engine gets the pipeline loaded here.
    engine = SpacyNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "blank" if model == NO_NLP else model}])
    if model == NO_NLP:  # Presidio's pattern recognizers read no tokens, nor does OwnContextRules: a whitespace
        # tokenizer gives the same results as English's, which takes 0.1 s to build
        engine.nlp = {LANGUAGE: Language(create_tokenizer=lambda nlp: Tokenizer(nlp.vocab))}
        return engine
    _check_installed(model)
    try:  # only what NER needs
        with _fast_ops():
            nlp = spacy.load(model, exclude=NOT_NEEDED)
    except (OSError, ValueError, ImportError) as exc:
        raise DetectorError(f"spaCy pipeline '{model}' could not be loaded ({type(exc).__name__})") from None
    if "ner" not in nlp.pipe_names:
        raise DetectorError(f"spaCy pipeline '{model}' has no 'ner' component; use another pipeline or --nlp none")
    engine.nlp = {LANGUAGE: nlp}
    return engine


def nlp_engine(model: str) -> SpacyNlpEngine:
    """The loaded NLP engine for a model name or folder (cached for the process)."""
    silence_libraries()
    with _lock:
        if model not in _engines:
            _engines[model] = _load_engine(model)
        return _engines[model]


class OwnContextRules(ContextAwareEnhancer):
    """Leaves scores to auditor.detect.context, which re-decides every context boost in its own window.

    Presidio's lemma enhancer would be overruled anyway, and it walks every token of the text for every
    result: quadratic, 11 s of a 100 KB memo with 490 results.
    """

    def __init__(self) -> None:
        super().__init__(context_similarity_factor=0.0, min_score_with_context_similarity=0.0,
                         context_prefix_count=0, context_suffix_count=0)

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):  # noqa: ANN001
        return raw_results


def build_analyzer(engine: SpacyNlpEngine, recognizers: list) -> AnalyzerEngine:
    registry = RecognizerRegistry(recognizers=list(recognizers), supported_languages=[LANGUAGE])
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=[LANGUAGE],
                          context_aware_enhancer=OwnContextRules())
