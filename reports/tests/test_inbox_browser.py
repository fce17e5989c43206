"""In the browser, per role: from the item of “Việc cần làm” on the home page to the page where it
is handled, and handling it there (screenshots in test-artifacts/screenshots/, the reporter's at
390 px)."""

import pytest
import time_machine
from django.core import mail

from plans import services as plan_services
from plans.models import PlanStatus
from reports.letters.models import ReminderLetter
from reports.models import ReportStatus
from reports.tests.factories_progress import issue, local, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def issued(plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return issue(plan)


def _open_item(page, live_server, group: str):
    page.goto(f"{live_server.url}/")
    item = page.locator(f"#inbox-{group} .inbox-list li").first
    item.wait_for()
    return item


def test_approver_goes_from_the_inbox_to_approve(page, browser_login, live_server, screenshot_dir, org, editor,
                                                 approver):
    from danvan.tests import factories as f

    waiting = f.PlanFactory(organization=org, title="Kế hoạch chờ lãnh đạo duyệt")
    plan_services.plan_submit(plan=waiting, user=editor)
    browser_login(page, approver)
    item = _open_item(page, live_server, "approve")
    assert page.locator("#nav-inbox .nav-count").inner_text() == "1"
    page.screenshot(path=str(screenshot_dir / "issue15-inbox-approver.png"), full_page=True)
    item.get_by_role("link", name="Xem và phê duyệt").click()
    page.get_by_role("button", name="Phê duyệt").click()
    page.locator(".messages").get_by_text("Đã phê duyệt").wait_for()
    waiting.refresh_from_db()
    assert waiting.status == PlanStatus.APPROVED


def test_clerk_goes_from_the_inbox_to_issue(page, browser_login, live_server, screenshot_dir, org, editor, approver,
                                            clerk):
    from danvan.tests import factories as f

    waiting = f.PlanFactory(organization=org, title="Kế hoạch chờ cấp số")
    plan_services.plan_submit(plan=waiting, user=editor)
    plan_services.plan_approve(plan=waiting, user=approver)
    browser_login(page, clerk)
    item = _open_item(page, live_server, "issue")
    page.screenshot(path=str(screenshot_dir / "issue15-inbox-clerk.png"), full_page=True)
    item.get_by_role("link", name="Cấp số, ban hành").click()
    page.get_by_role("button", name="Ban hành").click()
    page.locator(".messages").get_by_text("Đã ban hành kế hoạch số").wait_for()
    waiting.refresh_from_db()
    assert waiting.status == PlanStatus.ISSUED


def test_editor_reviews_then_reminds_and_drafts_the_công_văn(page, browser_login, live_server, screenshot_dir,
                                                               issued, unit_a, reporter_a, reporter_b, editor):
    round1 = issued.rounds.get(order=1)
    with time_machine.travel(local(2025, 8, 28, 9, 0), tick=True):
        submit(round1, unit_a, reporter_a)
    with time_machine.travel(local(2025, 8, 29, 9, 0), tick=True):
        browser_login(page, editor)
        item = _open_item(page, live_server, "review")
        page.screenshot(path=str(screenshot_dir / "issue15-inbox-editor.png"), full_page=True)
        item.get_by_role("link", name="Xem và xử lý").click()
        page.click("#accept-button")
        page.get_by_text("Đã tiếp nhận báo cáo").wait_for()

        # The round closing within the week, unit B still missing: remind it, then the công văn.
        item = _open_item(page, live_server, "missing")
        assert "Trung tâm sự nghiệp công" in item.inner_text()
        item.get_by_role("link", name="Xem tiến độ, nhắc đơn vị").click()
        page.get_by_role("button", name="Nhắc đơn vị").click()
        page.get_by_text("Đã gửi thư nhắc hạn tới cán bộ báo cáo của Trung tâm sự nghiệp công").wait_for()
        assert page.locator("#round-board .reminded").inner_text().startswith("Đã nhắc 1 lần")
        assert [m.to for m in mail.outbox] == [[reporter_b.email]]
        page.screenshot(path=str(screenshot_dir / "issue15-board-reminded.png"), full_page=True)
        page.click("#letter-create")
        page.get_by_text("Đã soạn dự thảo công văn đôn đốc").wait_for()
        page.get_by_role("button", name="Lưu công văn").click()
        page.click("#letter-submit")
        page.get_by_text("Đã trình lãnh đạo ký công văn").wait_for()
        page.screenshot(path=str(screenshot_dir / "issue15-letter.png"), full_page=True)

        # Tổng quan from the menu: the units, coloured, and the chart.
        page.get_by_role("link", name="Tổng quan").click()
        page.locator("#unit-table").wait_for()
        assert page.locator("#units svg.chart").is_visible()
        page.screenshot(path=str(screenshot_dir / "issue15-dashboard.png"), full_page=True)
    letter = ReminderLetter.objects.get()
    assert letter.status == PlanStatus.SUBMITTED and [u.name for u in letter.units.all()] == ["Trung tâm sự nghiệp công"]


def test_reporter_at_phone_width_opens_the_report_due(page, browser_login, live_server, screenshot_dir, issued,
                                                      unit_a, reporter_a):
    page.set_viewport_size({"width": 390, "height": 844})
    with time_machine.travel(local(2025, 8, 29, 9, 0), tick=True):
        browser_login(page, reporter_a)
        item = _open_item(page, live_server, "due")
        button = item.get_by_role("link", name="Mở báo cáo")
        box = button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing to scroll sideways
        page.screenshot(path=str(screenshot_dir / "issue15-inbox-reporter-390.png"), full_page=True)

        # The unit's rounds as cards: status and "Mở báo cáo" visible without scrolling sideways.
        page.goto(f"{live_server.url}/bao-cao/don-vi/")
        card = page.locator("#round-rows tbody tr").first
        assert card.get_by_text("Chưa bắt đầu").is_visible()
        open_button = card.get_by_role("link", name="Mở báo cáo")
        box = open_button.bounding_box()
        assert box["x"] + box["width"] <= 390 and page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(screenshot_dir / "issue15-my-unit-390.png"), full_page=True)

        page.goto(f"{live_server.url}/")
        _open_item(page, live_server, "due").get_by_role("link", name="Mở báo cáo").click()
        page.locator("textarea[name$='-done_text']").first.wait_for()
        assert "/bao-cao/don-vi/dot/" in page.url


def test_reporter_returned_report(page, browser_login, live_server, issued, unit_b, reporter_b, editor):
    from reports import progress

    round1 = issued.rounds.get(order=1)
    with time_machine.travel(local(2025, 8, 28, 9, 0), tick=False):
        report = submit(round1, unit_b, reporter_b)
        progress.unit_report_return(report=report, user=editor, version=report.version, reason="Thiếu số liệu")
    with time_machine.travel(local(2025, 8, 29, 9, 0), tick=True):
        browser_login(page, reporter_b)
        item = _open_item(page, live_server, "returned_reports")
        assert "Thiếu số liệu" in item.inner_text()
        item.get_by_role("link", name="Sửa và gửi lại").click()
        page.locator("textarea[name$='-done_text']").first.wait_for()
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED


def test_admin_goes_to_give_a_unit_its_reporter(page, browser_login, live_server, screenshot_dir, issued, org,
                                                reporter_a):
    from danvan.models import Role
    from danvan.tests import factories as f

    admin = f.UserFactory(username="quantri")  # an organization's admin, not Django staff
    f.MembershipFactory(user=admin, organization=org, role=Role.ADMIN)
    browser_login(page, admin)
    item = _open_item(page, live_server, "unstaffed")
    assert "Trung tâm sự nghiệp công" in item.inner_text()
    page.screenshot(path=str(screenshot_dir / "issue15-inbox-admin.png"), full_page=True)
    item.get_by_role("link", name="Phân công cán bộ báo cáo").click()
    page.wait_for_url(f"**/quan-tri-co-quan/{org.code}/nguoi-dung/them/**")
    # the unit and the role come filled in: the admin types the person and saves
    assert page.locator("#id_role").input_value() == "reporter"
    assert "Trung tâm sự nghiệp công" in page.locator("#id_unit option:checked").inner_text()


def test_clerk_goes_from_the_inbox_to_attach_a_letters_signed_scan(page, browser_login, live_server, screenshot_dir,
                                                                   issued, editor, approver, clerk, tmp_path):
    import datetime

    from danvan.tests.files import PDF_BYTES
    from reports.letters import services as letter_services

    with time_machine.travel(local(2025, 9, 5), tick=False):
        letter = letter_services.letter_draft(round=issued.rounds.get(order=1), user=editor)
        letter_services.letter_submit(letter=letter, user=editor)
        letter_services.letter_approve(letter=letter, user=approver)
        letter = letter_services.letter_issue(letter=letter, user=clerk, issued_on=datetime.date(2025, 9, 5))
    scan = tmp_path / "ban-ky-cong-van.pdf"
    scan.write_bytes(PDF_BYTES)
    browser_login(page, clerk)
    _open_item(page, live_server, "scan")
    item = page.locator("#inbox-scan .inbox-list li", has_text=f"V/v {letter.subject}")
    item.get_by_role("link", name="Tải bản đã ký").click()
    page.get_by_label("Bản chụp văn bản đã ký (PDF, PNG, JPEG)").set_input_files(str(scan))
    page.get_by_role("button", name="Tải lên bản chụp").click()
    page.locator(".messages").get_by_text("Đã lưu bản chụp văn bản đã ký.").wait_for()
    page.screenshot(path=str(screenshot_dir / "issue15-letter-scan-clerk.png"), full_page=True)
    letter.refresh_from_db()
    assert letter.signed_scan
    page.goto(f"{live_server.url}/")
    page.locator("#inbox-scan").wait_for()
    assert page.locator("#inbox-scan .inbox-list li", has_text=f"V/v {letter.subject}").count() == 0
