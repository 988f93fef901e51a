"""Human summary for compliance officers, rendered from the report dict only (which holds no raw values)."""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rich is imported when text is rendered: JSON and SARIF runs never load it
    from rich.console import Console
    from rich.table import Table

STYLE = {"block": "bold white on red", "warn": "bold black on yellow", "pass": "bold white on green"}
RANK = {"pass": 0, "warn": 1, "block": 2}
NOT_READ = {"error": "could not be read", "unscannable": "could not be scanned", "partial": "only partly read"}


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def summary_line(doc: dict[str, Any]) -> str:
    """One line for CI logs: decision, score, and how much was actually scanned."""
    s = doc["summary"]
    failed = f", {s['failed']} could not be read" if s["failed"] else ""
    override = doc.get("override")
    overridden = f" OVERRIDDEN from {override['original_decision'].upper()}" if override else ""
    return (f"auditor: {doc['decision'].upper()}{overridden} "
            f"(risk {doc['risk']['score']}/100, {doc['risk']['level']}) - "
            f"{s['files']} files, {_size(s['bytes'])} scanned{failed}; {s['individuals']} individuals, "
            f"{s['occurrences']} identity values in {s['findings']} findings; policy {doc['policy']['name']}")


def _entities(entry: dict[str, Any], limit: int = 4) -> str:
    counts = Counter()
    for finding in entry["findings"]:
        counts[finding["entity_type"]] += finding["count"]
    shown = [f"{name} {n}" for name, n in counts.most_common(limit)]
    more = len(counts) - limit
    return ", ".join(shown) + (f", +{more} more" if more > 0 else "")


def _files_table(entries: list[dict[str, Any]]) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_header=True, header_style="bold", expand=False, show_lines=False)
    for column, kwargs in (("decision", {}), ("file", {"overflow": "fold"}), ("people", {"justify": "right"}),
                           ("what was found", {"overflow": "fold"})):
        table.add_column(column, **kwargs)
    for entry in entries:
        table.add_row(Text(entry["decision"].upper(), style=STYLE[entry["decision"]]), entry["path"],
                      str(entry["individuals"]), _entities(entry) or "-")
    return table


def render_text(doc: dict[str, Any], console: Console) -> None:
    from rich.text import Text

    s, risk = doc["summary"], doc["risk"]
    header = Text()
    header.append(f" {doc['decision'].upper()} ", style=STYLE[doc["decision"]])
    header.append(f"  risk {risk['score']}/100 ({risk['level']})  |  {s['files']} files, {_size(s['bytes'])}"
                  f"  |  {s['individuals']} individuals  |  policy {doc['policy']['name']}")
    console.print(header)
    override = doc.get("override")
    if override:
        console.print(f"  OVERRIDDEN: the decision was {override['original_decision'].upper()}; "
                      f"{override['user']} let it pass at {override['at']}", style="bold", markup=False)
        console.print(f"  justification: {override['justification']}", markup=False)
    for reason in risk["reasons"][:8]:
        console.print(f"  - {reason}")
    flagged = sorted((f for f in doc["files"] if f["decision"] != "pass"),
                     key=lambda f: (-RANK[f["decision"]], -f["risk"]["score"], f["path"]))
    if flagged:
        console.print()
        console.print(_files_table(flagged))
    clean = len(doc["files"]) - len(flagged)
    console.print(f"\n{clean} of {s['files']} files passed.")
    unread = [f for f in doc["files"] if f["status"] != "scanned"]
    if unread:
        console.print("\n[bold]Not fully read[/bold]")
        for entry in unread:
            console.print(f"  {entry['path']}: {NOT_READ[entry['status']]}: {entry['reason']}", markup=False)
    notices = [doc["detection"].get("notice"), doc["fingerprints"].get("notice")]
    for notice in filter(None, notices):
        console.print(f"\nnote: {notice}", style="dim")
    console.print("\nEvidence in reports is masked. For every finding: auditor scan ... --format json", style="dim")
