"""In the browser: the editor compiles the round's roll-up, edits it, refreshes the figures and
submits it; the approver approves, the clerk numbers it; the city's user finds it in the overview."""

import pytest
import time_machine

from reports.tests.factories_rollup import local, reported_round  # noqa: F401  (fixture)


def sign_out(page):
    page.click("text=Đăng xuất")
    page.wait_for_url("**/dang-nhap/**")


@pytest.mark.browser
def test_compile_edit_issue_and_read_above(page, browser_login, live_server, screenshot_dir, reported_round,
                                           editor, approver, clerk, parent_user, city):
    with time_machine.travel(local(2025, 9, 5, 9, 0), tick=True):
        browser_login(page, editor)
        page.goto(f"{live_server.url}/bao-cao/tong-hop/dot/{reported_round.pk}/")
        page.click("#rollup-compile")
        page.get_by_text("Đã tổng hợp báo cáo từ báo cáo của các đơn vị").wait_for()
        figures = page.locator("#rollup-figures")
        assert figures.get_by_text("Gửi muộn (chưa tiếp nhận)").is_visible()  # on screen, never printed
        results = page.locator("textarea[name=results_text]").input_value()
        assert "(Phòng Văn hóa - Xã hội chủ trì): Đã tổ chức hội nghị quán triệt" in results
        material = page.locator("#rollup-material")  # the units' proposals beside the draft, not in it
        assert material.get_by_text("Bổ sung kinh phí tuyên truyền").is_visible()
        page.fill("textarea[name=direction_text]", "Tiếp tục tuyên truyền tại các tổ dân phố.")
        page.click("#rollup-save")
        page.get_by_text("Đã lưu nội dung báo cáo.").wait_for()
        page.click("#refresh-figures")
        page.get_by_text("phần chữ đã sửa được giữ nguyên").wait_for()
        direction = page.locator("textarea[name=direction_text]").input_value()
        assert direction == "Tiếp tục tuyên truyền tại các tổ dân phố."
        page.screenshot(path=str(screenshot_dir / "issue6-rollup-edit.png"), full_page=True)
        page.click("text=← Xem báo cáo")
        page.click("#rollup-submit")
        page.get_by_text("Đã trình lãnh đạo phê duyệt báo cáo.").wait_for()
        sign_out(page)

        browser_login(page, approver)
        page.goto(f"{live_server.url}/bao-cao/tong-hop/")
        page.locator("#rollup-list a").first.click()
        page.click("#rollup-approve")
        page.get_by_text("Đã phê duyệt báo cáo").wait_for()
        sign_out(page)

        browser_login(page, clerk)
        page.goto(f"{live_server.url}/bao-cao/tong-hop/")
        page.locator("#rollup-list a").first.click()
        page.fill("input[name=issued_on]", "05/09/2025")
        page.click("#rollup-issue")
        page.get_by_text("Đã cấp số 13/BC-UBND và ban hành báo cáo.").wait_for()
        assert page.locator("#rollup-status").inner_text() == "Đã ban hành"
        page.screenshot(path=str(screenshot_dir / "issue6-rollup-detail.png"), full_page=True)
        sign_out(page)

        browser_login(page, parent_user)
        page.goto(f"{live_server.url}/bao-cao/cap-duoi/?org={city.pk}&year=2025")
        table = page.locator("#children-rollups")
        assert table.get_by_text("Ủy ban nhân dân phường An Bình").is_visible()
        assert table.get_by_text("13/BC-UBND ngày 05/09/2025").is_visible()
        assert page.locator("#parent-compile").count() == 0  # a viewer of the city reads only
        page.screenshot(path=str(screenshot_dir / "issue6-parent-overview.png"), full_page=True)
