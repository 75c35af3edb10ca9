"""plan-extract: the command line. Parses options, calls the library, sets the exit code."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from plan_extract import __version__

DEFAULT_OUT = "extracted"

# Exit codes, the same for every command (README "Exit codes"; shown by --help).
EXIT_OK = 0          # every file extracted (warnings allowed)
EXIT_FAILED = 1      # some file failed (bad input, time limit, ...) or nothing to export
EXIT_USAGE = 2       # usage error: unknown option, bad value, missing argument (click's own)
EXIT_DOUBTFUL = 3    # --strict: a plan has doubtful rows
EXIT_CODES_HELP = ("Exit codes: 0 every file ok; 1 some file failed (each listed on stderr); "
                   "2 usage error; 3 doubtful rows under --strict.")


def _outdir_option(f):
    return click.option("-o", "--out", "outdir", default=DEFAULT_OUT, show_default=True,
                        type=click.Path(file_okay=False), help="Output folder.")(f)


def _settings_options(f):
    f = click.option("--units", "unit_registry", type=click.Path(exists=True, dir_okay=False),
                     help="Extra unit alias file (YAML) merged over the built-in registry.")(f)
    f = click.option("--no-ocr", is_flag=True, help="Do not OCR pages that have no text layer.")(f)
    f = click.option("--debug-dir", type=click.Path(file_okay=False),
                     help="Write each stage's intermediate result (tables, rows, lines) as JSON.")(f)
    return f


def _settings(unit_registry, no_ocr, debug_dir):
    from plan_extract.run import Settings
    return Settings(unit_registry=unit_registry, ocr=not no_ocr, debug_dir=debug_dir)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="plan-extract")
def main():
    """Turn Vietnamese plan documents (Kế hoạch, Chương trình hành động) into clean task and
    indicator data: plan.json, tasks.csv, indicators.csv per document."""


def _limit_options(f):
    from plan_extract.settings import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT
    f = click.option("--max-memory", default=DEFAULT_MAX_MEMORY_MB, show_default=True,
                     type=click.IntRange(64),
                     help="MiB the process reading one file may use before the file is failed.")(f)
    f = click.option("--timeout", default=int(DEFAULT_TIMEOUT), show_default=True, type=click.IntRange(1),
                     help="Seconds one file may take before it is recorded as failed.")(f)
    return f


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_outdir_option
@click.option("--xlsx", is_flag=True, help="Also write plan.xlsx (sheets Nhiệm vụ, Chỉ tiêu, Cảnh báo).")
@click.option("--strict", is_flag=True,
              help="Exit 3 when any row is doubtful (the self-checks say 'cần kiểm tra').")
@_settings_options
@_limit_options
def extract(files, outdir, xlsx, strict, unit_registry, no_ocr, debug_dir, timeout, max_memory):
    """Extract FILES into OUTDIR/<file stem>/ (plan.json, tasks.csv, indicators.csv).

    Each file is read in a worker process under a time and a memory limit (a file past them, or
    past a reader's cap, fails with its reason: timeout, memory-limit, too-large, too-complex).
    The folder name is the stem made safe (never hidden, never outside OUTDIR, at most 200 bytes);
    two inputs with one stem (a/kehoach.pdf, b/kehoach.pdf) get two folders (kehoach,
    kehoach-<8 hex of the file's sha256>); files you add to a result folder are kept on re-runs,
    and a folder or file of yours in OUTDIR is never replaced. With --strict the exit code is 3
    when any plan needs review (the self-checks found doubtful rows)."""
    from plan_extract.checks import summary_line
    from plan_extract.batch.guard import close, guarded_extract
    from plan_extract.output.atomic import ForeignTarget, describe_os_error, unique_name
    from plan_extract.output.files import OutputInvalid, write_outputs
    from plan_extract.settings import Limits
    settings = _settings(unit_registry, no_ocr, debug_dir)
    settings.limits = Limits(timeout=timeout, max_memory_mb=max_memory)
    failed = doubtful = 0
    out = Path(outdir)
    folders = _result_folders(files)
    taken = {name.casefold() for name in folders.values()}
    try:
        for f in dict.fromkeys(files):           # a file named twice is extracted once
            result = guarded_extract(f, settings=settings)
            if result.plan is None:
                err = result.error               # "<reason>: <one line>"
                message = "không tìm thấy tệp" if err.code == "file-not-found" else err.message
                click.echo(f"{f}: lỗi: {err.code}: {message}", err=True)
                failed += 1
                continue
            plan = result.plan
            name = folders[f]
            try:
                try:
                    target = write_outputs(plan, out / name, xlsx=xlsx)
                except ForeignTarget:            # OUTDIR/<name> is someone else's: left alone
                    name = unique_name(Path(f).stem, taken, seed=plan.source.sha256)
                    target = write_outputs(plan, out / name, xlsx=xlsx)
            except OutputInvalid as e:  # a bug report: nothing was written
                click.echo(f"{f}: lỗi: {e}", err=True)
                failed += 1
                continue
            except OSError as e:        # read-only, full, quota, permissions: one line
                click.echo(f"{f}: lỗi: {describe_os_error(e, out / name)}", err=True)
                failed += 1
                continue
            status = plan.review.status if plan.review else ""
            doubtful += status == "cần kiểm tra"
            click.echo(f"{f}: {summary_line(plan)}; {len(plan.issues)} cảnh báo"
                       f"{' [' + status + ']' if status else ''} -> {target}")
            for issue in plan.issues:
                where = f" (trang {issue.page})" if issue.page else ""
                row = f" [{issue.row}]" if issue.row else ""
                click.echo(f"  [{issue.level}] {issue.code}{where}{row}: {issue.message}", err=True)
    finally:
        close()
    sys.exit(EXIT_FAILED if failed else EXIT_DOUBTFUL if strict and doubtful else EXIT_OK)


def _result_folders(files) -> dict[str, str]:
    """Input -> result folder name: its stem made safe (output.atomic.safe_name); a later input
    with a name already taken (compared without case) gets '<name>-<first 8 hex of its sha256>'
    (then '-2', '-3', ... if needed). Only regular files are hashed (never a FIFO or a device)."""
    import hashlib
    import stat
    from plan_extract.output.atomic import safe_name, unique_name
    taken: set[str] = set()
    out: dict[str, str] = {}
    for f in dict.fromkeys(files):
        seed = None
        if safe_name(Path(f).stem).casefold() in taken:
            try:
                if stat.S_ISREG(Path(f).stat().st_mode):
                    seed = hashlib.sha256(Path(f).read_bytes()).hexdigest()
            except OSError:
                pass
        out[f] = unique_name(Path(f).stem, taken, seed=seed or str(f))
    return out


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@_outdir_option
@click.option("-j", "--jobs", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address (tcp://HOST:PORT) with --executor dask.")
@click.option("--force", is_flag=True, help="Re-extract files that already have a current result.")
@click.option("--retry-failed", is_flag=True,
              help="Try again files that failed in an earlier run (done anyway after an upgrade "
                   "of plan-extract, and for time-outs, memory overruns and crashes).")
@click.option("--wait", is_flag=True,
              help="When another batch is writing into OUTDIR, wait for it instead of failing.")
@_settings_options
@_limit_options
def batch(folder, outdir, jobs, timeout, max_memory, executor, scheduler, force, retry_failed, wait,
          unit_registry, no_ocr, debug_dir):
    """Extract every document under FOLDER; resumable; writes OUTDIR/manifest.csv.

    Exits 1 when any file failed, this run or an earlier one not retried; each is listed."""
    from plan_extract.batch.runner import BatchSettings, run_batch
    if executor == "dask":
        import importlib.util
        if importlib.util.find_spec("distributed") is None:
            raise click.UsageError("--executor dask cần gói dask: pip install 'plan-extract[dask]' "
                                   "(needs the dask extra)")
    from plan_extract.batch.runner import BatchLocked
    from plan_extract.output.atomic import describe_os_error
    settings = _settings(unit_registry, no_ocr, debug_dir)
    try:
        summary = run_batch(folder, outdir, BatchSettings(
            jobs=jobs, timeout=timeout, max_memory_mb=max_memory, executor=executor,
            scheduler=scheduler, force=force, retry_failed=retry_failed, wait=wait), settings)
    except BatchLocked as e:
        click.echo(f"lỗi: {e}", err=True)
        sys.exit(EXIT_FAILED)
    except OSError as e:                      # the output folder cannot even be prepared
        click.echo(f"lỗi: {describe_os_error(e, outdir)}", err=True)
        sys.exit(EXIT_FAILED)
    for line in summary.failures():
        click.echo(f"{line}", err=True)
    if summary.problem:
        click.echo(f"lỗi: {summary.problem}", err=True)
    click.echo(summary.line())
    sys.exit(EXIT_FAILED if summary.failed or summary.problem else EXIT_OK)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("-j", "--jobs", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Documents extracted at once (worker processes).")
@click.option("--timeout", default=300, show_default=True, type=click.IntRange(1),
              help="Seconds one request's extraction may take (then 504).")
@click.option("--max-memory", default=4096, show_default=True, type=click.IntRange(64),
              help="MiB one worker may use (then 507).")
@click.option("--max-upload", default=50, show_default=True, type=click.FloatRange(0.001),
              help="MiB one upload may have (then 413).")
@click.option("--queue-wait", default=60, show_default=True, type=click.FloatRange(0),
              help="Seconds a request may wait for a free worker (then 503).")
@click.option("--units", "unit_registry", type=click.Path(exists=True, dir_okay=False),
              help="Extra unit alias file (YAML) for every request.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR pages without a text layer by default.")
def serve(host, port, jobs, timeout, max_memory, max_upload, queue_wait, unit_registry, no_ocr):
    """Run the HTTP service: GET /healthz, POST /v1/extract (multipart field "file": PDF or
    DOCX) -> plan.json, GET /openapi.json. Errors carry the CLI's stable code and message."""
    from plan_extract.service import ServiceSettings, serve as run_service
    run_service(host, port, ServiceSettings(
        max_upload_mb=max_upload, timeout=timeout, max_memory_mb=max_memory, concurrency=jobs,
        queue_wait=queue_wait, ocr=not no_ocr, unit_registry=unit_registry))


@main.command()
@click.argument("text")
@click.option("--year", type=int, help="The plan's year, for day/month written without one.")
def deadline(text, year):
    """Print the normalised deadline of TEXT as JSON, e.g. plan-extract deadline "Quý III/2025"."""
    from dataclasses import asdict
    from plan_extract.normalise.deadlines import DeadlineContext, parse_deadline
    d = parse_deadline(text, DeadlineContext(year=year))
    click.echo(json.dumps(asdict(d), ensure_ascii=False, indent=2))


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.option("--units", "unit_registry", type=click.Path(exists=True, dir_okay=False))
@click.option("--yaml", "as_yaml", is_flag=True, help="Print ready-to-paste YAML (--units format) for unknown units.")
def units(outdir, unit_registry, as_yaml):
    """List every raw unit spelling in OUTDIR -> canonical name, with counts, unknown first."""
    from plan_extract.normalise.units import UnitRegistry, units_report, units_yaml
    if as_yaml:
        click.echo(units_yaml(outdir, UnitRegistry.load(unit_registry)), nl=False)
        return
    problems: list = []
    for line in units_report(outdir, UnitRegistry.load(unit_registry), problems):
        click.echo(line)
    for path, why in problems:       # named, the rest reported anyway
        click.echo(f"{path}: lỗi: không đọc được plan.json: {why}", err=True)
    sys.exit(EXIT_FAILED if problems else EXIT_OK)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.option("--to", "fmt", type=click.Choice(["tracker-xlsx", "ics", "xlsx"]), required=True)
@click.option("--due-time", default="17:00", show_default=True,
              help="Hour (HH:MM, Vietnam time) put on every certain deadline in the tracker's "
                   "\"Hạn hoàn thành\"; other deadlines go to \"Ghi chú\" as written.")
@click.option("--units", "unit_registry", type=click.Path(exists=True, dir_okay=False),
              help="Staff unit file (YAML, as for extract): tracker unit codes come from it.")
@click.option("-o", "--out", "target", type=click.Path(file_okay=False),
              help="Where to write (default: OUTDIR/export).")
def export(outdir, fmt, due_time, unit_registry, target):
    """Export extracted plans in OUTDIR to a tracker import template or a calendar.

    Each plan is exported once: copies of one plan (its PDF, DOCX and scan; same number or same
    content) are reported on stderr and left out. No plan (or no task) in OUTDIR, or a plan.json
    that cannot be read (named on stderr, the rest exported): exit 1."""
    from plan_extract.output.atomic import describe_os_error
    from plan_extract.output.folder import NothingToExport, export_plans
    from plan_extract.output.tracker import parse_due_time
    from plan_extract.vocab import VocabError
    try:
        parse_due_time(due_time)
    except ValueError as e:  # a bad --due-time
        raise click.BadParameter(str(e), param_hint="--due-time")
    problems: list = []

    def name_problems():
        for path, why in problems:       # named, the rest exported anyway
            click.echo(f"{path}: lỗi: không đọc được plan.json: {why}", err=True)
    try:
        result = export_plans(outdir, fmt, due_time=due_time, target=target, units=unit_registry,
                              problems=problems)
    except NothingToExport as e:
        name_problems()
        click.echo(f"{outdir}: lỗi: {e.code}: {e.message}", err=True)
        sys.exit(EXIT_FAILED)
    except VocabError as e:
        raise click.BadParameter(str(e), param_hint="--units")
    except OSError as e:     # read-only, full, quota: one line naming the folder
        name_problems()
        click.echo(f"lỗi: {describe_os_error(e, target or Path(outdir) / 'export')}", err=True)
        sys.exit(EXIT_FAILED)
    name_problems()
    for dup in result.duplicates:
        click.echo(dup.line(Path(outdir)), err=True)
    for path in result.files:
        click.echo(path)
    sys.exit(EXIT_FAILED if problems else EXIT_OK)


if __name__ == "__main__":
    main()
