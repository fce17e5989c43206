"""Import a plan from a Word file in a real browser: upload, review, correct one unit, create the
draft, see its tasks and rounds. Screenshots of the review page are saved on the way."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from danvan.models import Unit
from danvan.tests import factories as f
from plans.models import Plan

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).parent / "data" / "importing" / "07_luongminh-16-kh-mttq-btt-2025.docx"


def test_editor_imports_a_word_plan_and_gets_a_draft(page, live_server, browser_login, screenshot_dir, org, editor):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    office = f.UnitFactory(organization=org, name="Văn phòng cơ quan Ủy ban MTTQ xã", short_name="VP")
    browser_login(page, editor)

    page.goto(f"{live_server.url}/ke-hoach/moi/")
    page.get_by_role("link", name="Nhập từ tệp Word / PDF / văn bản").click()
    page.wait_for_url(re.compile(r"/ke-hoach/nhap/$"))
    page.get_by_label("Tệp Word (.docx), PDF hoặc văn bản (.txt)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Nhận diện").click()
    page.wait_for_url(re.compile(r"/ke-hoach/nhap/[\w-]+/$"))

    # the review page: the source with its pieces highlighted beside the recognised fields
    expect(page.get_by_role("heading", name="Kiểm tra nội dung nhận diện")).to_be_visible()
    expect(page.locator(".source-text .hl-task").first).to_be_visible()
    expect(page.locator(".source-text .hl-cite").first).to_be_visible()
    assert Plan.objects.count() == 0  # nothing saved yet
    page.screenshot(path=str(screenshot_dir / "import-review.png"))
    page.screenshot(path=str(screenshot_dir / "import-review-full.png"), full_page=True)

    # a highlighted piece of the source leads to its row of the form (keyboard: focus + Enter)
    page.locator("#src-task-0").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#row-task-0$"))
    page.screenshot(path=str(screenshot_dir / "import-review-task-row.png"))

    # correct one unit: the first task's lead, a name the organization does not have, is its office
    unit_rows = page.locator(".unit-choice")
    assert unit_rows.count() >= 3
    corrected = page.locator("#id_task-0-lead").input_value()
    select = page.get_by_label(corrected, exact=True)
    expect(select).to_have_value("new")
    select.select_option(label=office.name)
    # keep the first unit's paragraph of section III as duties it reports on (keyboard: Space)
    page.locator("#id_duty-0-include").focus()
    page.keyboard.press("Space")
    expect(page.locator("#id_duty-0-include")).to_be_checked()
    page.get_by_label("Trích yếu (tên kế hoạch)").fill("Kế hoạch tham gia công tác bầu cử năm 2026 (nhập từ tệp)")
    page.get_by_role("button", name="Tạo dự thảo").click()

    page.wait_for_url(re.compile(r"/ke-hoach/\d+/sua/$"))
    plan = Plan.objects.get()
    expect(page.locator(".messages")).to_contain_text("Đã tạo dự thảo kế hoạch từ 07_luongminh")
    expect(page.locator("#task-rows tr.task-row").first).to_be_visible()
    assert page.locator("#task-rows tr.task-row").count() == plan.tasks.count() >= 10
    expect(page.locator("#plan-tasks")).to_contain_text("Nhiệm vụ của đơn vị")
    rounds = plan.rounds.all()
    for reporting_round in rounds:
        expect(page.locator("body")).to_contain_text(reporting_round.name)
    page.screenshot(path=str(screenshot_dir / "import-created-draft.png"), full_page=True)

    assert plan.title == "Kế hoạch tham gia công tác bầu cử năm 2026 (nhập từ tệp)" and plan.status == "draft"
    assert not Unit.objects.filter(organization=org, name=corrected).exists()
    assert plan.tasks.get(kind="task", order=1).lead_unit == office
    assert errors == []
