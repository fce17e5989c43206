"""The roll-up pages: each for the allowed persona, a read-only one (403), an outsider (404), GET on a
mutation (405); the edit page's stale-save message; issuing and the scan through the pages."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import RollupReport
from reports.tests.factories_rollup import (  # noqa: F401  (fixtures)
    draft_rollup, issue_rollup, issued_rollup, local, reported_round,
)

MUTATIONS = ["rollup_refresh", "rollup_submit", "rollup_approve", "rollup_return", "rollup_issue", "rollup_scan"]


@time_machine.travel(local(2025, 9, 5), tick=False)
def test_compile_from_the_round(login, editor, reported_round):
    client = login(editor)
    panel = client.get(reverse("reports:rollup_round", args=[reported_round.pk]), HTTP_HX_REQUEST="true")
    assert "Tổng hợp báo cáo" in panel.content.decode() and "<html" not in panel.content.decode()
    response = client.post(reverse("reports:rollup_compile", args=[reported_round.pk]))
    rollup = RollupReport.objects.get(round=reported_round)
    assert response.status_code == 302 and response.url == reverse("reports:rollup_edit", args=[rollup.pk])
    page = client.get(response.url).content.decode()
    assert "Gửi muộn (chưa tiếp nhận)" in page  # the late, not yet accepted unit: on screen only
    assert "Cập nhật số liệu" in page
    panel = client.get(reverse("reports:rollup_round", args=[reported_round.pk]), HTTP_HX_REQUEST="true")
    assert "Tiếp tục soạn báo cáo tổng hợp" in panel.content.decode()


def test_compile_permissions(login, reported_round, viewer, outsider, parent_user, editor):
    url = reverse("reports:rollup_compile", args=[reported_round.pk])
    assert login(editor).get(url).status_code == 405
    assert login(viewer).post(url).status_code == 403
    assert login(parent_user).post(url).status_code == 403  # the city reads, never writes
    assert login(outsider).post(url).status_code == 404
    assert not RollupReport.objects.exists()
    panel = login(viewer).get(reverse("reports:rollup_round", args=[reported_round.pk]), HTTP_HX_REQUEST="true")
    assert panel.status_code == 200 and "rollup-compile" not in panel.content.decode()


def test_draft_pages_by_persona(login, draft_rollup, editor, viewer, outsider, parent_user):
    detail = reverse("reports:rollup_detail", args=[draft_rollup.pk])
    edit = reverse("reports:rollup_edit", args=[draft_rollup.pk])
    assert login(editor).get(edit).status_code == 200
    assert login(viewer).get(detail).status_code == 200
    assert login(viewer).get(edit).status_code == 403
    assert login(outsider).get(detail).status_code == 404
    assert login(parent_user).get(detail).status_code == 404  # above: only issued roll-ups are seen
    assert login(parent_user).get(reverse("reports:rollup_pdf", args=[draft_rollup.pk])).status_code == 404
    for name in MUTATIONS:
        url = reverse(f"reports:{name}", args=[draft_rollup.pk])
        assert login(editor).get(url).status_code == 405, name
        assert login(outsider).post(url).status_code == 404, name
        assert login(viewer).post(url).status_code == 403, name
        assert login(parent_user).post(url).status_code == 404, name  # a draft is not seen above


def test_edit_saves_and_refuses_a_stale_page(login, draft_rollup, editor):
    client = login(editor)
    url = reverse("reports:rollup_edit", args=[draft_rollup.pk])
    data = {"title": draft_rollup.title, "intro": "Mở đầu mới", "results_text": "Kết quả viết lại",
            "assessment_text": "", "proposals_text": "", "direction_text": "Phương hướng quý IV",
            "recipients": "UBND thành phố;\nLưu: VT.", "signer_authority": "TM. ỦY BAN NHÂN DÂN",
            "signer_title": "CHỦ TỊCH", "signer_deputy_title": "", "signer_name": "Phạm Văn Diện",
            "version": draft_rollup.version}
    assert client.post(url, data).status_code == 302
    draft_rollup.refresh_from_db()
    assert (draft_rollup.intro, draft_rollup.direction_text) == ("Mở đầu mới", "Phương hướng quý IV")
    stale = client.post(url, {**data, "intro": "Bản của cửa sổ cũ"})  # same version as before the save
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "đã được người khác sửa" in body and "Bản của cửa sổ cũ" in body  # typed text is not lost
    draft_rollup.refresh_from_db()
    assert draft_rollup.intro == "Mở đầu mới"
    empty_title = client.post(url, {**data, "title": "  ", "version": draft_rollup.version})
    assert empty_title.status_code == 400 and "Cần nhập trích yếu" in empty_title.content.decode()


def test_refresh_through_the_page(login, draft_rollup, editor):
    client = login(editor)
    response = client.post(reverse("reports:rollup_refresh", args=[draft_rollup.pk]))
    assert response.status_code == 302
    draft_rollup.refresh_from_db()
    assert draft_rollup.figures_refreshed_at is not None


def test_life_cycle_through_the_pages(login, draft_rollup, editor, approver, clerk, viewer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pk = draft_rollup.pk
    url = lambda name: reverse(f"reports:{name}", args=[pk])  # noqa: E731
    RollupReport.objects.filter(pk=pk).update(direction_text="")  # the editor cleared the drafted section
    refused = login(editor).post(url("rollup_submit"), follow=True)
    assert "phương hướng, nhiệm vụ kỳ tới" in refused.content.decode()
    RollupReport.objects.filter(pk=pk).update(direction_text="Tiếp tục.")
    assert login(editor).post(url("rollup_submit")).status_code == 302
    assert login(editor).post(url("rollup_approve")).status_code == 403
    assert login(approver).post(url("rollup_return"), {"reason": ""}).status_code == 302
    assert RollupReport.objects.get(pk=pk).status == "submitted"  # no reason, nothing changes
    assert login(approver).post(url("rollup_approve")).status_code == 302
    assert login(approver).post(url("rollup_issue"), {"issued_on": "10/09/2025"}).status_code == 403
    taken = login(clerk).post(url("rollup_issue"), {"issued_on": "10/09/2025", "number": "12"})
    assert taken.status_code == 400 and "đã được cấp cho văn bản khác" in taken.content.decode()
    bad_date = login(clerk).post(url("rollup_issue"), {"issued_on": "31/02/2025"})
    assert bad_date.status_code == 400 and "Ngày không hợp lệ" in bad_date.content.decode()
    huge = login(clerk).post(url("rollup_issue"), {"issued_on": "10/09/2025", "number": "9" * 25})
    assert huge.status_code == 400 and "Số văn bản tối đa là 999999." in huge.content.decode()
    old_year = login(clerk).post(url("rollup_issue"), {"issued_on": "10/09/1999"})
    assert old_year.status_code == 400 and "Năm ban hành phải trong khoảng 2000–2100." in old_year.content.decode()
    assert RollupReport.objects.get(pk=pk).status == "approved"
    assert login(clerk).post(url("rollup_issue"), {"issued_on": "10/09/2025"}).status_code == 302
    rollup = RollupReport.objects.get(pk=pk)
    assert (rollup.status, rollup.number_display, rollup.issued_on) == ("issued", "13/BC-UBND",
                                                                        datetime.date(2025, 9, 10))
    fake = login(clerk).post(url("rollup_scan"), {"scan": SimpleUploadedFile("ky.pdf", b"<html>not a pdf")})
    assert fake.status_code == 400 and "Nội dung tệp không phải PDF" in fake.content.decode()
    png = SimpleUploadedFile("ky.png", _png())
    assert login(viewer).post(url("rollup_scan"), {"scan": png}).status_code == 403
    assert login(clerk).post(url("rollup_scan"), {"scan": SimpleUploadedFile("ky.png", _png())}).status_code == 302
    download = login(viewer).get(url("rollup_scan_file"))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == _png()
    assert "attachment" in download["Content-Disposition"] and "ban-ky-bao-cao-13-BC-UBND-2025.png" in \
        download["Content-Disposition"]
    rollup.refresh_from_db()
    rollup.signed_scan.storage.delete(rollup.signed_scan.name)  # storage lost the file: 404, not a crash
    assert login(viewer).get(url("rollup_scan_file")).status_code == 404


def test_a_scan_of_a_roll_up_not_issued_is_refused_with_a_message_and_nothing_stored(
        login, draft_rollup, clerk, settings, tmp_path):
    from danvan.tests.files import PDF_BYTES

    settings.MEDIA_ROOT = tmp_path
    url = reverse("reports:rollup_scan", args=[draft_rollup.pk])
    recorded = draft_rollup.history.count()
    for status, name in (("draft", "Dự thảo"), ("submitted", "Chờ phê duyệt")):
        RollupReport.objects.filter(pk=draft_rollup.pk).update(status=status)
        response = login(clerk).post(url, {"scan": SimpleUploadedFile("ky.pdf", PDF_BYTES)}, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain == [(draft_rollup.get_absolute_url(), 302)]
        assert f"Không thể tải bản đã ký: báo cáo đang ở trạng thái “{name}”." in response.content.decode()
    draft_rollup.refresh_from_db()
    assert not draft_rollup.signed_scan and draft_rollup.history.count() == recorded
    assert not any(path.is_file() for path in tmp_path.rglob("*"))  # no file written either


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 0, 0)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("persona, shown", [
    ("clerk", True), ("editor", True), ("org_admin", True),
    ("approver", False), ("viewer", False), ("parent_user", False),
])
def test_scan_upload_is_offered_to_those_who_may_attach_it(request, login, issued_rollup, persona, shown):
    """The same people as for a plan's signed scan: clerk, editor, the organization's admin."""
    response = login(request.getfixturevalue(persona)).get(issued_rollup.get_absolute_url())
    assert response.status_code == 200
    assert ('id="rollup-scan"' in response.content.decode()) is shown


def test_issued_roll_up_is_read_above_and_hidden_from_siblings(login, issued_rollup, parent_user, outsider, city,
                                                                  org):
    for name in ("rollup_detail", "rollup_pdf", "rollup_docx", "rollup_xlsx"):
        url = reverse(f"reports:{name}", args=[issued_rollup.pk])
        assert login(parent_user).get(url).status_code == 200, name
        assert login(outsider).get(url).status_code == 404, name
    assert login(parent_user).post(reverse("reports:rollup_refresh", args=[issued_rollup.pk])).status_code == 403
    overview = login(outsider).get(reverse("reports:parent_overview"), {"org": org.pk})
    assert overview.status_code == 404
    assert login(outsider).get(reverse("reports:parent_overview"), {"org": city.pk}).status_code == 404


def test_list_shows_own_roll_ups_only(login, draft_rollup, editor, outsider):
    assert draft_rollup.title in login(editor).get(reverse("reports:rollup_list")).content.decode()
    assert draft_rollup.title not in login(outsider).get(reverse("reports:rollup_list")).content.decode()


OFFICE = "application/vnd.openxmlformats-officedocument"


@pytest.mark.parametrize("fmt,mime", [("pdf", "application/pdf"), ("docx", f"{OFFICE}.wordprocessingml.document"),
                                      ("xlsx", f"{OFFICE}.spreadsheetml.sheet")])
def test_print_views(login, issued_rollup, viewer, fmt, mime):
    response = login(viewer).get(reverse(f"reports:rollup_{fmt}", args=[issued_rollup.pk]))
    assert response.status_code == 200 and response["Content-Type"] == mime
    assert "bao-cao-13-BC-UBND-2025" in response["Content-Disposition"]
    # the PDF opens in the browser, Word and Excel files download; never kept by a shared cache
    assert response["Content-Disposition"].startswith("inline" if fmt == "pdf" else "attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF" if fmt == "pdf" else b"PK")
    assert response["Content-Length"] == str(len(response.content))


def test_board_partial_loads_the_round_panel(reported_round):
    from django.template.loader import render_to_string

    html = render_to_string("reports/_rollup_button.html", {"round": reported_round})
    url = reverse("reports:rollup_round", args=[reported_round.pk])
    assert f'hx-get="{url}"' in html and f'href="{url}"' in html


def test_list_pages_a_long_history_newest_first(login, org, editor, django_assert_max_num_queries):
    for n in range(32):
        RollupReport.objects.create(organization=org, title=f"Báo cáo tổng hợp số thứ tự {n:02d}")
    client = login(editor)
    first = client.get(reverse("reports:rollup_list")).content.decode()
    assert "số thứ tự 31" in first and "số thứ tự 02" in first and "số thứ tự 01" not in first
    assert "Trang 1/2 · 32 mục" in first and 'href="?page=2">Trang sau ›</a>' in first
    second = client.get(reverse("reports:rollup_list"), {"page": 2}).content.decode()
    assert "số thứ tự 01" in second and "số thứ tự 00" in second and "số thứ tự 31" not in second
    assert client.get(reverse("reports:rollup_list"), {"page": "abc"}).status_code == 200  # page 1
