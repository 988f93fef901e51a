"""auditor: find personnel identity data in outgoing files and decide pass, warn or block."""
from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("auditor")
except metadata.PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"


def scan(paths, **options):  # noqa: ANN001, ANN201 - thin lazy wrapper, see auditor.scanner.scan
    """Scan paths and return an ``auditor.scanner.Scan``; see ``auditor.scanner.scan``."""
    from auditor.scanner import scan as _scan

    return _scan(paths, **options)


__all__ = ["scan", "__version__"]
