"""Search finds a plan by its full number, by words of its tasks, sections and cited documents,
with or without diacritics, and matches whole words (run on SQLite and on PostgreSQL)."""

import datetime

import pytest
from django.urls import reverse

from danvan.tests import factories as f
from plans.models import Citation, LegalDocument, Plan
from reports.tests.factories_progress import issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(org, unit_a):
    issued = f.PlanFactory(organization=org, title="Triển khai thực hiện công tác dân vận năm 2025")
    f.TaskFactory(plan=issued, lead_unit=unit_a, content="Xây dựng mô hình “Dân vận khéo” ở khu dân cư")
    f.SectionFactory(plan=issued, order=1, heading="NỘI DUNG", body="- Thực hiện hương ước, quy ước của thôn")
    directive = LegalDocument.objects.create(kind="Chỉ thị", number="33/CT-TTg", issued_on=datetime.date(2021, 11, 26),
                                             issuer="Thủ tướng Chính phủ", subject="về tăng cường công tác dân vận")
    Citation.objects.create(plan=issued, document=directive)
    decision = LegalDocument.objects.create(kind="Quyết định", number="3177/QĐ-UBND", issued_on=datetime.date(2025, 8, 6))
    issued.implements = decision
    issued.save()
    issue(issued, number=125)
    other = f.PlanFactory(organization=org, title="Kế hoạch phát triển Quốc phòng toàn dân")
    f.TaskFactory(plan=other, lead_unit=unit_a, content="Tuyên truyền thường xuyên về an ninh")
    small = f.PlanFactory(organization=org, title="Kế hoạch số 12 về giao thông")
    return {"issued": issued, "other": other, "small": small}


def found(query) -> set[str]:
    return set(Plan.objects.search(query).values_list("title", flat=True))


@pytest.mark.parametrize("query", ["125/KH-UBND", "125/kh-ubnd", "dân vận khéo", "dan van kheo", "3177",
                                   "33/CT-TTg", "quy ước", "quy uoc", "hương ước", "huong uoc", "khu dân cư"])
def test_finds_by_number_tasks_sections_and_documents(plans, query):
    assert found(query) == {plans["issued"].title}


def test_whole_words_only(plans):
    assert plans["other"].title not in found("quy ước")  # "Quốc" is not "quy … ước"
    assert plans["other"].title not in found("hương ước")  # "thường" is not "hương"
    assert found("quoc phong") == {plans["other"].title}
    assert found("12") == {plans["small"].title}  # not 125, not 3177
    assert found("dân") == {plans["issued"].title, plans["other"].title}
    assert found("da") == set()


def test_the_document_follows_tasks_and_sections(plans, unit_a):
    plan = plans["small"]
    task = f.TaskFactory(plan=plan, lead_unit=unit_a, content="Ra quân lập lại trật tự vỉa hè")
    assert found("vỉa hè") == {plan.title}
    task.delete()
    assert found("via he") == set()
    section = f.SectionFactory(plan=plan, order=1, heading="MỤC ĐÍCH", body="Giảm tai nạn")
    assert found("tai nạn") == {plan.title}
    section.delete()
    assert found("tai nan") == set()


def test_list_page_search(client, plans, viewer):
    client.force_login(viewer)
    response = client.get(reverse("plans:list"), {"q": "125/KH-UBND"})
    assert [p.title for p in response.context["page"].object_list] == [plans["issued"].title]
    assert client.get(reverse("plans:list"), {"q": "/-"}).status_code == 200  # no word: every plan


def test_editing_a_cited_document_in_the_admin_moves_its_plans_to_the_new_words(client, plans, superuser):
    """The registry of legal documents is kept in the admin: a corrected number or subject is what
    the plans citing (or implementing) it are found by from then on."""
    directive = LegalDocument.objects.get(number="33/CT-TTg")
    client.force_login(superuser)
    response = client.post(reverse("admin:plans_legaldocument_change", args=[directive.pk]), {
        "kind": "Chỉ thị", "number": "34/CT-TTg", "name": "", "issued_on": "26/11/2021",
        "issuer": "Thủ tướng Chính phủ", "subject": "về đổi mới phương thức vận động quần chúng"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found("34/CT-TTg") == found("vận động quần chúng") == {plans["issued"].title}
    assert found("33/CT-TTg") == found("tăng cường") == set()
    decision = LegalDocument.objects.get(number="3177/QĐ-UBND")  # implemented, not cited
    decision.number = "3178/QĐ-UBND"
    decision.save()
    assert found("3178") == {plans["issued"].title} and found("3177") == set()


def test_editing_a_section_or_a_task_replaces_its_words(plans, unit_a, editor):
    from plans import services as plan_services
    from tasks import services as task_services

    plan = plans["small"]
    section = f.SectionFactory(plan=plan, order=1, heading="MỤC ĐÍCH", body="Giảm tai nạn giao thông")
    task = f.TaskFactory(plan=plan, lead_unit=unit_a, content="Ra quân lập lại trật tự vỉa hè")
    plan_services.section_update(section=section, user=editor, heading="MỤC ĐÍCH", body="Xây dựng nếp sống văn minh",
                                 expected_marker=plan_services.section_marker(section))
    task_services.task_update(task=task, content="Chỉnh trang hành lang an toàn đường bộ", lead_unit=unit_a,
                              due="31/12/2025")
    assert found("nếp sống văn minh") == found("hành lang an toàn") == {plan.title}
    assert found("tai nạn") == found("vỉa hè") == set()


@pytest.mark.postgres_only
def test_postgresql_search_reads_the_gin_index(plans):
    """The GIN index of migration 0008 is built from the query's own expression: with whole-table
    and primary-key scans priced out (on a few thousand plans the planner chooses the index by
    itself), the search reads it."""
    from django.db import connection

    from plans.search import SEARCH_INDEX

    if connection.vendor != "postgresql":
        pytest.skip("SQLite searches with LIKE; the index is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
    plan = Plan.objects.search("33/CT-TTg").explain()
    assert f"Bitmap Index Scan on {SEARCH_INDEX}" in plan, plan
    assert found("33/CT-TTg") == {plans["issued"].title} and found("quy ước") == {plans["issued"].title}
