"""“Tổng quan”: per-unit figures and colours, sorting, per-round progress, the .xlsx export, the
city's per-ward view, who may see it, and a flat number of queries."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.tests import factories as f
from reports import progress
from reports.dashboard import queries
from reports.tests.factories_progress import (  # noqa: F401 - fixtures
    at, issue, issued_plan, local, media_root, round1, round2, submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(round1, unit_a, unit_b, reporter_a, reporter_b, editor, task1):
    """Unit A reports task 1 done on 28/8 (on time, accepted); unit B sends nothing."""
    with at(local(2025, 8, 28)):
        report = submit(round1, unit_a, reporter_a, status="done")
        progress.unit_report_accept(report=report, user=editor, version=report.version)
    return report


@pytest.fixture
def task1(issued_plan):
    return issued_plan.tasks.get(order=1)


def test_unit_figures_and_colours(org, issued_plan, reported, unit_a, unit_b):
    late_task = f.TaskFactory(plan=issued_plan, lead_unit=unit_b, order=3, due_date=datetime.date(2025, 8, 20))
    rows = {row.unit.pk: row for row in queries.unit_figures(org, year=2025, today=datetime.date(2025, 8, 29))}
    a, b = rows[unit_a.pk], rows[unit_b.pk]
    assert (a.led, a.done_on_time, a.overdue, a.on_time_rate, a.tone) == (1, 1, 0, 100.0, "ok")
    assert (b.led, b.in_progress, b.overdue, b.on_time_rate, b.tone) == (2, 1, 1, 0.0, "bad")
    # Units at risk first.
    assert [row.unit.pk for row in queries.unit_figures(org, year=2025, today=datetime.date(2025, 8, 29))] == [
        unit_b.pk, unit_a.pk]
    assert late_task.lead_unit_id == unit_b.pk


def test_round_figures(issued_plan, reported, round1):
    row = queries.plan_rounds(issued_plan, datetime.date(2025, 9, 5))[0]
    assert (row.expected, row.on_time, row.late, row.missing, row.tone) == (2, 1, 0, 1, "bad")


def test_dashboard_page_table_chart_and_sort(client, org, issued_plan, reported, editor, unit_a, unit_b):
    client.force_login(editor)
    with at(local(2025, 8, 29)):
        page = client.get(reverse("reports:dashboard")).content.decode()
        by_name = client.get(reverse("reports:dashboard") + "?sort=unit").content.decode()
    assert "Cơ quan: <strong>Ủy ban nhân dân phường An Bình</strong>" in page and "Năm 2025" in page
    assert '<svg class="chart"' in page and "bar-ok" in page
    table = page[page.index('id="unit-table"'):]
    assert 'class="tone-ok" data-unit="%d"' % unit_a.pk in table
    assert "100 %" in table
    table = by_name[by_name.index('id="unit-table"'):]
    assert table.index(f'data-unit="{unit_a.pk}"') < table.index(f'data-unit="{unit_b.pk}"')
    assert 'aria-sort="ascending"' in table


def test_dashboard_xlsx(client, org, issued_plan, reported, editor):
    client.force_login(editor)
    with at(local(2025, 8, 29)):
        response = client.get(reverse("reports:dashboard_xlsx") + f"?plan={issued_plan.pk}")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["STT", "Đơn vị", "Nhiệm vụ chủ trì"]
    assert rows[1][1:] == ["Phòng Văn hóa - Xã hội", "1", "1", "0", "0", "0", "100"]


def test_who_sees_it(client, org, issued_plan, reporter_a, outsider, parent_user, viewer):
    url = reverse("reports:dashboard")
    client.force_login(reporter_a)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url + f"?org={org.pk}").status_code == 404
    client.force_login(viewer)
    assert client.get(url).status_code == 200
    client.force_login(parent_user)
    assert client.get(url + f"?org={org.pk}").status_code == 200
    assert client.get(url + "?org=abc").status_code == 404


def test_city_view_lists_late_wards_first_with_their_documents(client, city, org, other_org, issued_plan,
                                                               reported, parent_user):
    client.force_login(parent_user)
    with at(local(2025, 9, 10)):
        page = client.get(reverse("reports:dashboard_children") + "?year=2025").content.decode()
        documents = client.get(reverse("reports:child_documents", args=[org.pk]) + "?year=2025").content.decode()
    table = page[page.index('id="children-table"'):]
    assert table.index(f'data-org="{org.pk}"') < table.index(f'data-org="{other_org.pk}"')
    assert f'class="tone-bad" data-org="{org.pk}"' in table
    assert reverse("reports:child_documents", args=[org.pk]) in table
    assert issued_plan.get_absolute_url() in documents and "Kế hoạch số 12/KH-UBND" in documents


def test_dashboard_query_count_is_flat(client, org, issued_plan, editor, django_assert_max_num_queries):
    client.force_login(editor)
    counts = []
    for start, size in ((0, 1), (1, 8)):
        for i in range(start, start + size):
            unit = f.UnitFactory(organization=org, name=f"Đơn vị {i}", order=10 + i)
            plan = f.PlanFactory(organization=org, title=f"Kế hoạch {i}")
            for t in range(3):
                f.TaskFactory(plan=plan, lead_unit=unit, order=t + 1, due_date=datetime.date(2025, 9, 30))
            f.RoundFactory(plan=plan, order=1, name="Báo cáo lần 1", deadline=datetime.date(2025, 9, 3))
            issue(plan, number=100 + i)
        with at(local(2025, 8, 29)), django_assert_max_num_queries(40) as captured:
            assert client.get(reverse("reports:dashboard")).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_citys_home_shows_its_wards_late_first(client, city, org, other_org, issued_plan, reported, parent_user):
    client.force_login(parent_user)
    with at(local(2025, 9, 10)):
        page = client.get(reverse("home")).content.decode()
    wards = page[page.index('id="wards"'):]
    assert wards.index("Ủy ban nhân dân phường An Bình") < wards.index("Ủy ban nhân dân xã Bình Yên")
    assert "1 đợt còn đơn vị chưa gửi" in wards
    assert reverse("reports:child_documents", args=[org.pk]) in wards
