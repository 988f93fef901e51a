"""Guards for Office Open XML (DOCX/XLSX) before any XML parser sees a part."""
from __future__ import annotations

import io
import zipfile

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import XMLParser

from auditor.models import ScanError
from auditor.policy import Policy

PROLOG_PIECE = 1024  # bytes fed to the parser at a time, until the root element starts


class _Root:
    """Parser target that only notes that the root element has started."""

    def __init__(self) -> None:
        self.started = False

    def start(self, tag: str, attrib: dict) -> None:
        self.started = True

    def close(self) -> None:
        return None


def _check_prolog(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Parse a part up to its root element: a DTD (the only place entities are declared) sits before it.
    The part is fed in small pieces, so a large part is not decompressed and parsed whole."""
    root = _Root()
    parser = XMLParser(target=root, forbid_dtd=True)
    with package.open(info) as stream:
        while not root.started:
            piece = stream.read(PROLOG_PIECE)
            if not piece:
                parser.close()  # no root element: a ParseError
                return
            parser.feed(piece)


def check_package(data: bytes, policy: Policy) -> None:
    """Refuse entity/DTD declarations and parts that expand past the policy's limits."""
    max_ratio = float(policy.get("limits.max_compression_ratio", 200))
    max_bytes = int(policy.get("limits.max_file_mb", 200) * 2**20)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = package.infolist()
        total = 0
        for info in parts:
            if info.flag_bits & 0x1:
                raise ScanError("encrypted part inside the document package")
            total += info.file_size
            if info.file_size > max(info.compress_size, 1) * max_ratio or total > max_bytes:
                raise ScanError("document parts expand past the size limits (possible decompression bomb)")
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                _check_prolog(package, info)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise ScanError("XML entity or DTD declarations are not allowed (possible entity bomb)") from None
    except zipfile.BadZipFile as exc:
        raise ScanError(f"corrupt or truncated document package ({exc})") from None
    except ScanError:
        raise
    except Exception as exc:  # ParseError, zlib.error, EOFError...
        raise ScanError(f"corrupt document XML ({type(exc).__name__})") from None
