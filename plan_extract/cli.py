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
EXIT_CODES_HELP = ("Mã thoát (exit codes): 0 mọi tệp đều xong; 1 có tệp lỗi (từng tệp ghi ở stderr); "
                   "2 dùng sai lệnh (tùy chọn, giá trị, tệp cấu hình hỏng); 3 có dòng cần kiểm tra (với --strict).")


def install_click_vietnamese() -> None:
    """Point click's gettext calls at the Vietnamese catalogue (unknown messages stay English)."""
    import importlib
    from plan_extract import vocab
    catalogue = {e["msgid"]: e["msgstr"] for e in vocab.load("click_vi.yaml")["messages"]}

    def gettext(message):
        return catalogue.get(message, message)

    def ngettext(singular, plural, n):
        message = singular if n == 1 else plural
        return catalogue.get(message, message)

    for name in ("core", "exceptions", "parser", "types", "formatting", "decorators", "termui",
                 "utils", "shell_completion"):
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext



install_click_vietnamese()      # before the options below are built (their type names, help)


class VietGroup(click.Group):
    """The plan-extract group: click's own messages (usage errors, help headings) in Vietnamese,
    from vocab/click_vi.yaml, installed when the command runs."""

    def main(self, *args, **kwargs):
        install_click_vietnamese()
        return super().main(*args, **kwargs)


def _outdir_option(f):
    return click.option("-o", "--out", "outdir", default=DEFAULT_OUT, show_default=True,
                        type=click.Path(file_okay=False), help="Thư mục kết quả.")(f)


def _review_options(f):
    f = click.option("--corrections", "corrections", multiple=True, type=click.Path(exists=True, dir_okay=False),
                     help="Tệp sửa (JSON, lưu từ trang kiểm tra) áp dụng cho văn bản có cùng sha256; "
                          "được chép vào corrections.json của thư mục kết quả để áp dụng lại mọi lần sau. "
                          "Dùng nhiều lần cho nhiều văn bản.")(f)
    f = click.option("--review", is_flag=True,
                     help="Ghi thêm trang kiểm tra review.html (một tệp HTML tự chứa, có ảnh từng dòng).")(f)
    return f


def _settings_options(f):
    f = click.option("--units", "unit_registry", type=click.Path(exists=True, dir_okay=False),
                     help="Tệp tên đơn vị bổ sung (YAML), gộp lên danh mục có sẵn.")(f)
    f = click.option("--no-ocr", is_flag=True, help="Không nhận dạng chữ (OCR) các trang không có lớp chữ.")(f)
    f = click.option("--debug-dir", type=click.Path(file_okay=False),
                     help="Ghi kết quả trung gian của từng bước (bảng, dòng, câu) ra JSON.")(f)
    return f


def _settings(unit_registry, no_ocr, debug_dir):
    from plan_extract.run import Settings
    if unit_registry:
        _check_units_file(unit_registry)
    return Settings(unit_registry=unit_registry, ocr=not no_ocr, debug_dir=debug_dir)


def _check_units_file(path) -> None:
    """A staff unit file that cannot be used: one line (file:line: problem), exit 2."""
    from plan_extract.vocab import VocabError, load_file
    try:
        load_file(path)
    except VocabError as e:
        _usage_fail(str(e))
    problem = _units_shape(path)
    if problem is None:
        from plan_extract.normalise.units import UnitRegistry
        try:
            UnitRegistry.load(path)
        except (KeyError, TypeError, AttributeError, ValueError) as e:
            problem = (None, f"không dùng được ({type(e).__name__}: {e})")
    if problem is not None:
        line, what = problem
        _usage_fail(f"{path}{':' + str(line) if line else ''}: tệp đơn vị không đúng cấu trúc: {what}")


def _units_shape(path):
    """(line, problem) for the first structural problem of a units YAML file, else None.
    Shape: {units: [{name, aliases: [..], code, seen_in}], issuers: [{match: [..], units: [..]}]}."""
    import yaml
    with open(path, encoding="utf-8") as fh:
        root = yaml.compose(fh)
    if root is None:
        return None
    line = lambda n: n.start_mark.line + 1          # noqa: E731

    def scalar_list(node, what):
        if not isinstance(node, yaml.SequenceNode):
            return line(node), f"{what} phải là một danh sách"
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode):
                return line(item), f"mỗi mục của {what} phải là một chuỗi"
        return None

    def units(node, where):
        if not isinstance(node, yaml.SequenceNode):
            return line(node), f"{where} phải là một danh sách đơn vị"
        for entry in node.value:
            if not isinstance(entry, yaml.MappingNode):
                return line(entry), "mỗi đơn vị phải có dạng {name: ..., aliases: [...]}"
            keys = {k.value: v for k, v in entry.value}
            if "name" not in keys or not isinstance(keys["name"], yaml.ScalarNode) or not keys["name"].value:
                return line(entry), "đơn vị thiếu name (tên chuẩn)"
            for k in ("aliases", "alias_suffixes"):
                if k in keys:
                    bad = scalar_list(keys[k], k)
                    if bad:
                        return bad
        return None

    if not isinstance(root, yaml.MappingNode):
        return line(root), "cần các khóa units: / issuers: ở đầu tệp"
    for key, value in root.value:
        if key.value == "units":
            bad = units(value, "units")
        elif key.value == "issuers":
            bad = None
            if not isinstance(value, yaml.SequenceNode):
                bad = line(value), "issuers phải là một danh sách"
            else:
                for sec in value.value:
                    if not isinstance(sec, yaml.MappingNode):
                        bad = line(sec), "mỗi mục issuers phải có match: và units:"
                        break
                    keys = {k.value: v for k, v in sec.value}
                    bad = (scalar_list(keys["match"], "match") if "match" in keys else (line(sec), "thiếu match"))
                    bad = bad or (units(keys["units"], "units") if "units" in keys else None)
                    if bad:
                        break
        else:
            continue
        if bad:
            return bad
    return None


@click.group(cls=VietGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="plan-extract", help="Hiện phiên bản rồi thoát.",
                      message="%(prog)s, phiên bản %(version)s")
def main():
    """Đọc kế hoạch, chương trình hành động (PDF, DOCX) thành dữ liệu nhiệm vụ và chỉ tiêu:
    plan.json, tasks.csv, indicators.csv cho mỗi văn bản; trang kiểm tra review.html."""


def _limit_options(f):
    from plan_extract.settings import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT
    f = click.option("--max-memory", default=DEFAULT_MAX_MEMORY_MB, show_default=True,
                     type=click.IntRange(64),
                     help="Bộ nhớ tối đa (MiB) cho tiến trình đọc một tệp; quá thì tệp đó báo lỗi.")(f)
    f = click.option("--timeout", default=int(DEFAULT_TIMEOUT), show_default=True, type=click.IntRange(1),
                     help="Số giây tối đa cho một tệp; quá thì ghi là lỗi.")(f)
    return f


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_outdir_option
@click.option("--xlsx", is_flag=True, help="Ghi thêm plan.xlsx (các trang Nhiệm vụ, Chỉ tiêu, Cảnh báo).")
@click.option("--strict", is_flag=True,
              help="Thoát với mã 3 khi có dòng cần kiểm tra (tự kiểm tra báo 'cần kiểm tra').")
@_review_options
@_settings_options
@_limit_options
def extract(files, outdir, xlsx, strict, review, corrections, unit_registry, no_ocr, debug_dir, timeout, max_memory):
    """Trích xuất FILES vào OUTDIR/<tên tệp>/ (plan.json, tasks.csv, indicators.csv).

    Mỗi tệp được đọc trong một tiến trình riêng, có giới hạn thời gian và bộ nhớ (tệp vượt giới
    hạn, hay vượt mức của bộ đọc, báo lỗi kèm lý do: timeout, memory-limit, too-large,
    too-complex). Tên thư mục là tên tệp đã làm an toàn (không ẩn, không ra ngoài OUTDIR, tối đa
    200 byte); hai tệp cùng tên (a/kehoach.pdf, b/kehoach.pdf) có hai thư mục (kehoach,
    kehoach-<8 chữ số hex đầu của sha256>); tệp bạn tự thêm vào thư mục kết quả được giữ khi chạy
    lại, và không bao giờ thay thư mục hay tệp của bạn trong OUTDIR. Tệp corrections.json trong
    thư mục kết quả (lưu từ trang kiểm tra) được áp dụng lại mỗi lần trích xuất. Với --strict,
    mã thoát là 3 khi có văn bản cần kiểm tra (tự kiểm tra thấy dòng đáng ngờ)."""
    from plan_extract.checks import summary_line
    import dataclasses
    from plan_extract.batch.guard import close, guarded_extract
    from plan_extract.output.atomic import ForeignTarget, describe_os_error, file_sha256, unique_name
    from plan_extract.output.files import OutputInvalid, write_outputs
    from plan_extract.review.corrections import CorrectionsError, corrections_for
    from plan_extract.settings import Limits
    settings = _settings(unit_registry, no_ocr, debug_dir)
    settings.limits = Limits(timeout=timeout, max_memory_mb=max_memory)
    explicit = _load_corrections(corrections)
    failed = doubtful = 0
    out = Path(outdir)
    folders = _result_folders(files)
    taken = {name.casefold() for name in folders.values()}
    inputs = list(dict.fromkeys(files))      # a file named twice is extracted once
    matched: set[int] = set()
    reviewed = []
    try:
        for f in inputs:
            sets = []
            if Path(f).is_file():
                try:
                    sets = corrections_for(file_sha256(f), out / folders[f], explicit,
                                           only_input=len(inputs) == 1)
                except CorrectionsError as e:
                    click.echo(f"{f}: lỗi: bad-corrections: {e}", err=True)
                    failed += 1
                    continue
                except OSError:
                    sets = []
            matched |= {i for i, s in enumerate(explicit) if any(s is x for x in sets)}
            run_settings = dataclasses.replace(settings, corrections=sets or None, progress=_PageProgress(f))
            result = guarded_extract(f, settings=run_settings)
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
                _keep_corrections(target, plan, sets, explicit)
                if review:
                    from plan_extract.review.folder import write_page
                    page = write_page(plan, target, f, index_href="../index.html" if len(inputs) > 1 else None)
                    reviewed.append({"file": str(f), "plan": plan, "href": f"{name}/{page.name}"})
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
    if review and len(inputs) > 1 and reviewed:
        from plan_extract.review.folder import write_index
        click.echo(f"trang kiểm tra: {write_index(outdir, reviewed)}")
    elif review and reviewed:
        click.echo(f"trang kiểm tra: {out / reviewed[0]['href']}")
    for i, s in enumerate(explicit):
        if i not in matched:
            click.echo(f"{s.file}: lỗi: corrections-unmatched: tệp sửa lập cho văn bản sha256 "
                       f"{(s.document_sha256 or '?')[:12]}…, không khớp tệp nào trong lần chạy này",
                       err=True)
            failed += 1
    sys.exit(EXIT_FAILED if failed else EXIT_DOUBTFUL if strict and doubtful else EXIT_OK)


def _load_corrections(paths) -> list:
    """--corrections files, read now: a bad one is a usage error in one line (file:line: problem)."""
    from plan_extract.review.corrections import CorrectionsError, load_corrections
    out = []
    for p in dict.fromkeys(paths or ()):
        try:
            out.append(load_corrections(p))
        except CorrectionsError as e:
            _usage_fail(str(e))
    return out


def _keep_corrections(folder: Path, plan, sets, explicit) -> None:
    """--corrections given: merge them into the result folder's corrections.json so that every
    later re-extraction applies them without the option."""
    from plan_extract.output.atomic import write_bytes_atomic
    from plan_extract.review.corrections import FILE_NAME, merge
    if not any(any(s is x for x in explicit) for s in sets):
        return
    merged = merge(sets, plan.source.sha256)
    write_bytes_atomic(folder / FILE_NAME, merged.to_json().encode("utf-8"))


MIN_PROGRESS_PAGES = 3     # per-page progress only for files of at least 3 pages taking over 1 s


class _PageProgress:
    """Per-page progress of one file on stderr, shown only for files of MIN_PROGRESS_PAGES pages or
    more once reading takes over a second: 'kehoach.pdf: đọc trang 3/9' (one line redrawn on a
    terminal). Picklable: it runs in the worker process that reads the file (same stderr)."""

    def __init__(self, name):
        import time
        self.name, self.start, self.shown = str(name), time.monotonic(), False

    def __call__(self, done: int, total: int) -> None:
        import time
        if not self.shown and (total < MIN_PROGRESS_PAGES or time.monotonic() - self.start < 1.0):
            return
        self.shown = True
        line = f"{self.name}: đọc trang {done + 1}/{total}"
        if sys.stderr.isatty():
            sys.stderr.write("\r" + line + ("\n" if done + 1 == total else ""))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def done(self) -> None:
        """Nothing to close: the last page ends the line."""


def _usage_fail(message: str):
    """A bad staff file (units YAML, corrections JSON) or value: one line, exit 2."""
    click.echo(f"lỗi: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _result_folders(files) -> dict[str, str]:
    """Input -> result folder name: its stem made safe (output.atomic.safe_name); a later input
    with a name already taken (compared without case) gets '<name>-<first 8 hex of its sha256>'
    (then '-2', '-3', ... if needed). Only regular files are hashed (never a FIFO or a device)."""
    import stat
    from plan_extract.output.atomic import file_sha256, safe_name, unique_name
    taken: set[str] = set()
    out: dict[str, str] = {}
    for f in dict.fromkeys(files):
        seed = None
        if safe_name(Path(f).stem).casefold() in taken:
            try:
                if stat.S_ISREG(Path(f).stat().st_mode):
                    seed = file_sha256(f)
            except OSError:
                pass
        out[f] = unique_name(Path(f).stem, taken, seed=seed or str(f))
    return out


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@_outdir_option
@click.option("-j", "--jobs", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Số tiến trình xử lý song song.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Chạy trên máy này (local) hoặc trên cụm Dask (dask).")
@click.option("--scheduler", help="Địa chỉ bộ điều phối Dask (tcp://HOST:PORT), dùng với --executor dask.")
@click.option("--force", is_flag=True, help="Trích xuất lại cả các tệp đã có kết quả mới nhất.")
@click.option("--retry-failed", is_flag=True,
              help="Thử lại các tệp lỗi ở lần chạy trước (luôn thử lại sau khi nâng cấp "
                   "plan-extract, và khi lỗi do quá thời gian, quá bộ nhớ hay tiến trình dừng đột ngột).")
@click.option("--wait", is_flag=True,
              help="Khi một lần batch khác đang ghi vào OUTDIR, chờ nó xong thay vì báo lỗi.")
@_review_options
@_settings_options
@_limit_options
def batch(folder, outdir, jobs, timeout, max_memory, executor, scheduler, force, retry_failed, wait,
          review, corrections, unit_registry, no_ocr, debug_dir):
    """Trích xuất mọi văn bản trong FOLDER; chạy tiếp được khi bị ngắt; ghi OUTDIR/manifest.csv.

    Thoát với mã 1 khi có tệp lỗi (lần này hoặc lần trước chưa thử lại); từng tệp được liệt kê."""
    from plan_extract.batch.runner import BatchSettings, run_batch
    if executor == "dask":
        import importlib.util
        if importlib.util.find_spec("distributed") is None:
            raise click.UsageError("--executor dask cần gói dask: pip install 'plan-extract[dask]' "
                                   "(needs the dask extra)")
    import dataclasses
    from plan_extract.batch.runner import BatchLocked
    from plan_extract.output.atomic import describe_os_error
    settings = _settings(unit_registry, no_ocr, debug_dir)
    explicit = _load_corrections(corrections)
    settings = dataclasses.replace(settings, corrections=explicit or None)
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
    unmatched = _keep_batch_corrections(outdir, summary.rows, explicit)
    for s in unmatched:
        click.echo(f"{s.file}: lỗi: corrections-unmatched: tệp sửa lập cho văn bản sha256 "
                   f"{(s.document_sha256 or '?')[:12]}…, không khớp văn bản nào trong {folder}", err=True)
    click.echo(summary.line())
    if review:
        from plan_extract.review.folder import review_outdir
        written, _ = review_outdir(outdir, [folder])
        if written:
            click.echo(f"trang kiểm tra: {written[-1]}")
    sys.exit(EXIT_FAILED if summary.failed or summary.problem or unmatched else EXIT_OK)

def _keep_batch_corrections(outdir, rows, explicit) -> list:
    """Merge each --corrections file into the corrections.json of the result folder of its
    document (by sha256); returns the files that matched no document."""
    from plan_extract.output.atomic import write_bytes_atomic
    from plan_extract.review.corrections import FILE_NAME, corrections_for, merge
    unmatched = []
    for s in explicit:
        hits = [r for r in rows if r.get("sha256") == s.document_sha256 and r.get("output")]
        if not hits:
            unmatched.append(s)
        for r in hits:
            folder = Path(outdir) / r["output"]
            merged = merge(corrections_for(s.document_sha256, folder, [s]), s.document_sha256)
            write_bytes_atomic(folder / FILE_NAME, merged.to_json().encode("utf-8"))
    return unmatched


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("path", metavar="FILE_OR_OUTDIR", type=click.Path(exists=True))
@_outdir_option
@click.option("--source", "sources", multiple=True, type=click.Path(exists=True),
              help="Thư mục (hoặc tệp) chứa văn bản gốc, để cắt ảnh từng dòng; tìm theo tên và sha256. "
                   "Mặc định: thư mục hiện tại.")
@click.option("--corrections", "corrections", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Với một văn bản PDF/DOCX: tệp sửa áp dụng khi trích xuất (như extract --corrections).")
@_settings_options
@click.pass_context
def review(ctx, path, outdir, sources, corrections, unit_registry, no_ocr, debug_dir):
    """Ghi trang kiểm tra review.html: của một văn bản (PDF/DOCX: trích xuất vào OUTDIR như
    lệnh extract), của một thư mục kết quả, hoặc của cả thư mục kết quả của batch (kèm
    index.html liệt kê mọi văn bản). Trang tự chứa (không cần mạng), mở bằng trình duyệt."""
    from plan_extract.review.folder import review_outdir
    p = Path(path)
    if p.is_file() and p.suffix.lower() in (".pdf", ".docx"):
        ctx.invoke(extract, files=(path,), outdir=outdir, xlsx=False, review=True, corrections=corrections,
                   unit_registry=unit_registry, no_ocr=no_ocr, debug_dir=debug_dir)
        return
    if p.is_file() and p.name == "plan.json":
        p = p.parent
    if not p.is_dir() or not any(p.rglob("plan.json")):
        _usage_fail(f"{path}: không phải văn bản PDF/DOCX hay thư mục kết quả (không có plan.json)")
    written, missing = review_outdir(p, list(sources) or ["."])
    for folder in missing:
        click.echo(f"{folder}: không tìm thấy văn bản gốc (dùng --source THƯ_MỤC) nên trang không có ảnh",
                   err=True)
    for page in written:
        click.echo(str(page))
    sys.exit(EXIT_OK)


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
@click.option("--year", type=int, help="Năm của kế hoạch, cho ngày/tháng viết không kèm năm.")
def deadline(text, year):
    """In thời hạn TEXT đã chuẩn hóa (JSON), ví dụ: plan-extract deadline "Quý III/2025"."""
    from dataclasses import asdict
    from plan_extract.normalise.deadlines import DeadlineContext, parse_deadline
    d = parse_deadline(text, DeadlineContext(year=year))
    click.echo(json.dumps(asdict(d), ensure_ascii=False, indent=2))


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.option("--units", "unit_registry", type=click.Path(exists=True, dir_okay=False),
              help="Tệp tên đơn vị bổ sung (YAML), gộp lên danh mục có sẵn.")
@click.option("--yaml", "as_yaml", is_flag=True,
              help="In YAML (dạng tệp --units) cho các tên đơn vị chưa biết, để dán vào tệp.")
def units(outdir, unit_registry, as_yaml):
    """Liệt kê mọi cách viết tên đơn vị trong OUTDIR -> tên chuẩn, kèm số lần; tên chưa biết trước."""
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
@click.option("--to", "fmt", type=click.Choice(["tracker-xlsx", "ics", "xlsx"]), required=True,
              help="Dạng xuất: mẫu nhập phần mềm theo dõi (tracker-xlsx), lịch (ics), Excel (xlsx).")
@click.option("--due-time", default="17:00", show_default=True,
              help="Giờ (HH:MM, giờ Việt Nam) ghi vào \"Hạn hoàn thành\" của mọi hạn xác định trong mẫu "
                   "theo dõi; các hạn khác ghi nguyên văn vào \"Ghi chú\".")
@click.option("--units", "unit_registry", type=click.Path(exists=True, dir_okay=False),
              help="Tệp tên đơn vị của cán bộ (YAML, như với extract): mã đơn vị trong mẫu theo dõi lấy từ đó.")
@click.option("-o", "--out", "target", type=click.Path(file_okay=False),
              help="Thư mục ghi (mặc định: OUTDIR/export).")
def export(outdir, fmt, due_time, unit_registry, target):
    """Xuất các kế hoạch đã trích xuất trong OUTDIR ra mẫu nhập phần mềm theo dõi hoặc lịch.

    Mỗi kế hoạch xuất một lần: các bản của cùng một kế hoạch (PDF, DOCX, bản scan; cùng số hoặc
    cùng nội dung) được báo trên stderr và bỏ qua. Không có kế hoạch (hoặc nhiệm vụ) nào trong
    OUTDIR, hoặc có plan.json không đọc được (nêu tên trên stderr, phần còn lại vẫn xuất): mã thoát 1."""
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
