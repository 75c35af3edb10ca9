"""PDF post-processing shared by the generator: fixed metadata and /ID, atomic writes."""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, NameObject

FIXED_DATE = "D:20250601000000Z"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_copy(src: Path, dst: Path) -> None:
    atomic_write_bytes(dst, Path(src).read_bytes())


def normalise(src: Path, dst: Path, title: str | None = None) -> None:
    """Rewrite `src` with fixed dates, no XMP packet, and a content-derived /ID, so that
    identical content gives identical bytes."""
    reader = PdfReader(str(src))
    writer = PdfWriter(clone_from=reader)
    meta = {"/CreationDate": FIXED_DATE, "/ModDate": FIXED_DATE}
    old = reader.metadata or {}
    if old.get("/Producer"):
        meta["/Producer"] = str(old["/Producer"])
    if title:
        meta["/Title"] = title
    writer.metadata = None
    writer.add_metadata(meta)
    root = writer._root_object
    if NameObject("/Metadata") in root:
        del root[NameObject("/Metadata")]
    # /ID from the page content streams: same content, same ID
    h = hashlib.md5()
    for page in writer.pages:
        try:
            h.update(page.get_contents().get_data() if page.get_contents() else b"")
        except Exception:
            pass
    ident = ByteStringObject(h.digest())
    writer._ID = ArrayObject([ident, ident])
    buf = io.BytesIO()
    writer.write(buf)
    atomic_write_bytes(dst, buf.getvalue())
