"""action.yml and .pre-commit-hooks.yaml run real CLI options, and the action's shell steps work."""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from auditor.cli import main

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
FLAG = re.compile(r"(?<![\w$-])(--?[a-z][a-z-]*)")


def scan_flags() -> set[str]:
    """Every option of `auditor scan`, read from its --help as a user would see it."""
    result = CliRunner().invoke(main, ["scan", "--help"])
    assert result.exit_code == 0
    return set(FLAG.findall(result.output)) - {"-"}


@pytest.fixture(scope="module")
def action():
    return yaml.safe_load((ROOT / "action.yml").read_text())


def step(action, name):
    return next(s for s in action["runs"]["steps"] if s.get("name") == name)


def test_pre_commit_hook_runs_real_options():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "auditor" and hook["language"] == "python"
    argv = shlex.split(hook["entry"]) + hook.get("args", [])
    assert argv[:2] == ["auditor", "scan"] and "--staged" in argv
    assert set(a for a in argv if a.startswith("-")) <= scan_flags()
    assert hook["pass_filenames"] is False  # --staged reads the index itself


def test_action_runs_real_options_and_uses_its_inputs(action):
    assert action["runs"]["using"] == "composite"
    scan = step(action, "Scan")
    arrays = re.findall(r"args\+?=\(([^)]*)\)", scan["run"])
    assert arrays and arrays[0].split()[0] == "scan"
    used = {f for array in arrays for f in FLAG.findall(array)}
    assert {"--format", "-o", "--fail-on", "--policy", "--to"} <= used
    assert used <= scan_flags(), used - scan_flags()
    assert 'auditor "${args[@]}"' in scan["run"]
    text = (ROOT / "action.yml").read_text()
    assert set(re.findall(r"inputs\.([a-z-]+)", text)) <= set(action["inputs"])
    assert {"paths", "policy", "fail-on", "recipients"} <= set(action["inputs"])
    install = step(action, "Install auditor from this action")
    assert '"$GITHUB_ACTION_PATH"' in install["run"]
    upload = step(action, "Upload SARIF to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"


def run_step(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    bin_dir = str(Path(sys.executable).parent)  # where the test venv's `auditor` lives
    full = {**os.environ, **env, "PATH": bin_dir + os.pathsep + os.environ["PATH"]}
    argv = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]  # as GitHub runs `shell: bash`
    return subprocess.run(argv, env=full, cwd=cwd, capture_output=True, text=True)


def test_the_action_scan_step_writes_valid_sarif_and_the_decision_step_follows_the_exit_code(action, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "memo.txt").write_text("Employee Dana Whitfield, SSN 612-48-3391, Case Officer.\n")
    (tmp_path / "in" / "clean.txt").write_text("The cafeteria closes early on Friday.\n")
    output = tmp_path / "github_output"
    inputs = {"PATHS": "in/memo.txt in/clean.txt", "POLICY": "default", "FAIL_ON": "block", "NLP": "none",
              "RECIPIENTS": "a@partner.example b@partner.example", "SARIF": "out.sarif",
              "GITHUB_OUTPUT": str(output), "RUNNER_TEMP": str(tmp_path)}
    done = run_step(step(action, "Scan")["run"], inputs, tmp_path)
    assert done.returncode == 0, done.stderr  # the step records the code; a later step fails the job
    assert output.read_text().strip() == "exit-code=1"
    sarif = json.loads((tmp_path / "out.sarif").read_text())
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(sarif)
    assert sarif["runs"][0]["results"]
    assert (tmp_path / "auditor-ledger.jsonl").exists()
    decide = step(action, "Apply the decision")["run"]
    assert [run_step(decide, {"CODE": c, "FAIL_ON": "block"}, tmp_path).returncode for c in "012"] == [0, 1, 2]
