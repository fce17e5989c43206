"""The admin: every page answers for a superuser and refuses everyone else; search ignores diacritics."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from danvan.models import CalendarToken, IssuedNumber, Membership, Organization, Role, Unit
from danvan.tests import factories as f
from plans.models import Citation, LegalDocument, Plan, PlanSection
from reports.models import Evidence, ReminderLog, ReminderRequest, RollupReport, UnitReport, UnitReportEntry, UnitReportVersion
from tasks.models import ReportingRound, Task

OUR_APPS = {"danvan", "plans", "tasks", "reports"}


@pytest.fixture
def objects(org, unit_a, unit_b, plan, editor, reporter_a, superuser):
    """One object of every model the admin manages."""
    task = plan.tasks.order_by("order").first()
    round1 = plan.rounds.order_by("deadline").first()
    report = UnitReport.objects.create(round=round1, unit=unit_a, overall="Đã triển khai đầy đủ.")
    entry = UnitReportEntry.objects.create(report=report, task=task, status="in_progress")
    version = UnitReportVersion.objects.create(report=report, number=1, submitted_at=timezone.now(),
                                               data={"overall": "Đã triển khai đầy đủ."})
    evidence = Evidence.objects.create(entry=entry, file="evidence/2025/09/bien-ban.pdf",
                                       original_name="Biên bản hội nghị.pdf", content_type="application/pdf",
                                       size=1234)
    reminder = ReminderLog.objects.create(round=round1, unit=unit_a, user=reporter_a,
                                          sent_on=datetime.date(2025, 8, 27), kind="7")
    request = ReminderRequest.objects.create(round=round1, unit=unit_a, requested_on=datetime.date(2025, 8, 27),
                                             requested_by=superuser, state=ReminderRequest.FAILED,
                                             last_error="reporter_a@example.vn: SMTP hỏng")
    rollup = RollupReport.objects.create(organization=org, round=round1,
                                         title="Kết quả thực hiện công tác dân vận 6 tháng cuối năm 2025")
    issued = IssuedNumber.objects.create(organization=org, year=2025, number=7, kind="KH", symbol="KH-UBND",
                                         issued_on=datetime.date(2025, 7, 15), title=plan.title)
    token = CalendarToken.objects.create(user=editor, token="token-thu-nghiem")
    document = f.LegalDocumentFactory(number="33/CT-TTg", subject="về tiếp tục tăng cường và đổi mới công tác dân vận")
    return {
        Organization: org,
        Unit: unit_a,
        Membership: Membership.objects.get(user=editor),
        IssuedNumber: issued,
        CalendarToken: token,
        LegalDocument: document,
        Plan: plan,
        PlanSection: f.SectionFactory(plan=plan),
        Citation: f.CitationFactory(plan=plan, document=document),
        Task: task,
        ReportingRound: round1,
        UnitReport: report,
        UnitReportVersion: version,
        Evidence: evidence,
        ReminderLog: reminder,
        ReminderRequest: request,
        RollupReport: rollup,
        type(superuser): superuser,
    }


def our_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in OUR_APPS]


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_the_apps_has_an_admin():
    registered = {model for model, _admin in our_admins()}
    for model in (Organization, Unit, Membership, IssuedNumber, CalendarToken, LegalDocument, Plan, PlanSection,
                  Citation, Task, ReportingRound, UnitReport, UnitReportVersion, Evidence, ReminderLog,
                  ReminderRequest, RollupReport):
        assert model in registered, model


def test_superuser_opens_every_changelist_add_and_change_page(login, superuser, objects):
    client = login(superuser)
    for model, model_admin in our_admins() + [(type(superuser), None)]:
        obj = objects[model]
        assert client.get(url(model, "changelist")).status_code == 200, model
        change = client.get(url(model, "change", obj.pk))
        assert change.status_code == 200, model
        assert str(obj)[:20] in change.content.decode() or model is CalendarToken, model
        add = client.get(url(model, "add"))
        if model_admin is None or model_admin.has_add_permission(_request_for(superuser)):
            assert add.status_code == 200, model
        else:  # records made only by the app (versions, evidence, reminders, calendar tokens)
            assert add.status_code == 403, model
        if hasattr(model_admin, "history_form_view"):
            assert client.get(url(model, "history", obj.pk)).status_code == 200, model


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def test_admin_is_in_vietnamese(login, superuser, objects):
    page = login(superuser).get(url(Unit, "changelist")).content.decode()
    assert "Nhập từ tệp" in page and "Xuất ra tệp" in page
    assert "Tìm có dấu hoặc không dấu" in page


def test_anonymous_is_sent_to_sign_in(client, objects):
    for model, _admin in our_admins():
        for address in (url(model, "changelist"), url(model, "change", objects[model].pk)):
            response = client.get(address)
            assert response.status_code == 302, address
            assert response["Location"].startswith(reverse("login")), address


def test_non_staff_editor_is_sent_to_admin_sign_in_and_sees_nothing(login, editor, objects):
    client = login(editor)
    for model, _admin in our_admins():
        obj = objects[model]
        for address in (url(model, "changelist"), url(model, "add"), url(model, "change", obj.pk)):
            response = client.get(address)
            assert response.status_code == 302, address
            assert response["Location"].startswith(reverse("admin:login")), address
            assert str(obj) not in response.content.decode()


def test_staff_without_permissions_is_forbidden(login, objects):
    staff = f.UserFactory(username="nhanvien", is_staff=True)
    client = login(staff)
    for model, _admin in our_admins():
        assert client.get(url(model, "changelist")).status_code == 403, model
        assert client.get(url(model, "change", objects[model].pk)).status_code == 403, model


def test_staff_with_view_permission_can_read_but_not_import(login, objects):
    staff = f.UserFactory(username="nguoixem", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_unit"))
    client = login(staff)
    page = client.get(url(Unit, "changelist"))
    assert page.status_code == 200
    assert "Nhập từ tệp" not in page.content.decode()
    assert client.get(url(Unit, "import")).status_code == 403


# --- Search with and without diacritics ---------------------------------------------------------


def search(client, model, term):
    response = client.get(url(model, "changelist"), {"q": term})
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_unit_search_with_and_without_diacritics(login, superuser, unit_a, unit_b):
    client = login(superuser)
    assert search(client, Unit, "phong van hoa") == {unit_a}
    assert search(client, Unit, "Phòng Văn hóa") == {unit_a}
    assert search(client, Unit, "PHONG VAN HOA xa hoi") == {unit_a}
    assert search(client, Unit, "su nghiep") == {unit_b}
    assert search(client, Unit, "khong co don vi nay") == set()


def test_legal_document_search_by_words_and_exact_number(login, superuser, db):
    directive = f.LegalDocumentFactory(number="33/CT-TTg", subject="về tiếp tục tăng cường và đổi mới công tác dân vận")
    law = f.LegalDocumentFactory(kind="Luật", number="", name="Luật Thực hiện dân chủ ở cơ sở",
                                 issuer="Quốc hội", subject="", issued_on=datetime.date(2022, 11, 10))
    client = login(superuser)
    assert search(client, LegalDocument, "dan van") == {directive}
    assert search(client, LegalDocument, "dân vận") == {directive}
    assert search(client, LegalDocument, "thuc hien dan chu") == {law}
    assert search(client, LegalDocument, "33/ct-ttg") == {directive}
    assert search(client, LegalDocument, "33/CT - TTg") == {directive}


def test_plan_search_with_and_without_diacritics(login, superuser, org):
    dan_van = f.PlanFactory(organization=org, title="Triển khai thực hiện công tác dân vận năm 2025")
    other = f.PlanFactory(organization=org, title="Phòng, chống thiên tai năm 2025")
    client = login(superuser)
    assert search(client, Plan, "dan van") == {dan_van}
    assert search(client, Plan, "công tác dân vận") == {dan_van}
    assert search(client, Plan, "thien tai") == {other}


def test_autocomplete_searches_without_diacritics(login, superuser, unit_a, unit_b):
    response = login(superuser).get(reverse("admin:autocomplete"), {
        "term": "trung tam", "app_label": "tasks", "model_name": "task", "field_name": "lead_unit"})
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [unit_b.name]


# --- Forms show the model's Vietnamese messages ------------------------------------------------


def test_membership_unit_of_another_organization_is_refused_with_message(login, superuser, org, other_org):
    stranger_unit = f.UnitFactory(organization=other_org, name="Công an xã Bình Yên")
    user = f.UserFactory(username="can-bo-moi")
    before = Membership.objects.count()
    response = login(superuser).post(url(Membership, "add"), {
        "user": user.pk, "organization": org.pk, "role": Role.REPORTER, "unit": stranger_unit.pk})
    assert response.status_code == 200
    assert "Đơn vị không thuộc cơ quan đã chọn." in response.content.decode()
    assert Membership.objects.count() == before


def test_membership_reporter_needs_a_unit(login, superuser, org):
    user = f.UserFactory(username="can-bo-bao-cao")
    response = login(superuser).post(url(Membership, "add"), {
        "user": user.pk, "organization": org.pk, "role": Role.REPORTER, "unit": ""})
    assert "Cán bộ báo cáo phải thuộc một đơn vị." in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_membership_in_the_right_unit_is_saved(login, superuser, org, unit_a):
    user = f.UserFactory(username="can-bo-dung")
    response = login(superuser).post(url(Membership, "add"), {
        "user": user.pk, "organization": org.pk, "role": Role.REPORTER, "unit": unit_a.pk})
    assert response.status_code == 302
    assert Membership.objects.get(user=user).unit == unit_a


def task_change_data(task, **changes) -> dict:
    """What the admin's task change form posts for `task`, with `changes`."""
    data = {"plan": task.plan_id, "order": task.order, "content": task.content, "output": task.output,
            "lead_unit": task.lead_unit_id, "coordinating_units": [], "due_kind": "date", "due_date": "30/09/2025",
            "extended_due_date": "", "extension_reason": ""}
    return {**data, **changes}


def test_task_with_a_coordinating_unit_of_another_organization_is_refused(login, superuser, plan, other_org):
    task = plan.tasks.order_by("order").first()
    stranger = f.UnitFactory(organization=other_org, name="Hội Nông dân xã Bình Yên")
    response = login(superuser).post(url(Task, "change", task.pk),
                                     task_change_data(task, coordinating_units=[stranger.pk]))
    assert response.status_code == 200
    assert "Đơn vị phối hợp không thuộc cơ quan ban hành kế hoạch: Hội Nông dân xã Bình Yên." in \
        response.content.decode()
    assert stranger not in task.coordinating_units.all()


def test_task_whose_lead_unit_is_also_co_ordinating_is_refused(login, superuser, plan):
    task = plan.tasks.order_by("order").first()
    response = login(superuser).post(url(Task, "change", task.pk),
                                     task_change_data(task, coordinating_units=[task.lead_unit_id]))
    assert response.status_code == 200
    assert f"{task.lead_unit.name} đã là đơn vị chủ trì, không đồng thời là đơn vị phối hợp." in \
        response.content.decode()
    assert task.lead_unit not in task.coordinating_units.all()


def test_task_made_continuous_in_the_admin_loses_its_date(login, superuser, plan, unit_b):
    task = plan.tasks.order_by("order").first()
    response = login(superuser).post(url(Task, "change", task.pk),
                                     task_change_data(task, coordinating_units=[unit_b.pk], due_kind="continuous"))
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.due_kind, task.due_date, task.due_label) == ("continuous", None, "Thường xuyên")


def test_plan_workflow_fields_are_read_only(login, superuser, plan):
    form = login(superuser).get(url(Plan, "change", plan.pk)).context["adminform"].form
    for name in ("status", "number", "issued_on", "register_entry"):
        assert name not in form.fields


def test_history_is_shown_but_cannot_be_reverted(login, superuser, plan):
    plan.title = "Tiêu đề đã sửa"
    plan.save()
    client = login(superuser)
    history = client.get(url(Plan, "history", plan.pk))
    assert "Lịch sử thay đổi" in history.content.decode()
    old = plan.history.order_by("history_date").first()
    address = reverse("admin:plans_plan_simple_history", args=[plan.pk, old.history_id])
    assert client.get(address).status_code == 200
    assert client.post(address, {"title": "Khôi phục"}).status_code == 403
    plan.refresh_from_db()
    assert plan.title == "Tiêu đề đã sửa"


# --- Lists do not grow their query count with their rows ----------------------------------------


def issued_plan(org, number):
    entry = IssuedNumber.objects.create(organization=org, year=2025, number=number, kind="KH", symbol="KH-UBND",
                                        issued_on=datetime.date(2025, 7, 15))
    return f.PlanFactory(organization=org, status="issued", number=number, issued_on=entry.issued_on,
                         register_entry=entry)


@pytest.mark.parametrize("model", [Task, Plan, Citation, ReportingRound, UnitReport])
def test_changelist_queries_do_not_grow_with_rows(login, superuser, org, unit_a, unit_b, model):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(superuser)

    def add_rows(first_number, how_many):
        for n in range(first_number, first_number + how_many):
            plan = issued_plan(org, n)
            task = f.TaskFactory(plan=plan, lead_unit=unit_a, order=1)
            task.coordinating_units.add(unit_b)
            f.CitationFactory(plan=plan, document=f.LegalDocumentFactory())
            UnitReport.objects.create(round=f.RoundFactory(plan=plan), unit=unit_a)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(model, "changelist")).status_code == 200
        return len(captured)

    add_rows(1, 2)
    few = queries()
    add_rows(3, 8)
    assert queries() == few
