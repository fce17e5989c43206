"""The rules a clerk checks on a roll-up (REPORTS.md §3-4), on crafted data: who must report is one
list for the round page, the figures and the reminders; an issue date before the cut-off or before
a compiled report is refused; three clicks at once make one draft (PostgreSQL)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from danvan.models import Role
from danvan.tests import factories as f
from danvan.tests.test_concurrency import run_together, stretch
from reports import progress
from reports.management.commands.send_reminders import reminders_due
from reports.models import RollupReport
from reports.rollups import figures as rollup_figures
from reports.rollups import services
from reports.tests.factories_rollup import (  # noqa: F401  (fixtures)
    draft_rollup, issue_plan, local, make_report, reported_round,
)


@pytest.fixture
def coordinator(org):
    """A unit that only co-ordinates task 1 of the conftest plan and never reports."""
    return f.UnitFactory(organization=org, name="Hội Liên hiệp Phụ nữ phường", short_name="HLHPN", order=9)


def _with_reporter(org, unit, username):
    user = f.UserFactory(username=username, email=f"{username}@example.vn")
    f.MembershipFactory(user=user, organization=org, unit=unit, role=Role.REPORTER)
    return user


def test_round_board_figures_and_reminders_use_one_list(login, plan, org, unit_a, unit_b, coordinator, editor):
    issue_plan(plan)
    plan.tasks.order_by("order").first().coordinating_units.add(coordinator)
    round1 = plan.rounds.get(order=1)
    _with_reporter(org, unit_a, "rep_a")
    _with_reporter(org, coordinator, "rep_c")
    now = local(2025, 9, 5)
    # The lead units must report; the silent co-ordinating unit is owed nothing anywhere.
    board = progress.round_board(round1, now)
    assert [(row.unit.name, row.leads) for row in board] == [(unit_a.name, True), (unit_b.name, True)]
    with time_machine.travel(now, tick=False):
        figures = rollup_figures.compute_round_figures(round1)
    assert [u["name"] for u in figures["units"]["missing"]] == [unit_a.name, unit_b.name]
    reminded = {r.user.username for r in reminders_due(datetime.date(2025, 9, 5)) if r.round == round1}
    assert reminded == {"rep_a"}
    # The editor names who must report: the same three places follow.
    round1.reporting_units.set([coordinator])
    board = progress.round_board(round1, now)
    assert [(row.unit.name, row.leads) for row in board] == [(coordinator.name, True)]
    figures = rollup_figures.compute_round_figures(round1)
    assert figures["units"]["expected"] == 1
    assert [u["name"] for u in figures["units"]["missing"]] == [coordinator.name]
    assert [row["name"] for row in figures["unit_rows"]] == [coordinator.name]
    reminded = {r.user.username for r in reminders_due(datetime.date(2025, 9, 5)) if r.round == round1}
    assert reminded == {"rep_c"}
    page = login(editor).get(reverse("reports:round_board", args=[round1.pk])).content.decode()
    assert coordinator.name in page and unit_b.name not in page


def test_a_co_ordinating_units_part_is_shown_on_the_board_never_counted(plan, unit_a, unit_b, coordinator):
    issue_plan(plan)
    task1 = plan.tasks.order_by("order").first()
    task1.coordinating_units.add(coordinator)
    round1 = plan.rounds.get(order=1)
    make_report(round1, coordinator, submitted_at=local(2025, 9, 1),
                entries=[{"task": task1, "status": "in_progress", "done_text": "Vận động hội viên"}])
    board = progress.round_board(round1, local(2025, 9, 5))
    assert [(row.unit.name, row.leads) for row in board][-1] == (coordinator.name, False)
    counts = dict((label, n) for label, n, _tone in progress.board_counts(board))
    assert counts == {"Quá hạn chưa gửi": 2}  # the two lead units; the contributor is not counted


def test_the_round_form_sets_who_must_report(login, plan, editor, unit_b, coordinator):
    round1 = plan.rounds.get(order=1)
    client = login(editor)
    form = client.get(reverse("tasks:round_edit", args=[round1.pk])).content.decode()
    assert "Đơn vị phải báo cáo" in form and coordinator.name in form
    response = client.post(reverse("tasks:round_update", args=[round1.pk]), {
        "name": round1.name, "deadline": round1.deadline.strftime("%d/%m/%Y"),
        "reporting_units": [unit_b.pk, coordinator.pk]})
    assert response.status_code == 302  # back to the plan (htmx gets the row)
    assert set(round1.reporting_units.all()) == {unit_b, coordinator}
    assert round1.reporter_ids() == {unit_b.pk, coordinator.pk}
    client.post(reverse("tasks:round_update", args=[round1.pk]), {
        "name": round1.name, "deadline": round1.deadline.strftime("%d/%m/%Y"), "reporting_units": ["999999"]})
    assert set(round1.reporting_units.all()) == {unit_b, coordinator}  # a unit not offered: nothing changes


@pytest.fixture
def approved(draft_rollup, approver):
    services.rollup_submit(rollup=draft_rollup, user=approver)
    return services.rollup_approve(rollup=draft_rollup, user=approver)


def test_issuing_before_the_cut_off_or_before_a_compiled_report_is_refused(approved, clerk, login):
    # Round 1 of the conftest plan has no data period: the cut-off is its last on-time day, 02/9;
    # the latest compiled report was sent on 04/9.
    assert approved.figures["as_of"] == "2025-09-02" and approved.figures["latest_report_on"] == "2025-09-04"
    with pytest.raises(ValidationError, match="trước ngày chốt số liệu của báo cáo \\(02/9/2025\\)"):
        services.rollup_issue(rollup=approved, user=clerk, issued_on=datetime.date(2025, 9, 1))
    with pytest.raises(ValidationError, match="trước ngày của báo cáo mới nhất được tổng hợp \\(04/9/2025\\)"):
        services.rollup_issue(rollup=approved, user=clerk, issued_on=datetime.date(2025, 9, 3))
    with time_machine.travel(local(2025, 9, 6), tick=False):
        page = login(clerk).post(reverse("reports:rollup_issue", args=[approved.pk]), {"issued_on": "03/09/2025"})
    assert page.status_code == 400 and "trước ngày của báo cáo mới nhất được tổng hợp" in page.content.decode()
    assert RollupReport.objects.get(pk=approved.pk).status == "approved"
    issued = services.rollup_issue(rollup=approved, user=clerk, issued_on=datetime.date(2025, 9, 4))
    assert issued.is_issued


concurrent = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="needs real concurrent connections (run with DATABASE_URL=postgres://...)")


@concurrent
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_three_clicks_on_compile_at_once_make_one_draft(monkeypatch, reported_round, editor):
    # Each compile reads "no open roll-up" and then takes its time computing the figures.
    stretch(monkeypatch, services, "compute_round_figures")
    results = run_together(*(lambda: services.rollup_compile(round=reported_round, user=editor).pk,) * 3)
    assert [kind for kind, _value in results] == ["ok"] * 3, results
    assert len({value for _kind, value in results}) == 1
    assert RollupReport.objects.filter(round=reported_round).count() == 1
