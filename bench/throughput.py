"""Throughput benchmark: auditor end to end on large synthetic data, side by side with Presidio in the same run.

    python -m bench.throughput [--scale 0.01] [--only csv,xlsx,docs,text,dask,startup] [--auditor-args "--jobs 2"]

auditor runs as a subprocess (`auditor scan PATH --format json ...`), so every figure includes its start-up.
Only counts and timings are printed, never a value from the data. See bench/README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from pathlib import Path
from unittest.mock import patch

from bench import baselines, datasets, measure
from bench.report import print_baselines, print_dask, print_scan, print_startup, print_targets

HERE = Path(__file__).resolve().parent
DATASETS = ("csv", "xlsx", "docs", "text")
PARTS = DATASETS + ("dask", "startup")
DASK_DATASETS = ("csv", "docs")  # rerun on a 2-worker LocalCluster and compared with the local report
BENCH_KEY = "auditor-benchmark-fingerprint-key-0001"  # fixed: reports of two runs can then be compared


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.throughput", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="shrink every dataset by this factor (default 1)")
    parser.add_argument("--only", default=",".join(PARTS),
                        help="comma-separated: csv,xlsx,docs,text,dask,startup (dask reruns csv and docs, if run, "
                             "on a local Dask cluster)")
    parser.add_argument("--data", type=Path, default=HERE / "data", help="dataset cache (default bench/data)")
    parser.add_argument("--presidio-budget", type=float, default=60.0,
                        help="seconds of Presidio time per baseline before extrapolating; 0 skips the baselines")
    parser.add_argument("--auditor-args", default="", help='extra arguments for auditor scan, e.g. "--jobs 2"')
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.only) - set(PARTS)
    if unknown:
        parser.error(f"unknown --only part(s): {', '.join(sorted(unknown))}")
    if args.scale <= 0:
        parser.error("--scale must be above 0")
    return args


def run_baselines(name: str, path: Path, manifest: dict, budget: float, engine, csv_baselines: list) -> list:
    if name == "csv":
        csv_baselines[:] = [baselines.analyze_dict(engine, path, manifest["rows"], budget),
                            baselines.structured(engine, path, manifest["rows"], budget)]
        return csv_baselines
    if name == "xlsx":  # the same records as the CSV's first rows: the CSV's per-row Presidio rate applies
        return [b.scaled_to(manifest["rows"], b.name) for b in csv_baselines]
    if name == "text":
        return [baselines.text(engine, path, budget)]
    return [baselines.documents(engine, path, budget)]


def bench_datasets(args: argparse.Namespace, figures: dict) -> None:
    out_dir = args.data / f"scale-{args.scale:g}" / "out"
    engine, csv_baselines = None, []
    for name in (n for n in DATASETS if n in args.only or (n == "csv" and "xlsx" in args.only)):
        path, manifest = datasets.ensure(name, args.data, args.scale, log=print)
        # with --only xlsx the CSV is still needed: its Presidio per-row rate gives the XLSX ratios
        run = measure.scan(path, out_dir, args.auditor_args, name) if name in args.only else None
        if run:
            print_scan(name, manifest, run)
        found = []
        if args.presidio_budget > 0:
            if engine is None:
                engine, startup_s = baselines.timed_engine()
                print(f"  (Presidio engine built in {startup_s:.1f} s, not counted in its figures)")
            found = run_baselines(name, path, manifest, args.presidio_budget, engine, csv_baselines)
            if run:
                print_baselines(found, run.wall_s)
        if run:
            figures["datasets"][name] = {"data": manifest, "auditor": run.as_dict(),
                                         "baselines": [b.as_dict() for b in found]}


def bench_dask(args: argparse.Namespace, figures: dict) -> None:
    """The csv and docs scans again with ``--engine dask`` (a LocalCluster of 2 workers): same report?"""
    out_dir = args.data / f"scale-{args.scale:g}" / "out"
    for name in (n for n in DASK_DATASETS if n in figures["datasets"]):
        path, _ = datasets.ensure(name, args.data, args.scale)
        run = measure.scan(path, out_dir, f"{args.auditor_args} --engine dask --jobs 2", f"{name}-dask")
        same = run.exit_status == 0 and measure.comparable(out_dir / f"{name}.json") == measure.comparable(
            out_dir / f"{name}-dask.json")
        figures.setdefault("dask", {})[name] = {"auditor": run.as_dict(), "same_report": same}
        print_dask(name, run, same)


def bench_startup(args: argparse.Namespace, figures: dict) -> None:
    docs, _ = datasets.ensure("docs", args.data, 1 / datasets.FULL["docs"])  # one document: the first memo
    small = docs / "doc-00000.txt"
    scan = [measure.AUDITOR, "scan", str(small), "--format", "json", "-o", os.devnull, "--fail-on", "never", "-q",
            *shlex.split(args.auditor_args)]
    figures["startup"] = {"help": measure.repeated([measure.AUDITOR, "--help"]),
                          "small_file_ner": measure.repeated(scan),
                          "small_file_pattern_only": measure.repeated(scan + ["--nlp", "none"]),
                          "small_file_bytes": small.stat().st_size}
    print_startup(figures["startup"])


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress shows through a pipe or tee
    figures = {"scale": args.scale, "auditor_args": args.auditor_args, "cpus": os.cpu_count(),
               "presidio_budget_s": args.presidio_budget, "datasets": {}}
    print(f"auditor throughput benchmark: scale {args.scale:g}, {os.cpu_count()} CPUs, "
          f"auditor args {args.auditor_args or '(none)'}, "
          + (f"Presidio budget {args.presidio_budget:g} s per baseline" if args.presidio_budget > 0
             else "Presidio baselines off"))
    with patch.dict(os.environ, {"AUDITOR_KEY": os.environ.get("AUDITOR_KEY", BENCH_KEY)}):  # restored after
        bench_datasets(args, figures)
        if "dask" in args.only:
            bench_dask(args, figures)
        if "startup" in args.only:
            bench_startup(args, figures)
    print_targets(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return figures


if __name__ == "__main__":
    main()
