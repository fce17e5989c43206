"""One populated organization for the security tests (issue 7): a plan in every state, unit reports
of both units with evidence, a draft and an issued roll-up, signed scans, a calendar token.

Everything is built with the apps' services (the way the pages build it), so what the tests attack
is what users make. Import the fixtures by name: `from danvan.tests.world import world, media  # noqa`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.models import CalendarToken, Organization, Unit
from danvan.tests import factories as f
from danvan.tests.files import EXE_BYTES, HTML_BYTES, PDF_BYTES, png_bytes  # noqa: F401 - re-exported to the tests
from plans import services as plan_services
from plans.models import Citation, LegalDocument, Plan, PlanSection
from reports import progress
from reports.rollups import services as rollup_services
from reports.models import Evidence, RollupReport, UnitReport
from tasks.models import ReportingRound, Task

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Written into every title of `org`'s plans, tasks and roll-ups: a page shown to a user of another
# organization must never contain it.
MARK = "BíMậtPhườngAnBình"
PERSONAS = ("editor", "approver", "clerk", "reporter_a", "reporter_b", "viewer", "outsider", "parent_user")



def local(year, month, day, hour=9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


def upload(name: str = "ban-ky.pdf", content: bytes = PDF_BYTES, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@dataclass
class World:
    org: Organization
    other_org: Organization
    unit_a: Unit
    unit_b: Unit
    users: dict
    draft: Plan
    section: PlanSection
    citation: Citation
    task: Task
    draft_round: ReportingRound
    submitted: Plan
    approved: Plan
    issued: Plan
    round1: ReportingRound
    round2: ReportingRound
    report_a: UnitReport
    report_b: UnitReport
    open_report_a: UnitReport
    evidence: Evidence
    rollup: RollupReport
    submitted_rollup: RollupReport
    approved_rollup: RollupReport
    issued_rollup: RollupReport
    token: CalendarToken
    document: LegalDocument
    extra: dict = field(default_factory=dict)


def draft_plan(org, unit_a, unit_b, editor, title: str) -> Plan:
    """A draft with two tasks (A leads the first, B co-ordinates it; B leads the second) and two rounds."""
    plan = f.PlanFactory(organization=org, created_by=editor, drafting_unit=unit_a, title=title)
    task = f.TaskFactory(plan=plan, lead_unit=unit_a, order=1, due_date=datetime.date(2025, 9, 30),
                         content=f"Tuyên truyền công tác dân vận {MARK}")
    task.coordinating_units.add(unit_b)
    f.TaskFactory(plan=plan, lead_unit=unit_b, order=2, due_kind="continuous", due_date=None,
                  content=f"Tiếp công dân định kỳ {MARK}")
    f.RoundFactory(plan=plan, order=1, name="Báo cáo lần 1", deadline=datetime.date(2025, 9, 3))
    f.RoundFactory(plan=plan, order=2, name="Báo cáo lần 2", deadline=datetime.date(2025, 12, 2))
    return plan


def issue_plan(plan: Plan, *, editor, approver, clerk, issued_on=datetime.date(2025, 8, 15)) -> Plan:
    plan_services.plan_submit(plan=plan, user=editor)
    plan_services.plan_approve(plan=plan, user=approver)
    return plan_services.plan_issue(plan=plan, user=clerk, issued_on=issued_on)


def submit_report(round_, unit, user, *, text: str, files=()) -> UnitReport:
    """Open, fill in and submit a unit's report the way the form does (optionally with evidence)."""
    report = progress.unit_report_open(round=round_, unit=unit)
    changes = []
    for entry in report.entries.all():
        uploads = [progress.CheckedUpload(file, "pdf", "application/pdf") for file in files] if entry.is_lead else []
        changes.append(progress.EntryChange(entry.pk, "in_progress", text, included=entry.is_lead, uploads=uploads))
    report = progress.unit_report_save(report=report, user=user, lock_version=report.lock_version,
                                       overall=f"Đánh giá chung {text}", changes=changes)
    assert progress.unit_report_submit(report=report, user=user, lock_version=report.lock_version)
    report.refresh_from_db()
    return report


def report_form_data(report: UnitReport, **extra) -> dict:
    """What the report form posts for every entry of `report` (save, not submit)."""
    data = {"lock_version": report.lock_version, "overall": "Đánh giá chung", "action": "save"}
    for entry in report.entries.all():
        data.update({f"e{entry.pk}-status": "in_progress", f"e{entry.pk}-done_text": "Đã tuyên truyền",
                     f"e{entry.pk}-difficulties": "", f"e{entry.pk}-proposals": ""})
        if not entry.is_lead:
            data[f"e{entry.pk}-included"] = "on"
    data.update(extra)
    return data


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a fresh folder for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def world(media, org, other_org, unit_a, unit_b, editor, approver, clerk, viewer, reporter_a, reporter_b,
          outsider, parent_user) -> World:
    users = {"editor": editor, "approver": approver, "clerk": clerk, "viewer": viewer, "reporter_a": reporter_a,
             "reporter_b": reporter_b, "outsider": outsider, "parent_user": parent_user}
    document = f.LegalDocumentFactory(number="33/CT-TTg")
    draft = draft_plan(org, unit_a, unit_b, editor, f"Dự thảo công tác dân vận {MARK}")
    section = f.SectionFactory(plan=draft, order=1, heading=f"MỤC ĐÍCH, YÊU CẦU {MARK}")
    citation = f.CitationFactory(plan=draft, document=document, role="basis", order=1)
    submitted = draft_plan(org, unit_a, unit_b, editor, f"Kế hoạch chờ duyệt {MARK}")
    plan_services.plan_submit(plan=submitted, user=editor)
    approved = draft_plan(org, unit_a, unit_b, editor, f"Kế hoạch đã duyệt {MARK}")
    plan_services.plan_submit(plan=approved, user=editor)
    plan_services.plan_approve(plan=approved, user=approver)
    issued = issue_plan(draft_plan(org, unit_a, unit_b, editor, f"Kế hoạch đã ban hành {MARK}"),
                        editor=editor, approver=approver, clerk=clerk)
    issued = plan_services.plan_attach_scan(plan=issued, user=clerk, upload=upload())
    round1, round2 = issued.rounds.order_by("order")
    with time_machine.travel(local(2025, 9, 1), tick=False):
        report_a = submit_report(round1, unit_a, reporter_a, text=f"Kết quả A {MARK}",
                                 files=[upload("bien-ban.pdf")])
        report_b = submit_report(round1, unit_b, reporter_b, text=f"Kết quả B {MARK}")
        open_report_a = progress.unit_report_open(round=round2, unit=unit_a)
    with time_machine.travel(local(2025, 9, 5), tick=False):
        rollup = rollup_services.rollup_compile(round=round1, user=editor)
    # One roll-up in each later state, each on its own round (a round has one roll-up being worked on).
    rounds = [round2] + [f.RoundFactory(plan=issued, order=n, name=f"Báo cáo lần {n}",
                                        deadline=datetime.date(2025, 12, 2 + n)) for n in (3, 4)]
    later = []
    with time_machine.travel(local(2025, 12, 10), tick=False):
        for round_, last_step in zip(rounds, ("issue", "submit", "approve"), strict=True):
            rollup_ = rollup_services.rollup_compile(round=round_, user=editor)
            rollup_ = rollup_services.rollup_update(rollup=rollup_, user=editor, expected_version=rollup_.version,
                                                    data={"direction_text": "Tiếp tục triển khai."})
            rollup_ = rollup_services.rollup_submit(rollup=rollup_, user=editor)
            if last_step != "submit":
                rollup_ = rollup_services.rollup_approve(rollup=rollup_, user=approver)
            if last_step == "issue":
                rollup_ = rollup_services.rollup_issue(rollup=rollup_, user=clerk,
                                                       issued_on=datetime.date(2025, 12, 10))
                rollup_ = rollup_services.rollup_attach_scan(rollup=rollup_, user=clerk, upload=upload())
            later.append(rollup_)
    issued_rollup, submitted_rollup, approved_rollup = later
    extra = {"letters": _letters(round2, editor, approver, clerk)}
    return World(
        org=org, other_org=other_org, unit_a=unit_a, unit_b=unit_b, users=users, draft=draft, section=section,
        citation=citation, task=draft.tasks.get(order=1), draft_round=draft.rounds.get(order=1),
        submitted=submitted, approved=approved, issued=issued, round1=round1, round2=round2,
        report_a=report_a, report_b=report_b, open_report_a=open_report_a,
        evidence=Evidence.objects.get(entry__report=report_a), rollup=rollup, submitted_rollup=submitted_rollup,
        approved_rollup=approved_rollup, issued_rollup=issued_rollup,
        token=progress.calendar_token_reset(user=editor), document=document, extra=extra,
    )


def _letters(round_, editor, approver, clerk) -> dict:
    """Công văn đôn đốc for round 2 (units A and B have not sent): a draft, a submitted, an approved
    one, and an issued one with its signed scan."""
    from reports.letters import services as letter_services

    letters = {}
    with time_machine.travel(local(2025, 12, 10), tick=False):
        for state in ("draft", "submitted", "approved", "issued"):
            letter = letter_services.letter_draft(round=round_, user=editor)
            if state != "draft":
                letter = letter_services.letter_submit(letter=letter, user=editor)
            if state in ("approved", "issued"):
                letter = letter_services.letter_approve(letter=letter, user=approver)
            if state == "issued":
                letter = letter_services.letter_issue(letter=letter, user=clerk, issued_on=datetime.date(2025, 12, 10))
                letter = letter_services.letter_attach_scan(letter=letter, user=clerk, upload=upload())
            letters[state] = letter
    return letters
