"""“Việc cần làm”: per role, what the inbox lists and what it must not (another unit's report,
another organization's plan), the count in the menu, the organization switch, and a flat number of
queries for the home page."""

import datetime

import pytest
from django.urls import reverse

from danvan.models import Role
from danvan.tests import factories as f
from plans import services as plan_services
from plans.models import PlanStatus
from reports.inbox import inbox, inbox_total
from reports.models import RollupReport
from reports.tests.factories_progress import (  # noqa: F401 - fixtures
    at, issue, issued_plan, local, media_root, round1, round2, submit,
)
from reports import progress

pytestmark = pytest.mark.django_db


def groups(user, moment) -> dict:
    with at(moment):
        return {group.key: group for group in inbox(user)}


def titles(group) -> list[str]:
    return [item.title for item in group.items]


def test_approver_sees_plans_and_rollups_to_approve_of_their_organization_only(
        org, other_org, editor, approver, outsider):
    mine = f.PlanFactory(organization=org, title="Kế hoạch chờ duyệt")
    plan_services.plan_submit(plan=mine, user=editor)
    theirs = f.PlanFactory(organization=other_org, title="Kế hoạch của xã khác")
    plan_services.plan_submit(plan=theirs, user=outsider)
    rollup = RollupReport.objects.create(organization=org, title="Báo cáo tổng hợp chờ duyệt",
                                         status=PlanStatus.SUBMITTED)
    found = groups(approver, local(2025, 8, 29))
    assert set(titles(found["approve"])) == {"Kế hoạch chờ duyệt", "Báo cáo tổng hợp chờ duyệt"}
    urls = {item.url for item in found["approve"].items}
    assert urls == {mine.get_absolute_url(), rollup.get_absolute_url()}
    assert "review" not in found and "due" not in found  # not an editor, not a reporter


def test_clerk_sees_what_to_number_and_issued_documents_without_their_signed_scan(org, issued_plan, editor,
                                                                                 approver, clerk):
    approved = f.PlanFactory(organization=org, title="Kế hoạch đã duyệt")
    plan_services.plan_submit(plan=approved, user=editor)
    plan_services.plan_approve(plan=approved, user=approver)
    found = groups(clerk, local(2025, 8, 29))
    assert titles(found["issue"]) == ["Kế hoạch đã duyệt"]
    assert titles(found["scan"]) == [issued_plan.title]
    assert found["scan"].items[0].action == "Tải bản đã ký"
    issued_plan.signed_scan = "signed/2025/scan.pdf"
    issued_plan.save()
    assert groups(clerk, local(2025, 8, 29))["scan"].total == 0


def test_editor_sees_reports_to_review_rounds_missing_units_and_rollups_to_compile(
        org, round1, round2, unit_a, unit_b, reporter_a, editor):
    with at(local(2025, 8, 28)):
        report = submit(round1, unit_a, reporter_a)
    found = groups(editor, local(2025, 8, 29))
    assert [item.url for item in found["review"].items] == [report.get_absolute_url()]
    assert found["review"].items[0].title.startswith("Phòng Văn hóa - Xã hội: Báo cáo lần 1 – Kế hoạch số 12/KH-UBND")
    # Round 1's last day (02/9) is within the reminder window: unit B has not sent.
    missing = found["missing"].items
    assert [item.url for item in missing] == [reverse("reports:round_board", args=[round1.pk])]
    assert "Trung tâm sự nghiệp công" in missing[0].detail and "Phòng Văn hóa" not in missing[0].detail
    assert found["compile"].total == 0
    # After the deadline the round waits for its roll-up; once compiled it leaves the list.
    later = groups(editor, local(2025, 9, 5))
    assert [item.url for item in later["compile"].items] == [reverse("reports:rollup_round", args=[round1.pk])]
    RollupReport.objects.create(organization=org, round=round1, title="Báo cáo kết quả")
    assert groups(editor, local(2025, 9, 5))["compile"].total == 0


def test_editor_sees_returned_drafts_not_those_of_another_organization(org, other_org, editor, approver, outsider):
    plan = f.PlanFactory(organization=org, title="Dự thảo bị trả lại")
    plan_services.plan_submit(plan=plan, user=editor)
    plan_services.plan_return(plan=plan, user=approver, reason="Thiếu căn cứ")
    f.PlanFactory(organization=other_org, title="Dự thảo của xã khác", return_reason="Thiếu căn cứ")
    found = groups(editor, local(2025, 8, 29))["returned"]
    assert titles(found) == ["Dự thảo bị trả lại"]
    assert found.items[0].note == "Thiếu căn cứ" and found.items[0].url == reverse("plans:edit", args=[plan.pk])


def test_reporter_sees_their_units_reports_due_and_returned_never_another_units(
        round1, round2, unit_a, unit_b, reporter_a, reporter_b, editor):
    found = groups(reporter_a, local(2025, 8, 29))
    assert [item.url for item in found["due"].items] == [
        reverse("reports:unit_report_edit", args=[round1.pk, unit_a.pk])]
    assert found["due"].items[0].words == "còn 4 ngày" and found["due"].items[0].tone == "warn"
    assert "approve" not in found and "review" not in found
    with at(local(2025, 8, 30)):
        report = submit(round1, unit_b, reporter_b)
        progress.unit_report_return(report=report, user=editor, version=report.version, reason="Thiếu số liệu")
    found_b = groups(reporter_b, local(2025, 8, 31))
    assert [item.note for item in found_b["returned_reports"].items] == ["Thiếu số liệu"]
    assert found_b["due"].total == 0  # the returned one is listed once, under "bị trả lại"
    assert groups(reporter_a, local(2025, 8, 31))["returned_reports"].total == 0
    # Sent: it leaves the list.
    with at(local(2025, 8, 31)):
        submit(round1, unit_a, reporter_a)
    assert groups(reporter_a, local(2025, 8, 31))["due"].total == 0


def test_admin_sees_units_that_must_report_but_have_nobody(round1, org_admin, unit_a, unit_b, reporter_a):
    found = groups(org_admin, local(2025, 8, 29))["unstaffed"]
    assert titles(found) == ["Trung tâm sự nghiệp công"]


def test_every_organization_a_person_belongs_to(org, other_org, approver, outsider):
    f.MembershipFactory(user=approver, organization=other_org, role=Role.APPROVER)
    plan = f.PlanFactory(organization=other_org, title="Kế hoạch của xã Bình Yên")
    plan_services.plan_submit(plan=plan, user=outsider)
    item = groups(approver, local(2025, 8, 29))["approve"].items[0]
    assert item.title == "Kế hoạch của xã Bình Yên" and "Ủy ban nhân dân xã Bình Yên" in item.detail


def test_menu_count_and_home_page(client, org, editor, approver):
    plan = f.PlanFactory(organization=org, title="Kế hoạch chờ duyệt")
    plan_services.plan_submit(plan=plan, user=editor)
    assert inbox_total(approver) == 1
    client.force_login(approver)
    page = client.get(reverse("home")).content.decode()
    assert 'id="nav-inbox"' in page and 'aria-label="1 việc đang chờ"' in page
    start = page.index('id="inbox"')
    section = page[start:page.index("</section>", start)]
    assert "Văn bản chờ bạn phê duyệt" in section and plan.get_absolute_url() in section
    assert "Xem và phê duyệt" in section


def test_other_pages_fetch_the_menu_count_after_loading(client, org, editor, approver):
    plan = f.PlanFactory(organization=org, title="Kế hoạch chờ duyệt")
    plan_services.plan_submit(plan=plan, user=editor)
    client.force_login(approver)
    page = client.get(reverse("plans:list")).content.decode()
    assert f'hx-get="{reverse("reports:inbox_count")}" hx-trigger="load"' in page
    count = client.get(reverse("reports:inbox_count"), HTTP_HX_REQUEST="true")
    assert count.content.decode().strip() == '<span class="badge warn nav-count" aria-label="1 việc đang chờ">1</span>'
    client.force_login(editor)
    assert client.get(reverse("reports:inbox_count")).content.decode().strip() == ""


def test_organization_switch(client, org, other_org, editor):
    f.MembershipFactory(user=editor, organization=other_org, role=Role.VIEWER)
    client.force_login(editor)
    page = client.get(reverse("home")).content.decode()
    assert 'id="org-switch"' in page and "Cơ quan: <strong>Ủy ban nhân dân phường An Bình</strong>" in page
    response = client.post(reverse("organization_switch"), {"organization": other_org.pk, "next": "/ke-hoach/"})
    assert response.status_code == 302 and response["Location"] == "/ke-hoach/"
    page = client.get(reverse("home")).content.decode()
    assert "Cơ quan: <strong>Ủy ban nhân dân xã Bình Yên</strong>" in page
    assert '<a class="brand" href="/">Ủy ban nhân dân xã Bình Yên</a>' in page


def test_switch_refuses_an_organization_without_a_role_and_an_outside_address(client, org, other_org, editor):
    client.force_login(editor)
    client.post(reverse("organization_switch"), {"organization": other_org.pk})
    assert "Ủy ban nhân dân phường An Bình" in client.get(reverse("home")).content.decode()
    response = client.post(reverse("organization_switch"), {"organization": org.pk, "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get(reverse("organization_switch")).status_code == 405


def _grow(org, start: int, n: int, editor, approver):
    """n more units, each leading a task of one more issued plan with a round in the reminder
    window, one submitted report, one plan waiting for approval."""
    for i in range(start, start + n):
        unit = f.UnitFactory(organization=org, name=f"Đơn vị thêm {i}", order=10 + i)
        plan = f.PlanFactory(organization=org, title=f"Kế hoạch thêm {i}")
        f.TaskFactory(plan=plan, lead_unit=unit, order=1, due_date=datetime.date(2025, 9, 30))
        f.RoundFactory(plan=plan, order=1, name="Báo cáo lần 1", deadline=datetime.date(2025, 9, 3))
        issue(plan, number=100 + i)
        waiting = f.PlanFactory(organization=org, title=f"Chờ duyệt {i}")
        plan_services.plan_submit(plan=waiting, user=editor)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.APPROVER, Role.REPORTER])
def test_home_query_count_does_not_grow(client, org, issued_plan, unit_a, editor, approver, role,
                                        django_assert_max_num_queries):
    user = f.UserFactory(username=f"multi-{role}")
    for held in {role, Role.EDITOR}:
        f.MembershipFactory(user=user, organization=org, role=held, unit=unit_a if held == Role.REPORTER else None)
    client.force_login(user)
    counts = []
    for start, size in ((0, 1), (1, 6)):
        _grow(org, start, size, editor, approver)
        with at(local(2025, 8, 29)), django_assert_max_num_queries(60) as captured:
            assert client.get(reverse("home")).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
