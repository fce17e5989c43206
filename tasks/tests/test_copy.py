"""Copying last year's plan into a new draft (services.plan_copy)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from danvan.tests import factories as f
from plans.models import Plan
from tasks.models import Task
from tasks import services

D = datetime.date


@pytest.fixture
def full_plan(issued_plan, unit_a, unit_b):
    """An issued 2025 plan with citations, sections, an extension, a 29/02 due and a span on rounds."""
    plan = issued_plan
    plan.title = "Triển khai công tác dân vận năm 2025 (giai đoạn 2021-2025, mã 120256)"
    plan.period_label = "năm 2025"
    plan.period_start, plan.period_end = D(2025, 1, 1), D(2025, 12, 31)
    plan.snapshot = {"title": plan.title}
    plan.save()
    f.CitationFactory(plan=plan, role="basis", order=1)
    f.CitationFactory(plan=plan, role="carry_out", order=2)
    f.SectionFactory(plan=plan, order=1, heading="MỤC ĐÍCH, YÊU CẦU", body="Năm 2025 tiếp tục ...")
    f.SectionFactory(plan=plan, order=2, heading="NỘI DUNG", body="- Tuyên truyền")
    first = plan.tasks.get(order=1)
    first.extended_due_date = D(2025, 10, 15)
    first.extension_reason = "Chờ hướng dẫn"
    first.save()
    leap = f.TaskFactory(plan=plan, lead_unit=unit_a, order=3, due_kind="date", due_date=D(2025, 2, 28))
    leap.due_date = D(2024, 2, 29)  # as if last year's plan had 29/02
    leap.save()
    f.TaskFactory(plan=plan, lead_unit=unit_b, order=4, due_kind="quarter", due_date=D(2025, 12, 31))
    rnd = plan.rounds.get(order=1)
    rnd.period_start, rnd.period_end = D(2025, 6, 15), D(2025, 8, 31)
    rnd.name = "Báo cáo 6 tháng năm 2025"
    rnd.save()
    return plan


def test_copy_is_a_new_draft_one_year_later(full_plan, editor):
    copy = services.plan_copy(plan=full_plan, user=editor)
    assert copy.pk != full_plan.pk
    assert copy.organization == full_plan.organization
    assert copy.status == "draft"
    assert copy.year == 2026
    assert copy.title == "Triển khai công tác dân vận năm 2026 (giai đoạn 2021-2025, mã 120256)"
    assert copy.period_label == "năm 2026"
    assert (copy.period_start, copy.period_end) == (D(2026, 1, 1), D(2026, 12, 31))
    assert copy.copied_from == full_plan
    assert copy.created_by == editor
    assert copy.number is None and copy.issued_on is None and copy.register_entry is None
    assert copy.snapshot is None and not copy.signed_scan
    assert (copy.recipients, copy.signer_name, copy.drafting_unit) == (
        full_plan.recipients, full_plan.signer_name, full_plan.drafting_unit)


def test_copy_keeps_citations_and_sections_as_written(full_plan, editor):
    copy = services.plan_copy(plan=full_plan, user=editor)
    assert list(copy.citations.values_list("document_id", "role", "order")) == list(
        full_plan.citations.values_list("document_id", "role", "order"))
    assert list(copy.sections.values_list("order", "heading", "body")) == [
        (1, "MỤC ĐÍCH, YÊU CẦU", "Năm 2025 tiếp tục ..."), (2, "NỘI DUNG", "- Tuyên truyền")]


def test_copy_shifts_tasks_by_a_year_and_clears_extensions(full_plan, editor, unit_b):
    copy = services.plan_copy(plan=full_plan, user=editor)
    rows = list(copy.tasks.order_by("order"))
    old = list(full_plan.tasks.order_by("order"))
    assert [t.content for t in rows] == [t.content for t in old]
    assert [t.lead_unit_id for t in rows] == [t.lead_unit_id for t in old]
    assert list(rows[0].coordinating_units.all()) == [unit_b]
    assert [(t.due_kind, t.due_date) for t in rows] == [
        ("date", D(2026, 9, 30)), ("continuous", None), ("date", D(2025, 2, 28)), ("quarter", D(2026, 12, 31))]
    assert all(t.extended_due_date is None and t.extension_reason == "" for t in rows)


def test_copy_shifts_rounds_by_a_year(full_plan, editor):
    copy = services.plan_copy(plan=full_plan, user=editor)
    assert list(copy.rounds.order_by("order").values_list("name", "deadline", "period_start", "period_end")) == [
        ("Báo cáo 6 tháng năm 2026", D(2026, 9, 3), D(2026, 6, 15), D(2026, 8, 31)),
        ("Báo cáo lần 2", D(2026, 12, 2), None, None),
    ]


def test_copy_leaves_the_original_untouched(full_plan, editor):
    def state(plan):
        plan = Plan.objects.get(pk=plan.pk)
        return (plan.title, plan.status, plan.number, plan.year, plan.period_start,
                list(plan.tasks.values_list("pk", "due_date", "extended_due_date", "order")),
                list(plan.rounds.values_list("pk", "deadline")), plan.citations.count(), plan.sections.count())

    before = state(full_plan)
    services.plan_copy(plan=full_plan, user=editor)
    assert state(full_plan) == before


@pytest.mark.parametrize("title,expected", [
    ("Công tác dân vận năm 2025", "Công tác dân vận năm 2026"),
    ("Kế hoạch 2025 – thực hiện năm 2025", "Kế hoạch 2026 – thực hiện năm 2026"),
    ("Giai đoạn 2021-2025 và năm 2025", "Giai đoạn 2021-2025 và năm 2026"),
    ("Giai đoạn 2025 – 2030", "Giai đoạn 2025 – 2030"),
    ("Mã 120250 năm 2025", "Mã 120250 năm 2026"),
    ("Không có năm", "Không có năm"),
])
def test_only_the_plan_year_in_the_title_is_replaced(issued_plan, editor, title, expected):
    issued_plan.title = title
    issued_plan.save()
    assert services.plan_copy(plan=issued_plan, user=editor).title == expected


def test_copy_refuses_a_date_that_cannot_move_a_year_and_writes_nothing(plan, editor):
    """A stored date at the register's last year (or beyond, from before dates were bounded) cannot
    move to the next year: said in words, nothing copied (a 500 before)."""
    Task.objects.filter(pk=plan.tasks.first().pk).update(due_date=datetime.date(9999, 12, 31))
    before = Plan.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.plan_copy(plan=plan, user=editor)
    assert "ngày 31/12/9999 dời sang năm sau sẽ ra ngoài khoảng năm 2000–2100" in excinfo.value.messages[0]
    assert Plan.objects.count() == before


def test_a_double_click_copies_once(plan, editor):
    first = services.plan_copy(plan=plan, user=editor)
    second = services.plan_copy(plan=plan, user=editor)
    assert second.pk == first.pk and Plan.objects.filter(copied_from=plan).count() == 1
    Plan.objects.filter(pk=first.pk).update(created_at=first.created_at - datetime.timedelta(minutes=5))
    assert services.plan_copy(plan=plan, user=editor).pk != first.pk  # later, a second copy is asked for


def test_copy_of_a_plan_of_2100_is_refused(plan, editor):
    Plan.objects.filter(pk=plan.pk).update(year=2100)
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.plan_copy(plan=plan, user=editor)
    assert "2101" in excinfo.value.messages[0]
    assert Plan.objects.count() == 1
