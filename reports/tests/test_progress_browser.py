"""In the browser: a reporter drafts, attaches a file and submits; the editor returns the report, the
reporter revises and submits again, the editor accepts it."""

import pytest
import time_machine

from reports.models import ReportStatus, UnitReport
from reports.tests.factories_progress import PDF_BYTES, issue, local


@pytest.fixture
def issued(plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return issue(plan)


def sign_out(page):
    page.click("text=Đăng xuất")
    page.wait_for_url("**/dang-nhap/**")


@pytest.mark.browser
def test_reporter_submits_editor_returns_then_accepts(page, browser_login, live_server, screenshot_dir, issued,
                                                      reporter_a, editor, tmp_path):
    evidence = tmp_path / "Biên bản hội nghị.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.on("dialog", lambda dialog: dialog.accept())  # "Gửi báo cáo?" confirmation
    with time_machine.travel(local(2025, 8, 28, 9, 0), tick=True):
        # The reporter sees their unit's work and the rounds, nearest deadline first.
        browser_login(page, reporter_a)
        page.goto(f"{live_server.url}/bao-cao/don-vi/")
        assert page.locator("#dot-bao-cao").get_by_text("còn 5 ngày").is_visible()
        page.screenshot(path=str(screenshot_dir / "issue5-reporter.png"), full_page=True)

        # Draft with a file, then submit.
        page.locator("#dot-bao-cao a", has_text="Mở báo cáo").first.click()
        page.get_by_label("Đang thực hiện").first.check()
        page.locator("textarea[name$='-done_text']").first.fill("Đã tổ chức 3 hội nghị tuyên truyền")
        page.locator("input[type=file]").first.set_input_files(str(evidence))
        page.click("button[value=save]")
        page.get_by_text("Đã lưu bản nháp").wait_for()
        assert page.get_by_role("link", name="Biên bản hội nghị.pdf").is_visible()
        page.click("button[value=submit]")
        page.get_by_text("Đã gửi báo cáo (lần 1, đúng hạn)").wait_for()
        sign_out(page)

        # The editor's board: unit A on time, unit B not started; return A's report with a reason.
        browser_login(page, editor)
        round_ = issued.rounds.get(order=1)
        page.goto(f"{live_server.url}/bao-cao/dot/{round_.pk}/tien-do/")
        board = page.locator("#round-board")
        assert board.get_by_text("Đã gửi đúng hạn").is_visible()
        assert board.get_by_text("Chưa bắt đầu").is_visible()
        page.screenshot(path=str(screenshot_dir / "issue5-board.png"), full_page=True)
        page.click("text=Xem và xử lý")
        page.click("#return-button")
        page.get_by_text("Cần nêu lý do trả lại").wait_for()
        page.fill("textarea[name=reason]", "Bổ sung số người tham dự từng hội nghị")
        page.click("#return-button")
        page.get_by_text("Đã trả lại báo cáo").wait_for()
        sign_out(page)

        # The reporter revises and submits version 2.
        browser_login(page, reporter_a)
        page.goto(f"{live_server.url}/bao-cao/don-vi/")
        page.get_by_text("Bổ sung số người tham dự từng hội nghị").wait_for()
        page.locator("#dot-bao-cao a", has_text="Mở báo cáo").first.click()
        page.locator("textarea[name$='-done_text']").first.fill("Đã tổ chức 3 hội nghị, 240 người tham dự")
        page.click("button[value=submit]")
        page.get_by_text("Đã gửi báo cáo (lần 2, đúng hạn)").wait_for()
        sign_out(page)

        # The editor accepts; both versions stay readable.
        browser_login(page, editor)
        page.goto(f"{live_server.url}/bao-cao/dot/{round_.pk}/tien-do/")
        page.click("text=Xem và xử lý")
        page.click("#accept-button")
        page.get_by_text("Đã tiếp nhận báo cáo").wait_for()
        assert page.locator("#report-state").inner_text() == "Đã tiếp nhận"
        page.locator("#lan-1 summary").click()
        assert page.locator("#lan-1").get_by_text("Đã tổ chức 3 hội nghị tuyên truyền").is_visible()
        assert page.locator("#lan-2").get_by_text("240 người tham dự").is_visible()

    report = UnitReport.objects.get(round=round_, unit=reporter_a.memberships.get().unit)
    assert report.status == ReportStatus.ACCEPTED and report.versions.count() == 2
