"""readers/doc.py: Word 97-2003 .doc through LibreOffice headless. A .doc made here from a corpus
DOCX (LibreOffice's own "MS Word 97" export) must read like the DOCX; the real .doc of
../shared/real reads with its title and body tasks; without LibreOffice, one line says how to
install it and the CLI exits non-zero."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plan_extract.model.document import InputError
from plan_extract.readers import doc as read_doc
from plan_extract.run import extract
from tests.real.gold import REAL_DIR, load_gold

REPO = Path(__file__).resolve().parent.parent
REAL_DOC = REAL_DIR / "lamdong-ubnd-kh-phongchong-matuy-2026.doc"

needs_libreoffice = pytest.mark.skipif(read_doc.libreoffice() is None,
                                       reason="LibreOffice not installed (scripts/setup.sh installs it)")


ROWS = [("STT", "Nội dung nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian thực hiện"),
        ("1", "Ban hành kế hoạch chuyển đổi số năm 2025", "Văn phòng HĐND và UBND", "Các phòng, ban, ngành",
         "Quý II/2025"),
        ("2", "Rà soát thủ tục hành chính trực tuyến toàn trình", "Phòng Văn hóa - Xã hội", "Công an xã",
         "Thường xuyên"),
        ("3", "Tập huấn kỹ năng số cho cán bộ, công chức", "Phòng Kinh tế", "Đoàn Thanh niên", "Tháng 9/2025")]


def _convert(exe: str, src: Path, to: str, work: Path) -> Path:
    subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--convert-to", to, "--outdir", str(work), str(src)], check=True, capture_output=True,
                   timeout=180)
    return work / (src.stem + "." + to.split(":")[0])


@pytest.fixture(scope="module")
def made_doc(tmp_path_factory) -> tuple[Path, Path]:
    """(a plan written with python-docx, the same plan saved as Word 97-2003 by LibreOffice).
    Through ODT: LibreOffice's direct DOCX -> DOC export drops python-docx tables."""
    import docx
    exe = read_doc.libreoffice()
    if exe is None:
        pytest.skip("LibreOffice not installed (scripts/setup.sh installs it)")
    d = tmp_path_factory.mktemp("doc")
    document = docx.Document()
    for text in ("ỦY BAN NHÂN DÂN XÃ TIÊN ĐIỀN", "Số: 15/KH-UBND", "KẾ HOẠCH",
                 "Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
                 "I. MỤC ĐÍCH, YÊU CẦU"):
        document.add_paragraph(text)
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    table.style = "Table Grid"
    for i, row in enumerate(ROWS):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    source = d / "kehoach.docx"
    document.save(source)
    odt = _convert(exe, source, "odt", d / "odt")
    out = _convert(exe, odt, "doc:MS Word 97", d)
    assert out.read_bytes()[:8] == read_doc.OLE_MAGIC
    return source, out


@needs_libreoffice
def test_doc_reads_like_its_docx(made_doc):
    source, made = made_doc
    plan, want = extract(made), extract(source)
    assert plan.source.text_layer == "doc" and plan.source.file == "kehoach.doc"
    assert plan.source.page_layers == []
    assert [(t.number, t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw) for t in plan.tasks] == \
        [(t.number, t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw) for t in want.tasks] == \
        [tuple(r) for r in ROWS[1:]]
    assert plan.document.number == want.document.number == "15/KH-UBND"


@needs_libreoffice
def test_doc_without_its_suffix_is_recognised(made_doc, tmp_path):
    renamed = tmp_path / "kehoach.bin"
    shutil.copy(made_doc[1], renamed)
    assert extract(renamed).source.text_layer == "doc"
    assert extract(made_doc[1].read_bytes(), name="kehoach").source.file == "kehoach.doc"


def test_without_libreoffice_one_line_says_how_to_get_it(tmp_path, monkeypatch):
    f = tmp_path / "kehoach.doc"
    f.write_bytes(read_doc.OLE_MAGIC + b"\0" * 1024)
    monkeypatch.setenv("PATH", str(tmp_path))             # no soffice on PATH
    with pytest.raises(InputError) as e:
        read_doc.open_doc(f)
    assert e.value.code == "no-libreoffice" and "\n" not in e.value.message
    assert "apt-get install libreoffice-writer-nogui" in e.value.message and "kehoach.doc" in e.value.message


def test_cli_exits_non_zero_without_libreoffice(tmp_path):
    f = tmp_path / "kehoach.doc"
    f.write_bytes(read_doc.OLE_MAGIC + b"\0" * 1024)
    env = dict(os.environ, PATH=str(tmp_path), PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "plan_extract", "extract", str(f), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode != 0
    assert "libreoffice-writer-nogui" in done.stderr


def test_not_a_doc(tmp_path):
    f = tmp_path / "x.doc"
    f.write_bytes(b"plain text, not Word")
    with pytest.raises(InputError) as e:
        read_doc.open_doc(f)
    assert e.value.code == "not-a-doc"


@needs_libreoffice
@pytest.mark.skipif(not REAL_DOC.exists(), reason=f"real documents not available ({REAL_DIR})")
def test_real_doc():
    gold = load_gold("lamdong-ubnd-kh-phongchong-matuy-2026")
    plan = extract(REAL_DOC)
    assert plan.source.text_layer == "doc"
    assert plan.document.title == gold["document"]["title"]
    assert plan.document.issuer == gold["document"]["issuer"]
    assert len(plan.tasks) >= 0.7 * len(gold["tasks"])
