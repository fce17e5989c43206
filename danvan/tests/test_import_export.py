"""Import and export of units, legal documents and tasks: good files go in whole, bad files not at all."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats.base_formats import XLSX

from danvan.models import IssuedNumber, Unit
from danvan.resources import SemicolonAwareCSV, UnitResource, error_messages
from danvan.tests import factories as f
from plans.models import LegalDocument, Plan
from plans.resources import LegalDocumentResource
from tasks.models import Task
from tasks.resources import TaskResource

UNIT_COLUMNS = ["organization", "name", "short_name", "kind", "head_name", "contact_name", "contact_title",
                "contact_phone", "email", "order"]
DOCUMENT_COLUMNS = ["kind", "number", "name", "issued_on", "issuer", "subject"]
TASK_COLUMNS = ["plan", "order", "content", "lead_unit", "coordinating_units", "due_kind", "due_date", "output"]


def csv_bytes(rows, delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_csv(rows, delimiter=","):
    """A dataset read exactly as the admin reads an uploaded .csv."""
    return SemicolonAwareCSV(encoding="utf-8-sig").create_dataset(csv_bytes(rows, delimiter))


def read_xlsx(rows):
    return XLSX().create_dataset(xlsx_bytes(rows))


def unit_row(org_code, name, short="", kind="Phòng chuyên môn", order=1, email=""):
    return [org_code, name, short, kind, "Nguyễn Văn Trưởng", "Trần Thị Liên", "Chuyên viên", "0225 3812 345", email,
            order]


def counts():
    return (Unit.objects.count(), LegalDocument.objects.count(), Task.objects.count())


# --- Good files ---------------------------------------------------------------------------------


def test_units_from_csv(org):
    dataset = read_csv([UNIT_COLUMNS,
                        unit_row("an-binh", "Văn phòng HĐND và UBND", "VP", "Văn phòng", 1, "vanphong@anbinh.vn"),
                        unit_row("an-binh", "Công an phường", "CA", "co quan to chuc phoi hop", 9)])
    result = UnitResource().import_data(dataset)
    assert not result.has_errors() and not result.has_validation_errors(), error_messages(result)
    office = Unit.objects.get(organization=org, name="Văn phòng HĐND và UBND")
    assert (office.short_name, office.kind, office.order, office.email) == ("VP", "office", 1, "vanphong@anbinh.vn")
    assert Unit.objects.get(name="Công an phường").kind == "external"


def test_units_from_xlsx_and_reimport_updates(org):
    rows = [UNIT_COLUMNS, unit_row("an-binh", "Trạm Y tế", "TYT", "Đơn vị sự nghiệp", 3),
            unit_row("an-binh", "Đoàn Thanh niên", "", "", 4)]
    assert not UnitResource().import_data(read_xlsx(rows)).has_validation_errors()
    assert Unit.objects.get(name="Đoàn Thanh niên").kind == "department"  # blank kind: the default
    rows[1][5] = "Người liên hệ mới"
    result = UnitResource().import_data(read_xlsx(rows))
    assert result.totals["update"] == 2 and result.totals["new"] == 0
    assert Unit.objects.filter(organization=org).count() == 2
    assert Unit.objects.get(name="Trạm Y tế").contact_name == "Người liên hệ mới"


def test_empty_rows_at_the_end_of_a_sheet_are_ignored(org):
    empty = [None] * len(UNIT_COLUMNS)
    result = UnitResource().import_data(read_xlsx([UNIT_COLUMNS, unit_row("an-binh", "Trạm Y tế"), empty, empty]))
    assert result.totals["new"] == 1 and not result.has_validation_errors(), error_messages(result)


def test_an_empty_row_in_the_middle_is_refused_with_its_number(org):
    empty = [None] * len(UNIT_COLUMNS)
    text = refused(UnitResource, read_xlsx([UNIT_COLUMNS, empty, unit_row("an-binh", "Trạm Y tế")]))
    assert "Dòng 2, cột “organization”: Chưa ghi mã cơ quan." in text


def test_semicolon_separated_csv_from_excel_is_read(org):
    dataset = read_csv([UNIT_COLUMNS, unit_row("an-binh", "Trạm Y tế", "TYT")], delimiter=";")
    assert not UnitResource().import_data(dataset).has_validation_errors()
    assert Unit.objects.filter(name="Trạm Y tế").exists()


def test_legal_documents_from_csv_and_xlsx_same_number_updates(db):
    rows = [DOCUMENT_COLUMNS,
            ["Chỉ thị", "33/CT-TTg", "", "26/11/2021", "Thủ tướng Chính phủ", "về đổi mới công tác dân vận"],
            ["Luật", "", "Luật Thực hiện dân chủ ở cơ sở", "10/11/2022", "Quốc hội", ""]]
    result = LegalDocumentResource().import_data(read_csv(rows))
    assert not result.has_validation_errors(), error_messages(result)
    directive = LegalDocument.objects.get(number="33/CT-TTg")
    assert directive.issued_on == datetime.date(2021, 11, 26)
    # The same documents again, the number typed differently, the date as a real date cell.
    rows[1][1] = "33/ct-ttg"
    rows[1][3] = datetime.datetime(2021, 11, 26)
    rows[1][5] = "về tiếp tục tăng cường và đổi mới công tác dân vận"
    result = LegalDocumentResource().import_data(read_xlsx(rows))
    assert result.totals["update"] == 2 and result.totals["new"] == 0, error_messages(result)
    assert LegalDocument.objects.count() == 2
    directive.refresh_from_db()
    assert directive.subject == "về tiếp tục tăng cường và đổi mới công tác dân vận"


def test_tasks_from_xlsx(plan, unit_a, unit_b):
    extra = f.UnitFactory(organization=plan.organization, name="Công an phường", short_name="CA")
    rows = [TASK_COLUMNS,
            [plan.pk, 3, "Tổ chức hội nghị dân vận khéo", "Phòng Văn hóa - Xã hội", "Trung tâm sự nghiệp công; CA",
             "Theo ngày", "15/10/2025", "Hội nghị"],
            [plan.pk, 4, "Tuyên truyền trên loa truyền thanh", "TTSNC", "", "Thường xuyên", "", "Tin bài"],
            [plan.pk, 5, "Báo cáo sơ kết", "phòng văn hóa - xã hội", "", "quy", "15/11/2025", "Báo cáo"]]
    before = plan.tasks.count()
    result = TaskResource().import_data(read_xlsx(rows))
    assert not result.has_errors() and not result.has_validation_errors(), error_messages(result)
    assert plan.tasks.count() == before + 3
    conference = plan.tasks.get(order=3)
    assert conference.lead_unit == unit_a
    assert set(conference.coordinating_units.all()) == {unit_b, extra}
    assert conference.due_date == datetime.date(2025, 10, 15)
    assert plan.tasks.get(order=4).due_kind == "continuous" and plan.tasks.get(order=4).due_date is None
    assert plan.tasks.get(order=5).due_date == datetime.date(2025, 12, 31)  # end of quarter IV


def test_tasks_reimport_updates_by_plan_and_order(plan, unit_a, unit_b):
    rows = [TASK_COLUMNS, [plan.pk, 1, "Nội dung đã sửa", "TTSNC", "VHXH", "Theo tháng", "01/10/2025", "Kế hoạch"]]
    before = plan.tasks.count()
    result = TaskResource().import_data(read_csv(rows))
    assert result.totals["update"] == 1, error_messages(result)
    task = plan.tasks.get(order=1)
    assert (task.content, task.lead_unit, list(task.coordinating_units.all())) == ("Nội dung đã sửa", unit_b, [unit_a])
    assert task.due_date == datetime.date(2025, 10, 31)
    assert plan.tasks.count() == before


# --- Export -------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource, columns", [(UnitResource, UNIT_COLUMNS),
                                               (LegalDocumentResource, DOCUMENT_COLUMNS),
                                               (TaskResource, TASK_COLUMNS)])
def test_export_has_the_import_columns(plan, resource, columns):
    f.LegalDocumentFactory(number="33/CT-TTg")
    assert resource().export().headers == columns


def test_exported_tasks_read_back_unchanged(plan, unit_a, unit_b):
    dataset = TaskResource().export(Task.objects.filter(plan=plan))
    first = dict(zip(dataset.headers, dataset[0], strict=True))
    assert first == {"plan": str(plan.pk), "order": "1", "content": plan.tasks.get(order=1).content,
                     "lead_unit": "Phòng Văn hóa - Xã hội", "coordinating_units": "Trung tâm sự nghiệp công",
                     "due_kind": "Theo ngày", "due_date": "30/09/2025", "output": "Báo cáo kết quả"}
    before = counts()
    result = TaskResource().import_data(SemicolonAwareCSV(encoding="utf-8-sig").create_dataset(
        dataset.export("csv").encode("utf-8-sig")))
    assert result.totals["update"] == 2 and counts() == before, error_messages(result)


# --- Refusals: the row and the column are named, nothing is kept ------------------------------


def refused(resource, dataset):
    before = counts()
    result = resource().import_data(dataset)
    assert result.has_errors() or result.has_validation_errors()
    assert counts() == before  # the good rows of the same file are not kept either
    return " | ".join(error_messages(result))


def test_unknown_organization_is_refused(org):
    text = refused(UnitResource, read_csv([UNIT_COLUMNS, unit_row("an-binh", "Trạm Y tế"),
                                           unit_row("khong-co", "Công an phường")]))
    assert "Dòng 3, cột “organization”: Không có cơ quan mã “khong-co”." in text
    assert "Dòng 2" not in text


def test_bad_unit_kind_and_email_are_refused(org):
    text = refused(UnitResource, read_xlsx([UNIT_COLUMNS, unit_row("an-binh", "Trạm Y tế"),
                                            unit_row("an-binh", "Công an", kind="Phòng ban", email="khong-phai-thu")]))
    assert "Dòng 3, cột “kind”: “Phòng ban” không phải giá trị hợp lệ; chọn một trong: Phòng chuyên môn" in text
    assert "Dòng 3, cột “email”:" in text


def test_bad_date_is_refused(db):
    text = refused(LegalDocumentResource, read_csv([
        DOCUMENT_COLUMNS,
        ["Chỉ thị", "33/CT-TTg", "", "26/11/2021", "Thủ tướng Chính phủ", "về công tác dân vận"],
        ["Kết luận", "114-KL/TW", "", "31/02/2024", "Ban Bí thư", "về công tác dân vận"]]))
    assert "Dòng 3, cột “issued_on”: Ngày “31/02/2024” không hợp lệ: ghi theo dạng ngày/tháng/năm" in text


def test_bad_document_kind_and_missing_number_and_name_are_refused(db):
    text = refused(LegalDocumentResource, read_csv([DOCUMENT_COLUMNS,
                                                    ["Sắc lệnh", "1/SL", "", "", "", ""],
                                                    ["Chỉ thị", "", "", "01/01/2024", "", ""]]))
    assert "Dòng 2, cột “kind”: “Sắc lệnh” không phải giá trị hợp lệ" in text
    assert "Dòng 3, cột “number”: Cần có số, ký hiệu hoặc tên văn bản." in text


def test_unknown_lead_unit_is_refused(plan, unit_a):
    text = refused(TaskResource, read_xlsx([
        TASK_COLUMNS,
        [plan.pk, 3, "Nhiệm vụ đúng", "VHXH", "", "Theo ngày", "01/10/2025", ""],
        [plan.pk, 4, "Nhiệm vụ sai", "Phòng Không Có", "", "Theo ngày", "01/10/2025", ""]]))
    assert f"Dòng 3, cột “lead_unit”: Không có đơn vị “Phòng Không Có” trong {plan.organization}." in text


def test_unit_of_another_organization_is_unknown(plan, other_org):
    f.UnitFactory(organization=other_org, name="Công an xã Bình Yên")
    text = refused(TaskResource, read_csv([
        TASK_COLUMNS, [plan.pk, 3, "Phối hợp", "VHXH", "TTSNC; Công an xã Bình Yên", "Theo ngày", "01/10/2025", ""]]))
    assert f"Dòng 2, cột “coordinating_units”: Không có đơn vị “Công an xã Bình Yên” trong {plan.organization}." in text


def test_a_plan_id_that_only_looks_like_a_number_is_refused_in_words(plan):
    text = refused(TaskResource, read_csv([TASK_COLUMNS, ["²", 3, "Nội dung", "VHXH", "", "Theo ngày", "01/10/2025", ""]]))
    assert "Dòng 2, cột “plan”: “²” không phải số hiệu (id) kế hoạch; ghi số id, ví dụ 12." in text
    assert "invalid literal" not in text


def test_lead_unit_also_co_ordinating_is_refused_in_the_words_of_the_task_form(plan, unit_a):
    text = refused(TaskResource, read_csv([
        TASK_COLUMNS, [plan.pk, 3, "Phối hợp", "VHXH", "TTSNC; VHXH", "Theo ngày", "01/10/2025", ""]]))
    assert (f"Dòng 2, cột “coordinating_units”: {unit_a.name} đã là đơn vị chủ trì, không đồng thời là đơn vị "
            "phối hợp.") in text


def test_bad_due_kind_date_and_continuous_with_date_are_refused(plan):
    text = refused(TaskResource, read_csv([
        TASK_COLUMNS,
        [plan.pk, 3, "A", "VHXH", "", "Hằng tuần", "01/10/2025", ""],
        [plan.pk, 4, "B", "VHXH", "", "Theo ngày", "2025/13/45", ""],
        [plan.pk, 5, "C", "VHXH", "", "Thường xuyên", "01/10/2025", ""],
        [plan.pk, 6, "D", "VHXH", "", "Theo ngày", "", ""]]))
    assert "Dòng 2, cột “due_kind”: “Hằng tuần” không phải giá trị hợp lệ" in text
    assert "Dòng 3, cột “due_date”: Ngày “2025/13/45” không hợp lệ" in text
    assert "Dòng 4, cột “due_date”: Nhiệm vụ thường xuyên không ghi thời hạn" in text
    assert "Dòng 5, cột “due_date”: Cần nhập thời hạn" in text


def test_tasks_only_go_into_draft_plans(plan, org):
    entry = IssuedNumber.objects.create(organization=org, year=2025, number=3, kind="KH", symbol="KH-UBND",
                                        issued_on=datetime.date(2025, 7, 15))
    Plan.objects.filter(pk=plan.pk).update(status="issued", number=3, issued_on=entry.issued_on, register_entry=entry)
    text = refused(TaskResource, read_csv([TASK_COLUMNS, [plan.pk, 3, "A", "VHXH", "", "", "01/10/2025", ""],
                                           [999999, 4, "B", "VHXH", "", "", "01/10/2025", ""]]))
    assert (f"Dòng 2, cột “plan”: Kế hoạch id {plan.pk} có trạng thái “Đã ban hành”; chỉ nhập nhiệm vụ vào "
            "kế hoạch dự thảo.") in text
    assert "Dòng 3, cột “plan”: Không có kế hoạch có id 999999." in text


@pytest.mark.parametrize("resource, header, message", [
    (UnitResource, [c for c in UNIT_COLUMNS if c != "organization"],
     "Dòng 1 (dòng tiêu đề): thiếu cột “organization”."),
    (LegalDocumentResource, DOCUMENT_COLUMNS + ["ghi_chu"],
     "Dòng 1 (dòng tiêu đề): cột “ghi_chu” không đúng tên."),
    (TaskResource, [("han_chot" if c == "due_date" else c) for c in TASK_COLUMNS],
     "Dòng 1 (dòng tiêu đề): thiếu cột “due_date”; cột “han_chot” không đúng tên."),
])
def test_wrong_or_missing_column_is_refused(plan, resource, header, message):
    rows = [header, ["x"] * len(header)]
    text = refused(resource, read_csv(rows))
    assert message in text
    assert "Tệp phải có đúng các cột:" in text


# --- Through the admin: upload, preview, confirm -------------------------------------------------


@pytest.fixture
def admin_client(login, superuser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the uploaded file waits in Django's storage between the two steps
    return login(superuser)


def upload(client, url, name, content, fmt):
    return client.post(url, {"format": fmt, "import_file": SimpleUploadedFile(name, content)})


def test_admin_import_upload_preview_confirm(admin_client, org, settings):
    url = reverse("admin:danvan_unit_import")
    content = xlsx_bytes([UNIT_COLUMNS, unit_row("an-binh", "Trạm Y tế", "TYT", "Đơn vị sự nghiệp", 3),
                          unit_row("an-binh", "Công an phường", "CA", "Cơ quan, tổ chức phối hợp", 4)])
    preview = upload(admin_client, url, "don-vi.xlsx", content, "1")
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Xem trước" in page and "Xác nhận nhập" in page and "Trạm Y tế" in page
    assert not Unit.objects.filter(organization=org).exists()  # the preview saved nothing
    confirm = preview.context["confirm_form"]
    done = admin_client.post(reverse("admin:danvan_unit_process_import"),
                             {name: confirm.initial[name] for name in confirm.fields})
    assert done.status_code == 302
    assert set(Unit.objects.filter(organization=org).values_list("name", flat=True)) == {"Trạm Y tế", "Công an phường"}
    assert "Đã nhập xong đơn vị: 2 thêm mới, 0 cập nhật" in [str(m) for m in get_messages(done.wsgi_request)][0]
    assert not list((settings.MEDIA_ROOT / "django-import-export").iterdir())


def test_admin_confirm_refuses_when_the_data_changed_since_the_preview(admin_client, db):
    gone = f.OrganizationFactory(code="se-xoa")
    content = csv_bytes([UNIT_COLUMNS, unit_row("an-binh-khac", "Trạm Y tế"), unit_row("se-xoa", "Công an")])
    f.OrganizationFactory(code="an-binh-khac")
    preview = upload(admin_client, reverse("admin:danvan_unit_import"), "don-vi.csv", content, "0")
    confirm = preview.context["confirm_form"]
    gone.delete()  # someone removes an organization before the import is confirmed
    before = counts()
    done = admin_client.post(reverse("admin:danvan_unit_process_import"),
                             {name: confirm.initial[name] for name in confirm.fields})
    assert done.status_code == 302 and done["Location"] == reverse("admin:danvan_unit_import")
    message = [str(m) for m in get_messages(done.wsgi_request)][0]
    assert message.startswith("Không nhập được tệp, không dòng nào được lưu:")
    assert "Dòng 3, cột “organization”: Không có cơ quan mã “se-xoa”." in message
    assert counts() == before  # the good row 2 was not kept either


def test_admin_import_refuses_a_bad_file_and_offers_no_confirmation(admin_client, plan, settings):
    url = reverse("admin:tasks_task_import")
    content = csv_bytes([TASK_COLUMNS, [plan.pk, 3, "Đúng", "VHXH", "", "", "01/10/2025", ""],
                         [plan.pk, 4, "Sai", "VHXH", "", "", "32/10/2025", ""]])
    before = counts()
    response = upload(admin_client, url, "nhiem-vu.csv", content, "0")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tệp bị từ chối, không dòng nào được lưu" in page
    assert "Dòng 3, cột “due_date”: Ngày “32/10/2025” không hợp lệ" in page
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert "Xác nhận nhập" not in page
    assert counts() == before
    assert not list((settings.MEDIA_ROOT / "django-import-export").iterdir())  # the refused file is not kept


def test_admin_import_refuses_a_wrong_header(admin_client, org):
    content = csv_bytes([["to_chuc", "ten"], ["an-binh", "Trạm Y tế"]])
    page = upload(admin_client, reverse("admin:danvan_unit_import"), "don-vi.csv", content, "0").content.decode()
    assert "Dòng 1 (dòng tiêu đề): thiếu cột “organization”" in page
    assert not Unit.objects.filter(organization=org).exists()


def test_admin_import_refuses_an_unreadable_file(admin_client, org):
    page = upload(admin_client, reverse("admin:danvan_unit_import"), "don-vi.xlsx", b"not a workbook",
                  "1").content.decode()
    assert "Không đọc được tệp" in page


def test_admin_export_csv_opens_in_excel_with_the_same_columns(admin_client, unit_a, unit_b):
    response = admin_client.post(reverse("admin:danvan_unit_export"), {"format": "0"})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Vietnamese correctly
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == UNIT_COLUMNS
    assert ["an-binh", "Phòng Văn hóa - Xã hội", "VHXH", "Phòng chuyên môn"] == rows[1][:4]


def test_admin_export_xlsx(admin_client, plan):
    response = admin_client.post(reverse("admin:tasks_task_export"), {"format": "1"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == TASK_COLUMNS
    assert sheet.max_row == 1 + plan.tasks.count()
