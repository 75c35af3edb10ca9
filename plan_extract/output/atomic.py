"""Atomic writes: a file or a whole result folder appears at once or not at all (write into a
hidden temporary sibling, fsync, rename); temporaries of a dead run are cleaned up."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Union




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


def write_dir_atomic(target: Union[str, Path], files: dict[str, bytes]) -> Path:
    """Make `target` a folder holding exactly `files`, all at once: the files are written into a
    hidden sibling folder which is then renamed into place (an existing folder is first renamed
    aside and removed after). A reader sees the old folder, or the new one, never a partial one."""
    target = Path(target)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}{TMP_MARK}", dir=parent))
    try:
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
