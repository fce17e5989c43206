"""Running an organization without the Django admin (issue 16): what its admin sees and changes,
what the people it manages then can and cannot do."""

from __future__ import annotations

import datetime
import io
import re

import openpyxl
import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from danvan.administration import services
from danvan.models import AccountProfile, AuditEntry, Membership, Organization, Role, Unit
from danvan.tests import factories as f
from danvan.tests.factories import PASSWORD
from plans.models import Plan
from reports.models import UnitReport
from tasks.models import Task

User = get_user_model()
NEW_PASSWORD = "Dan-van-kheo-2025"


def url(name, organization, **kwargs):
    return reverse(f"administration:{name}", kwargs={"code": organization.code, **kwargs})


@pytest.fixture
def admin_client(client, org_admin):
    client.force_login(org_admin)
    return client


def sign_in(client, username, password=PASSWORD):
    return client.post("/dang-nhap/", {"username": username, "password": password})


# --- units ------------------------------------------------------------------------------------------

def test_admin_adds_renames_orders_and_deactivates_a_unit(admin_client, org, org_admin):
    response = admin_client.post(url("unit_create", org), {"name": "Công chức Tư pháp - Hộ tịch", "short_name": "TP-HT",
                                                           "kind": "post", "order": 3})
    assert response.status_code == 302
    unit = Unit.objects.get(organization=org, name="Công chức Tư pháp - Hộ tịch")
    admin_client.post(url("unit_edit", org, pk=unit.pk), {"name": "Công chức Tư pháp", "kind": "post", "order": 1})
    unit.refresh_from_db()
    assert (unit.name, unit.order) == ("Công chức Tư pháp", 1)
    admin_client.post(url("unit_deactivate", org, pk=unit.pk))
    unit.refresh_from_db()
    assert not unit.is_active
    log = [e.summary for e in AuditEntry.objects.filter(organization=org)]
    assert "Đổi tên đơn vị “Công chức Tư pháp - Hộ tịch” thành “Công chức Tư pháp”." in log
    assert "Ngừng hoạt động đơn vị “Công chức Tư pháp”." in log
    page = admin_client.get(url("audit_log", org)).content.decode()
    assert "Thêm đơn vị “Công chức Tư pháp - Hộ tịch”." in page and org_admin.get_full_name() in page


def test_two_units_with_one_name_are_refused_in_words(admin_client, org, unit_a):
    response = admin_client.post(url("unit_create", org), {"name": unit_a.name, "kind": "department", "order": 0})
    assert response.status_code == 200
    assert "đã tồn tại" in response.content.decode() or "đã có" in response.content.decode()
    assert Unit.objects.filter(organization=org, name=unit_a.name).count() == 1


def test_a_unit_holding_tasks_or_reports_is_never_deleted(admin_client, org, plan, unit_a):
    response = admin_client.post(url("unit_delete", org, pk=unit_a.pk), follow=True)
    assert Unit.objects.filter(pk=unit_a.pk).exists()
    assert "Không xóa được đơn vị “Phòng Văn hóa - Xã hội” vì còn 1 kế hoạch, 1 nhiệm vụ" in response.content.decode()


def test_an_empty_unit_can_be_deleted(admin_client, org):
    unit = f.UnitFactory(organization=org, name="Nhập nhầm")
    admin_client.post(url("unit_delete", org, pk=unit.pk))
    assert not Unit.objects.filter(pk=unit.pk).exists()


def test_merging_units_moves_tasks_reports_plans_and_reporters(admin_client, org, plan, unit_a, unit_b, reporter_a,
                                                               editor):
    """After the 2025 reorganisation two units become one: all their work follows."""
    merged = f.UnitFactory(organization=org, name="Phòng Văn hóa - Xã hội (mới)", order=5)
    lead_task = plan.tasks.get(order=1)  # led by A, co-ordinated by B
    report = UnitReport.objects.create(round=plan.rounds.get(order=1), unit=unit_a)
    response = admin_client.post(url("unit_merge", org, pk=unit_a.pk), {"target": merged.pk})
    assert response.status_code == 302
    lead_task.refresh_from_db()
    assert lead_task.lead_unit == merged
    assert list(lead_task.coordinating_units.all()) == [unit_b]
    assert UnitReport.objects.get(pk=report.pk).unit == merged
    assert Plan.objects.get(pk=plan.pk).drafting_unit == merged
    assert Membership.objects.get(user=reporter_a).unit == merged
    unit_a.refresh_from_db()
    assert not unit_a.is_active
    # B merged into the new unit too: B's own task moves; the task A led no longer lists the
    # merged unit as both its lead and its co-ordinator.
    admin_client.post(url("unit_merge", org, pk=unit_b.pk), {"target": merged.pk})
    assert set(Task.objects.filter(plan=plan).values_list("lead_unit", flat=True)) == {merged.pk}
    lead_task.refresh_from_db()
    assert list(lead_task.coordinating_units.all()) == []
    assert "Gộp đơn vị “Phòng Văn hóa - Xã hội” vào “Phòng Văn hóa - Xã hội (mới)” (chuyển" in \
        AuditEntry.objects.filter(action="unit_merge").last().summary


def test_a_merge_that_would_give_a_unit_two_reports_of_one_round_is_refused(admin_client, org, plan, unit_a, unit_b):
    round_ = plan.rounds.get(order=1)
    report_a = UnitReport.objects.create(round=round_, unit=unit_a)
    UnitReport.objects.create(round=round_, unit=unit_b)
    response = admin_client.post(url("unit_merge", org, pk=unit_a.pk), {"target": unit_b.pk})
    assert response.status_code == 200
    assert "cả hai đơn vị cùng có báo cáo của đơn vị cho cùng đợt báo cáo" in response.content.decode()
    assert UnitReport.objects.get(pk=report_a.pk).unit == unit_a
    unit_a.refresh_from_db()
    assert unit_a.is_active


# --- the organization ---------------------------------------------------------------------------------

def test_organization_details_and_their_defaults_in_a_new_plan(admin_client, org, editor):
    response = admin_client.post(url("organization_edit", org), {
        "name": org.name, "header_name": "ỦY BAN NHÂN DÂN\n  PHƯỜNG AN BÌNH  ", "place_name": "An Bình",
        "issuer_symbol": "UBND", "authority_line": "TM. ỦY BAN NHÂN DÂN", "default_signer_title": "CHỦ TỊCH",
        "default_signer_name": "Nguyễn Văn Chủ", "default_recipients": "Thường trực Đảng ủy;\nLưu: VT."})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.header_lines == ["ỦY BAN NHÂN DÂN", "PHƯỜNG AN BÌNH"]
    from plans.services import plan_create
    plan = plan_create(organization=org, user=editor, data={
        "title": "Kế hoạch thử", "year": 2025, "period_start": datetime.date(2025, 1, 1),
        "period_end": datetime.date(2025, 12, 31)})
    assert (plan.signer_title, plan.signer_name, plan.recipients) == (
        "CHỦ TỊCH", "Nguyễn Văn Chủ", "Thường trực Đảng ủy;\nLưu: VT.")


def test_an_admin_cannot_move_their_organization_under_another(admin_client, org, other_org):
    admin_client.post(url("organization_edit", org), {
        "name": org.name, "header_name": org.header_name, "place_name": org.place_name, "issuer_symbol": "UBND",
        "authority_line": "TM. ỦY BAN NHÂN DÂN", "parent": other_org.pk, "code": "khac"})
    org.refresh_from_db()
    assert org.parent != other_org and org.code == "an-binh"


# --- people and roles -------------------------------------------------------------------------------

def test_a_person_created_with_a_first_password_must_change_it(admin_client, client, org, unit_a):
    response = admin_client.post(url("person_create", org), {
        "username": "canbo.moi", "full_name": "Trần  Thị   Mới", "email": "moi@example.vn", "role": "reporter",
        "unit": unit_a.pk, "password1": "Tam-thoi-2025", "password2": "Tam-thoi-2025"})
    assert response.status_code == 302
    person = User.objects.get(username="canbo.moi")
    assert person.get_full_name() == "Trần Thị Mới"
    assert Membership.objects.get(user=person).unit == unit_a
    client.logout()
    assert sign_in(client, "canbo.moi", "Tam-thoi-2025").status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    response = client.post(reverse("password_change"), {"old_password": "Tam-thoi-2025", "new_password1": NEW_PASSWORD,
                                                        "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert not AccountProfile.objects.get(user=person).must_change_password


def test_an_invited_person_sets_their_own_password_from_the_mail(admin_client, client, org,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves when the change is kept
        response = admin_client.post(url("person_create", org), {
            "username": "vanthu2", "full_name": "Lê Văn Thư", "email": "vanthu2@example.vn", "role": "clerk"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["vanthu2@example.vn"]
    link = re.search(r"http\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    response = client.get("/" + path, follow=True)
    response = client.post(response.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD,
                                                            "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert sign_in(client, "vanthu2", NEW_PASSWORD).status_code == 302


def test_nobody_changes_their_own_role_or_account(admin_client, org, org_admin):
    response = admin_client.post(url("role_grant", org, pk=org_admin.pk), {"role": "approver"})
    assert "Bạn không thể tự thay đổi vai trò" in response.content.decode()
    membership = Membership.objects.get(user=org_admin)
    admin_client.post(url("role_revoke", org, pk=org_admin.pk, membership_pk=membership.pk))
    admin_client.post(url("person_deactivate", org, pk=org_admin.pk))
    assert list(Membership.objects.filter(user=org_admin).values_list("role", flat=True)) == ["admin"]
    org_admin.refresh_from_db()
    assert org_admin.is_active


def test_an_editor_cannot_give_themselves_the_admin_role(client, org, editor):
    client.force_login(editor)
    response = client.post(url("role_grant", org, pk=editor.pk), {"role": "admin"})
    assert response.status_code == 403
    assert not Membership.objects.filter(user=editor, role=Role.ADMIN).exists()


def test_roles_given_and_taken_per_unit(admin_client, org, viewer, unit_b):
    admin_client.post(url("role_grant", org, pk=viewer.pk), {"role": "reporter", "unit": unit_b.pk})
    reporter = Membership.objects.get(user=viewer, role=Role.REPORTER)
    assert reporter.unit == unit_b
    response = admin_client.post(url("role_grant", org, pk=viewer.pk), {"role": "reporter"})
    assert "Cán bộ báo cáo phải thuộc một đơn vị" in response.content.decode()
    response = admin_client.post(url("role_grant", org, pk=viewer.pk), {"role": "reporter", "unit": unit_b.pk})
    assert f"{viewer.get_full_name()} đã có vai trò Cán bộ báo cáo của đơn vị – {unit_b.name}." in \
        response.content.decode()
    admin_client.post(url("role_revoke", org, pk=viewer.pk, membership_pk=reporter.pk))
    assert list(Membership.objects.filter(user=viewer).values_list("role", flat=True)) == ["viewer"]
    # The last role stays: to stop someone working here, their account is locked instead.
    last = Membership.objects.get(user=viewer)
    response = admin_client.post(url("role_revoke", org, pk=viewer.pk, membership_pk=last.pk), follow=True)
    assert "vai trò cuối cùng" in response.content.decode()
    assert Membership.objects.filter(pk=last.pk).exists()


def test_a_locked_person_cannot_sign_in_and_their_work_stays(admin_client, client, org, plan, reporter_a, unit_a,
                                                            editor):
    report = UnitReport.objects.create(round=plan.rounds.get(order=1), unit=unit_a)
    admin_client.post(url("person_deactivate", org, pk=reporter_a.pk))
    admin_client.post(url("person_deactivate", org, pk=editor.pk))
    person = Client()
    assert sign_in(person, reporter_a.username).status_code == 200
    assert "_auth_user_id" not in person.session
    assert User.objects.filter(pk=reporter_a.pk).exists()
    assert Plan.objects.get(pk=plan.pk).created_by == editor
    assert UnitReport.objects.get(pk=report.pk).unit == unit_a
    page = admin_client.get(url("people", org)).content.decode()
    assert "Đã khóa" in page


def test_people_are_listed_a_page_at_a_time(admin_client, org, editor):
    for n in range(55):
        f.MembershipFactory(user=f.UserFactory(username=f"nguoi-{n:02d}"), organization=org, role=Role.VIEWER)
    total = services.organization_people(org).count()
    first = admin_client.get(url("people", org)).content.decode()
    assert f"Trang 1/2 · {total} mục" in first and 'href="?page=2">Trang sau ›</a>' in first
    second = admin_client.get(url("people", org), {"page": 2}).content.decode()
    assert f"Trang 2/2 · {total} mục" in second and "‹ Trang trước" in second
    for n in range(55):  # each on exactly one of the two pages
        assert (f">nguoi-{n:02d}<" in first) != (f">nguoi-{n:02d}<" in second)
    assert first.count('data-label="Họ tên"') == 50


def test_forced_reset_ends_the_old_password_and_mails_a_link(admin_client, client, org, viewer,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url("person_force_reset", org, pk=viewer.pk))
    assert mail.outbox and mail.outbox[-1].to == [viewer.email]
    assert "/dat-lai-mat-khau/" in mail.outbox[-1].body
    client.logout()
    assert sign_in(client, viewer.username).status_code == 200


def test_a_temporary_password_must_be_changed(admin_client, client, org, viewer):
    admin_client.post(url("person_temporary_password", org, pk=viewer.pk),
                      {"password1": "Tam-thoi-2025", "password2": "Tam-thoi-2025"})
    client.logout()
    sign_in(client, viewer.username, "Tam-thoi-2025")
    assert client.get(reverse("plans:list"))["Location"] == reverse("password_change")
    # A piece of a page (the menu's count loads by htmx on every page) never gets the password page
    # swapped into it: htmx is told to lead the whole page there, unless it is there already.
    piece = client.get(reverse("reports:inbox_count"), HTTP_HX_REQUEST="true",
                       HTTP_HX_CURRENT_URL="http://testserver" + reverse("plans:list"))
    assert piece.status_code == 204 and piece["HX-Redirect"] == reverse("password_change")
    piece = client.get(reverse("reports:inbox_count"), HTTP_HX_REQUEST="true",
                       HTTP_HX_CURRENT_URL="http://testserver" + reverse("password_change"))
    assert piece.status_code == 204 and "HX-Redirect" not in piece and not piece.content


def test_a_person_of_two_organizations_keeps_their_account_out_of_one_admins_reach(admin_client, org, other_org,
                                                                                     viewer):
    f.MembershipFactory(user=viewer, organization=other_org, role=Role.EDITOR)
    response = admin_client.post(url("person_deactivate", org, pk=viewer.pk), follow=True)
    assert "còn có vai trò ở cơ quan khác" in response.content.decode()
    viewer.refresh_from_db()
    assert viewer.is_active


# --- sign-in and passwords ------------------------------------------------------------------------------

def test_sign_in_with_the_email_address(client, editor):
    assert sign_in(client, editor.email.upper()).status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_failed_sign_ins_by_email_are_still_counted_by_axes(client, editor):
    sign_in(client, editor.email, "sai-mat-khau")
    assert AccessAttempt.objects.filter(username=editor.email).exists()


def test_an_email_shared_by_two_accounts_signs_in_neither(client, editor, approver):
    approver.email = editor.email
    approver.save()
    assert sign_in(client, editor.email).status_code == 200


def test_forgotten_password_by_mail(client, editor):
    response = client.post(reverse("password_reset"), {"email": editor.email})
    assert response.status_code == 302
    assert mail.outbox[0].subject == "Đặt lại mật khẩu hệ thống kế hoạch – báo cáo"
    assert "Xin chào" in mail.outbox[0].body and "/dat-lai-mat-khau/" in mail.outbox[0].body
    assert "Quên mật khẩu" in client.get(reverse("login")).content.decode()


# --- communes below a city ------------------------------------------------------------------------------

def test_the_city_admin_creates_a_commune_with_its_first_admin(client, city, org, reporter_a):
    city_admin = f.UserFactory(username="quantri-thanhpho")
    f.MembershipFactory(user=city_admin, organization=city, role=Role.ADMIN)
    client.force_login(city_admin)
    response = client.post(url("child_create", city), {
        "name": "Ủy ban nhân dân xã Tân Lương", "code": "tan-luong", "header_name": "ỦY BAN NHÂN DÂN\nXÃ TÂN LƯƠNG",
        "place_name": "Tân Lương", "admin-username": "quantri.tanluong", "admin-full_name": "Vũ Văn Quản",
        "admin-email": "", "admin-password1": "Tam-thoi-2025", "admin-password2": "Tam-thoi-2025"})
    assert response.status_code == 302
    child = Organization.objects.get(code="tan-luong")
    assert child.parent == city
    first_admin = User.objects.get(username="quantri.tanluong")
    assert Membership.objects.get(user=first_admin).role == Role.ADMIN
    assert AccountProfile.objects.get(user=first_admin).must_change_password
    # The city's admin got no role in the commune and cannot run it.
    assert not Membership.objects.filter(user=city_admin, organization=child).exists()
    assert client.get(url("people", child)).status_code == 403
    # The overview: people counted, the last sign-in shown.
    reporter_a.last_login = datetime.datetime(2025, 9, 1, 8, 30, tzinfo=datetime.UTC)
    reporter_a.save()
    page = client.get(url("children", city)).content.decode()
    assert "Ủy ban nhân dân xã Tân Lương" in page and "Chưa ai đăng nhập" in page
    assert "Đăng nhập lúc 15:30 01/09/2025" in page
    rows = {c.code: c for c in services.children_overview(city)}
    assert rows["tan-luong"].people == 1 and rows["an-binh"].people == 1


def test_a_commune_admin_cannot_create_communes_elsewhere(admin_client, city):
    response = admin_client.post(url("child_create", city), {"name": "X", "code": "x"})
    assert response.status_code == 404  # the city's admin pages do not exist for a ward
    assert not Organization.objects.filter(code="x").exists()


# --- import and export ------------------------------------------------------------------------------------

UNIT_HEADER = "organization,name,short_name,kind,head_name,contact_name,contact_title,contact_phone,email,order\n"
PEOPLE_HEADER = "username,full_name,email,role,unit,password\n"


def post_file(client, organization, kind, name, content):
    return client.post(url("import", organization), {
        "kind": kind, "file": SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)})


def test_units_import_all_or_nothing_with_row_errors(admin_client, org, other_org):
    bad = UNIT_HEADER + ",Ban Chỉ huy quân sự,BCHQS,,,,,,,1\n,Công an xã,CA,không có loại này,,,,,,2\nbinh-yen,Khác,,,,,,,,x\n"
    response = post_file(admin_client, org, "units", "dv.csv", bad)
    page = response.content.decode()
    assert "Dòng 3, cột “kind”: “không có loại này” không phải giá trị hợp lệ" in page
    assert "Dòng 4, cột “organization”: chỉ nhập được đơn vị của cơ quan mình" in page
    assert not Unit.objects.filter(name="Ban Chỉ huy quân sự").exists()
    good = UNIT_HEADER + ",Ban Chỉ huy quân sự,BCHQS,,,,,,,1\nan-binh,Công an xã,CA,Cơ quan tổ chức phối hợp,,,,,,2\n"
    assert post_file(admin_client, org, "units", "dv.csv", good).status_code == 302
    assert set(Unit.objects.filter(organization=org).values_list("name", flat=True)) >= {"Ban Chỉ huy quân sự",
                                                                                         "Công an xã"}


def test_people_import_and_export_round_trip(admin_client, org, unit_a, django_capture_on_commit_callbacks):
    rows = (PEOPLE_HEADER + "nguyenvana,Nguyễn Văn A,a@example.vn,Cán bộ báo cáo của đơn vị,VHXH,\n"
            "tranthib,Trần Thị B,,Văn thư,,Mat-khau-2025\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(admin_client, org, "people", "nd.csv", rows)
    assert response.status_code == 302
    assert Membership.objects.get(user__username="nguyenvana").unit == unit_a
    assert AccountProfile.objects.get(user__username="tranthib").must_change_password
    assert [m.to for m in mail.outbox] == [["a@example.vn"]]
    exported = admin_client.get(url("export", org, kind="nguoi-dung"))
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0] == ["username", "full_name", "email", "role", "unit", "password"]
    assert ["nguyenvana", "Nguyễn Văn A", "a@example.vn", "Cán bộ báo cáo của đơn vị", unit_a.name, None] in values
    # The exported file imports again without creating anything twice.
    buffer = io.BytesIO(exported.content)
    assert post_file(admin_client, org, "people", "nd.xlsx", buffer.getvalue()).status_code == 302
    assert User.objects.filter(username="nguyenvana").count() == 1


def test_people_import_refuses_the_whole_file_for_one_bad_row(admin_client, org, other_org, outsider,
                                                              django_capture_on_commit_callbacks):
    rows = (PEOPLE_HEADER + "moi1,Người Một,mot@example.vn,Người xem,,\n"
            "moi2,Người Hai,,Người xem,,\n"
            f"{outsider.username},Ai Đó,,Người xem,,\n"
            "moi3,Người Ba,ba@example.vn,Cán bộ báo cáo của đơn vị,,\n"
            "moi 4,Người Bốn,bon@example.vn,Giám đốc,,\n")
    with django_capture_on_commit_callbacks(execute=True):
        page = post_file(admin_client, org, "people", "nd.csv", rows).content.decode()
    assert "Dòng 3, cột “email”: Cần thư điện tử để gửi thư mời" in page
    assert f"Dòng 4, cột “username”: tên đăng nhập “{outsider.username}” đã có người dùng ở nơi khác." in page
    assert "Dòng 5, cột “unit”: Cán bộ báo cáo phải thuộc một đơn vị" in page
    assert "Dòng 6, cột “role”: “Giám đốc” không phải giá trị hợp lệ" in page
    assert "Dòng 6, cột “username”: Tên đăng nhập chỉ gồm chữ, số" in page
    assert not User.objects.filter(username="moi1").exists()
    assert mail.outbox == []


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_words(admin_client, org):
    page = post_file(admin_client, org, "people", "nd.xlsx", b"not a zip").content.decode()
    assert "Không đọc được tệp" in page
    page = post_file(admin_client, org, "people", "nd.csv", "ten,ho\n").content.decode()
    assert "thiếu cột" in page


def test_the_demo_commune_admin_runs_phu_lien_without_the_django_admin(db, client):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    quantri = User.objects.get(username="quantri")
    assert not quantri.is_staff and not quantri.is_superuser
    client.force_login(quantri)
    home = client.get(reverse("home")).content.decode()
    assert "Quản trị cơ quan" in home
    assert client.get(reverse("administration:start"))["Location"] == "/quan-tri-co-quan/phu-lien/"
    page = client.get("/quan-tri-co-quan/phu-lien/don-vi/").content.decode()
    assert "Phòng Văn hóa - Xã hội" in page
    assert client.get("/quan-tri/").status_code == 302  # the Django admin stays for system administrators


@pytest.mark.parametrize("name", ["people", "units", "children", "audit_log"])
def test_list_pages_do_not_query_per_row(admin_client, org, city, name, django_assert_max_num_queries):
    """The same number of queries with 2 rows as with 12 (people with roles, units, communes, log)."""
    admin = Membership.objects.get(role=Role.ADMIN).user
    f.MembershipFactory(user=admin, organization=city, role=Role.ADMIN)
    where = city if name == "children" else org

    def add_rows(n):
        for i in range(n):
            person = f.UserFactory()
            unit = f.UnitFactory(organization=org)
            f.MembershipFactory(user=person, organization=org, role=Role.REPORTER, unit=unit)
            f.MembershipFactory(user=person, organization=org, role=Role.VIEWER)
            child = f.OrganizationFactory(parent=city)
            f.MembershipFactory(user=person, organization=child, role=Role.EDITOR)
            AuditEntry.objects.create(organization=org, actor=admin, action="x", summary=f"Dòng {i}")

    add_rows(2)
    with django_assert_max_num_queries(12) as few:
        assert admin_client.get(url(name, where)).status_code == 200
    add_rows(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_client.get(url(name, where)).status_code == 200
