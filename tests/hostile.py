"""Hostile inputs made on the fly (no fixture files): tiny PDFs and DOCX files that cost far more
to read than their size says, names that try to escape a folder. Used by tests/test_guard.py."""
from __future__ import annotations

import io
import zipfile
import zlib


def pdf_bytes(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF whose numbered objects (1-based, in order) are `objects`, with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _page_pdf(content: bytes, size: tuple[float, float] = (595, 842), font: bool = False,
              compress: bool = True) -> bytes:
    res = b"<< /Font << /F1 5 0 R >> >>" if font else b"<< >>"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources %s /Contents 4 0 R >>"
            % (size[0], size[1], res),
            _stream(content, compress=compress)]
    if font:
        objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return pdf_bytes(objs)


def length_cycle_pdf() -> bytes:
    """A page whose content stream's /Length is an indirect reference to itself (6 0 R -> 6 0 R)."""
    content = b"BT /F1 12 Tf 72 720 Td (Ke hoach) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length 6 0 R >>\nstream\n" + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"6 0 R"]
    return pdf_bytes(objs)


def huge_blank_page_pdf(inches: float = 200) -> bytes:
    """One blank page `inches` wide and high (no text layer: a reader would OCR it)."""
    return _page_pdf(b"", size=(inches * 72, inches * 72))


def many_rects_pdf(n: int = 300_000) -> bytes:
    """One page drawing n small filled rectangles."""
    ops = b"".join(b"%d %d 2 2 re\n" % (36 + (i % 260) * 2, 36 + (i // 260) % 380 * 2) for i in range(n))
    return _page_pdf(ops + b"f\n")


def many_glyphs_pdf(n: int = 2_000_000) -> bytes:
    """One page drawing n glyphs (one long repeated string: a few KB compressed)."""
    run = b"A" * 1000
    body = b"BT /F1 1 Tf 10 10 Td " + b"".join(b"(" + run + b") Tj " for _ in range(n // 1000)) + b"ET"
    return _page_pdf(body, font=True)


def inflating_docx(inflated_mb: int = 190) -> bytes:
    """A DOCX whose word/document.xml inflates to about inflated_mb MiB (a zip bomb): one
    paragraph then whitespace, deflated to well under 1 MiB."""
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b'<w:body><w:p><w:r><w:t>K\xe1\xba\xbf ho\xe1\xba\xa1ch</w:t></w:r></w:p>')
    tail = b"</w:body></w:document>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(head)
            pad = b" " * (1 << 20)
            for _ in range(inflated_mb):
                f.write(pad)
            f.write(tail)
    return buf.getvalue()

