"""Keyboard and screen-reader use in a real browser (WCAG 2.1 AA, issue 18).

Every page a browser test reaches is checked by axe-core (the `page` fixture, danvan/tests/a11y.py).
Here: every main page as each demo role; a task and a report entry filled and saved with the keyboard
alone, with where focus lands after each save; what screen readers are told after htmx swaps; the
unit report after a refused upload; the 320 px screen.
"""

import re
from contextlib import contextmanager
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
import time_machine
from playwright.sync_api import expect

from danvan.tests.files import EXE_BYTES
from plans.models import Plan, PlanStatus
from reports.tests.factories_progress import issue, local, media_root  # noqa: F401 - a fixture
from tasks.models import Task

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "DanVan@2025"
# The demo's people (README): editor, approver, clerk, reporter, viewer, and the city's viewer.
DEMO_ROLES = ["bientap", "pheduyet", "vanthu", "baocao_vhxh", "xem", "thanhpho"]
# Files, feeds and the admin are not pages of the site.
NOT_PAGES = re.compile(r"^/(quan-tri|dang-xuat)/|\.(pdf|docx|xlsx|ics)$|/(pdf|docx|xlsx|xem|tai-ve)/$|/minh-chung/")
MAX_PAGES_PER_ROLE = 40
SEEDS = ["/bao-cao/don-vi/", "/bao-cao/cap-duoi/", "/bao-cao/tong-hop/", "/ke-hoach/?status=issued",
         "/ke-hoach/?page=2"]


def _kind(url: str) -> str:
    """One page of each kind: /ke-hoach/12/ and /ke-hoach/13/ are the same page; ?status= differs."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair and not pair.startswith("page=")})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def _login(page, live_server, username, password):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*dang-nhap)"))


@pytest.fixture
def demo(db):
    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize("username", DEMO_ROLES)
def test_every_main_page_passes_axe_as_each_demo_role(page, live_server, demo, username):
    """Follows the links of the site from the home page (one page of each kind); the page fixture
    runs axe-core on each page reached and fails on any WCAG 2.1 A/AA violation."""
    _login(page, live_server, username, DEMO_PASSWORD)
    origin = urlsplit(live_server.url).netloc
    # Pages a role may reach without a link on the way (a reporter's unit page, the level above).
    seeds = [f"{live_server.url}{path}" for path in SEEDS]
    queue, seen, visited = [f"{live_server.url}/"] + seeds, set(), []
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        kind = _kind(url)
        if kind in seen:
            continue
        seen.add(kind)
        response = page.goto(url)
        if url in seeds and response.status in (403, 404):
            continue  # not this role's page
        assert response.status == 200, f"{url} answered {response.status} to {username}"
        visited.append(urlsplit(url).path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urljoin(url, href).split("#")[0]
            parts = urlsplit(target)
            if parts.netloc == origin and not NOT_PAGES.search(parts.path) and _kind(target) not in seen:
                queue.append(target)
    assert "/" in visited and "/ke-hoach/" in visited
    assert len(visited) >= 6, visited


def _tab_to(page, predicate: str, limit: int = 400):
    """Press Tab until the focused element satisfies `predicate` (a JS function of the element)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate})(el); }}"):
            return
    raise AssertionError(f"Tab never reached an element matching {predicate}")


def _focused(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement;
      return {tag: el.tagName.toLowerCase(), name: el.name || "", id: el.id || "", text: el.textContent.trim(),
              row: (el.closest("tr") || {}).id || "", validation: el.validationMessage || ""}; }""")


def _focus_is(page, key: str, value: str) -> None:
    """Focus lands where expected: site.js moves it after a swap or a load, so give it a moment (a
    loaded CI machine may take longer than the first paint) before judging."""
    for _ in range(50):
        if _focused(page)[key] == value:
            return
        page.wait_for_timeout(100)
    assert _focused(page)[key] == value


def test_keyboard_alone_adds_a_task_and_focus_follows_each_save(page, live_server, browser_login, editor, plan,
                                                                screenshot_dir):
    browser_login(page, editor)
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/sua/")
    _tab_to(page, "el => el.id === 'task-add'")
    page.keyboard.press("Enter")
    expect(page.locator("#task-rows tr.task-new-row")).to_have_count(1)
    _focus_is(page, "name", "content")  # the new row's first field

    # Saving with nothing typed: the browser's own check speaks Vietnamese, on the empty field.
    _tab_to(page, "el => el.textContent.trim() === 'Lưu nhiệm vụ'")
    page.keyboard.press("Enter")
    focused = _focused(page)
    assert focused["name"] == "content"
    assert focused["validation"] == "Hãy nhập mục này."

    page.keyboard.type("Tổ chức hội nghị đối thoại với Nhân dân")
    page.keyboard.press("Tab")
    _focus_is(page, "name", "lead_unit")
    page.keyboard.press("ArrowDown")  # the first unit
    _tab_to(page, "el => el.name === 'due_kind'")
    page.keyboard.press("ArrowDown")  # "Tháng"
    page.keyboard.press("Tab")
    _focus_is(page, "name", "due")
    page.keyboard.type("13/2025")
    _tab_to(page, "el => el.textContent.trim() === 'Lưu nhiệm vụ'")
    page.keyboard.press("Enter")
    # Refused by the server: focus on the field in error, the error read out.
    expect(page.locator("#task-rows tr.task-new-row [aria-invalid=true]")).to_have_count(1)
    _focus_is(page, "name", "due")
    expect(page.locator("#live-alert")).to_contain_text("Tháng 13 không hợp lệ")

    page.keyboard.press("Control+A")
    page.keyboard.type("9/2025")
    page.keyboard.press("Enter")  # Enter in a text box submits its form
    expect(page.locator("#task-rows tr.task-row", has_text="Tổ chức hội nghị")).to_be_visible()
    task = Task.objects.get(plan=plan, content="Tổ chức hội nghị đối thoại với Nhân dân")
    assert (task.due_kind, task.due_date.month) == ("month", 9)
    # Saved: the form became a row; focus is on that row's first control ("Sửa"), not on the page body.
    focused = _focused(page)
    assert (focused["row"], focused["text"]) == (f"task-{task.pk}", "Sửa")

    # "Sửa" opens the form on its first field; "Hủy" closes it back onto "Sửa".
    page.keyboard.press("Enter")
    expect(page.locator(f"#task-{task.pk}.task-form-row")).to_be_visible()
    _focus_is(page, "name", "content")
    _tab_to(page, "el => el.textContent.trim() === 'Hủy'")
    page.keyboard.press("Enter")
    expect(page.locator(f"#task-{task.pk}.task-row")).to_be_visible()
    _focus_is(page, "text", "Sửa")
    page.screenshot(path=screenshot_dir / "18-keyboard-task.png", full_page=True)
    # "Hủy" on a row never saved removes it and leaves focus on "+ Thêm nhiệm vụ".
    _tab_to(page, "el => el.id === 'task-add'")
    page.keyboard.press("Enter")
    expect(page.locator("#task-rows tr.task-new-row")).to_have_count(1)
    _tab_to(page, "el => el.textContent.trim() === 'Hủy'")
    page.keyboard.press("Enter")
    expect(page.locator("#task-rows tr.task-new-row")).to_have_count(0)
    _focus_is(page, "id", "task-add")


@contextmanager
def _unit_report(page, live_server, browser_login, plan, reporter):
    """The reporter's form for the first round of the plan, issued, five days before the deadline."""
    issue(plan)
    round_ = plan.rounds.get(order=1)
    with time_machine.travel(local(2025, 8, 28, 9, 0), tick=True):
        browser_login(page, reporter)
        page.goto(f"{live_server.url}/bao-cao/don-vi/dot/{round_.pk}/{reporter.memberships.get().unit_id}/")
        yield page


def test_keyboard_alone_fills_and_saves_a_report_entry(page, live_server, browser_login, plan, reporter_a,
                                                       media_root):
    with _unit_report(page, live_server, browser_login, plan, reporter_a):
        # The status radios are a named group: Tab reaches the group, arrows choose.
        _tab_to(page, "el => el.type === 'radio'")
        assert page.evaluate("() => document.activeElement.closest('fieldset').querySelector('legend').textContent") \
            == "Tình trạng"
        page.keyboard.press("ArrowDown")
        chosen = page.evaluate("() => document.activeElement.value")
        page.keyboard.press("Tab")
        assert _focused(page)["name"].endswith("done_text")
        page.keyboard.type("Đã tổ chức 3 hội nghị tuyên truyền")
        _tab_to(page, "el => el.value === 'save'")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.locator(".messages")).to_contain_text("Đã lưu bản nháp")
        # After the reload the saved message has focus: it is read out, and Tab goes on from there.
        _focus_is(page, "text", "Đã lưu bản nháp.")
        entry = page.locator("textarea[name$='-done_text']").first
        expect(entry).to_have_value("Đã tổ chức 3 hội nghị tuyên truyền")
        assert page.locator(f"input[type=radio][value='{chosen}']").first.is_checked()


def test_refused_upload_focuses_a_summary_that_links_to_the_field(page, live_server, browser_login, plan,
                                                                   reporter_a, media_root, tmp_path, screenshot_dir):
    bad = tmp_path / "bien-ban.pdf"
    bad.write_bytes(EXE_BYTES)
    with _unit_report(page, live_server, browser_login, plan, reporter_a):
        page.locator("input[type=file]").first.set_input_files(str(bad))
        page.click("button[value=save]")
        summary = page.locator("#form-errors")
        expect(summary).to_be_visible()
        assert summary.get_attribute("role") == "alert"
        _focus_is(page, "id", "form-errors")
        link = summary.get_by_role("link").first
        expect(link).to_contain_text("Thêm tệp minh chứng")
        page.screenshot(path=screenshot_dir / "18-error-summary.png", full_page=True)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        focused = _focused(page)
        assert focused["name"].endswith("files")
        assert page.locator("input[type=file]").first.get_attribute("aria-invalid") == "true"


def test_coordination_toggle_says_whether_its_part_is_shown(page, live_server, browser_login, plan, reporter_b,
                                                             media_root):
    with _unit_report(page, live_server, browser_login, plan, reporter_b):
        toggle = page.locator("input.part-toggle").first
        body = page.locator(f"#{toggle.get_attribute('aria-controls')}")
        assert toggle.get_attribute("aria-expanded") == "false"
        expect(body).to_be_hidden()
        toggle.focus()
        page.keyboard.press("Space")
        assert toggle.get_attribute("aria-expanded") == "true"
        expect(body).to_be_visible()


def test_plan_editor_swaps_move_focus_and_speak(page, live_server, browser_login, editor, plan):
    from danvan.tests import factories as f

    for order, heading in enumerate(["Mục đích, yêu cầu", "Nội dung", "Tổ chức thực hiện"], start=1):
        f.SectionFactory(plan=plan, order=order, heading=heading)
    f.LegalDocumentFactory(kind="Quyết định", number="3177/QĐ-UBND", issuer="Ủy ban nhân dân thành phố",
                           subject="ban hành danh mục nhiệm vụ dân vận")
    browser_login(page, editor)
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/sua/")
    # Picking the implemented document: the list the pressed button was in is gone; focus goes to
    # "Bỏ chọn", and from there back to the search box.
    page.focus("#id_implements_q")
    page.keyboard.type("3177")
    expect(page.locator("[data-pick-document]")).to_have_count(1)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("[data-picked-label]")).to_contain_text("3177/QĐ-UBND")
    _focus_is(page, "text", "Bỏ chọn")
    page.keyboard.press("Enter")
    _focus_is(page, "id", "id_implements_q")
    # "Lưu thông tin chung" with an error: focus on that field, the error announced.
    page.fill("#id_title", "")
    page.get_by_role("button", name="Lưu thông tin chung").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_title[aria-invalid=true]")).to_be_visible()
    _focus_is(page, "id", "id_title")
    expect(page.locator("#live-alert")).to_contain_text("Hãy nhập trích yếu")
    # Saved: "Đã lưu" announced in a status region; focus stays in the header card.
    page.fill("#id_title", "Kế hoạch thực hiện công tác dân vận năm 2025")
    page.get_by_role("button", name="Lưu thông tin chung").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#header-card .saved-note")).to_be_visible()
    expect(page.locator("#live-status[role=status]")).to_have_text("Đã lưu")
    assert page.evaluate("() => !!document.activeElement.closest('#header-card')")
    # A moved section keeps focus on the move button pressed.
    second = page.locator(".section-item").nth(1)
    section_id = second.get_attribute("id")
    with page.expect_response(re.compile(r"/di-chuyen/")):
        second.get_by_role("button", name="↑ Lên").focus()
        page.keyboard.press("Enter")
    expect(page.locator(".section-item").first).to_have_id(section_id)
    _focus_is(page, "text", "↑ Lên")
    assert page.evaluate("() => document.activeElement.closest('li').id") == section_id


def test_nothing_scrolls_sideways_on_a_320px_screen(page, live_server, browser_login, editor, plan, screenshot_dir):
    page.set_viewport_size({"width": 320, "height": 800})
    browser_login(page, editor)
    for path, name in [("/", "home"), (f"/ke-hoach/{plan.pk}/sua/", "plan-editor")]:
        page.goto(f"{live_server.url}{path}")
        page.screenshot(path=screenshot_dir / f"18-320px-{name}.png", full_page=True)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide at 320 px"


def test_plan_statuses_differ_by_colour_too(page, live_server, browser_login, editor, org):
    from danvan.tests import factories as f

    for number, status in enumerate(PlanStatus.values, start=1):
        plan = f.PlanFactory(organization=org, title=f"Kế hoạch {status}")
        if status in (PlanStatus.ISSUED, PlanStatus.CLOSED):
            issue(plan, number=number)
        plan.status = status
        plan.save()
    browser_login(page, editor)
    page.goto(f"{live_server.url}/ke-hoach/")
    colours = page.eval_on_selector_all(
        ".plan-table .badge", "badges => badges.map(b => [b.textContent, getComputedStyle(b).backgroundColor])")
    by_status = dict(colours)
    assert set(by_status) == {label for _, label in PlanStatus.choices}
    assert len(set(by_status.values())) == len(PlanStatus.values), by_status
    assert Plan.objects.count() == len(PlanStatus.values)


def test_focus_is_visible_with_the_apps_own_ring(page, live_server, browser_login, editor):
    browser_login(page, editor)
    page.goto(f"{live_server.url}/ke-hoach/")
    # The first Tab offers to skip the menu.
    page.keyboard.press("Tab")
    _focus_is(page, "text", "Đến nội dung chính")
    page.keyboard.press("Enter")
    _focus_is(page, "id", "noi-dung")
    _tab_to(page, "el => el.id === 'id_q'")
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement); "
                            "return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }")
    assert outline == ["solid", "3px", "rgb(24, 73, 169)"]
