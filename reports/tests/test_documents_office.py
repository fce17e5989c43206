"""The plan as Word (python-docx) and its task table as .xlsx (openpyxl), opened and read back."""

import io
import shutil
import subprocess
import zipfile

import pytest
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from openpyxl import load_workbook

from reports import documents
from reports.documents.registry import build
from reports.tests.factories_documents import deputy_signs, enrich, issue

COLUMNS = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Sản phẩm"]


def _word(plan) -> WordDocument:
    return WordDocument(io.BytesIO(build(documents.plan_context(plan), "docx")))


def _mm(*lengths) -> tuple:
    return tuple(round(length.mm, 1) for length in lengths)


def _header_text(section, first: bool) -> str:
    header = section.first_page_header if first else section.header
    return " ".join(p.text for p in header.paragraphs)


def test_docx_structure(plan):
    enrich(plan)
    word = _word(plan)

    letterhead = word.tables[0]
    assert [p.text for p in letterhead.cell(0, 0).paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG AN BÌNH"]
    assert [p.text for p in letterhead.cell(0, 1).paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert letterhead.cell(1, 0).text == "Số:      /KH-UBND"
    assert letterhead.cell(1, 1).text.startswith("An Bình, ngày      tháng      năm ")
    assert letterhead.cell(1, 1).paragraphs[0].runs[0].italic
    # Borderless: a layout table, not a grid.
    borders = letterhead._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    # The short line under the issuing body is a paragraph border.
    assert letterhead.cell(0, 0).paragraphs[-1]._p.pPr.find(qn("w:pBdr")) is not None

    paragraphs = [p for p in word.paragraphs if p.text]
    texts = [p.text for p in paragraphs]
    kind = paragraphs[texts.index("KẾ HOẠCH")]
    assert kind.alignment == WD_ALIGN_PARAGRAPH.CENTER and kind.runs[0].bold
    basis = paragraphs[2]  # after KẾ HOẠCH and the trích yếu
    # A word joiner keeps "3177/" and "QĐ-UBND" on one line in Word (the numbers' rule).
    assert basis.text.replace("\u2060", "").startswith("Thực hiện Quyết định số 3177/QĐ-UBND") and basis.runs[0].italic
    heading = paragraphs[texts.index("I. MỤC ĐÍCH, YÊU CẦU")]
    assert heading.runs[0].bold and heading.paragraph_format.first_line_indent.mm == pytest.approx(10, abs=0.05)
    assert heading._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"  # a heading in Word's navigation
    body = next(p for p in paragraphs if p.text.startswith("- Tuyên truyền"))
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent.mm == pytest.approx(10, abs=0.05)
    assert body.paragraph_format.line_spacing == pytest.approx(1.3)
    assert texts[texts.index("Phụ lục") - 1].endswith("./.")  # the body ends with ./. before the appendix

    signature = word.tables[1]
    assert signature.cell(0, 0).paragraphs[0].text == "Nơi nhận:"
    assert signature.cell(0, 0).paragraphs[0].runs[0].bold and signature.cell(0, 0).paragraphs[0].runs[0].italic
    assert [p.text for p in signature.cell(0, 1).paragraphs if p.text] == [
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Văn Diện"]

    portrait, landscape = word.sections
    assert _mm(portrait.page_width, portrait.page_height) == (210, 297)
    assert _mm(portrait.top_margin, portrait.right_margin, portrait.bottom_margin, portrait.left_margin) == (
        20, 15, 20, 30)
    assert _mm(landscape.top_margin, landscape.right_margin, landscape.bottom_margin, landscape.left_margin) == (
        20, 15, 15, 30)
    assert landscape.orientation == WD_ORIENT.LANDSCAPE and landscape.page_width > landscape.page_height
    for section in word.sections:
        assert section.different_first_page_header_footer  # no number on the first page
        assert "PAGE" in section.header._element.xml
        assert "PAGE" not in section.first_page_header._element.xml
    assert landscape._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"

    tasks = word.tables[2]
    assert [c.text for c in tasks.rows[0].cells] == COLUMNS
    assert tasks.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in tasks.rows)
    assert [row.cells[0].text for row in tasks.rows[1:]] == ["1", "2"]
    assert tasks.rows[2].cells[4].text == "Thường xuyên"
    assert "Phụ lục" in texts and "BẢNG TỔNG HỢP NHIỆM VỤ, PHÂN CÔNG TRÁCH NHIỆM" in texts


def test_docx_draft_mark_only_on_drafts(plan, editor, approver, clerk):
    draft = _word(plan)
    assert all("DỰ THẢO" in _header_text(s, first) for s in draft.sections for first in (True, False))

    deputy_signs(plan)
    issued = _word(issue(plan, editor=editor, approver=approver, clerk=clerk))
    assert not any("DỰ THẢO" in _header_text(s, first) for s in issued.sections for first in (True, False))
    assert issued.tables[0].cell(1, 0).text.replace("\u2060", "") == "Số: 05/KH-UBND"
    assert issued.tables[0].cell(1, 1).text == "An Bình, ngày 03 tháng 9 năm 2025"
    assert [p.text for p in issued.tables[1].cell(0, 1).paragraphs if p.text] == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Hoa"]


def test_docx_is_byte_stable(plan):
    document = documents.plan_context(plan)
    first, second = build(document, "docx"), build(document, "docx")
    assert first == second
    assert zipfile.ZipFile(io.BytesIO(first)).testzip() is None


@pytest.mark.skipif(not (shutil.which("libreoffice") or shutil.which("soffice")),
                    reason="LibreOffice is not installed (apt-get install libreoffice-writer)")
def test_docx_opens_in_libreoffice(plan, tmp_path):
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(build(documents.plan_context(plan), "docx"))
    office = shutil.which("libreoffice") or shutil.which("soffice")
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    import pdfplumber

    with pdfplumber.open(tmp_path / "ke-hoach.pdf") as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "KẾ HOẠCH" in text
        assert any(page.width > page.height for page in pdf.pages)


def test_xlsx_task_table(plan):
    content = build(documents.plan_context(plan), "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active

    assert sheet.title == "Nhiệm vụ"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert rows[1][0] == 1 and rows[1][2:] == (
        "Phòng Văn hóa - Xã hội", "Trung tâm sự nghiệp công", "Trước ngày 30/9/2025", "Báo cáo kết quả")
    assert rows[2][0] == 2 and rows[2][4] == "Thường xuyên"
    assert len(rows) == 3
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet["B2"].alignment.wrap_text
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    assert sheet.freeze_panes == "A2"
    assert build(documents.plan_context(plan), "xlsx") == content  # same data, same bytes


def test_docx_properties_are_in_schema_order(plan):
    """Word rejects a file whose property elements are out of the ECMA-376 order ("unreadable content")."""
    from lxml import etree

    from reports.documents.docx import SCHEMA_ORDER

    enrich(plan)
    archive = zipfile.ZipFile(io.BytesIO(build(documents.plan_context(plan), "docx")))
    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    checked = 0
    for name in archive.namelist():
        if not (name.startswith("word/") and name.endswith(".xml")):
            continue
        for element in etree.fromstring(archive.read(name)).iter(f"{namespace}*"):
            order = SCHEMA_ORDER.get("w:" + element.tag[len(namespace):])
            if not order:
                continue
            tags = ["w:" + c.tag[len(namespace):] for c in element.iterchildren(f"{namespace}*")]
            positions = [order.index(tag) for tag in tags if tag in order]
            assert positions == sorted(positions), (name, tags)
            checked += 1
    assert checked > 100
