"""One plan from first keystroke to issue, in a real browser (Playwright + Debian chromium).

An editor creates a plan, picks the document it implements, cites one document through the
autocomplete and one by pasting its citation, edits and adds sections, adds a task and a round
through the tasks tables, fills recipients and signer, and submits; the approver approves; the
clerk issues it with the next number. Screenshots of the main pages are saved on the way.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from danvan.tests import factories as f
from plans import services
from plans.models import LegalDocument, Plan, PlanStatus

pytestmark = pytest.mark.browser

PASTED = ("Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ về xây dựng và thực hiện hương ước, "
          "quy ước của cộng đồng dân cư")


def _switch_user(page, browser_login, user):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/dang-nhap/"))
    browser_login(page, user)


def test_editor_approver_clerk_walk_a_plan_to_issue(page, live_server, browser_login, screenshot_dir, org, unit_a,
                                                    unit_b, editor, approver, clerk):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    today = datetime.date.today()
    year = today.year
    f.LegalDocumentFactory(kind="Quyết định", number="3177/QĐ-UBND", issued_on=datetime.date(year, 1, 6),
                           issuer="Ủy ban nhân dân thành phố", subject="ban hành danh mục nhiệm vụ dân vận")
    f.LegalDocumentFactory(kind="Chỉ thị", number="33/CT-TTg", issued_on=datetime.date(2021, 11, 26),
                           issuer="Thủ tướng Chính phủ",
                           subject="về tiếp tục tăng cường và đổi mới công tác dân vận")
    returned = f.PlanFactory(organization=org, title="Kế hoạch tuyên truyền phổ biến pháp luật", year=year)
    services.plan_submit(plan=returned, user=editor)
    services.plan_return(plan=returned, user=approver, reason="Bổ sung kinh phí thực hiện")

    # --- the editor creates the plan --------------------------------------------------------------
    browser_login(page, editor)
    page.goto(f"{live_server.url}/ke-hoach/moi/")
    page.fill("#id_title", f"Triển khai thực hiện công tác dân vận năm {year}")
    page.fill("#id_year", str(year))
    page.fill("#id_period_label", f"năm {year}")
    page.fill("#id_period_start", f"01/01/{year}")
    page.fill("#id_period_end", f"31/12/{year}")
    page.fill("#id_implements_q", "3177")
    page.locator("[data-pick-document]").first.click()
    expect(page.locator("[data-picked-label]")).to_contain_text("3177/QĐ-UBND")
    page.select_option("#id_drafting_unit", label=unit_a.name)
    page.check("input[name=shape][value=content]")
    page.get_by_role("button", name="Tạo dự thảo").click()
    page.wait_for_url(re.compile(r"/ke-hoach/\d+/sua/$"))
    plan = Plan.objects.get(title__startswith="Triển khai thực hiện công tác dân vận")
    assert plan.implements.number == "3177/QĐ-UBND"
    expect(page.locator(".section-item")).to_have_count(3)

    # Typing in the header is not lost by the htmx calls of other parts of the page.
    page.fill("#id_intro", "Ủy ban nhân dân phường ban hành kế hoạch thực hiện công tác dân vận, như sau:")

    # --- a citation from the registry, through the autocomplete -----------------------------------
    page.fill("#id_cite_q", "chi thi 33")
    result = page.locator("#cite-results li", has_text="33/CT-TTg")
    result.get_by_role("button", name="Thêm").click()
    expect(page.locator("#citation-list")).to_contain_text("Chỉ thị số 33/CT-TTg")

    # --- a citation pasted as written, checked, saved to the registry -----------------------------
    page.fill("#id_paste_text", PASTED)
    page.get_by_role("button", name="Nhận dạng trích dẫn").click()
    candidate = page.locator(".candidate").first
    expect(candidate.locator("input[name=p0-number]")).to_have_value("61/2023/NĐ-CP")
    expect(candidate.locator("input[name=p0-issuer]")).to_have_value("Chính phủ")
    candidate.get_by_role("button", name="Lưu vào danh mục và trích dẫn").click()
    expect(page.locator(".candidate.done")).to_contain_text("Đã thêm trích dẫn")
    expect(page.locator("#citation-list")).to_contain_text("Nghị định số 61/2023/NĐ-CP")
    assert LegalDocument.objects.filter(number="61/2023/NĐ-CP").count() == 1
    expect(page.locator("#id_intro")).to_have_value(re.compile("như sau:$"))
    page.locator("#header-card").get_by_role("button", name="Lưu thông tin chung").click()
    expect(page.locator("#header-card .saved-note")).to_be_visible()

    # --- sections: edit the first, add one, move it up --------------------------------------------
    first = page.locator(".section-item").first
    first.locator("textarea").fill("1. Mục đích\n- Tuyên truyền, quán triệt các văn bản về công tác dân vận.\n"
                                   "2. Yêu cầu\n- Bám sát thực tiễn của phường.")
    first.get_by_role("button", name="Lưu mục").click()
    expect(page.locator(".section-item").first.locator(".saved-note")).to_be_visible()
    page.fill("#id_new_heading", "KINH PHÍ THỰC HIỆN")
    page.locator("#section-add").get_by_role("button", name="+ Thêm mục").click()
    expect(page.locator(".section-item")).to_have_count(4)
    added = page.locator(".section-item").last
    with page.expect_response(re.compile(r"/muc/\d+/di-chuyen/")):
        added.get_by_role("button", name="↑ Lên").click()
    expect(page.locator(".section-item").nth(2).locator("input[name=heading]")).to_have_value("KINH PHÍ THỰC HIỆN")
    assert list(plan.sections.values_list("heading", flat=True)) == [
        "MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "KINH PHÍ THỰC HIỆN", "TỔ CHỨC THỰC HIỆN"]

    # --- a task and a round, through the tasks tables ---------------------------------------------
    page.click("#task-add")
    row = page.locator("#task-rows tr.task-new-row")
    row.locator("textarea[name=content]").fill("Tổ chức hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân")
    row.locator("select[name=lead_unit]").select_option(label=unit_a.name)
    row.locator("input[name=coordinating_units]").nth(1).check()
    row.locator("select[name=due_kind]").select_option("date")
    row.locator("input[name=due]").fill(f"15/12/{year}")
    row.locator("input[name=output]").fill("Báo cáo kết quả hội nghị")
    row.get_by_role("button", name="Lưu nhiệm vụ").click()
    page.wait_for_selector("#task-rows tr.task-row >> text=Tổ chức hội nghị đối thoại")
    deadline = today + datetime.timedelta(days=12)
    page.click("#round-add")
    new_round = page.locator("#round-rows tr.round-new-row")
    new_round.locator("input[name=name]").fill("Báo cáo lần 1")
    new_round.locator("input[name=deadline]").fill(deadline.strftime("%d/%m/%Y"))
    new_round.get_by_role("button", name="Lưu đợt báo cáo").click()
    page.wait_for_selector("#round-rows tr.round-row >> text=Báo cáo lần 1")
    assert plan.tasks.count() == 1 and plan.rounds.count() == 1

    # --- recipients from the assigned units, and the signer ---------------------------------------
    page.locator("#signing-card").get_by_role("button", name="Gợi ý nơi nhận").click()
    expect(page.locator("#id_sig_recipients")).to_have_value(re.compile(r"Trung tâm sự nghiệp công;\nLưu: VT, VHXH\.$"))
    page.fill("#id_sig_signer_title", "KT. CHỦ TỊCH")
    page.fill("#id_sig_signer_deputy_title", "PHÓ CHỦ TỊCH")
    page.fill("#id_sig_signer_name", "Nguyễn Văn Bình")
    page.locator("#signing-card").get_by_role("button", name="Lưu nơi nhận, người ký").click()
    expect(page.locator("#signing-card .saved-note")).to_be_visible()
    # The header form learnt the new version: saving it again is not refused as stale.
    page.fill("#id_closing", "Trên đây là Kế hoạch thực hiện công tác dân vận của phường.")
    page.locator("#header-card").get_by_role("button", name="Lưu thông tin chung").click()
    expect(page.locator("#header-card .saved-note")).to_be_visible()
    expect(page.locator("#header-card .conflict")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "issue3-plan-edit.png", full_page=True)
    plan.refresh_from_db()
    assert plan.signer_name == "Nguyễn Văn Bình" and plan.closing.startswith("Trên đây")
    assert plan.intro.endswith("như sau:")

    page.locator("#submit-card").get_by_role("button", name="Gửi phê duyệt").click()
    page.wait_for_url(re.compile(rf"/ke-hoach/{plan.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("Đã gửi kế hoạch")

    # --- the approver approves --------------------------------------------------------------------
    _switch_user(page, browser_login, approver)
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/")
    page.get_by_role("button", name="Phê duyệt", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã phê duyệt kế hoạch")

    # --- the clerk issues it with the next number -------------------------------------------------
    _switch_user(page, browser_login, clerk)
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/")
    expect(page.locator("#id_number")).to_have_value("1")
    page.get_by_role("button", name="Ban hành").click()
    expect(page.locator(".messages")).to_contain_text("Đã ban hành kế hoạch số 01/KH-UBND.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED and plan.number == 1
    assert plan.snapshot["basis"][0].startswith("Chỉ thị số 33/CT-TTg")
    expect(page.locator(".plan-text")).to_contain_text("III. KINH PHÍ THỰC HIỆN")
    page.screenshot(path=screenshot_dir / "issue3-plan-detail.png", full_page=True)

    page.goto(f"{live_server.url}/ke-hoach/?q=dan+van")
    expect(page.locator(".plan-table")).to_contain_text("01/KH-UBND")
    page.screenshot(path=screenshot_dir / "issue3-plan-list.png", full_page=True)

    _switch_user(page, browser_login, editor)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#deadlines")).to_contain_text("còn 11 ngày")
    expect(page.locator("#inbox")).to_contain_text("Bổ sung kinh phí thực hiện")
    page.screenshot(path=screenshot_dir / "issue3-home.png", full_page=True)

    # Readable on a phone: the list turns its rows into cards.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/ke-hoach/")
    expect(page.locator(".plan-table thead")).to_be_hidden()
    page.screenshot(path=screenshot_dir / "issue3-plan-list-phone.png", full_page=True)
    assert errors == []
