"""The task table and reporting rounds in a real browser, on the plan edit page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tasks.models import Task

pytestmark = pytest.mark.browser


def _edit_page(page, live_server, browser_login, editor, plan):
    browser_login(page, editor)
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/sua/")
    page.wait_for_selector("#task-rows")
    return page


def test_editor_adds_edits_moves_and_deletes_tasks_inline(page, live_server, browser_login, editor, plan,
                                                          screenshot_dir):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _edit_page(page, live_server, browser_login, editor, plan)
    # Typing elsewhere on the page must survive every row operation.
    page.click("#task-add")
    expect(page.locator("#task-rows tr.task-new-row")).to_have_count(1)
    page.click("#task-add")
    expect(page.locator("#task-rows tr.task-new-row")).to_have_count(2)
    first_new, second_new = page.locator("#task-rows tr.task-new-row").all()
    second_new.locator("textarea[name=content]").fill("Đang gõ dở, không được mất")

    row = first_new
    row.locator("textarea[name=content]").fill("Tổ chức hội nghị đối thoại với Nhân dân")
    row.locator("select[name=lead_unit]").select_option(label="Trung tâm sự nghiệp công")
    # Choosing the lead unit takes it out of the co-ordinating choices.
    assert row.locator("input[name=coordinating_units]").nth(1).is_disabled()
    row.locator("input[name=coordinating_units]").nth(0).check()
    row.locator("select[name=due_kind]").select_option("quarter")
    row.locator("input[name=due]").fill("V/2025")
    row.get_by_role("button", name="Lưu nhiệm vụ").click()
    page.wait_for_selector("text=Thời hạn theo quý phải có dạng")
    assert Task.objects.filter(plan=plan).count() == 2
    page.screenshot(path=screenshot_dir / "3-tasks-row-error.png", full_page=True)

    page.locator("#task-rows tr.task-new-row input[name=due]").first.fill("IV/2025")
    page.locator("#task-rows tr.task-new-row").first.get_by_role("button", name="Lưu nhiệm vụ").click()
    page.wait_for_selector("#task-rows tr.task-row >> text=Quý IV/2025")
    created = Task.objects.get(plan=plan, order=3)
    assert created.due_date == datetime.date(2025, 12, 31)
    assert list(created.coordinating_units.values_list("name", flat=True)) == ["Phòng Văn hóa - Xã hội"]
    assert page.locator(f"#task-{created.pk} .task-stt").inner_text() == "3"

    # Move the new task to the top: the rows and their numbers follow, the unsaved row keeps its text.
    for _ in range(2):
        with page.expect_response(re.compile(r"/di-chuyen/up/")):
            page.locator(f"#task-{created.pk} [data-task-move=up]").click()
    # A locator assertion, not wait_for_function: that one evaluates a string, which the site's
    # Content Security Policy (no 'unsafe-eval') refuses.
    expect(page.locator("#task-rows tr[data-task-id]").first).to_have_id(f"task-{created.pk}")
    assert page.locator(f"#task-{created.pk} .task-stt").inner_text() == "1"
    assert list(plan.tasks.order_by("order").values_list("pk", flat=True))[0] == created.pk

    # Edit in place, then delete another row.
    page.locator(f"#task-{created.pk}").get_by_role("button", name="Sửa").click()
    page.locator(f"#task-{created.pk} input[name=output]").fill("Biên bản hội nghị")
    page.locator(f"#task-{created.pk}").get_by_role("button", name="Lưu nhiệm vụ").click()
    page.wait_for_selector(f"#task-{created.pk}.task-row >> text=Biên bản hội nghị")

    doomed = plan.tasks.get(order=3)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#task-{doomed.pk}").get_by_role("button", name="Xóa").click()
    page.wait_for_selector(f"#task-{doomed.pk}", state="detached")
    assert not Task.objects.filter(pk=doomed.pk).exists()
    assert page.locator("#task-rows tr.task-row .task-stt").all_inner_texts() == ["1", "2"]

    assert page.locator("#task-rows tr.task-new-row textarea[name=content]").input_value() == \
        "Đang gõ dở, không được mất"
    page.screenshot(path=screenshot_dir / "3-tasks-table.png", full_page=True)
    assert errors == []


def test_editor_generates_and_edits_rounds(page, live_server, browser_login, editor, plan, screenshot_dir):
    plan.period_start, plan.period_end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    plan.save()
    _edit_page(page, live_server, browser_login, editor, plan)
    page.click("#round-generate-open")
    page.select_option("#rg_period", "quarter")
    page.fill("#rg_days", "2")
    page.check("#rg_replace")
    page.locator("#round-generate").get_by_role("button", name="Tạo đợt tự động").click()
    page.wait_for_selector("text=Đã tạo 4 đợt báo cáo mới.")
    first = plan.rounds.get(name="Báo cáo quý I/2026")
    assert (first.period_start, first.period_end, first.deadline) == (
        datetime.date(2025, 12, 15), datetime.date(2026, 3, 14), datetime.date(2026, 3, 18))  # 14/3 is a Saturday: the 16th and 17th
    assert page.locator(f"#round-{first.pk} .round-span").inner_text() == "15/12/2025 – 14/03/2026"

    page.locator(f"#round-{first.pk}").get_by_role("button", name="Sửa").click()
    page.locator(f"#round-{first.pk} input[name=deadline]").fill("20/3/2026")
    page.locator(f"#round-{first.pk}").get_by_role("button", name="Lưu đợt báo cáo").click()
    page.wait_for_selector(f"#round-{first.pk} >> text=Trước ngày 20/03/2026")

    page.click("#round-add")
    new_row = page.locator("#round-rows tr.round-new-row")
    new_row.locator("input[name=name]").fill("Báo cáo chuyên đề")
    new_row.locator("input[name=deadline]").fill("31/9/2026")
    # Rows that come back are live the moment they are in the page (htmx without settle delay): a
    # "Lưu" pressed at once posts through htmx, not as a whole-page form submission.
    page.evaluate("""() => {
      window.liveOnArrival = [];
      new MutationObserver(records => records.forEach(record => record.addedNodes.forEach(node => {
        if (node.nodeType === 1 && node.matches("tr")) {
          window.liveOnArrival.push(!node.classList.contains("htmx-added"));
        }
      }))).observe(document.getElementById("round-rows"), {childList: true});
    }""")
    new_row.get_by_role("button", name="Lưu đợt báo cáo").click()
    page.wait_for_selector("#round-rows >> text=Nhập ngày hợp lệ")
    arrivals = page.evaluate("window.liveOnArrival")
    assert arrivals and all(arrivals)
    page.locator("#round-rows tr.round-new-row input[name=deadline]").fill("30/9/2026")
    page.locator("#round-rows tr.round-new-row").get_by_role("button", name="Lưu đợt báo cáo").click()
    page.wait_for_selector("#round-rows tr.round-row >> text=Báo cáo chuyên đề")
    assert plan.rounds.count() == 5
    page.screenshot(path=screenshot_dir / "3-rounds.png", full_page=True)


def test_editor_extends_a_task_of_an_issued_plan(page, live_server, browser_login, editor, issued_plan,
                                                 screenshot_dir):
    browser_login(page, editor)
    page.goto(f"{live_server.url}/ke-hoach/{issued_plan.pk}/")
    task = issued_plan.tasks.get(order=1)
    row = page.locator(f"#task-{task.pk}")
    row.locator("summary", has_text="Gia hạn").click()
    row.locator("input[name=extended_due_date]").fill("15/10/2025")
    row.locator("input[name=extension_reason]").fill("Chờ hướng dẫn của thành phố")
    row.get_by_role("button", name="Lưu gia hạn").click()
    page.wait_for_selector(f"#task-{task.pk} >> text=30/09/2025 → gia hạn 15/10/2025 (Chờ hướng dẫn của thành phố)")
    task.refresh_from_db()
    assert task.extended_due_date == datetime.date(2025, 10, 15)
    page.screenshot(path=screenshot_dir / "3-task-extension.png", full_page=True)
