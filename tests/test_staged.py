"""scan --staged reads the git index, not the working tree, from anywhere in the repository."""
from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

import auditor
from auditor.cli import main

RISKY = "Employee Dana Whitfield, SSN 612-48-3391.\n"
CLEAN = "The cafeteria will close early on Friday for maintenance.\n"


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.name", "Test User")
    git(root, "config", "user.email", "test@example.invalid")
    git(root, "config", "commit.gpgsign", "false")
    (root / "README.md").write_text("project\n")
    git(root, "add", "README.md")
    git(root, "commit", "-q", "-m", "start")
    monkeypatch.chdir(root)
    return root


def staged_scan(*extra):
    result = CliRunner().invoke(main, ["scan", "--staged", "--nlp", "none", "--format", "json", *extra])
    doc = json.loads(result.stdout) if result.exit_code in (0, 1) else None
    return result, doc


def test_the_index_is_scanned_not_the_working_tree(repo):
    (repo / "memo.txt").write_text(RISKY)
    git(repo, "add", "memo.txt")
    (repo / "memo.txt").write_text(CLEAN)  # the working copy is clean, the staged copy is not
    (repo / "untracked.txt").write_text(RISKY)  # never staged: not scanned
    result, doc = staged_scan()
    assert result.exit_code == 1, result.output
    assert [f["path"] for f in doc["files"]] == ["memo.txt"]
    assert doc["summary"]["by_entity"].get("US_SSN") == 1
    assert doc["files"][0]["size"] == len(RISKY)

    (repo / "memo.txt").write_text(CLEAN)
    git(repo, "add", "memo.txt")
    (repo / "memo.txt").write_text(RISKY)  # now the other way round
    result, doc = staged_scan()
    assert result.exit_code == 0, result.output
    assert [f["path"] for f in doc["files"]] == ["memo.txt"] and doc["summary"]["findings"] == 0


def test_renamed_and_modified_files_are_scanned_but_unchanged_ones_are_not(repo):
    (repo / "old.txt").write_text(RISKY)
    (repo / "kept.txt").write_text(RISKY)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "two files")
    git(repo, "mv", "old.txt", "new.txt")
    result, doc = staged_scan()
    assert result.exit_code == 1 and [f["path"] for f in doc["files"]] == ["new.txt"]


def test_from_a_subdirectory_paths_are_repo_relative_and_limit_the_scan(repo, monkeypatch):
    (repo / "docs" / "hr").mkdir(parents=True)
    (repo / "docs" / "hr" / "list.txt").write_text(RISKY)
    (repo / "other.txt").write_text(CLEAN)
    git(repo, "add", ".")
    monkeypatch.chdir(repo / "docs")
    result, doc = staged_scan()
    assert result.exit_code == 1 and [f["path"] for f in doc["files"]] == ["docs/hr/list.txt", "other.txt"]
    result, doc = staged_scan("hr")  # a pathspec, relative to the current folder
    assert [f["path"] for f in doc["files"]] == ["docs/hr/list.txt"]
    assert auditor.scan([], staged=repo, nlp="none").decision == "block"


def test_nothing_staged_and_outside_a_repository_exit_2(repo, tmp_path, monkeypatch):
    result = CliRunner().invoke(main, ["scan", "--staged", "--nlp", "none"])
    assert result.exit_code == 2 and "nothing staged" in result.stderr
    (repo / "untracked.txt").write_text(RISKY)
    assert CliRunner().invoke(main, ["scan", "--staged", "--nlp", "none"]).exit_code == 2
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = CliRunner().invoke(main, ["scan", "--staged", "--nlp", "none"])
    assert result.exit_code == 2 and "not inside a git work tree" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    usage = CliRunner().invoke(main, ["scan", "--nlp", "none"])
    assert usage.exit_code == 2 and "--staged" in usage.output


def test_an_oversized_staged_file_is_reported_not_passed(repo, monkeypatch):
    (repo / "big.txt").write_text(RISKY * 40000)  # about 1.6 MB
    (repo / "small.txt").write_text(RISKY)
    git(repo, "add", ".")
    policy = repo / "tiny.yaml"
    policy.write_text("extends: default\nname: tiny\nlimits:\n  max_file_mb: 1\n")
    result, doc = staged_scan("--policy", str(policy), "big.txt", "small.txt")
    by_path = {f["path"]: f for f in doc["files"]}
    assert by_path["big.txt"]["status"] == "error" and "limit" in by_path["big.txt"]["reason"]
    assert by_path["small.txt"]["status"] == "scanned"
    assert by_path["small.txt"]["findings"]
