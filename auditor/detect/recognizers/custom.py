"""Recognizers the policy defines: Presidio-format custom recognizers and deny lists."""
from __future__ import annotations

from typing import Any

from presidio_analyzer import EntityRecognizer, PatternRecognizer
from presidio_analyzer.input_validation.yaml_recognizer_models import CustomRecognizerConfig
from presidio_analyzer.recognizer_registry.recognizers_loader_utils import RecognizerListLoader
from pydantic import ValidationError

from auditor.detect.engine import LANGUAGE, DetectorError
from auditor.detect.hits import DENY_RECOGNIZER

REGEX_FLAGS = 26  # Presidio's default: IGNORECASE | MULTILINE | DOTALL


def _problem(exc: ValidationError) -> str:
    """The first validation problem, by field and message only (never the offending value)."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "recognizer"
    return f"{where}: {err.get('msg', 'invalid')}"


def custom_recognizers(configs: list[dict[str, Any]]) -> list[EntityRecognizer]:
    """Policy ``recognizers:`` entries in Presidio's YAML recognizer format (type: custom)."""
    out: list[EntityRecognizer] = []
    for index, raw in enumerate(configs):
        label = f"policy recognizers[{index}]"
        conf = dict(raw)
        if conf.setdefault("type", "custom") != "custom":
            raise DetectorError(f"{label}: only 'type: custom' recognizers are supported")
        if not conf.get("supported_language") and not conf.get("supported_languages"):
            conf["supported_language"] = LANGUAGE
        try:
            CustomRecognizerConfig(**conf)
            built = list(RecognizerListLoader.get(recognizers=[conf], supported_languages=[LANGUAGE],
                                                  global_regex_flags=REGEX_FLAGS))
        except ValidationError as exc:
            raise DetectorError(f"{label}: {_problem(exc)}") from None
        except (ValueError, TypeError) as exc:
            raise DetectorError(f"{label}: invalid recognizer ({type(exc).__name__})") from None
        if not built and conf.get("enabled", True):
            raise DetectorError(f"{label}: recognizer does not support language '{LANGUAGE}'")
        out.extend(built)
    return out


def deny_recognizers(deny: dict[str, list[str]]) -> list[PatternRecognizer]:
    """Values the policy always reports as their entity, score 1.0."""
    return [PatternRecognizer(entity, name=DENY_RECOGNIZER, deny_list=[v for v in values if v.strip()],
                              deny_list_score=1.0)
            for entity, values in sorted(deny.items()) if any(v.strip() for v in values)]
