"""The workflow through the plan page: submit, return with a reason, approve, issue, scan."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.models import IssuedNumber
from danvan.tests import factories as f
from danvan.tests.files import png_bytes
from plans import services
from plans.models import PlanStatus

TODAY = datetime.date(2025, 8, 15)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2025, 8, 15, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def _page(client, plan):
    return client.get(reverse("plans:detail", args=[plan.pk])).content.decode()


def test_editor_submits_approver_returns_with_reason(client, plan, editor, approver):
    client.force_login(editor)
    page = _page(client, plan)
    assert "Gửi phê duyệt" in page and "Phê duyệt</button>" not in page
    response = client.post(reverse("plans:submit", args=[plan.pk]), follow=True)
    assert "Đã gửi kế hoạch để lãnh đạo phê duyệt." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    client.force_login(approver)
    page = _page(client, plan)
    assert "Phê duyệt</button>" in page and "Trả lại cho người soạn" in page
    empty = client.post(reverse("plans:return", args=[plan.pk]), {"reason": ""})
    assert "Hãy ghi lý do trả lại" in empty.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    client.post(reverse("plans:return", args=[plan.pk]), {"reason": "Bổ sung căn cứ Chỉ thị 33/CT-TTg"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT

    client.force_login(editor)
    assert "Bổ sung căn cứ Chỉ thị 33/CT-TTg" in client.get(reverse("plans:edit", args=[plan.pk])).content.decode()
    assert "Bổ sung căn cứ Chỉ thị 33/CT-TTg" in client.get(reverse("home")).content.decode()


def test_approve_then_clerk_issues_with_the_next_number(client, org, plan, editor, approver, clerk):
    IssuedNumber.objects.create(organization=org, year=2025, number=41, kind="BC", symbol="BC-UBND",
                                issued_on=TODAY)
    services.plan_submit(plan=plan, user=editor)
    client.force_login(approver)
    client.post(reverse("plans:approve", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == approver

    client.force_login(clerk)
    page = _page(client, plan)
    assert "Cấp số và ban hành" in page and 'name="number" value="42"' in page
    response = client.post(reverse("plans:issue", args=[plan.pk]),
                           {"number": 42, "suggested": 42, "issued_on": "15/08/2025"}, follow=True)
    assert "Đã ban hành kế hoạch số 42/KH-UBND." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED and plan.number == 42 and plan.issued_on == TODAY
    assert plan.snapshot["number_display"] == "42/KH-UBND"


def test_clerk_chosen_duplicate_number_is_refused_with_a_message(client, org, plan, editor, approver, clerk):
    IssuedNumber.objects.create(organization=org, year=2025, number=5, kind="KH", symbol="KH-UBND",
                                issued_on=TODAY)
    services.plan_submit(plan=plan, user=editor)
    services.plan_approve(plan=plan, user=approver)
    client.force_login(clerk)
    response = client.post(reverse("plans:issue", args=[plan.pk]),
                           {"number": 5, "suggested": 6, "issued_on": "15/08/2025"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Số 5 năm 2025 đã được cấp cho văn bản khác. Số kế tiếp còn trống của năm 2025 là 6." in page
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.number is None
    bad = client.post(reverse("plans:issue", args=[plan.pk]), {"number": "abc", "issued_on": "31/02/2025"})
    assert "Số văn bản phải là số nguyên." in bad.content.decode() and "Ngày không hợp lệ." in bad.content.decode()


@pytest.mark.parametrize("day, message", [
    ("15/08/1999", "Năm ban hành phải trong khoảng 2000–2100."),
    ("16/09/2025", "Ngày ban hành không được quá 31 ngày sau hôm nay."),
])
def test_issue_date_out_of_bounds_is_refused_and_takes_no_number(client, org, plan, editor, approver, clerk, day,
                                                                 message):
    services.plan_submit(plan=plan, user=editor)
    services.plan_approve(plan=plan, user=approver)
    client.force_login(clerk)
    response = client.post(reverse("plans:issue", args=[plan.pk]), {"number": 7, "suggested": 1, "issued_on": day})
    assert response.status_code == 200 and message in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and not IssuedNumber.objects.filter(organization=org).exists()
    ok = client.post(reverse("plans:issue", args=[plan.pk]), {"number": 7, "suggested": 1, "issued_on": "15/09/2025"})
    assert ok.status_code == 302
    plan.refresh_from_db()
    assert plan.number == 7 and plan.issued_on == datetime.date(2025, 9, 15)

def _issue(plan, editor, approver, clerk):
    services.plan_submit(plan=plan, user=editor)
    services.plan_approve(plan=plan, user=approver)
    return services.plan_issue(plan=plan, user=clerk, issued_on=TODAY)


def test_an_issued_plan_is_read_only_in_every_edit_view(client, plan, editor, approver, clerk):
    section = f.SectionFactory(plan=plan)
    citation = f.CitationFactory(plan=plan)
    plan = _issue(plan, editor, approver, clerk)
    client.force_login(editor)
    response = client.get(reverse("plans:edit", args=[plan.pk]), follow=True)
    assert "không sửa được" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("plans:detail", args=[plan.pk])
    posts = [
        (reverse("plans:edit", args=[plan.pk]), {"title": "x"}),
        (reverse("plans:signing", args=[plan.pk]), {"signer_name": "x"}),
        (reverse("plans:section_add", args=[plan.pk]), {"heading": "x"}),
        (reverse("plans:section_update", args=[section.pk]), {"heading": "x", "body": ""}),
        (reverse("plans:section_delete", args=[section.pk]), {}),
        (reverse("plans:citation_delete", args=[citation.pk]), {}),
        (reverse("plans:citation_parse", args=[plan.pk]), {"text": "Chỉ thị số 33/CT-TTg"}),
    ]
    for url, data in posts:
        response = client.post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 409, url
        assert "không sửa được" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title != "x" and plan.sections.count() == 1 and plan.citations.count() == 1
    assert "Soạn, sửa dự thảo" not in _page(client, plan)


def test_scan_upload_checks_the_file(client, plan, editor, approver, clerk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = _issue(plan, editor, approver, clerk)
    client.force_login(clerk)
    url = reverse("plans:attach_scan", args=[plan.pk])
    fake = client.post(url, {"file": SimpleUploadedFile("ban-ky.pdf", b"<html>not a pdf</html>")})
    assert "Nội dung tệp không phải PDF, ảnh PNG hoặc ảnh JPEG" in fake.content.decode()
    settings.UPLOAD_MAX_BYTES = 1024
    big = client.post(url, {"file": SimpleUploadedFile("ban-ky.pdf", b"%PDF-1.7" + b"0" * 2000)})
    assert "Tệp quá lớn" in big.content.decode()
    broken = client.post(url, {"file": SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)})
    assert "Nội dung tệp không phải PDF, ảnh PNG hoặc ảnh JPEG" in broken.content.decode()  # a PNG's first bytes only
    plan.refresh_from_db()
    assert not plan.signed_scan
    png = png_bytes()
    response = client.post(url, {"file": SimpleUploadedFile("ảnh chụp.png", png)}, follow=True)
    assert "Đã lưu bản chụp văn bản đã ký." in response.content.decode()
    assert "Xem bản đã ký" in response.content.decode()
    served = client.get(reverse("plans:scan", args=[plan.pk]))
    assert served["Content-Type"] == "image/png" and b"".join(served.streaming_content) == png


def test_scan_refused_before_issue(client, plan, clerk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(clerk)
    response = client.post(reverse("plans:attach_scan", args=[plan.pk]),
                           {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}, follow=True)
    assert "Chỉ kế hoạch đã ban hành mới đính kèm bản ký." in response.content.decode()
    plan.refresh_from_db()
    assert not plan.signed_scan


def test_history_shows_who_changed_what(client, plan, editor, approver):
    editor.first_name, editor.last_name = "Lê", "Văn Soạn"
    editor.save()
    services.plan_update(plan=plan, user=editor, data={"title": "Trích yếu đã sửa"}, expected_version=plan.version)
    section = services.section_add(plan=plan, user=editor, heading="NỘI DUNG")
    services.section_update(section=section, user=editor, heading="NỘI DUNG", body="- Tuyên truyền",
                            expected_marker=services.section_marker(section))
    task = plan.tasks.first()
    task.content = "Nội dung nhiệm vụ mới"
    task._history_user = editor
    task.save()
    services.plan_submit(plan=plan, user=editor)
    client.force_login(approver)
    page = client.get(reverse("plans:history", args=[plan.pk])).content.decode()
    assert "Lê Văn Soạn" in page
    assert "Trích yếu:</strong>" in page and "Trích yếu đã sửa" in page
    assert "Nội dung:</strong>" in page and "- Tuyên truyền" in page
    assert "Trạng thái:</strong>" in page and "Dự thảo" in page and "Chờ phê duyệt" in page
    assert "Nội dung nhiệm vụ:</strong>" in page and "Nội dung nhiệm vụ mới" in page
    assert "Tạo mục" in page
