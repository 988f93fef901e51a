"""Time a command in a subprocess, with its peak RSS (os.wait4) and the peak RSS of its whole process tree.

The kernel's figure is the largest single process (the command, or a worker it has reaped). The tree figure
is sampled from /proc every 0.25 s and adds up the command and all its workers (e.g. `--jobs N`).
"""
from __future__ import annotations

import json
import os
import shlex
import statistics
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

AUDITOR = str(Path(sys.executable).with_name("auditor"))
REPORT_COUNTS = ("files", "scanned", "failed", "partial", "bytes", "findings", "occurrences", "individuals")


@dataclass
class Run:
    wall_s: float
    exit_status: int
    peak_rss_mb: float       # the process itself, from the kernel's rusage
    tree_peak_rss_mb: float  # the process and its descendants, sampled
    report: dict = field(default_factory=dict)  # counts only, from the JSON report's summary

    def as_dict(self) -> dict:
        return asdict(self)


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rpartition(")")[2].split()[1])
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss_kb(root: int, include_root: bool = True) -> int:
    """Resident memory of root (unless left out) and all its descendants, in KB (0 once they have gone)."""
    tree = _children()
    todo, total = [root] if include_root else list(tree.get(root, ())), 0
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, ()))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


# Linux carries a process's peak RSS across exec, and a child forked from this (large) process starts with
# this process's peak. So the command is started from a small launcher: its own peak is then the command's.
LAUNCHER = """import os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ,
                      file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def run(cmd: list[str], stderr_path: Path | None = None) -> Run:
    """Run cmd to completion; its stdout is discarded, its stderr goes to stderr_path (never to our output)."""
    err = stderr_path.open("wb") if stderr_path else subprocess.DEVNULL
    launcher = subprocess.Popen([sys.executable, "-S", "-c", LAUNCHER, *cmd], stdout=subprocess.PIPE, stderr=err)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kb(launcher.pid, include_root=False))
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = launcher.communicate()
    done.set()
    sampler.join()
    if stderr_path:
        err.close()
    if launcher.returncode:
        raise RuntimeError(f"could not start {cmd[0]} (launcher exit {launcher.returncode})")
    wall, status, maxrss_kb = out.split()
    own = int(maxrss_kb) / 1024
    return Run(float(wall), int(status), own, max(own, peak[0] / 1024))


def report_counts(path: Path) -> dict:
    """Counts from an auditor JSON report's summary; never any value from the data."""
    try:
        summary = json.loads(path.read_text())["summary"]
    except (OSError, ValueError, KeyError):
        return {}
    return {k: summary[k] for k in REPORT_COUNTS if k in summary}


def comparable(report: Path) -> dict | None:
    """A JSON report without its timestamps (None if it was not written)."""
    if not report.exists():
        return None
    doc = json.loads(report.read_text())
    return {k: v for k, v in doc.items() if k not in ("started_at", "finished_at")}


def scan(target: Path, out_dir: Path, extra_args: str = "", name: str = "scan") -> Run:
    """`auditor scan TARGET --format json` with the caller's extra arguments; the report's counts attached."""
    out_dir.mkdir(parents=True, exist_ok=True)
    report = out_dir / f"{name}.json"
    report.unlink(missing_ok=True)
    cmd = [AUDITOR, "scan", str(target), "--format", "json", "-o", str(report), "--fail-on", "never", "-q",
           *shlex.split(extra_args)]
    result = run(cmd, out_dir / f"{name}.stderr")
    result.report = report_counts(report)
    return result


def repeated(cmd: list[str], times: int = 3) -> dict:
    """Best and median wall time of `times` runs, and the worst exit status."""
    runs = [run(cmd) for _ in range(times)]
    walls = [r.wall_s for r in runs]
    return {"best_s": min(walls), "median_s": statistics.median(walls), "runs": times,
            "exit_status": max((r.exit_status for r in runs), key=abs),
            "peak_rss_mb": max(r.peak_rss_mb for r in runs)}
