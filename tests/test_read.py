"""read.py: bad input in the user's terms, text layers (native, TCVN3), footers and URL lines
removed, letterhead blocks kept apart, bold/italic, NFC."""
from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest

from plan_extract import vocab as vocab_files
from plan_extract.readers import pdf as read
from plan_extract.model.document import InputError
from plan_extract.model.parts import Line

CORPUS = Path(__file__).parent / "corpus"
SEED000 = CORPUS / "pdf" / "seed000_sct_hatinh.pdf"
TCVN3 = CORPUS / "pdf" / "seed000_sct_hatinh__tcvn3.pdf"


@pytest.fixture(scope="module")
def seed000():
    src = read.open_document(SEED000, ocr=False)
    yield src
    src.close()


# ----------------------------------------------------------------------------- bad input

def _assert_one_line_vi_en(err: InputError, code: str):
    assert err.code == code
    assert "\n" not in err.message
    assert err.message.endswith(")") and " (" in err.message      # Vietnamese (English)


def test_empty_file(tmp_path):
    f = tmp_path / "empty.pdf"
    f.write_bytes(b"")
    with pytest.raises(InputError) as e:
        read.open_document(f)
    _assert_one_line_vi_en(e.value, "empty-file")


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + b"\0" * 200, b"\xff\xd8\xff\xe0" + b"x" * 300,
                                  bytes(range(256)) * 4])
def test_not_a_pdf(tmp_path, data):
    f = tmp_path / "scan.pdf"
    f.write_bytes(data)
    with pytest.raises(InputError) as e:
        read.open_document(f)
    _assert_one_line_vi_en(e.value, "not-a-pdf")


def test_truncated(tmp_path):
    data = SEED000.read_bytes()
    f = tmp_path / "cut.pdf"
    f.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as e:
        read.open_document(f)
    _assert_one_line_vi_en(e.value, "truncated-pdf")


def test_damaged(tmp_path):
    f = tmp_path / "broken.pdf"
    f.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n"
                  b"xref\n0 1\ngarbage\ntrailer << /Root 1 0 R >>\nstartxref\n12345\n%%EOF\n")
    with pytest.raises(InputError) as e:
        read.open_document(f)
    _assert_one_line_vi_en(e.value, "damaged-pdf")


def test_encrypted(tmp_path):
    from pypdf import PdfReader, PdfWriter
    w = PdfWriter()
    for p in PdfReader(SEED000).pages[:1]:
        w.add_page(p)
    w.encrypt(user_password="secret", owner_password="owner")
    f = tmp_path / "locked.pdf"
    with open(f, "wb") as fh:
        w.write(fh)
    with pytest.raises(InputError) as e:
        read.open_document(f)
    _assert_one_line_vi_en(e.value, "encrypted-pdf")


def test_missing_file(tmp_path):
    with pytest.raises(InputError):
        read.open_document(tmp_path / "nope.pdf")


# ----------------------------------------------------------------------------- native pages

def test_source_fields(seed000):
    assert seed000.text_layer == "native"
    assert seed000.sha256 == hashlib.sha256(SEED000.read_bytes()).hexdigest()
    assert [p.number for p in seed000.pages] == list(range(1, len(seed000.pages) + 1))
    assert all(p.width > 0 and p.height > 0 for p in seed000.pages)


def test_letterhead_blocks_are_separate_lines(seed000):
    texts = [ln.text for ln in seed000.pages[0].lines()[:6]]
    assert "UBND TỈNH HÀ TĨNH" in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "SỞ CÔNG THƯƠNG" in texts


def test_upper_case_is_read_from_the_glyph_texts():
    """split_blocks reads whether a block's text is its own upper case from its glyphs' texts
    (read._same_upper), not from the text chars_to_text makes of them (spaces added and
    squashed, NFC): the same answer when every character is its own upper case exactly when
    every character of its canonical decomposition is, and a character that is not maps to a
    string starting with another character (str.upper maps character by character)."""
    import sys
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        upper = ch.upper()
        assert (upper == ch) == all(c.upper() == c for c in unicodedata.normalize("NFD", ch)), hex(cp)
        assert upper == ch or upper[0] != ch, hex(cp)
    glyphs = [{"text": t, "x0": 5.0 * i, "x1": 5.0 * i + 4, "size": 10.0} for i, t in enumerate("Ĩ\u0301A")]
    assert read._same_upper(glyphs) and not read._same_upper(glyphs + [{"text": "a\u0301"}])


def test_bold_and_italic(seed000):
    lines = seed000.pages[0].lines()
    kh = next(ln for ln in lines if ln.text == "KẾ HOẠCH")
    assert kh.bold
    place = next(ln for ln in lines if ln.text.startswith("Hà Tĩnh, ngày"))
    assert place.italic and not place.bold


def test_lines_are_nfc_and_in_reading_order(seed000):
    lines = read.lines_outside_tables(seed000.pages, [])
    assert all(unicodedata.is_normalized("NFC", ln.text) for ln in lines)
    keys = [(ln.page, ln.top) for ln in lines]
    for a, b in zip(keys, keys[1:]):
        assert a[0] < b[0] or (a[0] == b[0] and a[1] <= b[1] + 3)


def test_url_footer_and_page_numbers_removed():
    from tests.test_rows import corpus_stages
    src, raw, _, _ = corpus_stages("seed003_ubnd_tiendien")
    lines = read.lines_outside_tables(src.pages, raw)
    assert not [ln for ln in lines if "http" in ln.text]
    assert not [ln for ln in lines if ln.text.strip().isdigit()]
    # the URL printed inside a table cell of seed 002 is data and stays (see test_rows gold)
    assert not [ln for ln in lines if ln.text.startswith("TT ") or ln.text == "Tên nhiệm vụ"]


def test_find_running_lines_keeps_cell_urls():
    def line(text, top, size=13.0):
        return Line(text=text, page=1, x0=100, top=top, x1=300, bottom=top + size, size=size)
    pages = [[line("Nội dung", 100), line("https://vbdh.example.gov.vn/abc", 800, 8.0), line("3", 780)],
             [line("xem http://nongthonmoi.hatinh.gov.vn", 400), line("Khác", 100)]]
    rules = [read.vertical_spans([]), read.vertical_spans([{"orientation": "v", "top": 300, "bottom": 500}])]
    drop = read.find_running_lines(pages, [842, 842], rules)
    assert drop == [{1, 2}, set()]


# ----------------------------------------------------------------------------- legacy TCVN3

def _legacy_entries():
    data = json.loads(vocab_files.path("legacy_tcvn3.json").read_text(encoding="utf-8"))
    return sorted(data["map"].items())


@pytest.mark.parametrize("legacy,uni", _legacy_entries())
def test_every_tcvn3_entry(legacy, uni):
    """Each entry agrees with the corpus generator's independent table (TCVN 5712:1993)."""
    from tests.corpus import tcvn3
    assert tcvn3.UNICODE_TO_TCVN3[uni] == ord(legacy)
    assert read.legacy_table("tcvn3")[legacy] == uni


def test_tcvn3_table_is_complete():
    from tests.corpus import tcvn3
    assert {chr(b): u for u, b in tcvn3.UNICODE_TO_TCVN3.items()} == read.legacy_table("tcvn3")


def test_tcvn3_fonts():
    assert read.is_tcvn3_font("AAAAAA+.VnTime,Bold")
    assert read.is_tcvn3_font(".VnTimeH")
    assert not read.is_tcvn3_font("TimesNewRomanPSMT")


def test_tcvn3_document_converted():
    src = read.open_document(TCVN3, ocr=False)
    try:
        assert src.text_layer == "legacy-tcvn3"
        texts = [ln.text for ln in src.pages[0].lines()]
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts        # .VnTimeH capitals
        assert any("phát triển khoa học" in t for t in texts)
        assert not any("¸" in t or "Ó" in t for t in texts)
    finally:
        src.close()


def test_convert_tcvn3_chars():
    chars = [{"text": ch, "fontname": ".VnTime"} for ch in "Ph¸t triÓn"] + \
            [{"text": ch, "fontname": ".VnTimeH"} for ch in "céng"]
    read.convert_tcvn3(chars)
    assert "".join(c["text"] for c in chars) == "Phát triểnCỘNG"


# ----------------------------------------------------------------------------- legacy VNI

VNI = CORPUS / "pdf" / "auth_dangy_ctr_party__vni.pdf"


def _vni_letters():
    from tests.corpus import vni
    return sorted(vni.UNICODE_TO_VNI.items())


@pytest.mark.parametrize("letter,legacy", _vni_letters())
def test_every_vni_letter(letter, legacy):
    """Each Vietnamese letter, spelt as the corpus generator's independent VNI table spells it,
    reads back as that letter: as a string, and as glyphs (base + mark merged into one char)."""
    assert read.decode_legacy(legacy, "vni") == letter
    assert read.decode_legacy("x" + legacy + "t", "vni") == "x" + letter + "t"
    chars = [{"text": ch, "fontname": "AAAAAA+VNI-Times", "x0": 5.0 * i, "x1": 5.0 * i + 5, "top": 0.0,
              "size": 12.0} for i, ch in enumerate("t" + legacy)]
    read.convert_legacy(chars, "vni")
    assert [c["text"] for c in chars] == ["t", letter]


def test_vni_table_is_complete():
    from tests.corpus import vni
    assert len(vni.UNICODE_TO_VNI) == 134
    assert read.legacy_table("vni") == {seq: u for u, seq in vni.UNICODE_TO_VNI.items()}


def test_vni_fonts():
    assert read.is_vni_font("AAAAAA+VNI-Times")
    assert read.is_vni_font("VNI-Helve,Bold")
    assert not read.is_vni_font("TimesNewRomanPSMT")
    assert not read.is_vni_font(".VnTime")


def _page_chars(text, font="TimesNewRomanPSMT"):
    return [{"text": ch, "fontname": font, "x0": 6.0 * i, "x1": 6.0 * i + 5, "top": 0.0, "size": 12.0}
            for i, ch in enumerate(text)]


def test_unicode_page_with_stray_vni_marks_is_not_vni():
    from tests.corpus import tcvn3, vni
    text = "Kế hoạch phát triển khoa học, công nghệ; hoà nhập, hoá chất, uỷ ban, où, aù ù. " * 5
    assert not read.looks_vni(_page_chars(text))
    assert not read.looks_vni(_page_chars("Nội dung chính ù, où, aù, Thuỷ, hoà." * 3, "AAAAAA+VNI-Times"))
    assert not read.looks_tcvn3(_page_chars(text))
    legacy = vni.encode(text.replace(", où, aù ù", ""))
    assert read.looks_vni(_page_chars(legacy))                         # no font name: many pairs
    assert read.looks_vni(_page_chars(legacy[:40], "VNI-Times"))       # a VNI font: a few suffice
    tcvn = _page_chars(tcvn3.encode(text.replace(", où, aù ù", "")))
    assert not read.looks_vni(tcvn) and read.looks_tcvn3(tcvn)         # TCVN3 text is not VNI


def test_vni_document_converted():
    src = read.open_document(VNI, ocr=False)
    native = read.open_document(CORPUS / "pdf" / "auth_dangy_ctr_party.pdf", ocr=False)
    try:
        assert src.text_layer == "legacy-vni"
        assert [p.layer for p in src.pages] == ["legacy-vni"] + ["native"] * (len(src.pages) - 1)
        texts = [ln.text for ln in src.pages[0].lines()]
        assert all(unicodedata.is_normalized("NFC", t) for t in texts)
        assert "ĐẢNG ỦY XÃ THIÊN CẦM" in texts and "KẾ HOẠCH" in texts
        assert any("đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo" in t for t in texts)
        assert not any(ch in t for t in texts for ch in "øûïåäëæñÑöÖ")       # VNI-only codes
        assert texts == [ln.text for ln in native.pages[0].lines()]
        # the Unicode original has "ù" (cùng) and "õ" (rõ) on its pages and stays native
        assert native.text_layer == "native" and {p.layer for p in native.pages} == {"native"}
        assert any(c["text"] == "ù" for p in native.pages for c in p.chars)
        assert all(c["text"] and len(c["text"]) == 1 for c in src.pages[0].chars if not c["text"].isspace())
    finally:
        src.close()
        native.close()
