"""The home page: plans by status, next deadlines, what waits for each role."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from danvan.tests import factories as f
from plans import services


@pytest.fixture(autouse=True)
def frozen():
    # 29/8/2025: "Báo cáo lần 1" is due before 03/9/2025, so 02/9 is the last day: 4 days left.
    with time_machine.travel(datetime.datetime(2025, 8, 29, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def issued(plan, editor, approver, clerk):
    services.plan_submit(plan=plan, user=editor)
    services.plan_approve(plan=plan, user=approver)
    return services.plan_issue(plan=plan, user=clerk, issued_on=datetime.date(2025, 8, 15))


def _home(client, user):
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_counts_by_status_link_to_the_list(client, org, issued, editor):
    f.PlanFactory(organization=org, title="Dự thảo thứ hai")
    page = _home(client, editor)
    assert f'href="{reverse("plans:list")}?status=draft"' in page
    assert '<span class="count">1</span> Dự thảo' in page and '<span class="count">1</span> Đã ban hành' in page


def _deadlines_card(page: str) -> str:
    """The "Hạn báo cáo" card alone (other parts of the home page name the rounds too)."""
    start = page.index('id="deadlines"')
    return page[start:page.index("</section>", start)]


def _inbox(page: str) -> str:
    """The "Việc cần làm" card alone."""
    start = page.index('id="inbox"')
    return page[start:page.index("</section>", start)]


def test_next_deadlines_count_the_days(client, issued, viewer):
    page = _deadlines_card(_home(client, viewer))
    assert "Báo cáo lần 1" in page and '<span class="badge warn">còn 4 ngày</span>' in page  # within the week
    assert "Báo cáo lần 2" in page and '<span class="badge ">còn 94 ngày</span>' in page
    assert page.index("Báo cáo lần 1") < page.index("Báo cáo lần 2")


def test_the_last_day_is_worded_as_on_every_other_page(client, issued, reporter_a):
    """Home and "Báo cáo của đơn vị" say the same words in the same colour for the same round."""
    with time_machine.travel(datetime.datetime(2025, 9, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        home = _deadlines_card(_home(client, reporter_a))
        my_unit = client.get(reverse("reports:my_unit")).content.decode()
    assert '<span class="badge warn">hạn hôm nay</span>' in home
    assert '<span class="badge warn">hạn hôm nay</span>' in my_unit


def test_overdue_rounds_say_so_to_the_unit_that_owes_a_report(client, issued, reporter_a):
    with time_machine.travel(datetime.datetime(2025, 9, 5, 9, 0, tzinfo=datetime.UTC), tick=False):
        page = _deadlines_card(_home(client, reporter_a))
    assert "quá hạn 3 ngày" in page and "Hạn báo cáo của đơn vị bạn" in page


def test_reporter_sees_only_their_units_rounds(client, org, issued, unit_a, reporter_a, editor, approver, clerk):
    unit_c = f.UnitFactory(organization=org, name="Công chức Tư pháp - Hộ tịch")
    other = f.PlanFactory(organization=org, title="Kế hoạch không giao cho đơn vị A")
    f.TaskFactory(plan=other, lead_unit=unit_c)
    f.RoundFactory(plan=other, name="Đợt của đơn vị khác", deadline=datetime.date(2025, 9, 10))
    services.plan_submit(plan=other, user=editor)
    services.plan_approve(plan=other, user=approver)
    services.plan_issue(plan=other, user=clerk, issued_on=datetime.date(2025, 8, 20))
    page = _home(client, reporter_a)
    assert "Báo cáo lần 1" in page and "Đợt của đơn vị khác" not in page
    assert "Văn bản chờ bạn phê duyệt" not in page and "Dự thảo bị trả lại" not in page
    assert "Đợt của đơn vị khác" in _home(client, editor)


def test_waiting_for_each_role(client, org, editor, approver, clerk):
    draft = f.PlanFactory(organization=org, title="Dự thảo đang soạn")
    returned = f.PlanFactory(organization=org, title="Dự thảo bị trả")
    submitted = f.PlanFactory(organization=org, title="Chờ lãnh đạo duyệt")
    approved = f.PlanFactory(organization=org, title="Chờ văn thư cấp số")
    for plan in (returned, submitted, approved):
        services.plan_submit(plan=plan, user=editor)
    services.plan_return(plan=returned, user=approver, reason="Thiếu phần tổ chức thực hiện")
    services.plan_approve(plan=approved, user=approver)

    page = _home(client, editor)
    assert "Dự thảo đang soạn" in page and reverse("plans:edit", args=[draft.pk]) in page
    assert "Dự thảo bị trả" in page and "Thiếu phần tổ chức thực hiện" in page
    assert "Chờ lãnh đạo duyệt" not in _inbox(page)

    page = _inbox(_home(client, approver))
    assert "Chờ lãnh đạo duyệt" in page and "Dự thảo đang soạn" not in page

    page = _inbox(_home(client, clerk))
    assert "Chờ văn thư cấp số" in page and "Chờ lãnh đạo duyệt" not in page


def test_user_without_organization(client, db):
    user = f.UserFactory(username="lonely")
    assert "chưa được phân quyền" in _home(client, user)
