"""Word 97-2003 `.doc` files: converted to DOCX by LibreOffice headless, then read by docx.py.

open_doc(path) -> docx.DocxSource whose path and sha256 are the .doc's own and whose text_layer
is "doc". LibreOffice runs with a profile of its own in a temporary folder (so that several
conversions may run side by side and a user's open LibreOffice is not disturbed) and is given
DEFAULT_TIMEOUT seconds. Without LibreOffice, one InputError line says how to install it.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Optional, Union

from plan_extract.model.document import InputError
from plan_extract.readers import docx as read_docx
from plan_extract.readers.pdf import read_input_bytes

#: Seconds LibreOffice may take to convert one document (a 30-page plan: 3-6 s).
DEFAULT_TIMEOUT = 180
#: The first bytes of an OLE2 compound file (.doc, .xls, .ppt).
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The Debian package that converts .doc without a desktop (scripts/setup.sh installs it).
DEBIAN_PACKAGE = "libreoffice-writer-nogui"


def _fail(code: str, vi: str, en: str) -> InputError:
    return InputError(code, f"{vi} ({en})")


def libreoffice() -> Optional[str]:
    """The LibreOffice program (soffice / libreoffice) on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_doc(data: bytes) -> bool:
    return data[:8] == OLE_MAGIC


def open_doc(path: Union[str, Path], timeout: float = DEFAULT_TIMEOUT, limits: Any = None) -> read_docx.DocxSource:
    """Read a .doc (Word 97-2003) through LibreOffice. Raises InputError for unreadable input or
    when LibreOffice is missing. A file named .doc that is really a DOCX is read as one."""
    path = Path(path)
    name = path.name
    data = read_input_bytes(path, "DOC", "not-a-doc")
    if not data:
        raise _fail("empty-file", f"Tệp {name} rỗng (0 byte)", f"{name} is an empty file")
    if data[:4] == b"PK\x03\x04":
        return read_docx.open_docx(path, limits=limits)
    if not is_doc(data):
        raise _fail("not-a-doc", f"Tệp {name} không phải là tệp Word .doc", f"{name} is not a Word .doc file")
    if "EncryptionInfo".encode("utf-16-le") in data or b"\x13\x00\x00\x00EncryptedSummary" in data:
        raise _fail("encrypted-doc", f"Tệp {name} được bảo vệ bằng mật khẩu, không đọc được",
                    f"{name} is password-protected")
    exe = libreoffice()
    if exe is None:
        raise _fail("no-libreoffice",
                    f"Tệp {name} là tệp Word cũ (.doc): cần LibreOffice để chuyển đổi, hãy cài bằng "
                    f"'sudo apt-get install {DEBIAN_PACKAGE}' (hoặc chạy scripts/setup.sh) rồi chạy lại",
                    f"reading .doc needs LibreOffice: apt-get install {DEBIAN_PACKAGE}")
    with tempfile.TemporaryDirectory(prefix="plan-extract-doc-") as tmp:
        work = Path(tmp)
        src = work / "input.doc"
        src.write_bytes(data)
        cmd = [exe, "--headless", "--norestore", "--nolockcheck",
               f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--convert-to", "docx", "--outdir", str(work), str(src)]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, cwd=work)
        except subprocess.TimeoutExpired:
            raise _fail("doc-conversion-failed", f"LibreOffice không chuyển đổi xong tệp {name} trong "
                        f"{timeout:.0f} giây", f"LibreOffice timed out converting {name}") from None
        out = work / "input.docx"
        if not out.exists() or out.stat().st_size == 0:
            why = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip().splitlines()
            raise _fail("doc-conversion-failed", f"LibreOffice không chuyển đổi được tệp {name} (tệp hỏng?)",
                        f"LibreOffice could not convert {name}: {why[-1] if why else done.returncode}")
        doc = read_docx.open_docx(out, limits=limits)
    doc.path = str(path)
    doc.sha256 = hashlib.sha256(data).hexdigest()
    doc.text_layer = "doc"
    for issue in doc.issues:
        issue.message = issue.message.replace("input.docx", name)
    return doc
