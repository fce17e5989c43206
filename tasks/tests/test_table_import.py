"""A draft plan's task table filled from an .xlsx / .csv with the columns of its own task export."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.tests import factories as f
from reports import documents
from reports.documents.registry import build
from tasks.models import Task

CSV = ("STT;Nội dung nhiệm vụ;Đơn vị chủ trì;Đơn vị phối hợp;Thời hạn;Sản phẩm\n"
       "1;Tuyên truyền Chỉ thị 33;{a};{b};Quý IV/2025;Tin bài\n"
       "2;Tiếp công dân;{b};;Thường xuyên;\n"
       "3;Hội nghị đối thoại;{a};{b};Trước ngày 30/09/2025 (gia hạn đến 15/10/2025);Hội nghị\n"
       "4;Sơ kết;{a};;Tháng 11/2025;Báo cáo\n")


def _post(client, plan, content: bytes, name="bang.csv", **extra):
    return client.post(reverse("tasks:task_table_import", args=[plan.pk]),
                       {"file": SimpleUploadedFile(name, content), **extra})


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_csv_fills_the_table_after_the_existing_tasks(login, editor, plan, unit_a, unit_b):
    response = _post(login(editor), plan, CSV.format(a=unit_a.name, b=unit_b.name).encode())
    assert response.status_code == 302 and "Đã nhập 4 nhiệm vụ" in _messages(response)
    added = list(plan.tasks.order_by("order"))[2:]
    assert [(t.order, t.content, t.lead_unit, t.due_kind, t.due_date) for t in added] == [
        (3, "Tuyên truyền Chỉ thị 33", unit_a, "quarter", datetime.date(2025, 12, 31)),
        (4, "Tiếp công dân", unit_b, "continuous", None),
        (5, "Hội nghị đối thoại", unit_a, "date", datetime.date(2025, 9, 30)),
        (6, "Sơ kết", unit_a, "month", datetime.date(2025, 11, 30)),
    ]
    assert list(added[0].coordinating_units.all()) == [unit_b]


def test_the_plans_own_export_imports_back(login, editor, plan, unit_a, unit_b, org):
    exported = build(documents.plan_context(plan), "xlsx")
    other = f.PlanFactory(organization=org, created_by=editor)
    response = _post(login(editor), other, exported, name="nhiem-vu.xlsx")
    assert "Đã nhập 2 nhiệm vụ" in _messages(response)
    key = lambda t: (t.content, t.lead_unit_id, t.due_kind, t.due_date, sorted(u.pk for u in t.coordinating_units.all()))  # noqa: E731
    assert [key(t) for t in other.tasks.order_by("order")] == [key(t) for t in plan.tasks.order_by("order")]


def test_replace_keeps_nothing_of_the_old_table(login, editor, plan, unit_a, unit_b):
    _post(login(editor), plan, CSV.format(a=unit_a.name, b=unit_b.name).encode(), replace="on")
    assert plan.tasks.count() == 4 and plan.tasks.order_by("order").first().content == "Tuyên truyền Chỉ thị 33"


def test_every_bad_row_is_named_and_nothing_is_saved(login, editor, plan, unit_a, unit_b):
    bad = CSV.format(a=unit_a.name, b="Phòng Không Có").replace("Tháng 11/2025", "Tháng 13/2025")
    bad += "5;;{a};;Thường xuyên;\n".format(a=unit_a.name)
    response = _post(login(editor), plan, bad.encode())
    text = _messages(response)
    assert "chưa có dòng nào được lưu" in text
    assert "Dòng 2, cột “Đơn vị phối hợp”: Không có đơn vị “Phòng Không Có”" in text
    assert "Dòng 5, cột “Thời hạn”" in text
    assert "Dòng 6, cột “Nội dung nhiệm vụ”: Nhập nội dung nhiệm vụ." in text
    assert plan.tasks.count() == 2


@pytest.mark.parametrize(("content", "name", "words"), [
    (b"a,b,c\n1,2,3\n", "x.csv", "Không thấy dòng tiêu đề"),
    (b"STT;N\xe1\xbb\x99i dung nhi\xe1\xbb\x87m v\xe1\xbb\xa5;\xc4\x90\xc6\xa1n v\xe1\xbb\x8b ch\xe1\xbb\xa7 tr\xc3\xac\n", "x.csv",
     "thiếu cột “Đơn vị phối hợp”, “Thời hạn”, “Sản phẩm”"),
    (b"PK\x03\x04garbage", "x.xlsx", "không phải bảng tính Excel"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 50, "x.xls", "lưu thành .xlsx"),
    (b"\xff\xfe\x00\x00bad", "x.csv", "không phải .xlsx hoặc .csv"),
])
def test_a_file_that_is_not_a_task_table_is_refused_in_words(login, editor, plan, content, name, words):
    text = _messages(_post(login(editor), plan, content, name=name))
    assert words in text
    assert plan.tasks.count() == 2


def test_permissions_and_method(client, login, viewer, outsider, plan, unit_a, unit_b):
    url = reverse("tasks:task_table_import", args=[plan.pk])
    content = CSV.format(a=unit_a.name, b=unit_b.name).encode()
    assert _post(login(viewer), plan, content).status_code == 403
    assert _post(login(outsider), plan, content).status_code == 404
    assert client.get(url).status_code == 405
    assert Task.objects.filter(plan=plan).count() == 2


def test_the_edit_page_offers_the_import(login, editor, plan):
    page = login(editor).get(reverse("plans:edit", args=[plan.pk])).content.decode()
    assert "Nhập bảng nhiệm vụ từ tệp .xlsx / .csv" in page and '<label for="id_table_file">' in page

