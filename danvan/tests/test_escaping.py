"""HTML is escaped in every printed document (issue 7).

A plan and a roll-up whose title, section text, task content, recipients and signer hold
"<b>x</b>", "<script>", "&" and quotes: the HTML handed to WeasyPrint escapes them, the PDF
(parsed with pypdf) shows them literally, the Word file holds them as text, and the appendix
spreadsheet holds text, never a formula.
"""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
import time_machine
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from danvan.tests import factories as f
from danvan.tests.world import local
from plans import services as plan_services
from reports import documents
from reports.rollups import services as rollup_services
from reports.documents.layout import render_html
from reports.documents.registry import build, get_kind

BOLD = "<b>x</b>"
SCRIPT = "<script>alert(1)</script>"
HOSTILE = f'Họp dân {BOLD} {SCRIPT} & "trích" \'dẫn\' A&amp;B'
LITERALS = [BOLD, SCRIPT, '"trích"', "'dẫn'", "A&amp;B"]  # must print exactly like this
FORMULA = '=HYPERLINK("http://example.com/x","Bấm vào đây")'


def squash(text: str) -> str:
    """Text without any white space: a PDF breaks lines wherever the column ends."""
    return "".join(text.split())


@pytest.fixture
def hostile_plan(plan, unit_a, editor):
    """The conftest draft with hostile text in every part a user types."""
    plan_services.plan_update(plan=plan, user=editor, expected_version=plan.version, data={
        "title": f"Tiêu đề {HOSTILE}", "intro": f"Mở đầu {HOSTILE}", "closing": f"Kết {HOSTILE}",
        "recipients": f"UBND thành phố {HOSTILE};\nLưu: VT, VHXH.", "signer_name": f"Nguyễn {BOLD} & Văn"})
    f.SectionFactory(plan=plan, order=1, heading=f"Mục {BOLD} & \"A\"", body=f"1. Nội dung {HOSTILE}\n- {SCRIPT}")
    task = plan.tasks.get(order=1)
    task.content, task.output = f"Nhiệm vụ {HOSTILE}", FORMULA
    task.save()
    plan.refresh_from_db()
    return plan


@pytest.fixture
def hostile_rollup(hostile_plan, editor, approver, clerk, unit_a, reporter_a):
    from danvan.tests.world import submit_report

    issued = plan_services.plan_issue(
        plan=plan_services.plan_approve(plan=plan_services.plan_submit(plan=hostile_plan, user=editor),
                                        user=approver),
        user=clerk, issued_on=datetime.date(2025, 8, 15))
    round1 = issued.rounds.get(order=1)
    with time_machine.travel(local(2025, 9, 1), tick=False):
        submit_report(round1, unit_a, reporter_a, text=f"Kết quả {HOSTILE}")
    with time_machine.travel(local(2025, 9, 5), tick=False):
        rollup = rollup_services.rollup_compile(round=round1, user=editor)
        return rollup_services.rollup_update(rollup=rollup, user=editor, expected_version=rollup.version, data={
            "title": f"Báo cáo {HOSTILE}", "direction_text": f"Phương hướng {HOSTILE}",
            "recipients": f"Thường trực {HOSTILE};\nLưu: VT.", "signer_name": f"Trần {BOLD}"})


@pytest.fixture(params=["plan", "rollup"])
def printed(request):
    """(kind, Document) of the hostile plan or roll-up."""
    obj = request.getfixturevalue("hostile_plan" if request.param == "plan" else "hostile_rollup")
    return request.param, get_kind(request.param).context(obj)


def test_the_html_given_to_weasyprint_escapes_everything(printed):
    kind, document = printed
    html = render_html(document)
    for raw in (BOLD, SCRIPT, "<script>", '"trích"', "A&amp;B"):
        assert raw not in html, f"{kind}: {raw!r} reaches WeasyPrint unescaped"
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "A&amp;amp;B" in html and "&quot;trích&quot;" in html
    assert html.count("<script") == 0  # the printed layout carries no script of its own either


def test_the_pdf_shows_the_text_literally(printed):
    kind, document = printed
    reader = PdfReader(io.BytesIO(build(document, "pdf")))
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    for literal in LITERALS:
        assert squash(literal) in text, f"{kind}: {literal!r} is not printed as typed"
    assert squash(f"Nguyễn {BOLD} & Văn" if kind == "plan" else f"Trần {BOLD}") in text


def word_text(content: bytes) -> str:
    word = WordDocument(io.BytesIO(content))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in word.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def test_the_word_file_holds_the_text_literally(printed):
    kind, document = printed
    content = build(document, "docx")
    text = word_text(content)
    for literal in LITERALS:
        assert literal in text, f"{kind}: {literal!r} is not in the Word file as typed"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert SCRIPT not in xml and "&lt;script&gt;" in xml  # text, not markup


def test_the_appendix_spreadsheet_holds_text_never_a_formula(hostile_plan):
    content = build(documents.plan_context(hostile_plan), "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    values = [str(cell.value) for cell in cells]
    assert any(f"Nhiệm vụ {HOSTILE}" == value for value in values)
    output = next(cell for cell in cells if "HYPERLINK" in str(cell.value))
    # A cell starting with "=" would run as a formula in Excel (formula injection): it must be text.
    assert output.data_type == "s", f"the task's output is stored as a formula: {output.value!r}"


def test_the_page_of_the_plan_escapes_it_too(hostile_plan, login, editor):
    html = login(editor).get(hostile_plan.get_absolute_url()).content.decode()
    assert BOLD not in html and SCRIPT not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
