"""Issue 12, item 10: co-ordinating units are listed in one order everywhere.

The order is the units' own: their "thứ tự" number, then their name in Vietnamese alphabetical
order ("Đ" after "D", not after "Z"). The web page, the task form, the PDF, the Word file, the
.xlsx task table and the spreadsheet export all show it.
"""

import io

import pdfplumber
from django.urls import reverse
from docx import Document as WordDocument
from openpyxl import load_workbook

from danvan.tests import factories as f
from reports import documents
from tasks.resources import TaskResource

# (name, order), added to the task that unit_b ("Trung tâm sự nghiệp công", order 2) co-ordinates.
UNITS = [("Hội Nông dân", 5), ("Công an xã", 9), ("Đoàn thanh niên", 5), ("Bưu điện văn hóa", 5)]
EXPECTED = ["Trung tâm sự nghiệp công", "Bưu điện văn hóa", "Đoàn thanh niên", "Hội Nông dân", "Công an xã"]


def _plan_with_coordinators(plan):
    task = plan.tasks.get(order=1)
    for name, order in UNITS:
        task.coordinating_units.add(f.UnitFactory(organization=plan.organization, name=name, order=order))
    return task


def _in_order(text: str, names=EXPECTED) -> bool:
    positions = [text.find(name) for name in names]
    return all(p >= 0 for p in positions) and positions == sorted(positions)


def test_the_task_row_on_the_web_lists_them_in_the_units_order(plan, login, editor):
    task = _plan_with_coordinators(plan)
    row = login(editor).get(reverse("tasks:task_row", args=[task.pk])).content.decode()
    assert _in_order(row), row


def test_the_task_form_offers_them_in_the_units_order(plan, login, editor):
    task = _plan_with_coordinators(plan)
    form = login(editor).get(reverse("tasks:task_edit", args=[task.pk])).content.decode()
    assert _in_order(form)


def test_printed_documents_and_exports_list_them_in_the_units_order(plan):
    _plan_with_coordinators(plan)
    _name, _mime, docx = documents.render("plan", plan, "docx")
    word = WordDocument(io.BytesIO(docx))
    cells = " ".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert _in_order(cells), cells
    _name, _mime, xlsx = documents.render("plan", plan, "xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert rows[1][3].split("; ") == EXPECTED
    _name, _mime, pdf = documents.render("plan", plan, "pdf")
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        text = " ".join((page.extract_text() or "").replace("\n", " ") for page in opened.pages)
    assert _in_order(text, EXPECTED[1:]), text  # the first name is wrapped over two lines in its cell
    exported = TaskResource().export(plan.tasks.order_by("order"))
    assert exported.dict[0]["coordinating_units"].split("; ") == EXPECTED
