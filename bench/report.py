"""Printing the throughput figures and checking them against the issue's targets. Counts and timings only."""
from __future__ import annotations

from bench.baselines import Baseline
from bench.datasets import FULL
from bench.measure import Run

MB = 2**20
UNIT = {"csv": "rows", "xlsx": "rows", "docs": "files", "text": "bytes"}
FULL_CSV_ROWS, FULL_DOCS = FULL["csv"], FULL["docs"]


def _rate(units: float, unit: str, seconds: float) -> str:
    if seconds <= 0:
        return "n/a"
    if unit == "bytes":
        return f"{units / MB / seconds:,.2f} MB/s"
    return f"{units / seconds:,.0f} {unit}/s"


def _size(name: str, manifest: dict) -> str:
    unit = UNIT[name]
    what = f"{manifest[unit]:,} {unit}" if unit != "bytes" else "plain-text corpus"
    columns = f" x {manifest['columns']} columns" if "columns" in manifest else ""
    return f"{what}{columns}, {manifest['bytes'] / MB:,.1f} MB"


def print_scan(name: str, manifest: dict, run: Run) -> None:
    unit = UNIT[name]
    rates = _rate(manifest["bytes"], "bytes", run.wall_s)
    if unit != "bytes":
        rates = f"{_rate(manifest[unit], unit, run.wall_s)}, {rates}"
    counts = ", ".join(f"{k} {v:,}" for k, v in run.report.items() if k != "bytes") or "no report written"
    print(f"\n{name}: {_size(name, manifest)}")
    print(f"  auditor scan: {run.wall_s:,.1f} s, {rates}, peak RSS {run.peak_rss_mb:,.0f} MB "
          f"(process tree {run.tree_peak_rss_mb:,.0f} MB), exit {run.exit_status}")
    print(f"    report: {counts}")
    if run.exit_status:
        print(f"    the scan failed: its stderr is kept beside its report (scale folder, out/{name}.stderr)")


def print_baselines(found: list[Baseline], auditor_s: float) -> None:
    for b in found:
        how = (f"measured on {b.measured:,} of {b.total:,} {b.unit} in {b.measured_s:,.1f} s, extrapolated"
               if b.extrapolated else f"measured on all {b.total:,} {b.unit}")
        how = b.note or f"{how}; {b.results:,} {b.result_label}"
        print(f"  {b.name}: {b.full_s:,.1f} s, {_rate(b.measured, b.unit, b.measured_s)} ({how})")
        print(f"    ratio Presidio / auditor: {b.full_s / auditor_s:,.1f}x")


def print_dask(name: str, run: Run, same: bool) -> None:
    print(f"\n{name} on a local Dask cluster (2 workers): {run.wall_s:,.1f} s, peak RSS "
          f"{run.peak_rss_mb:,.0f} MB (process tree {run.tree_peak_rss_mb:,.0f} MB), exit {run.exit_status}")
    print(f"  same report as the local engine (timestamps aside): {'yes' if same else 'NO'}")


def print_startup(startup: dict) -> None:
    print(f"\nstart-up (best / median of {startup['help']['runs']} runs; small file "
          f"{startup['small_file_bytes']:,} bytes)")
    for key, label in (("help", "auditor --help"), ("small_file_ner", "one small file, NER"),
                       ("small_file_pattern_only", "one small file, --nlp none")):
        r = startup[key]
        print(f"  {label}: {r['best_s']:.2f} s / {r['median_s']:.2f} s, exit {r['exit_status']}")


def full_size_s(figures: dict, name: str, unit: str, full: int) -> tuple[float, str]:
    """auditor's time for the full-size dataset: measured at scale 1, otherwise projected from this run as
    start-up (the small-file scan's best time, when measured) plus the rest scaled linearly."""
    run, units = figures["datasets"][name]["auditor"], figures["datasets"][name]["data"][unit]
    if units >= full:
        return run["wall_s"], "measured"
    startup = min(figures.get("startup", {}).get("small_file_ner", {}).get("best_s", 0.0), run["wall_s"])
    how = "start-up + linear" if startup else "linear"
    return startup + (run["wall_s"] - startup) * full / units, f"projected from {units:,} {unit}, {how}"


def _failure(run: dict) -> str:
    """Why a run's figures cannot count, or '' when they can."""
    if run["exit_status"] != 0:
        return f"the command failed (exit {run['exit_status']})"
    return "" if "report" not in run or run["report"].get("scanned") else "no report, or nothing scanned"


def targets(figures: dict) -> list[tuple[str, str, bool | None]]:
    """(target, what was measured, met) for every target whose figure this run produced."""
    out, data = [], figures["datasets"]

    def add(target: str, measured: str, ok: bool | None, run: dict) -> None:
        """``ok`` None: this run cannot tell (printed n/a)."""
        failure = _failure(run)
        out.append((target, failure or measured, False if failure else ok))

    if "csv" in data:
        run, rows = data["csv"]["auditor"], data["csv"]["data"]["rows"]
        full_s, how = full_size_s(figures, "csv", "rows", FULL_CSV_ROWS)
        add("1M-row CSV <= 60 s", f"{full_s:,.1f} s ({how})", full_s <= 60, run)
        full = rows >= FULL_CSV_ROWS  # memory grows with the rows: only a full-size run can meet this
        add("CSV peak RSS <= 1.5 GB", f"{run['tree_peak_rss_mb']:,.0f} MB (at {rows:,} rows"
            f"{'' if full else '; not judged below 1M rows'})", run["tree_peak_rss_mb"] <= 1536 if full else None, run)
        for b in data["csv"]["baselines"][:1]:  # per-cell analyze_dict, both sides taken to 1M rows
            ratio = b["measured_s"] * FULL_CSV_ROWS / b["measured"] / full_s
            add(">= 50x faster than per-cell Presidio", f"{ratio:,.1f}x (1M rows, {how})", ratio >= 50, run)
    if "docs" in data:
        full_s, how = full_size_s(figures, "docs", "files", FULL_DOCS)
        ner = "--nlp none" not in figures["auditor_args"]
        add(f"10,000 small documents >= 100 files/s{' with NER' if ner else ' (NER was off)'}",
            f"{FULL_DOCS / full_s:,.0f} files/s ({how})", FULL_DOCS / full_s >= 100, data["docs"]["auditor"])
    for name, check in figures.get("dask", {}).items():
        add(f"Dask LocalCluster (2 workers) gives the local findings and decisions ({name})",
            "same report" if check["same_report"] else "reports differ", check["same_report"], check["auditor"])
    for key, label, limit in (("help", "auditor --help", 0.5), ("small_file_ner", "one small file with NER", 2.5),
                              ("small_file_pattern_only", "one small file, --nlp none", 1.0)):
        if key in figures.get("startup", {}):
            run = figures["startup"][key]
            add(f"{label} <= {limit} s", f"{run['median_s']:.2f} s (median)", run["median_s"] <= limit, run)
    return out


def print_targets(figures: dict) -> None:
    figures["targets"] = [{"target": t, "measured": m, "met": ok} for t, m, ok in targets(figures)]
    if figures["targets"]:
        print("\ntargets")
    for t in figures["targets"]:
        mark = "n/a   " if t["met"] is None else "met   " if t["met"] else "MISSED"
        print(f"  {mark} {t['target']}: {t['measured']}")
