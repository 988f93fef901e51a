"""Smoke test of the throughput benchmark at tiny scale: data, measurement and figures. No timing assertions."""
from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys

import openpyxl
import pytest

from bench import baselines, datasets, measure, throughput
from bench.report import targets

TINY = 0.0005  # 500 CSV rows, 50 XLSX rows, 5 documents, 26 KB of text


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("bench-data")


def test_generators_are_deterministic_and_cached(data_dir):
    assert list(datasets.personnel_rows(300)) == list(datasets.personnel_rows(300))
    path, manifest = datasets.ensure("csv", data_dir, TINY)
    rows = list(csv.reader(path.open()))
    assert rows[0] == datasets.HEADER and len(rows) == manifest["rows"] + 1 == 501
    assert sum(cell == "" for row in rows for cell in row) > 0  # empty cells are part of the mix
    xlsx, _ = datasets.ensure("xlsx", data_dir, TINY)
    sheet = openpyxl.load_workbook(xlsx, read_only=True).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)][1:] == [
        [c or None for c in row] for row in rows[1:51]]  # the XLSX is the CSV's first rows
    stamp = path.stat().st_mtime_ns
    assert datasets.ensure("csv", data_dir, TINY)[0].stat().st_mtime_ns == stamp  # cached
    manifest_path = path.parent / "manifest.json"
    manifest_path.write_text(json.dumps({**manifest, "version": -1}))
    assert datasets.ensure("csv", data_dir, TINY)[1]["version"] == datasets.VERSION  # rebuilt
    docs, manifest = datasets.ensure("docs", data_dir, TINY)
    assert sorted(p.suffix for p in docs.iterdir()) == [".csv", ".docx", ".eml", ".txt", ".txt"]
    text, manifest = datasets.ensure("text", data_dir, TINY)
    assert text.stat().st_size == manifest["bytes"] == round(datasets.FULL["text"] * TINY)


def test_run_records_exit_status_and_memory():
    result = measure.run([sys.executable, "-c", "b = bytearray(50 * 2**20); raise SystemExit(3)"])
    assert result.exit_status == 3 and result.wall_s > 0 and result.peak_rss_mb >= 50
    assert result.tree_peak_rss_mb >= result.peak_rss_mb


def test_tree_peak_adds_up_worker_processes():
    worker = "b = bytearray(60 * 2**20); import time; time.sleep(1.5)"
    main = f"import subprocess, sys; b = bytearray(60 * 2**20); subprocess.run([sys.executable, '-c', {worker!r}])"
    result = measure.run([sys.executable, "-c", main])
    # the kernel's figure is the largest single process; the sampled one adds the tree up
    assert result.exit_status == 0 and 60 <= result.peak_rss_mb < 120 <= result.tree_peak_rss_mb


def test_budgeted_baseline_extrapolates_from_its_slice():
    found = baselines.budgeted("fake", "rows", 1000, ((100, lambda: 7) for _ in range(10)), 0.0, "results")
    assert (found.measured, found.results, found.extrapolated) == (100, 7, True)
    assert found.full_s == pytest.approx(found.measured_s * 10)
    whole = baselines.budgeted("fake", "rows", 300, ((100, lambda: 1) for _ in range(3)), 1e9, "results")
    assert (whole.measured, whole.extrapolated) == (300, False)


def test_command_prints_counts_and_timings_only(data_dir, capsys, tmp_path):
    out = tmp_path / "figures.json"
    figures = throughput.main(["--scale", str(TINY), "--only", "csv,docs", "--data", str(data_dir),
                               "--presidio-budget", "0", "--auditor-args", "--nlp none", "--json", str(out)])
    printed = capsys.readouterr().out
    for name in ("csv", "docs"):
        run = figures["datasets"][name]["auditor"]
        assert run["exit_status"] == 0 and run["wall_s"] > 0 and run["peak_rss_mb"] > 0
        assert run["report"]["scanned"] > 0 and run["report"]["findings"] > 0 and run["report"]["occurrences"] > 0
    assert figures["datasets"]["docs"]["auditor"]["report"]["files"] == 5
    assert {t["target"] for t in figures["targets"]} >= {"1M-row CSV <= 60 s", "CSV peak RSS <= 1.5 GB"}
    assert json.loads(out.read_text())["datasets"].keys() == {"csv", "docs"}
    assert "rows/s" in printed and "files/s" in printed
    assert not re.search(r"@|\d{3}-\d{2}-\d{4}|\d{3}-555-|EMP-", printed)  # no value from the data


def test_a_failed_scan_is_recorded_and_misses_its_targets(data_dir, capsys):
    figures = throughput.main(["--scale", str(TINY), "--only", "csv", "--data", str(data_dir),
                               "--presidio-budget", "0", "--auditor-args=--no-such-option"])
    run = figures["datasets"]["csv"]["auditor"]
    assert run["exit_status"] == 2 and run["report"] == {}
    assert figures["targets"] and not any(t["met"] for t in figures["targets"])
    assert "the scan failed" in capsys.readouterr().out


def test_presidio_baseline_on_a_slice(data_dir):
    path, manifest = datasets.ensure("csv", data_dir, TINY)
    engine, _ = baselines.timed_engine()
    found = baselines.analyze_dict(engine, path, manifest["rows"], 0.0, batch_rows=20)
    assert (found.measured, found.total, found.extrapolated) == (20, 500, True)
    assert found.results > 0 and found.full_s > found.measured_s
    if importlib.util.find_spec("presidio_structured"):  # the bench extra, not the test one
        mapped = baselines.structured(engine, path, manifest["rows"], 0.0, batch_rows=20)
        assert mapped.measured == 20 and mapped.results > 0  # columns mapped to an entity type
    auditor = {"wall_s": 1.0, "tree_peak_rss_mb": 1.0, "exit_status": 0, "report": {"scanned": 1}}
    figures = {"scale": TINY, "auditor_args": "", "datasets": {"csv": {
        "data": manifest, "auditor": auditor, "baselines": [found.as_dict()]}}}
    assert any(t.startswith(">= 50x") for t, _, _ in targets(figures))


def test_startup_breakdown_times_every_step_of_a_one_file_scan(tmp_path, capsys):
    from bench import startup

    memo = tmp_path / "memo.txt"
    memo.write_text("Staffing memo: Jane Roe (jane.roe@agency.gov, 202-555-0187) joins the team.\n")
    steps = startup.main([str(memo), "--nlp", "none", "--runs", "1"])
    assert list(steps)[:2] == ["import auditor.cli (click)", "import spacy"] and "ledger entry" in steps
    assert all(seconds >= 0 for seconds in steps.values())
    assert "jane" not in capsys.readouterr().out.lower()  # timings only, never a value
