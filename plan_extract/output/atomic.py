"""Atomic writes: a file or a whole result folder appears at once or not at all (write into a
hidden temporary sibling, fsync, rename); temporaries of a dead run are cleaned up.

Result folder names come from input file names, which may be anything: `safe_name` makes a name
that cannot escape or hide (no separators, no leading dot, never "." or ".."), fits a file system
with its temporary prefixes, and stays the same for the same input. A result folder is only ever
replaced or removed when it is one (a real folder holding plan.json): `ForeignTarget` otherwise.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Iterable, Optional, Union

#: Longest result folder name, in UTF-8 bytes: 255 (the usual file system limit) minus room for
#: the hidden temporary siblings' prefix and suffix (".<name>.tmp-XXXXXXXX", ".<name>.old-...").
MAX_NAME_BYTES = 200
#: The file a result folder always holds: how a folder is recognised as one.
RESULT_MARK = "plan.json"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\<>:"|?*]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}      # Windows device names


class ForeignTarget(OSError):
    """The place a result folder would go holds something this tool did not write there."""


_OS_PROBLEMS = {
    "EROFS": "ổ đĩa chỉ đọc (read-only file system)",
    "ENOSPC": "ổ đĩa đầy (no space left on device)",
    "EDQUOT": "vượt hạn mức đĩa (disk quota exceeded)",
    "EACCES": "không có quyền ghi (permission denied)",
    "EPERM": "không có quyền ghi (operation not permitted)",
    "ENAMETOOLONG": "tên tệp quá dài (file name too long)",
}


def describe_os_error(e: OSError, where: Union[str, Path]) -> str:
    """One line naming the folder and the problem: "<folder>: ổ đĩa đầy (no space left ...)"."""
    import errno
    name = errno.errorcode.get(e.errno or 0, "")
    what = _OS_PROBLEMS.get(name) or f"{e.strerror or type(e).__name__} ({name or 'OSError'})"
    folder = Path(e.filename) if getattr(e, "filename", None) else Path(where)
    return f"không ghi được {folder}: {what}"


def file_sha256(path: Union[str, Path]) -> str:
    """The sha256 of a file's bytes, read in 1 MiB blocks (never the whole file at once)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def safe_name(stem: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """A result folder name for an input's stem: NFC; path separators, control and Windows-
    reserved characters -> "_"; leading dots -> "_" (never hidden, never "." or ".."); trailing
    dots and spaces -> "_"; a Windows device name gets a "_" prefix; empty -> "_"; a name longer
    than max_bytes (UTF-8) is cut at a character boundary and given "-" + 8 hex of the whole
    stem's sha256, so two long names that share a beginning stay apart. Same stem, same name."""
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", stem))
    lead = len(name) - len(name.lstrip("."))
    name = "_" * lead + name[lead:]
    trail = len(name) - len(name.rstrip(". "))
    if trail:
        name = name[:len(name) - trail] + "_" * trail
    if not name:
        name = "_"
    if name.split(".")[0].casefold() in _RESERVED:
        name = "_" + name
    if len(name.encode("utf-8")) > max_bytes:
        tag = "-" + hashlib.sha256(stem.encode("utf-8", "surrogateescape")).hexdigest()[:8]
        cut = name.encode("utf-8")[:max_bytes - len(tag)].decode("utf-8", "ignore").rstrip(". ")
        name = cut + tag
    return name


def is_result_dir(path: Union[str, Path]) -> bool:
    """A real folder (not a link) holding plan.json: a result folder this tool may replace."""
    path = Path(path)
    return path.is_dir() and not path.is_symlink() and (path / RESULT_MARK).is_file()


def unique_name(stem: str, taken: set, seed: Optional[str] = None) -> str:
    """safe_name(stem), or "<name>-<8 hex>" when that is already in `taken` (compared
    case-folded, as on case-insensitive file systems): the seed's first 8 characters when it is
    a hex digest (the input's sha256), else 8 hex of its sha256. The name is added to `taken`."""
    name = safe_name(stem)
    if name.casefold() in taken:
        seed = seed or stem
        tag = seed[:8].lower() if re.fullmatch(r"[0-9a-fA-F]{8,}", seed) else \
            hashlib.sha256(seed.encode("utf-8", "surrogateescape")).hexdigest()[:8]
        base = safe_name(stem, MAX_NAME_BYTES - 18)
        name = f"{base}-{tag}"
        n = 2
        while name.casefold() in taken:
            name = f"{base}-{tag}-{n}"
            n += 1
    taken.add(name.casefold())
    return name



def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_bytes_atomic(path: Union[str, Path], data: bytes) -> Path:
    """Write a file via a temporary file in the same folder, then os.replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TMP_MARK}{os.getpid()}-", suffix=".tmp",
                               dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(path.parent)
    return path


TMP_MARK = ".tmp-"
OLD_MARK = ".old-"


def may_replace(target: Union[str, Path], owned: Optional[Iterable[str]] = None) -> bool:
    """Whether write_dir_atomic may put a result folder at `target`: nothing there; a result
    folder (is_result_dir); an empty folder; or, when the writer carries other entries over
    (`owned` given), a real folder holding none of the owned names (nothing in it is lost)."""
    target = Path(target)
    if target.name in ("", ".", ".."):
        return False
    if target.is_symlink():
        return False
    if not target.exists():
        return True
    if not target.is_dir():
        return False
    if is_result_dir(target):
        return True
    names = {p.name for p in target.iterdir()}
    return not names or (owned is not None and not names & set(owned))


def _check_target(target: Path, owned: Optional[Iterable[str]] = None) -> None:
    if target.name in ("", ".", ".."):
        raise ForeignTarget(f"{target}: tên thư mục kết quả không an toàn (unsafe result folder name)")
    if not may_replace(target, owned):
        raise ForeignTarget(f"{target}: đã có và không phải thư mục kết quả, không ghi đè "
                            f"(exists and is not a result folder: left alone)")


def _carry_over(src: Path, dst: Path, owned: Iterable[str]) -> None:
    """Hard-link (or copy) into dst every entry of src whose name is not in `owned`: files a
    person saved in a result folder survive its replacement, and src stays intact meanwhile."""
    owned = set(owned)
    for entry in sorted(src.iterdir()):
        if entry.name in owned or (entry.name.startswith(".") and (TMP_MARK in entry.name
                                                                   or OLD_MARK in entry.name)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, dst / entry.name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, dst / entry.name)


def _link_or_copy(src, dst) -> None:
    if os.path.islink(src):
        os.symlink(os.readlink(src), dst)
        return
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def write_dir_atomic(target: Union[str, Path], files: dict[str, bytes],
                     owned: Optional[Iterable[str]] = None) -> Path:
    """Make `target` a folder holding `files`, all at once: the files are written into a hidden
    sibling folder which is then renamed into place (an existing folder is first renamed aside
    and removed after). A reader sees the old folder, or the new one, never a partial one.

    owned: the names this tool writes into such a folder. When given, every other entry of an
    existing folder (a clerk's notes, a signed copy) is carried into the new one untouched; only
    owned names not in `files` (e.g. a plan.xlsx of an earlier run) disappear. Without it the
    folder holds exactly `files`. Raises ForeignTarget (nothing written or removed) when
    `target` is "." or ".." or holds something that is not ours to replace (may_replace)."""
    target = Path(target)
    _check_target(target, owned)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}{TMP_MARK}{os.getpid()}-", dir=parent))
    try:
        if owned is not None and target.is_dir():
            _carry_over(target, tmp, set(owned) | set(files))
        for name, data in files.items():
            with open(tmp / name, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, 0o755)
        _fsync_dir(tmp)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}{OLD_MARK}{os.getpid()}-", dir=parent))
            os.rmdir(old)
            os.rename(target, old)
        try:
            os.rename(tmp, target)
        except BaseException:
            if old is not None:
                os.rename(old, target)
            raise
        _fsync_dir(parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def remove_owned(target: Union[str, Path], owned: Iterable[str]) -> None:
    """Take this tool's files out of a result folder (an older result of a file that now fails),
    atomically as a folder; the folder itself goes only when nothing else is left in it.
    Anything that is not a result folder (is_result_dir) is left alone."""
    target = Path(target)
    if not is_result_dir(target):
        return
    if all(p.name in set(owned) for p in target.iterdir()):
        remove_dir_atomic(target)
    else:
        write_dir_atomic(target, {}, owned=owned)


def remove_dir_atomic(target: Union[str, Path]) -> None:
    """Remove a result folder so that it vanishes at once (rename aside, then delete). Anything
    that is not a result folder (is_result_dir) is left alone."""
    target = Path(target)
    if not is_result_dir(target):
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}{OLD_MARK}{os.getpid()}-", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    shutil.rmtree(old, ignore_errors=True)


#: A temporary older than this (seconds) belongs to no live write, whatever its pid says (a
#: write takes seconds; a pid may have been reused).
STALE_AFTER = 3600.0


def _writer_alive(name: str) -> bool:
    """Whether the process that made temporary `name` (".<x>.tmp-<pid>-..." or ".old-") lives."""
    for mark in (TMP_MARK, OLD_MARK):
        if mark in name:
            pid = name.rsplit(mark, 1)[1].split("-", 1)[0]
            if pid.isdigit():
                import psutil
                return int(pid) > 0 and psutil.pid_exists(int(pid))
    return False                          # an older temporary without a pid


def clean_temporaries(folder: Union[str, Path]) -> None:
    """Remove leftovers of interrupted writes (hidden .*.tmp-* / .*.old-* entries) in `folder`,
    only those of no live run: a temporary whose writer (the pid in its name) still runs, and is
    younger than STALE_AFTER, is someone's write in flight and is left alone."""
    import time
    folder = Path(folder)
    if not folder.is_dir():
        return
    now = time.time()
    for p in folder.iterdir():
        if p.name.startswith(".") and (TMP_MARK in p.name or OLD_MARK in p.name
                                       or p.name.endswith(".tmp")):
            try:
                young = now - p.lstat().st_mtime < STALE_AFTER
            except OSError:
                continue
            if young and _writer_alive(p.name):
                continue
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                try:
                    p.unlink()
                except OSError:
                    pass
