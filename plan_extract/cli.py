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


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_outdir_option
@click.option("--xlsx", is_flag=True, help="Also write plan.xlsx (sheets Nhiệm vụ, Chỉ tiêu, Cảnh báo).")
@_settings_options
def extract(files, outdir, xlsx, unit_registry, no_ocr, debug_dir):
    """Extract FILES into OUTDIR/<file stem>/ (plan.json, tasks.csv, indicators.csv).

    Two inputs with one stem (a/kehoach.pdf, b/kehoach.pdf) get two folders (kehoach,
    kehoach-<8 hex of the file's sha256>); files you add to a result folder are kept on re-runs."""
    from plan_extract.output.files import OutputInvalid, write_outputs
    from plan_extract.run import extract_result
    settings = _settings(unit_registry, no_ocr, debug_dir)
    failed = 0
    folders = _result_folders(files)
    for f in dict.fromkeys(files):           # a file named twice is extracted once
        if not Path(f).is_file():
            click.echo(f"{f}: lỗi: file-not-found: không tìm thấy tệp", err=True)
            failed += 1
            continue
        result = extract_result(f, settings)
        if result.plan is None:
            click.echo(f"{f}: lỗi: {result.error.code}: {result.error.message}", err=True)
            failed += 1
            continue
        try:
            target = write_outputs(result.plan, Path(outdir) / folders[f], xlsx=xlsx)
        except OutputInvalid as e:  # a bug report: nothing was written
            click.echo(f"{f}: lỗi: {e}", err=True)
            failed += 1
            continue
        plan = result.plan
        click.echo(f"{f}: {len(plan.tasks)} nhiệm vụ, {len(plan.indicators)} chỉ tiêu, "
                   f"{len(plan.issues)} cảnh báo -> {target}")
        for issue in plan.issues:
            where = f" (trang {issue.page})" if issue.page else ""
            click.echo(f"  [{issue.level}] {issue.code}{where}: {issue.message}", err=True)
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def _result_folders(files) -> dict[str, str]:
    """Input -> result folder name: its stem; a later input with a stem already taken (compared
    without case) gets '<stem>-<first 8 hex of its sha256>' (then '-2', '-3', ... if needed)."""
    import hashlib
    taken: set[str] = set()
    out: dict[str, str] = {}
    for f in dict.fromkeys(files):
        stem = Path(f).stem
        stem = "_" + stem[1:] if stem.startswith(".") else stem
        name = stem
        if name.casefold() in taken:
            try:
                digest = hashlib.sha256(Path(f).read_bytes()).hexdigest()[:8]
            except OSError:
                digest = hashlib.sha256(str(f).encode()).hexdigest()[:8]
            name = base = f"{stem}-{digest}"
            n = 1
            while name.casefold() in taken:
                n += 1
                name = f"{base}-{n}"
        taken.add(name.casefold())
        out[f] = name
    return out


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@_outdir_option
@click.option("-j", "--jobs", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes.")
@click.option("--timeout", default=300, show_default=True, type=click.IntRange(1),
              help="Seconds one file may take before it is recorded as failed.")
@click.option("--max-memory", default=4096, show_default=True, type=click.IntRange(64),
              help="MiB one worker may use before its file is recorded as failed.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address (tcp://HOST:PORT) with --executor dask.")
@click.option("--force", is_flag=True, help="Re-extract files that already have a current result.")
@click.option("--retry-failed", is_flag=True,
              help="Try again files that failed in an earlier run (done anyway after an upgrade "
                   "of plan-extract, and for time-outs, memory overruns and crashes).")
@_settings_options
def batch(folder, outdir, jobs, timeout, max_memory, executor, scheduler, force, retry_failed,
          unit_registry, no_ocr, debug_dir):
    """Extract every document under FOLDER; resumable; writes OUTDIR/manifest.csv.

    Exits 1 when any file failed, this run or an earlier one not retried; each is listed."""
    from plan_extract.batch.runner import BatchSettings, run_batch
    if executor == "dask":
        import importlib.util
        if importlib.util.find_spec("distributed") is None:
            raise click.UsageError("--executor dask cần gói dask: pip install 'plan-extract[dask]' "
                                   "(needs the dask extra)")
    settings = _settings(unit_registry, no_ocr, debug_dir)
    summary = run_batch(folder, outdir, BatchSettings(
        jobs=jobs, timeout=timeout, max_memory_mb=max_memory, executor=executor,
        scheduler=scheduler, force=force, retry_failed=retry_failed), settings)
    for line in summary.failures():
        click.echo(f"{line}", err=True)
    click.echo(summary.line())
    sys.exit(EXIT_FAILED if summary.failed else EXIT_OK)


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
def units(outdir, unit_registry):
    """List every raw unit spelling in OUTDIR -> canonical name, with counts, unknown first."""
    from plan_extract.normalise.units import UnitRegistry, units_report
    for line in units_report(outdir, UnitRegistry.load(unit_registry)):
        click.echo(line)


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.option("--to", "fmt", type=click.Choice(["tracker-xlsx", "ics", "xlsx"]), required=True)
@click.option("--due-time", help="Hour for deadlines in the tracker (HH:MM, Vietnam time).")
@click.option("-o", "--out", "target", type=click.Path(file_okay=False),
              help="Where to write (default: OUTDIR/export).")
def export(outdir, fmt, due_time, target):
    """Export extracted plans in OUTDIR to a tracker import template or a calendar."""
    from plan_extract.output.folder import export_folder
    try:
        paths = export_folder(outdir, fmt, due_time=due_time, target=target)
    except ValueError as e:  # a bad --due-time
        raise click.BadParameter(str(e), param_hint="--due-time")
    for path in paths:
        click.echo(path)


if __name__ == "__main__":
    main()
