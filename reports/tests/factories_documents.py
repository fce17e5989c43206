"""Builders and fixtures for the printed-document tests (reports/tests/test_documents*.py)."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from danvan.tests import factories as f
from plans import services as plan_services
from plans.models import Plan

MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture
def document_cache(db):
    """The database cache table the rendered documents are kept in (settings.CACHES)."""
    call_command("createcachetable", verbosity=0)


@pytest.fixture
def builds(monkeypatch):
    """Every format rendered (WeasyPrint or python-docx actually run), in order."""
    from reports.documents import registry

    calls = []
    real = registry.build

    def counting(document, fmt, **kwargs):
        calls.append(fmt)
        return real(document, fmt, **kwargs)

    monkeypatch.setattr(registry, "build", counting)
    return calls


@pytest.fixture
def queued(monkeypatch):
    """Background renders queued but not run: a worker that is down (or not started yet)."""
    from reports import jobs

    calls = []
    monkeypatch.setattr(jobs.render_document, "apply_async",
                        lambda args, kwargs, countdown=None: calls.append((args, kwargs, countdown)))
    return calls


def add_tasks(plan: Plan, count: int, lead_units: list, start: int = 1) -> None:
    for n in range(start, start + count):
        task = f.TaskFactory(
            plan=plan, order=10 + n, lead_unit=lead_units[n % len(lead_units)],
            content=(f"Tổ chức tuyên truyền, phổ biến các văn bản về công tác dân vận chính quyền, thực hiện dân "
                     f"chủ ở cơ sở và quy chế dân chủ trong cơ quan, đơn vị (nhiệm vụ {n})"),
            due_kind="quarter", due_date=datetime.date(2025, 12, 31), output="Báo cáo kết quả thực hiện")
        task.coordinating_units.add(lead_units[(n + 1) % len(lead_units)])


def enrich(plan: Plan, *, tasks: int = 0, units: list | None = None) -> Plan:
    """Sections, citations and (optionally) more tasks, as a real plan has."""
    f.SectionFactory(plan=plan, order=1, heading="Mục đích, yêu cầu", body="\n".join([
        "1. Mục đích",
        "- Tuyên truyền, phổ biến, quán triệt và triển khai các văn bản của Trung ương, thành phố, phường về "
        "công tác dân vận gắn với việc thực hiện dân chủ ở cơ sở.",
        "2. Yêu cầu",
        "- Nội dung thực hiện công tác dân vận phải cụ thể, thiết thực, hiệu quả.",
    ]))
    f.SectionFactory(plan=plan, order=2, heading="Nội dung, nhiệm vụ", body="\n".join([
        "1. Tổ chức quán triệt các văn bản về công tác dân vận đến cán bộ, công chức.",
        "2. Thực hiện tốt quy chế dân chủ ở cơ sở.",
    ]))
    f.SectionFactory(plan=plan, order=3, heading="Tổ chức thực hiện", body=(
        "Các phòng, đơn vị báo cáo kết quả về Ủy ban nhân dân phường (qua Phòng Văn hóa - Xã hội) "
        "trước ngày 03/9/2025."))
    implemented = f.LegalDocumentFactory(kind="Quyết định", number="3177/QĐ-UBND",
                                         issued_on=datetime.date(2025, 8, 6),
                                         issuer="Ủy ban nhân dân thành phố Hải Phòng",
                                         subject="ban hành danh mục nhiệm vụ công tác dân vận")
    plan.implements = implemented
    plan.save()
    f.CitationFactory(plan=plan, document=implemented, role="basis", order=1)
    f.CitationFactory(plan=plan, document=f.LegalDocumentFactory(number="33/CT-TTg"), role="basis", order=2)
    f.CitationFactory(plan=plan, document=f.LegalDocumentFactory(number="16/CT-TTg"), role="carry_out", order=3)
    if tasks:
        add_tasks(plan, tasks, units or [plan.tasks.first().lead_unit])
    return plan


def issue(plan: Plan, *, editor, approver, clerk, number: int = 5,
          issued_on: datetime.date = datetime.date(2025, 9, 3)) -> Plan:
    """Submit, approve and issue through the plan services: the snapshot is the real one."""
    plan = plan_services.plan_submit(plan=plan, user=editor)
    plan = plan_services.plan_approve(plan=plan, user=approver)
    return plan_services.plan_issue(plan=plan, user=clerk, issued_on=issued_on, number=number)


def deputy_signs(plan: Plan) -> Plan:
    plan.signer_title, plan.signer_deputy_title, plan.signer_name = "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Hoa"
    plan.save()
    return plan
