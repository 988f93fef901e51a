"""detect stage: segments and tables -> Detections (Presidio, personnel recognizers, column classifier).

The engine is fully offline: the spaCy pipeline is loaded from an installed
package or folder (never downloaded) and e-mail validation uses tldextract's
bundled suffix list.
"""
from auditor.detect.detector import DEFAULT_MODEL, Detector
from auditor.detect.engine import NO_NLP, DetectorError

__all__ = ["DEFAULT_MODEL", "Detector", "DetectorError", "NO_NLP"]
