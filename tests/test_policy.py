"""Policy loading: shipped presets, extends, and file:line errors for every invalid case."""
from __future__ import annotations

import re

import pytest

from auditor.policy import PolicyError, load_policy, shipped_policies


def write(tmp_path, text, name="p.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(path):
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    return str(info.value)


def test_shipped_policies_load_and_strict_extends_default():
    assert {"default", "strict"} <= set(shipped_policies())
    default, strict = load_policy(), load_policy("strict")
    assert default.name == "default" and strict.name == "strict"
    assert strict.get("risk.unscannable") == "block" and default.get("risk.unscannable") == "warn"
    # inherited, not restated, in strict.yaml
    assert strict.get("personnel.sensitive_roles") == default.get("personnel.sensitive_roles")
    assert default.sha256 != strict.sha256 and re.fullmatch(r"[0-9a-f]{64}", default.sha256)


def test_user_policy_extends_and_merges(tmp_path):
    path = write(tmp_path, "extends: default\nname: mine\norganization:\n  internal_domains: [mine.gov]\n")
    policy = load_policy(path)
    assert policy.get("organization.internal_domains") == ["mine.gov"]
    assert policy.get("organization.name") == load_policy().get("organization.name")
    assert policy.entity("PERSON")["kind"] == "identifier"
    assert len(policy.files) == 2


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("extends: default\ndetection:\n  min_score: 0.5\n  phone_region: [US]\n", 4, "phone_region"),
        ("extends: default\nlimits:\n  max_depth: deep\n", 3, "is not of type 'integer'"),
        ("extends: default\nentities:\n  PERSON: {enabled: yes_please}\n", 3, "is not of type 'boolean'"),
        ("extends: default\nrisk:\n  unscannable: ignore\n", 3, "is not one of"),
        ("name: x\n\nfrobnicate: true\n", 3, "frobnicate"),
        ("extends: nonexistent_preset\n", 1, "no shipped policy or file"),
        ("detection: [1, 2\n", 2, "invalid YAML"),
        ("- just\n- a list\n", 1, "must be a mapping"),
    ],
)
def test_invalid_policy_names_file_and_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    message = error_for(path)
    assert message.startswith(f"{path}:{line}:"), message
    assert words in message


def test_error_in_extended_file_names_that_file(tmp_path):
    base = write(tmp_path, "name: base\nlimits:\n  max_members: -3\n", "base.yaml")
    child = write(tmp_path, "extends: base.yaml\nname: child\n", "child.yaml")
    assert error_for(child).startswith(f"{base}:3:")


def test_missing_file_and_extends_loop_are_errors(tmp_path):
    assert "not found" in error_for(tmp_path / "absent.yaml")
    write(tmp_path, "extends: b.yaml\n", "a.yaml")
    write(tmp_path, "extends: a.yaml\n", "b.yaml")
    assert "extends loop" in error_for(tmp_path / "a.yaml")
