"""Command line: parses arguments and calls the library. Exit 0 pass, 1 at/above --fail-on, 2 error."""
from __future__ import annotations

import gc
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from auditor.lazy import defer_unused_imports
from auditor.offline import network_blocked

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_ON = {"warn": 1, "block": 2, "never": 99}
RANK = {"pass": 0, "warn": 1, "block": 2}
PASSPHRASE_ENV = "AUDITOR_KEY_PASSPHRASE"


def _fail(message: str) -> None:
    click.echo(f"auditor: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@contextmanager
def _errors_as_exit():
    """Known failures become one line on stderr and exit 2; nothing raw is printed."""
    from auditor.detect import DetectorError
    from auditor.engines import EngineError
    from auditor.policy import PolicyError
    from auditor.redact import FingerprintKeyError
    from auditor.roster import RosterError
    from auditor.roster.keys import SecretKeyError
    from auditor.evidence import SigningError
    from auditor.evidence.baseline import BaselineError
    from auditor.evidence.ledger import LedgerError
    from auditor.evidence.override import OverrideError
    from auditor.scanner import NothingScanned
    from auditor.sources import StagedError

    try:
        yield
    except (PolicyError, DetectorError, FingerprintKeyError, NothingScanned, RosterError, SecretKeyError,
            SigningError, BaselineError, LedgerError, OverrideError, StagedError, EngineError) as exc:
        _fail(str(exc))
    except (OSError, ValueError) as exc:
        _fail(f"{type(exc).__name__}: {getattr(exc, 'strerror', None) or 'invalid input'}")
    except Exception as exc:  # a bug: exit 2 with the type only, since messages may quote content
        _fail(f"internal error ({type(exc).__name__}); rerun with --format json on fewer files to narrow it down")


def _passphrase() -> bytes | None:
    value = os.environ.get(PASSPHRASE_ENV)
    return value.encode() if value else None


def _load_report(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        _fail(f"{path}: not a readable JSON report ({type(exc).__name__})")


def _console(stream, force_plain: bool = False):
    from rich.console import Console

    plain = force_plain or not stream.isatty()
    return Console(file=stream, no_color=plain, width=100 if plain else None, highlight=False, soft_wrap=False)


@contextmanager
def _collector_paused(module: str):
    """Importing the detection libraries makes about 100,000 long-lived objects and little garbage, which the
    cyclic collector would walk again and again (a fifth of a small scan's CPU time). On the first import of
    ``module`` it is paused, and what the import made is then kept out of its later passes (gc.freeze)."""
    if module in sys.modules:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


@contextmanager
def _progress(enabled: bool):
    """A spinner with a file count on stderr for interactive runs; a no-op otherwise."""
    if not enabled:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(SpinnerColumn(), TextColumn("scanning {task.completed} files: {task.description}"),
                  console=_console(sys.stderr), transient=True) as bar:
        task = bar.add_task("", total=None)
        yield lambda item: bar.update(task, advance=1, description=item.path[-60:])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="auditor")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Find personnel identity data in outgoing files and decide pass, warn or block."""
    defer_unused_imports()  # this process only: see auditor.lazy
    ctx.with_resource(network_blocked())


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _check_evidence_options(paths, staged, override, justification, no_ledger, ledger, ledger_sign) -> None:
    if not paths and not staged:
        raise click.UsageError("give PATH... to scan, or --staged for the git index")
    if "-" in paths and staged:
        raise click.UsageError("--staged reads the git index: '-' (stdin) cannot go with it")
    if justification is not None and not override:
        raise click.UsageError("--justification goes with --override")
    if override and not (justification or "").strip():
        raise click.UsageError("--override needs a non-empty --justification: say why the content may be sent")
    if no_ledger and (override or ledger or ledger_sign):
        raise click.UsageError("--no-ledger cannot go with --override, --ledger or --ledger-sign: "
                               "an override is always recorded")


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--staged", is_flag=True, help="Scan the git index (what would be committed); PATHS limit it.")
@click.option("--policy", "policy", metavar="FILE", help="Policy YAML or shipped name (default, strict).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report here.")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="block", show_default=True,
              help="Exit 1 when the decision is at or above this.")
@click.option("--nlp", metavar="MODEL", help="spaCy pipeline name or folder; 'none' for pattern-only.")
@click.option("--include", multiple=True, metavar="GLOB", help="Only scan matching paths (repeatable).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip matching paths (repeatable).")
@click.option("--ignore-file", type=click.Path(exists=True, dir_okay=False), help="gitignore-style file.")
@click.option("--to", "recipients", multiple=True, metavar="ADDRESS", help="Where the content is going (repeatable).")
@click.option("--key-file", type=click.Path(exists=True, dir_okay=False),
              help="Secret key file (>= 32 bytes) for fingerprints and the roster.")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False), help="Protected-roster file (needs --key-file).")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False), help="Suppress findings accepted here.")
@click.option("--sign", "sign_key", type=click.Path(exists=True, dir_okay=False),
              help="Sign the JSON report with this Ed25519 key (passphrase from AUDITOR_KEY_PASSPHRASE).")
@click.option("--explain", is_flag=True, help="Keep each finding's detection explanation in the report.")
@click.option("--override", is_flag=True, help="Let a warn or block pass; recorded in the report and the ledger.")
@click.option("--justification", metavar="TEXT", help="Why the override is acceptable (required with --override).")
@click.option("--ledger", type=click.Path(dir_okay=False),
              help="Decision ledger (default: $AUDITOR_LEDGER, else ~/.local/state/auditor/ledger.jsonl).")
@click.option("--no-ledger", is_flag=True, help="Do not record this scan (refused with --override).")
@click.option("--ledger-sign", type=click.Path(exists=True, dir_okay=False),
              help="Sign the ledger entry with this Ed25519 key (passphrase from AUDITOR_KEY_PASSPHRASE).")
@click.option("--show-values", is_flag=True, help="Print raw values, to an interactive terminal only.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: serial for a small scan, one "
              "per free CPU for a medium one, one per CPU from 256 files; 1 = serial). With --engine dask and no "
              "--scheduler: local Dask workers (default 2).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where files are scanned: this machine, or a Dask cluster, large tables split by rows "
              "(needs the 'dask' extra).")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tls://host:8786 (with --engine dask; "
              "default: a loopback-only local cluster).")
def scan(paths, staged, policy, fmt, output, fail_on, nlp, include, exclude, ignore_file, recipients, key_file,
         roster, baseline, sign_key, explain, override, justification, ledger, no_ledger, ledger_sign, show_values,
         quiet, jobs, engine, scheduler) -> None:
    """Scan files, folders, archives and emails ('-' reads stdin), or the git index (--staged)."""
    if sign_key and fmt != "json":
        raise click.UsageError("--sign signs the JSON report: add --format json")
    _check_evidence_options(paths, staged, override, justification, no_ledger, ledger, ledger_sign)
    from auditor.reveal import refusal

    if show_values and (why := refusal(_stdout_is_terminal(), fmt, output)):
        raise click.UsageError(why)
    with _collector_paused("auditor.scanner"):
        from auditor.report import build_sarif, render_text, strip_explanations, summary_line, write_json
        from auditor.scanner import scan as run_scan

    interactive = sys.stderr.isatty() and not quiet
    with _errors_as_exit(), _progress(interactive) as on_item:
        outcome = run_scan(paths, policy=policy, nlp=nlp, key_file=key_file, include=include, exclude=exclude,
                           ignore_file=ignore_file, recipients=recipients, roster=roster, baseline=baseline,
                           stdin=sys.stdin.buffer, on_item=on_item, staged=staged, jobs=jobs, engine=engine,
                           scheduler=scheduler)
    doc = outcome.report if explain else strip_explanations(outcome.report)
    if override:
        from auditor.evidence.override import apply_override

        with _errors_as_exit():
            doc = apply_override(doc, justification)
        if "override" not in doc:
            click.echo("auditor: note: the decision is already pass; there was nothing to override", err=True)
    if sign_key:
        from auditor.evidence import sign_report

        with _errors_as_exit():
            doc = sign_report(doc, sign_key, _passphrase())
    if not no_ledger:
        from auditor.evidence.ledger import append_entry

        with _errors_as_exit():
            append_entry(doc, ledger, sign_key=ledger_sign, passphrase=_passphrase())
    target = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == "json":
            write_json(doc, target)
        elif fmt == "sarif":
            kinds = {e: outcome.policy.entity(e).get("kind", "attribute") for e in doc["summary"]["by_entity"]}
            write_json(build_sarif(doc, kinds), target)
        else:
            render_text(doc, _console(target, force_plain=bool(output)))
            if show_values:
                from auditor.reveal import render_values

                render_values(outcome.result.files, _console(target))
    finally:
        if output:
            target.close()
    if output or fmt != "text":
        click.echo(summary_line(doc), err=True)
    sys.exit(EXIT_FINDINGS if RANK[doc["decision"]] >= FAIL_ON[fail_on] else EXIT_OK)


@main.group()
def rules() -> None:
    """Check and inspect policy files."""


@rules.command("validate")
@click.argument("file")
def rules_validate(file) -> None:
    """Validate a policy file (and everything it extends)."""
    from auditor.policy import load_policy

    with _errors_as_exit():
        policy = load_policy(file)
    click.echo(f"{file}: valid policy '{policy.name}' (sha256 {policy.sha256[:12]}, from {len(policy.files)} file(s))")


@rules.command("show")
@click.option("--policy", "policy", metavar="FILE", help="Policy YAML or shipped name (default: default).")
def rules_show(policy) -> None:
    """Print the effective, merged policy."""
    import yaml

    from auditor.policy import load_policy

    with _errors_as_exit():
        loaded = load_policy(policy)
    click.echo(f"# effective policy '{loaded.name}' from: {', '.join(Path(f).name for f in loaded.files)}")
    click.echo(f"# sha256: {loaded.sha256}")
    click.echo(yaml.safe_dump(loaded.data, sort_keys=False, allow_unicode=True), nl=False)


@main.command()
@click.argument("report", type=click.Path(exists=True, dir_okay=False))
@click.argument("finding_id")
def explain(report, finding_id) -> None:
    """Explain how one finding of a JSON report was detected (no raw value is shown)."""
    from auditor.report import explain_finding

    doc = _load_report(report)
    text = explain_finding(doc, finding_id)
    if text is None:
        _fail(f"{report}: no finding with id {finding_id!r}")
    click.echo(text)


@main.group()
def keys() -> None:
    """Make secret keys."""


@keys.command("secret")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Where to write the key (0600).")
def keys_secret(output) -> None:
    """Write 32 random bytes for --key-file (fingerprints and rosters)."""
    from auditor.roster import write_secret_key

    with _errors_as_exit():
        write_secret_key(output)
    click.echo(f"wrote a 32-byte secret key to {output} (mode 0600); keep it apart from the reports")


@keys.command("generate")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Private key path (0600).")
@click.option("--encrypt", is_flag=True, help=f"Encrypt with a passphrase ({PASSPHRASE_ENV}, or asked for).")
def keys_generate(output, encrypt) -> None:
    """Make an Ed25519 key pair for signing reports: OUTPUT and OUTPUT.pub."""
    from auditor.evidence import generate_keypair

    passphrase = _passphrase()
    if encrypt and passphrase is None:
        passphrase = click.prompt("passphrase", hide_input=True, confirmation_prompt=True).encode()
    with _errors_as_exit():
        private, public = generate_keypair(output, passphrase if encrypt else None)
    click.echo(f"wrote {private} (private, mode 0600{', encrypted' if encrypt else ''}) and {public} (public)")


@main.command()
@click.argument("report", type=click.Path(exists=True, dir_okay=False))
@click.option("--public-key", required=True, type=click.Path(exists=True, dir_okay=False))
def verify(report, public_key) -> None:
    """Check a signed JSON report: exit 0 only if it is unchanged since signing."""
    from auditor.evidence import verify_report

    doc = _load_report(report)
    result = verify_report(doc, public_key)
    click.echo(f"{report}: {result.reason}", err=not result.ok)
    sys.exit(EXIT_OK if result.ok else EXIT_FINDINGS)


@main.group()
def baseline() -> None:
    """Baselines of accepted findings (keyed fingerprints; no line numbers or values)."""


@baseline.command("create")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--policy", "policy", metavar="FILE")
@click.option("--nlp", metavar="MODEL")
@click.option("--key-file", type=click.Path(exists=True, dir_okay=False), help="Or set AUDITOR_KEY.")
def baseline_create(paths, output, policy, nlp, key_file) -> None:
    """Scan PATHS and accept every current finding into a baseline file."""
    from auditor.evidence.baseline import create_baseline, write_baseline
    from auditor.scanner import scan as run_scan

    with _errors_as_exit():
        outcome = run_scan(paths, policy=policy, nlp=nlp, key_file=key_file)
        doc = create_baseline(outcome.result.files, outcome.fingerprinter.linkable)
        write_baseline(doc, output)
    click.echo(f"wrote {output}: {len(doc['entries'])} accepted values")


@main.group()
def ledger() -> None:
    """The hash-chained ledger of scan decisions and overrides."""


@ledger.command("verify")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--public-key", type=click.Path(exists=True, dir_okay=False),
              help="Also require every entry to be signed by this Ed25519 key.")
def ledger_verify(file, public_key) -> None:
    """Check the chain: exit 0 if intact, else 1 naming the first bad entry and why."""
    from auditor.evidence.ledger import default_ledger_path, verify_ledger

    path = file or str(default_ledger_path())
    with _errors_as_exit():
        check = verify_ledger(path, public_key)
    click.echo(f"{path}: {check.reason}", err=not check.ok)
    sys.exit(EXIT_OK if check.ok else EXIT_FINDINGS)


@main.group()
def roster() -> None:
    """Protected rosters: known people matched by keyed hashes, never stored by name."""


@roster.command("build")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--columns", required=True, help="Comma-separated columns to hash (names, emails, IDs).")
@click.option("--key-file", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--id-column", help="Report this column's value instead of the row number (stored as-is).")
@click.option("--nicknames", is_flag=True, help="Also match common nicknames (Bill for William...).")
def roster_build(source, columns, key_file, output, id_column, nicknames) -> None:
    """Build a roster file from a CSV or XLSX staff list."""
    from auditor.roster import build_roster, read_secret_key

    with _errors_as_exit():
        stats = build_roster(source, [c for c in columns.split(",") if c.strip()], read_secret_key(key_file),
                             output, id_column=id_column, nicknames=nicknames)
    click.echo(f"wrote {output}: {stats['people']} people, {stats['entries']} keyed hashes "
               f"({', '.join(stats['columns'])}); no names, emails or IDs are stored")


if __name__ == "__main__":
    main()
