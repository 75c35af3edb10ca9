"""Atomic writes: a file or a whole result folder appears at once or not at all (write into a
hidden temporary sibling, fsync, rename); temporaries of a dead run are cleaned up."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Optional, Union




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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
    folder holds exactly `files`."""
    target = Path(target)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}{TMP_MARK}", dir=parent))
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
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}{OLD_MARK}", dir=parent))
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
    atomically as a folder; the folder itself goes only when nothing else is left in it."""
    target = Path(target)
    if not target.is_dir():
        return
    if all(p.name in set(owned) for p in target.iterdir()):
        remove_dir_atomic(target)
    else:
        write_dir_atomic(target, {}, owned=owned)


def remove_dir_atomic(target: Union[str, Path]) -> None:
    """Remove a result folder so that it vanishes at once (rename aside, then delete)."""
    target = Path(target)
    if not target.exists():
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}{OLD_MARK}", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    shutil.rmtree(old, ignore_errors=True)


def clean_temporaries(folder: Union[str, Path]) -> None:
    """Remove leftovers of interrupted writes (hidden .*.tmp-* / .*.old-* entries) in `folder`."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    for p in folder.iterdir():
        if p.name.startswith(".") and (TMP_MARK in p.name or OLD_MARK in p.name
                                       or p.name.endswith(".tmp")):
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                try:
                    p.unlink()
                except FileNotFoundError:
                    pass
