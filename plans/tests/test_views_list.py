"""The plan list: filters, search with or without diacritics, sort, pages, constant query count."""

import datetime

import pytest
from django.urls import reverse

from danvan.tests import factories as f
from plans import services
from plans.models import PlanStatus


def _titles(response):
    return [plan.title for plan in response.context["page"].object_list]


@pytest.fixture
def plans(org, plan, unit_a, unit_b, editor, approver):
    """The fixture plan (tasks for unit A and B) and three more of other years and statuses."""
    second = f.PlanFactory(organization=org, title="Đảm bảo an toàn giao thông năm 2024", year=2024)
    third = f.PlanFactory(organization=org, title="Ăn Tết Nguyên đán Bính Ngọ an toàn", year=2026)
    f.TaskFactory(plan=third, lead_unit=unit_b)
    fourth = f.PlanFactory(organization=org, title="Bình đẳng giới giai đoạn 2026-2030", year=2026)
    services.plan_submit(plan=fourth, user=editor)
    return {"plan": plan, "second": second, "third": third, "fourth": fourth}


def test_filters_by_year_status_and_unit(login, viewer, plans, unit_a, unit_b):
    client = login(viewer)
    assert set(_titles(client.get(reverse("plans:list"), {"year": 2026}))) == {
        plans["third"].title, plans["fourth"].title}
    assert _titles(client.get(reverse("plans:list"), {"status": PlanStatus.SUBMITTED})) == [plans["fourth"].title]
    # unit A leads a task of the fixture plan only; unit B leads one there and one in "third"
    assert _titles(client.get(reverse("plans:list"), {"unit": unit_a.pk})) == [plans["plan"].title]
    assert set(_titles(client.get(reverse("plans:list"), {"unit": unit_b.pk}))) == {
        plans["plan"].title, plans["third"].title}


@pytest.mark.parametrize("query", ["an toàn", "an toan", "AN TOÀN"])
def test_search_with_or_without_diacritics(login, viewer, plans, query):
    titles = _titles(login(viewer).get(reverse("plans:list"), {"q": query}))
    assert set(titles) == {plans["second"].title, plans["third"].title}


def test_search_for_dan_van_finds_dân_vận(login, viewer, plans):
    # In the fixture plan's title; in "third" only in a task's words ("Tuyên truyền công tác dân vận").
    assert set(_titles(login(viewer).get(reverse("plans:list"), {"q": "dan van"}))) == {
        plans["plan"].title, plans["third"].title}


def test_sort_by_title_is_in_vietnamese_order(login, viewer, plans):
    titles = _titles(login(viewer).get(reverse("plans:list"), {"sort": "title"}))
    # Ă after A, Đ after D, before the rest: "Ăn", "Bình", "Đảm", "Triển"
    assert titles == [plans["third"].title, plans["fourth"].title, plans["second"].title, plans["plan"].title]


def test_sort_by_year_and_status(login, viewer, plans):
    client = login(viewer)
    years = [p.year for p in client.get(reverse("plans:list"), {"sort": "year"}).context["page"].object_list]
    assert years == sorted(years, reverse=True)
    statuses = _titles(client.get(reverse("plans:list"), {"sort": "status"}))
    assert statuses[-1] == plans["fourth"].title  # "submitted" sorts after "draft"


def test_bad_filter_values_do_not_break_the_page(login, viewer, plans):
    response = login(viewer).get(reverse("plans:list"), {"year": "abc", "unit": "999999", "sort": "x", "page": "z"})
    assert response.status_code == 200


def test_pagination(login, viewer, org):
    for n in range(25):
        f.PlanFactory(organization=org, title=f"Kế hoạch số {n:02d}")
    client = login(viewer)
    first = client.get(reverse("plans:list"), {"sort": "title"})
    assert len(_titles(first)) == 20 and "Trang 1/2" in first.content.decode()
    assert "sort=title&amp;page=2" in first.content.decode()
    assert len(_titles(client.get(reverse("plans:list"), {"sort": "title", "page": 2}))) == 5


def _many(org, count, unit):
    for n in range(count):
        plan = f.PlanFactory(organization=org, title=f"Kế hoạch {n}", drafting_unit=unit)
        f.TaskFactory(plan=plan, lead_unit=unit)


@pytest.mark.parametrize("sort", ["updated", "title"])
def test_query_count_does_not_grow_with_rows(login, viewer, org, unit_a, django_assert_max_num_queries, sort):
    client = login(viewer)
    _many(org, 3, unit_a)
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("plans:list"), {"sort": sort, "unit": unit_a.pk})
    _many(org, 30, unit_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("plans:list"), {"sort": sort, "unit": unit_a.pk})
    assert len(_titles(response)) == 20


def test_parent_user_sees_childrens_issued_plans_with_their_organization(login, parent_user, plans, org, editor,
                                                                         approver, clerk):
    page = login(parent_user).get(reverse("plans:list")).content.decode()
    assert not [p.title for p in plans.values() if p.title in page]  # drafts and one waiting for approval
    services.plan_approve(plan=plans["fourth"], user=approver)
    services.plan_issue(plan=plans["fourth"], user=clerk, issued_on=datetime.date(2026, 1, 5))
    page = login(parent_user).get(reverse("plans:list")).content.decode()
    assert org.name in page and plans["fourth"].title in page and plans["plan"].title not in page


def test_document_registry_page(login, reporter_a):
    f.LegalDocumentFactory(kind="Chỉ thị", number="33/CT-TTg")
    f.LegalDocumentFactory(kind="Nghị định", number="61/2023/NĐ-CP", subject="về hương ước",
                           issued_on=datetime.date(2023, 8, 16))
    client = login(reporter_a)
    found = client.get(reverse("plans:documents"), {"q": "huong uoc"}).context["page"].object_list
    assert [d.number for d in found] == ["61/2023/NĐ-CP"]
    everything = client.get(reverse("plans:documents")).context["page"].object_list
    assert {d.number for d in everything} == {"61/2023/NĐ-CP", "33/CT-TTg"}
