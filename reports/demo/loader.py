"""Write the demo data to the database, idempotently, in one transaction.

Every row is found by its natural key (organization code, unit name, username, document number or
name, plan title within its organization, section/task/round order within its plan) and created
only when missing; what already exists is left exactly as it is, so a second run writes nothing and
a user's own changes to demo rows survive a restart of `make run`.

The loader seeds every app, so it lives in reports, the top of the danvan <- plans <- tasks <- reports
chain, and imports the models of the apps below it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from reports.demo import hai_phong, phu_lien, second_commune, waiting_work
from reports.demo.progress import load_unit_reports
from reports.demo.rollup import load_issued_rollup
from reports.demo.legal_documents import LEGAL_DOCUMENTS, ref
from danvan.models import DocumentKind, Membership, Organization, Role, Unit
from danvan.services import register_claim
from plans.models import Citation, LegalDocument, Plan, PlanSection
from plans.importing import read_source, recognise
from plans.importing.services import plan_create_from_import
from plans.services import plan_snapshot
from tasks.models import ReportingRound, Task

# One shared password for every demo account (README lists the accounts). It passes Django's
# password validators; the loader checks that again before setting it.
DEMO_PASSWORD = "DanVan@2025"
EMAIL_DOMAIN = "example"  # reserved TLD (RFC 2606): demo mail goes nowhere

# Parents before children: the city, then its two communes.
ORGANIZATION_MODULES = (hai_phong, phu_lien, second_commune)


@dataclass
class AccountLine:
    username: str
    full_name: str
    role: str
    organization: str
    unit: str
    note: str
    created: bool
    password_set: bool


@dataclass
class PlanLine:
    organization: str
    label: str
    created: bool
    parts: dict[str, int] = field(default_factory=dict)


@dataclass
class DemoSummary:
    """What a run created and what it found already there, for the command's report."""

    # label -> [created, already present], in the order the report prints them
    counts: dict[str, list[int]] = field(default_factory=lambda: {label: [0, 0] for label in (
        "Cơ quan", "Đơn vị", "Tài khoản", "Phân quyền", "Văn bản pháp lý", "Kế hoạch", "Báo cáo của đơn vị")})
    plans: list[PlanLine] = field(default_factory=list)
    accounts: list[AccountLine] = field(default_factory=list)

    def tally(self, label: str, created: bool) -> None:
        self.counts[label][0 if created else 1] += 1

    @property
    def created_anything(self) -> bool:
        return any(created for created, _present in self.counts.values())


def load_demo(*, reset_passwords: bool = False) -> DemoSummary:
    """Create whatever demo rows are missing; return what was created and what was there.

    With `reset_passwords`, existing demo accounts get DEMO_PASSWORD again (the only case in
    which existing rows are changed). Raises ValidationError if a demo plan's register number is
    already taken by another document; the transaction then leaves the database untouched.
    """
    summary = DemoSummary()
    with transaction.atomic():
        documents = {ref(data): _legal_document(data, summary) for data in LEGAL_DOCUMENTS}
        organizations: dict[str, Organization] = {}
        users: dict[str, object] = {}
        for module in ORGANIZATION_MODULES:
            organization = _organization(module.ORGANIZATION, organizations, summary)
            organizations[organization.code] = organization
            units = {data["name"]: _unit(organization, order, data, summary)
                     for order, data in enumerate(module.UNITS, start=1)}
            for account in module.ACCOUNTS:
                users[account["username"]] = _account(organization, units, account, reset_passwords, summary)
            for plan in module.PLANS:
                _plan(organization, units, documents, users, plan, summary)
            for imported in getattr(module, "IMPORTED_PLANS", []):
                _imported_plan(organization, units, users, imported, summary)
            if module is phu_lien:  # work waiting for the demo accounts (reports.demo.waiting_work)
                for data, state in waiting_work.PLANS:
                    waiting = _plan(organization, units, documents, users, data, summary)
                    if summary.plans[-1].created:
                        waiting_work.advance(waiting, state)
        created, present = load_unit_reports()
        returned = waiting_work.load_returned_report()
        summary.counts["Báo cáo của đơn vị"] = [created + returned[0], present + returned[1]]
        created = load_issued_rollup()
        summary.counts["Báo cáo tổng hợp"] = [int(created), int(not created)]
    return summary


def _legal_document(data: dict, summary: DemoSummary):
    defaults = {key: data.get(key, "") for key in ("issuer", "subject")}
    defaults["issued_on"] = data.get("issued_on")
    if data.get("number"):
        document, created = LegalDocument.objects.get_or_create(
            number=data["number"], defaults={"kind": data["kind"], **defaults})
    else:
        document, created = LegalDocument.objects.get_or_create(
            number="", kind=data["kind"], name=data["name"], defaults=defaults)
    summary.tally("Văn bản pháp lý", created)
    return document


def _organization(data: dict, known: dict[str, Organization], summary: DemoSummary) -> Organization:
    defaults = {key: value for key, value in data.items() if key not in ("code", "parent")}
    defaults["parent"] = known[data["parent"]] if data["parent"] else None
    organization, created = Organization.objects.get_or_create(code=data["code"], defaults=defaults)
    summary.tally("Cơ quan", created)
    return organization


def _unit(organization: Organization, order: int, data: dict, summary: DemoSummary) -> Unit:
    defaults = {key: value for key, value in data.items() if key != "name"}
    unit, created = Unit.objects.get_or_create(organization=organization, name=data["name"],
                                               defaults={"order": order, **defaults})
    summary.tally("Đơn vị", created)
    return unit


def _account(organization: Organization, units: dict[str, Unit], data: dict, reset_password: bool,
             summary: DemoSummary):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=data["username"], defaults={
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "email": f"{data['username']}@{organization.code}.{EMAIL_DOMAIN}",
        "is_staff": data.get("is_staff", False),
        "is_superuser": data.get("is_superuser", False),
    })
    summary.tally("Tài khoản", created)
    if created or reset_password:
        validate_password(DEMO_PASSWORD, user)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    unit = units[data["unit"]] if data.get("unit") else None
    _membership, membership_created = Membership.objects.get_or_create(
        user=user, organization=organization, role=data["role"], unit=unit)
    summary.tally("Phân quyền", membership_created)
    summary.accounts.append(AccountLine(
        username=user.username, full_name=user.get_full_name(), role=Role(data["role"]).label,
        organization=organization.name, unit=unit.name if unit else "", note=data["note"],
        created=created, password_set=created or reset_password))
    return user


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.make_aware(value) if value else None


def _plan(organization: Organization, units: dict[str, Unit], documents: dict, users: dict, data: dict,
          summary: DemoSummary):
    existing = Plan.objects.filter(organization=organization, title=data["title"]).first()
    if existing is not None:
        summary.tally("Kế hoạch", False)
        summary.plans.append(PlanLine(organization.name, str(existing), created=False))
        return existing

    fields = {key: data[key] for key in (
        "title", "year", "period_label", "period_start", "period_end", "intro", "closing", "appendix_title",
        "signer_authority", "signer_title", "signer_name")}
    fields.update(
        organization=organization,
        signer_deputy_title=data.get("signer_deputy_title", ""),
        implements=documents[data["implements"]] if data["implements"] else None,
        drafting_unit=units[data["drafting_unit"]],
        recipients="\n".join(data["recipients"]),
        created_by=users.get(data["created_by"]),
    )
    issue = data["issue"]
    if issue:
        fields.update(_issued_fields(organization, data["title"], issue, users))
    plan = Plan(**fields)
    plan._history_user = fields["created_by"]  # the plan's history names its editor, not "unknown"
    plan.save()
    parts = {
        "mục": _sections(plan, data["sections"]),
        "trích dẫn": _citations(plan, documents, data["citations"]),
        "nhiệm vụ": _tasks(plan, units, data["tasks"]),
        "đợt báo cáo": _rounds(plan, data["rounds"]),
    }
    if plan.is_issued:
        # An issued plan prints from its snapshot, as one issued through the site does.
        plan.snapshot = plan_snapshot(plan)
        plan.save(update_fields=["snapshot"])
    summary.tally("Kế hoạch", True)
    summary.plans.append(PlanLine(organization.name, str(plan), created=True, parts=parts))
    return plan


def _issued_fields(organization: Organization, title: str, issue: dict, users: dict) -> dict:
    """The fields of an issued plan; the register row first (the database refuses an issued plan
    without number, date and entry)."""
    entry = register_claim(
        organization=organization, kind=DocumentKind.PLAN, symbol=f"KH-{organization.issuer_symbol}",
        issued_on=issue["issued_on"], title=title, user=users.get(issue["clerk"]), number=issue["number"])
    return {"status": "issued", "number": entry.number, "issued_on": entry.issued_on, "register_entry": entry,
            "submitted_at": _aware(issue["submitted_at"]), "approved_at": _aware(issue["approved_at"]),
            "approved_by": users.get(issue["approver"])}


def _imported_plan(organization: Organization, units: dict[str, Unit], users: dict, data: dict,
                   summary: DemoSummary):
    """A plan entered through the importer from its text, as a user would: recognised, the unit
    choices of the review applied, created as a draft, then issued with its number and date."""
    recognised = recognise(read_source(text=data["source"].read_text(encoding="utf-8")), organization=organization)
    existing = Plan.objects.filter(organization=organization, title=recognised["title"]).first()
    if existing is not None:
        summary.tally("Kế hoạch", False)
        summary.plans.append(PlanLine(organization.name, str(existing), created=False))
        return existing
    recognised["unit_map"] = {name: units[unit].pk for name, unit in data["unit_map"].items()}
    user = users.get(data["created_by"])
    plan = plan_create_from_import(organization=organization, data=recognised, user=user)
    if data["issue"]:
        for name, value in _issued_fields(organization, plan.title, data["issue"], users).items():
            setattr(plan, name, value)
        plan.snapshot = plan_snapshot(plan)
        plan._history_user = user
        plan.save()
    summary.tally("Kế hoạch", True)
    summary.plans.append(PlanLine(organization.name, str(plan), created=True, parts={
        "mục": plan.sections.count(), "trích dẫn": plan.citations.count(),
        "nhiệm vụ của đơn vị": plan.tasks.filter(kind="duty").count(), "đợt báo cáo": plan.rounds.count()}))
    return plan


def _sections(plan, sections: list[tuple[str, str]]) -> int:
    for order, (heading, body) in enumerate(sections, start=1):
        PlanSection.objects.get_or_create(plan=plan, order=order, defaults={"heading": heading, "body": body})
    return len(sections)


def _citations(plan, documents: dict, citations: list[tuple[str, str]]) -> int:
    for order, (document_ref, role) in enumerate(citations, start=1):
        Citation.objects.get_or_create(plan=plan, document=documents[document_ref], role=role,
                                       defaults={"order": order})
    return len(citations)


def _tasks(plan, units: dict[str, Unit], tasks: list[dict]) -> int:
    for order, data in enumerate(tasks, start=1):
        due_kind, due_date = data["due"]
        task, created = Task.objects.get_or_create(plan=plan, order=order, defaults={
            "content": data["content"], "lead_unit": units[data["lead"]], "due_kind": due_kind,
            "due_date": due_date, "output": data["output"]})
        if created:
            task.coordinating_units.set([units[name] for name in data["coordinating"]])
    return len(tasks)


def _rounds(plan, rounds: list[dict]) -> int:
    for order, data in enumerate(rounds, start=1):
        ReportingRound.objects.get_or_create(plan=plan, order=order, defaults={
            key: data[key] for key in ("name", "deadline", "period_start", "period_end")})
    return len(rounds)
