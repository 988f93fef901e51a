"""auditor.lazy: the command line's deferred imports change what is loaded, never what is found."""
from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

from auditor.lazy import re_exports

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PRESIDIO = "presidio_analyzer.predefined_recognizers"


def _python(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _names(deferred: bool) -> dict:
    return _python(
        "import json, sys\n"
        + ("from auditor.lazy import defer_unused_imports; defer_unused_imports()\n" if deferred else "")
        + f"import spacy, {PRESIDIO} as p\n"
        f"loaded = [m for m in sys.modules if m.startswith('{PRESIDIO}.')]\n"
        "names = sorted(n for n in dir(p) if not n.startswith('_'))\n"
        "print(json.dumps({'loaded': loaded, 'names': names, 'all': sorted(p.__all__),"
        " 'nlp': sorted(p.NLP_RECOGNIZERS), 'httpx': type(sys.modules['httpx']).__name__}))\n")


def test_presidio_recognizers_and_httpx_load_on_first_use_with_every_name_still_there():
    eager, lazy = _names(False), _names(True)
    assert any(".url_recognizer" in m for m in eager["loaded"]) and eager["httpx"] == "module"
    assert not any(".url_recognizer" in m or ".country_specific." in m for m in lazy["loaded"])
    assert lazy["httpx"] == "_LazyModule"
    assert (lazy["all"], lazy["nlp"]) == (eager["all"], eager["nlp"])
    resolved = _python(
        "import json\nfrom auditor.lazy import defer_unused_imports; defer_unused_imports()\n"
        f"import {PRESIDIO} as p\n"
        f"print(json.dumps({{'missing': [n for n in {eager['names']!r} if not hasattr(p, n)],"
        " 'module': p.UrlRecognizer.__module__, 'sub': p.generic.__name__}))\n")
    assert resolved == {"missing": [], "module": f"{PRESIDIO}.generic.url_recognizer", "sub": f"{PRESIDIO}.generic"}


def test_an_init_doing_more_than_re_exporting_is_imported_as_usual():
    package = types.ModuleType("pkg")
    package.__package__ = "pkg"
    source = '"""Doc."""\nfrom .a import B\nfrom . import c\nALL = ["B"]\nBY = {"b": B}\n'
    exports, literals = re_exports(source, package)
    assert set(exports) == {"B", "c", "BY"} and literals == {"ALL": ["B"]}
    for source in ("import os\n", "from .a import *\n", "X = make()\n", "if True:\n    from .a import B\n"):
        assert re_exports(source, package) is None, source


def test_the_command_line_with_deferred_imports_reports_exactly_what_the_library_finds(tmp_path):
    key = tmp_path / "key"
    key.write_bytes(bytes(range(32)))
    paths = [str(SAMPLES / "documents"), str(SAMPLES / "tables")]
    cli_report = tmp_path / "cli.json"
    subprocess.run([sys.executable, "-m", "auditor.cli", "scan", *paths, "--key-file", str(key), "--explain",
                    "--format", "json", "-o", str(cli_report), "--fail-on", "never", "--no-ledger", "-q"],
                   check=True, timeout=300)
    library = _python(f"import json, auditor\nprint(json.dumps(auditor.scan({paths!r}, key_file={str(key)!r}).report))")
    cli = json.loads(cli_report.read_text())
    for report in (cli, library):
        report.pop("started_at"), report.pop("finished_at")
    assert cli == library
