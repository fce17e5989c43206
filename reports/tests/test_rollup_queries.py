"""Compiling, refreshing and showing a roll-up run a number of queries that does not grow with the
number of units, tasks or child organizations (measured on two sizes)."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.tests import factories as f
from reports.rollups import services as services
from reports.tests.factories_rollup import build_plan, issue_rollup, local
from tasks.models import ReportingRound


def queries(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def fetch_round(plan):
    return ReportingRound.objects.select_related("plan__organization__parent", "plan__drafting_unit").get(plan=plan)


@time_machine.travel(local(2025, 9, 5), tick=False)
def test_compile_and_refresh_do_not_grow_with_units_and_tasks(city, editor):
    small_org = f.OrganizationFactory(parent=city)
    large_org = f.OrganizationFactory(parent=city)
    small = fetch_round(build_plan(small_org, units=3, tasks=5))
    large = fetch_round(build_plan(large_org, units=30, tasks=60, coordinating=3))
    made = {}
    n_small = queries(lambda: made.setdefault("small", services.rollup_compile(round=small, user=editor)))
    n_large = queries(lambda: made.setdefault("large", services.rollup_compile(round=large, user=editor)))
    assert made["large"].figures["tasks"]["total"] == 60 and made["large"].figures["units"]["expected"] == 30
    assert n_small == n_large <= 15
    r_small = queries(lambda: services.rollup_refresh_figures(rollup=made["small"], user=editor))
    r_large = queries(lambda: services.rollup_refresh_figures(rollup=made["large"], user=editor))
    assert r_small == r_large <= 15


def test_parent_compile_does_not_grow_with_children(city, editor):
    other_city = f.OrganizationFactory(name="Ủy ban nhân dân thành phố Khác")

    def children(parent, count):
        for n in range(count):
            ward = f.OrganizationFactory(parent=parent)
            plan = build_plan(ward, units=2, tasks=2 + n, prefix=f"{n} ")
            with time_machine.travel(local(2025, 9, 5), tick=False):
                rollup = services.rollup_compile(round=fetch_round(plan), user=editor)
            issue_rollup(rollup, approver=editor, clerk=editor)

    children(city, 2)
    children(other_city, 7)
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    made = {}
    n_small = queries(lambda: made.setdefault("small", services.rollup_compile_parent(
        organization=city, period_start=start, period_end=end, user=editor)))
    n_large = queries(lambda: made.setdefault("large", services.rollup_compile_parent(
        organization=other_city, period_start=start, period_end=end, user=editor)))
    assert made["large"].sources.count() == 7
    assert n_small == n_large <= 15


@time_machine.travel(local(2025, 9, 5), tick=False)
def test_pages_do_not_grow(login, org, other_org, editor, outsider, django_assert_max_num_queries):
    small = services.rollup_compile(round=fetch_round(build_plan(org, units=3, tasks=4)), user=editor)
    large = services.rollup_compile(round=fetch_round(build_plan(other_org, units=25, tasks=50)), user=outsider)
    for name in ("rollup_detail", "rollup_edit"):
        n_small = queries(lambda: login(editor).get(reverse(f"reports:{name}", args=[small.pk])))
        with django_assert_max_num_queries(n_small):
            assert login(outsider).get(reverse(f"reports:{name}", args=[large.pk])).status_code == 200


def test_parent_overview_does_not_grow(login, city, editor, django_assert_max_num_queries):
    viewer = f.UserFactory(username="city_viewer")
    f.MembershipFactory(user=viewer, organization=city, role="viewer")
    other_city = f.OrganizationFactory(name="Ủy ban nhân dân thành phố Lớn")
    f.MembershipFactory(user=viewer, organization=other_city, role="viewer")
    for parent, count in ((city, 1), (other_city, 6)):
        for n in range(count):
            ward = f.OrganizationFactory(parent=parent)
            plan = build_plan(ward, units=2, tasks=2, prefix=f"{n} ")
            with time_machine.travel(local(2025, 9, 5), tick=False):
                rollup = services.rollup_compile(round=fetch_round(plan), user=editor)
            issue_rollup(rollup, approver=editor, clerk=editor)
    url = reverse("reports:parent_overview")
    n_small = queries(lambda: login(viewer).get(url, {"org": city.pk, "year": 2025}))
    with django_assert_max_num_queries(n_small):
        page = login(viewer).get(url, {"org": other_city.pk, "year": 2025})
    assert len(page.context["issued"]) == 6
