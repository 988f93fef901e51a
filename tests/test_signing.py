"""Signed reports: any changed byte, a wrong key or a missing signature fails verification."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.evidence import SigningError, generate_keypair, sign_report, verify_report
from auditor.evidence.signing import canonical_bytes
from auditor.report import validate_report


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    root = tmp_path_factory.mktemp("sign")
    (root / "memo.txt").write_text("Employee Dana Whitfield, SSN 612-48-3391.\n")
    runner = CliRunner()
    assert runner.invoke(main, ["keys", "generate", "-o", str(root / "k")]).exit_code == 0
    result = runner.invoke(main, ["scan", str(root / "memo.txt"), "--format", "json", "--nlp", "none",
                                  "--sign", str(root / "k"), "-o", str(root / "r.json")])
    assert result.exit_code == 1, result.output
    return root, json.loads((root / "r.json").read_text())


def test_signed_report_verifies_and_validates(signed):
    root, doc = signed
    validate_report(doc)
    assert oct((root / "k").stat().st_mode & 0o777) == "0o600"
    result = CliRunner().invoke(main, ["verify", str(root / "r.json"), "--public-key", str(root / "k.pub")])
    assert result.exit_code == 0 and "unchanged" in result.output


def _mutations(value, path=()):
    """Every scalar in the report, changed one at a time."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _mutations(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _mutations(v, path + (i,))
    elif isinstance(value, bool):
        yield path, not value
    elif isinstance(value, (int, float)):
        yield path, value + 1
    elif isinstance(value, str):
        yield path, value + "x"
    elif value is None:
        yield path, "x"


def test_changing_any_value_or_key_fails(signed):
    root, doc = signed
    body = {k: v for k, v in doc.items() if k != "signature"}
    count = 0
    for path, new in _mutations(body):
        tampered = json.loads(json.dumps(doc))
        target = tampered
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = new
        assert not verify_report(tampered, root / "k.pub").ok, path
        count += 1
    assert count > 50
    extra = json.loads(json.dumps(doc))
    extra["note"] = "added"
    assert "modified" in verify_report(extra, root / "k.pub").reason


def test_changing_any_byte_of_the_canonical_form_fails(signed):
    root, doc = signed
    data = canonical_bytes(doc)
    for position in range(0, len(data), max(1, len(data) // 200)):
        changed = bytearray(data)
        changed[position] = ord("0") if changed[position] != ord("0") else ord("1")
        try:
            tampered = json.loads(bytes(changed))
        except ValueError:
            continue  # not JSON any more: cannot even be read as a report
        tampered["signature"] = doc["signature"]
        assert not verify_report(tampered, root / "k.pub").ok, position


def test_wrong_key_unsigned_report_and_encrypted_keys(signed, tmp_path):
    root, doc = signed
    other = generate_keypair(tmp_path / "other")[1]
    assert "different key" in verify_report(doc, other).reason
    unsigned = {k: v for k, v in doc.items() if k != "signature"}
    assert verify_report(unsigned, root / "k.pub").reason == "the report is not signed"
    private, public = generate_keypair(tmp_path / "enc", b"correct horse")
    assert verify_report(sign_report(unsigned, private, b"correct horse"), public).ok
    with pytest.raises(SigningError, match="passphrase is wrong"):
        sign_report(unsigned, private, b"wrong")
    with pytest.raises(SigningError, match="AUDITOR_KEY_PASSPHRASE"):
        sign_report(unsigned, private, None)
    result = CliRunner().invoke(main, ["verify", str(root / "r.json"), "--public-key", str(other)])
    assert result.exit_code == 1 and "different key" in result.stderr
