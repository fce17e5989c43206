"""A new commune from nothing to its first plan, in a real browser (issue 16), without the Django
admin: the city's admin creates the commune and its first admin; that admin changes the first
password, adds units and an editor; the editor changes theirs and drafts the first plan."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from danvan.models import Membership, Organization, Role, Unit
from danvan.tests import factories as f
from plans.models import Plan

pytestmark = pytest.mark.browser
FIRST = "Tam-thoi-2025"


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def change_first_password(page, old, new):
    page.wait_for_url(re.compile(r"/doi-mat-khau/$"))
    expect(page.locator(".messages")).to_contain_text("Hãy đổi mật khẩu trước khi làm việc")
    page.fill("#id_old_password", old)
    page.fill("#id_new_password1", new)
    page.fill("#id_new_password2", new)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    page.wait_for_url(re.compile(r"/doi-mat-khau/xong/$"))


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/dang-nhap/"))


def test_a_new_commune_from_nothing_to_its_first_plan(page, live_server, browser_login, screenshot_dir, city):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    city_admin = f.UserFactory(username="quantri-thanhpho")
    f.MembershipFactory(user=city_admin, organization=city, role=Role.ADMIN)

    # --- the city's admin creates the commune and its first admin --------------------------------
    browser_login(page, city_admin)
    page.get_by_role("link", name="Quản trị cơ quan").click()
    page.get_by_role("link", name="Cơ quan cấp dưới", exact=True).click()
    page.get_by_role("link", name="Tạo xã, phường mới").click()
    page.fill("#id_name", "Ủy ban nhân dân xã Tân Lương")
    page.fill("#id_code", "tan-luong")
    page.fill("#id_header_name", "ỦY BAN NHÂN DÂN\nXÃ TÂN LƯƠNG")
    page.fill("#id_place_name", "Tân Lương")
    page.fill("#id_admin-username", "quantri.tanluong")
    page.fill("#id_admin-full_name", "Vũ Văn Quản")
    page.fill("#id_admin-password1", FIRST)
    page.fill("#id_admin-password2", FIRST)
    page.screenshot(path=str(screenshot_dir / "administration-01-create-commune.png"), full_page=True)
    page.get_by_role("button", name="Tạo cơ quan").click()
    expect(page.locator(".messages")).to_contain_text("Đã tạo “Ủy ban nhân dân xã Tân Lương”")
    expect(page.locator("table")).to_contain_text("Chưa ai đăng nhập")
    page.screenshot(path=str(screenshot_dir / "administration-02-communes.png"), full_page=True)
    commune = Organization.objects.get(code="tan-luong")
    sign_out(page)

    # --- the commune's admin: first password, units, an editor -----------------------------------
    sign_in(page, live_server, "quantri.tanluong", FIRST)
    change_first_password(page, FIRST, "Mua-xuan-Bien-xanh-7")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Quản trị cơ quan").click()
    page.wait_for_url(re.compile(r"/quan-tri-co-quan/tan-luong/$"))
    for name, short in (("Công chức Văn hóa - Xã hội", "VHXH"), ("Văn phòng HĐND và UBND", "VP")):
        page.get_by_role("link", name="Đơn vị", exact=True).click()
        page.get_by_role("link", name="Thêm đơn vị").click()
        page.fill("#id_name", name)
        page.fill("#id_short_name", short)
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator(".messages")).to_contain_text(f"Đã lưu đơn vị “{name}”")
    page.screenshot(path=str(screenshot_dir / "administration-03-units.png"), full_page=True)
    page.get_by_role("link", name="Người dùng", exact=True).click()
    page.get_by_role("link", name="Thêm người dùng").click()
    page.fill("#id_username", "bientap.tanluong")
    page.fill("#id_full_name", "Đặng Thị Soạn")
    page.select_option("#id_role", "editor")
    page.fill("#id_password1", FIRST)
    page.fill("#id_password2", FIRST)
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator(".messages")).to_contain_text("phải đổi mật khẩu khi đăng nhập lần đầu")
    page.screenshot(path=str(screenshot_dir / "administration-04-person.png"), full_page=True)
    page.get_by_role("link", name="Nhật ký quản trị", exact=True).click()
    expect(page.locator("table")).to_contain_text("Tạo tài khoản “bientap.tanluong”")
    page.screenshot(path=str(screenshot_dir / "administration-05-audit-log.png"), full_page=True)
    sign_out(page)

    # --- the editor: first password, then the commune's first plan -------------------------------
    sign_in(page, live_server, "bientap.tanluong", FIRST)
    change_first_password(page, FIRST, "Hoa-sen-Gio-nam-9")
    year = datetime.date.today().year
    page.goto(f"{live_server.url}/ke-hoach/moi/")
    expect(page.locator("main")).to_contain_text("Ủy ban nhân dân xã Tân Lương")
    page.fill("#id_title", f"Triển khai công tác dân vận trên địa bàn xã Tân Lương năm {year}")
    page.fill("#id_year", str(year))
    page.fill("#id_period_start", f"01/01/{year}")
    page.fill("#id_period_end", f"31/12/{year}")
    page.select_option("#id_drafting_unit", label="Công chức Văn hóa - Xã hội")
    page.check("input[name=shape][value=content]")
    page.get_by_role("button", name="Tạo dự thảo").click()
    page.wait_for_url(re.compile(r"/ke-hoach/\d+/sua/$"))
    page.screenshot(path=str(screenshot_dir / "administration-06-first-plan.png"), full_page=True)
    plan = Plan.objects.get(organization=commune)
    assert plan.drafting_unit == Unit.objects.get(organization=commune, name="Công chức Văn hóa - Xã hội")
    assert Membership.objects.filter(organization=commune).count() == 2
    assert errors == []
