"""Rules of every printed document (REPORTS.md §4), checked in the real PDF (WeasyPrint, read with
pdfplumber) and Word file (python-docx): a document number never breaks across lines, a column fits
its longest word, the body and each appendix end with "./.", dates in one style, a gap under the
short rules. The documents are crafted so that a number must fall at a line end somewhere."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn

from reports.documents import Appendix, Column, Table
from reports.documents.context import doc_dates, fitted_widths, number_spans
from reports.documents.docx import render_docx
from reports.documents.fonts import text_width_mm
from reports.documents.registry import build
from reports.rollups.document import rollup_document, rollup_print_data
from reports.tests.factories_rollup import draft_rollup, reported_round  # noqa: F401  (fixtures)

NUMBERS = ["09/2019/NĐ-CP", "33/CT-TTg", "126/BC-UBND", "23-QĐ/TW"]
# The same sentence with a growing prefix: each number reaches every position of a line, so
# without the rule some would be cut at their "/" or "-".
CROWDED = "\n".join(f"{'Vì ' * n}căn cứ Nghị định số 09/2019/NĐ-CP, Chỉ thị số 33/CT-TTg, Quyết định số 23-QĐ/TW "
                    f"và Báo cáo số 126/BC-UBND." for n in range(24))


@pytest.fixture
def crowded(draft_rollup):
    data = rollup_print_data(draft_rollup)
    data["leadership_text"] = CROWDED
    document = rollup_document(data, pk=draft_rollup.pk)
    # A table whose columns ask for too little: "STT" and a date must still fit.
    document.appendices.append(Appendix(
        label="Phụ lục III", title="BẢNG THỬ", attached_line=document.appendices[0].attached_line, table=Table(
            columns=[Column("STT", 1, "center"), Column("Nội dung", 89, "left"), Column("Thời hạn", 10, "center")],
            rows=[["1", "Nội dung thử", "30/9/2025"], ["12", "Nội dung khác", "Trước ngày 31/12/2025"]])))
    return document


def test_number_spans_find_every_kind_of_number():
    text = "theo Nghị định số 09/2019/NĐ-CP, Quyết định số 23-QĐ/TW ngày 06/8/2025; đạt 99,5%, 1.245 hồ sơ, 9/9 tổ"
    assert [part for part, number in number_spans(text) if number] == ["09/2019/NĐ-CP", "23-QĐ/TW"]
    assert "".join(part for part, _number in number_spans(text)) == text
    assert doc_dates("ngày 30/09/2025, ngày 6/1/2025 và 14/01/2022") == "ngày 30/9/2025, ngày 06/01/2025 và 14/01/2022"


def test_pdf_numbers_never_break_and_columns_fit(crowded):
    pdf = pdfplumber.open(io.BytesIO(build(crowded, "pdf")))
    lines = [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    text = "\n".join(lines)
    for number in NUMBERS:
        assert text.count(number) >= 24, number  # every occurrence whole on one line
    assert not any(re.search(r"(\d/|-)$", line.strip()) for line in lines), [l for l in lines if re.search(r"(\d/|-)$", l.strip())]
    appendix = [page.extract_text() for page in pdf.pages if "BẢNG THỬ" in (page.extract_text() or "")][0]
    assert "STT" in appendix.split() and "30/9/2025" in appendix.split()  # neither split nor clipped
    assert "31/12/2025" in appendix.split()


def test_pdf_body_and_each_appendix_end_with_the_mark(crowded):
    pdf = pdfplumber.open(io.BytesIO(build(crowded, "pdf")))
    last_lines = []
    for page in pdf.pages:
        lines = [line for line in (page.extract_text() or "").splitlines() if line.strip()]
        last_lines.append(lines[-1].strip())
    body = " ".join((page.extract_text() or "") for page in pdf.pages)
    assert "Ủy ban nhân dân phường An Bình./." in body
    # The last page of each of the three appendices ends with "./." under its table.
    assert sum(line == "./." for line in last_lines) == 3


def test_word_numbers_never_break_and_columns_fit(crowded):
    word = WordDocument(io.BytesIO(render_docx(crowded)))
    body = word.element.body
    runs_with_number = [r for r in body.iter(qn("w:r")) if r.find(qn("w:noBreakHyphen")) is not None]
    assert runs_with_number  # "NĐ-CP", "CT-TTg", "BC-UBND": Word's non-breaking hyphen
    texts = ["".join(t.text for t in r.iter(qn("w:t"))) for r in runs_with_number]
    assert "09/\u20602019/\u2060NĐCP" not in texts  # the slash before a digit needs no joiner
    assert "09/2019/\u2060NĐCP" in texts and "33/\u2060CTTTg" in texts
    table = word.tables[-1]
    grid = [int(col.get(qn("w:w"))) / 56.7 for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert grid[0] >= text_width_mm("STT", 13, bold=True) + 3.8
    assert grid[2] >= text_width_mm("31/12/2025", 13) + 3.8
    assert [p.text for p in word.paragraphs].count("./.") == 3


def test_fitted_widths_take_room_from_the_wide_columns():
    table = Table(columns=[Column("STT", 1), Column("Nội dung", 89), Column("Thời hạn", 10)],
                  rows=[["1", "Nội dung", "30/9/2025"]])
    widths = fitted_widths(table, 252)
    assert widths[0] >= text_width_mm("STT", 13, bold=True) and widths[2] >= text_width_mm("30/9/2025", 13)
    assert abs(sum(widths) - 252) < 0.01 and widths[1] < 252 * 0.89


def test_short_rules_keep_a_gap_from_the_text_in_word(crowded):
    word = WordDocument(io.BytesIO(render_docx(crowded)))
    rules = [p for p in word.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
             and not p.text]
    # Under the trích yếu and under each "(Kèm theo …)": 4 pt above the line.
    gapped = [p for p in rules if p.paragraph_format.space_before and p.paragraph_format.space_before.pt >= 4]
    assert len(gapped) == 1 + len(crowded.appendices)
