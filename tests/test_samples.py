"""The demo set: reproducible from its generator, and each sample gets the decision samples/README.md promises."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import auditor

SAMPLES = Path(__file__).parent.parent / "samples"


def promised() -> dict[str, str]:
    rows = re.findall(r"^\| `([^`]+)` \| .* \| (pass|warn|block)\b", (SAMPLES / "README.md").read_text(), re.M)
    return dict(rows)


@pytest.fixture(scope="module")
def report():
    outcome = auditor.scan([SAMPLES])
    return {f["path"].removeprefix(f"{SAMPLES}/"): f for f in outcome.report["files"]}, outcome


def test_generator_rebuilds_the_committed_files_byte_for_byte(tmp_path):
    import importlib.util
    spec = importlib.util.spec_from_file_location("generate", SAMPLES / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    built = generate.build()
    assert set(built) == set(promised())
    for name, data in built.items():
        assert (SAMPLES / name).read_bytes() == data, f"{name} differs from the generator's output"


def test_every_sample_gets_its_promised_decision(report):
    files, outcome = report
    assert len(promised()) == 22
    wrong = {name: (files[name]["decision"], want) for name, want in promised().items() if files[name]["decision"] != want}
    assert not wrong, wrong
    assert outcome.decision == "block"
    assert "generate.py" not in " ".join(files) and "README.md" not in " ".join(files)


def test_motivating_case_counts_18_people_and_names_the_outside_domain(report):
    files, _ = report
    mail = files["outbound/new-hires-to-contractor.eml"]
    assert mail["individuals"] == 18 and mail["envelope"]["recipient_domains"] == ["opm-contractor.com"]
    assert any("18 individuals" in r and "opm-contractor.com is external" in r for r in mail["risk"]["reasons"])


def test_no_detected_raw_value_appears_in_the_json_or_text_output(report):
    import io
    import json

    from rich.console import Console

    from auditor.redact import SHOWN_ENTITIES
    from auditor.report import render_text

    _, outcome = report
    raw = {v.value.strip() for f in outcome.result.files for d in f.detections for v in d.split()
           if d.entity_type not in SHOWN_ENTITIES and len(v.value.strip()) >= 5}
    assert len(raw) > 200  # the samples are full of names, emails, phones and SSNs
    text = io.StringIO()
    render_text(outcome.report, Console(file=text, width=120))
    for output in (json.dumps(outcome.report, ensure_ascii=False), text.getvalue()):
        leaked = sorted(v for v in raw if v in output)
        assert not leaked, f"{len(leaked)} raw values in output"
