"""Round trip through the whole import: the app's own Word export of every demo plan, read,
recognised and created as a new draft, gives the same plan (title, citations and roles, sections,
tasks with units and dues, duties, rounds, recipients, signer)."""

import pytest

from plans.importing import read_source, recognise
from plans.importing.services import plan_create_from_import
from plans.models import Plan


def squash(text: str) -> str:
    return " ".join((text or "").split())


@pytest.fixture
def demo_plans(db):
    from reports.demo.loader import load_demo

    load_demo()
    return list(Plan.objects.select_related("organization").order_by("pk"))


def _tasks(plan: Plan) -> list[tuple]:
    return [(t.kind, squash(t.content), t.lead_unit.name, sorted(u.name for u in t.coordinating_units.all()),
             t.due_kind, t.due_date, squash(t.output))
            for t in plan.tasks.select_related("lead_unit").prefetch_related("coordinating_units")
            .order_by("kind", "order")]


def test_every_demo_plan_exported_to_word_imports_back_as_the_same_draft(demo_plans):
    from reports.documents.docx import render_docx
    from reports.documents.plan import plan_context

    for plan in demo_plans:
        source = read_source(data=render_docx(plan_context(plan)), filename="ke-hoach.docx")
        copy = plan_create_from_import(organization=plan.organization,
                                       data=recognise(source, organization=plan.organization))
        label = f"{plan}"
        assert (copy.status, copy.title, copy.year) == ("draft", plan.title, plan.year), label
        # the bases exactly; every other document cited is linked again (the demo data predates the
        # "Nhắc đến" role: what it calls "văn bản triển khai" are the body's mentions)
        # (the implemented document, printed once as "Thực hiện …", comes back with the role "triển khai")
        assert set(copy.citations.filter(role="basis").values_list("document_id", flat=True)) == \
            set(plan.citations.filter(role="basis").values_list("document_id", flat=True)) - {plan.implements_id}, label
        assert set(plan.citations.exclude(role="basis").values_list("document_id", flat=True)) <= \
            set(copy.citations.values_list("document_id", flat=True)), label
        assert copy.implements_id == plan.implements_id, label
        assert [s.heading for s in copy.sections.all()] == [s.heading for s in plan.sections.all()], label
        assert _tasks(copy) == _tasks(plan), label
        assert [(r.name, r.deadline, r.period_start, r.period_end) for r in copy.rounds.all()] == \
            [(r.name, r.deadline, r.period_start, r.period_end) for r in plan.rounds.all()], label
        assert [squash(line).lstrip("- ").rstrip(";.") for line in copy.recipient_lines()][:-1] == \
            [squash(line).lstrip("- ").rstrip(";.") for line in plan.recipient_lines()][:-1], label
        assert (copy.signer_authority, copy.signer_title, copy.signer_deputy_title, copy.signer_name) == \
            (plan.signer_authority, plan.signer_title, plan.signer_deputy_title, plan.signer_name), label
        assert plan.organization.units.count() == len({u.pk for u in plan.organization.units.all()})
