"""The groups of “Việc cần làm”, one function per kind of waiting work.

Every group reads the organizations where the person holds the role that handles it (an approver
of Phù Liễn and editor of Tân Lương sees Phù Liễn's plans to approve and Tân Lương's reports to
review), never another organization's, and a reporter sees only their own units' reports.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Callable

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from danvan import permissions
from danvan.models import Membership, Role, Unit
from plans.models import Plan, PlanStatus
from reports.inbox.owing import units_owing
from reports.models import SENT_STATUSES, ReportStatus, RollupReport, UnitReport
from tasks.models import ReportingRound, Task

SHOWN = 10  # items listed per group; the count says how many there are in all
DUE_AHEAD_DAYS = 30  # a reporter's round enters "Việc cần làm" this many days before its last day
ISSUED = (PlanStatus.ISSUED, PlanStatus.CLOSED)
EDITORS = {Role.EDITOR, Role.ADMIN}


@dataclass
class InboxItem:
    title: str
    url: str
    action: str  # the button: where the item is handled ("Phê duyệt", "Mở báo cáo")
    detail: str = ""  # plan number, unit, organization
    words: str = ""  # deadline words ("còn 3 ngày", "quá hạn 2 ngày")
    tone: str = ""  # "", "warn", "bad" (the deadline colours of every page)
    note: str = ""  # a reason given when the work came back


@dataclass
class InboxGroup:
    key: str
    title: str
    total: int
    items: list[InboxItem] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(self.total - len(self.items), 0)


def round_title(round_: ReportingRound) -> str:
    """A round named with its plan, so two plans' "Báo cáo lần 2" are told apart."""
    plan = round_.plan
    number = f"Kế hoạch số {plan.number_display.strip()}" if plan.number else "Kế hoạch"
    return f"{round_.name} – {number}: {plan.title}"


def _last_day_bound(day: datetime.date) -> datetime.date:
    """The deadline whose last on-time day is `day` (ReportingRound.last_day, inverted)."""
    return day + datetime.timedelta(days=1) if settings.REPORT_DEADLINE_EXCLUSIVE else day


class _Reader:
    """Reads the groups for one person at one moment; `listing=False` only counts."""

    def __init__(self, user, now: datetime.datetime, listing: bool):
        self.user = user
        self.now = now
        self.today = timezone.localdate(now)
        self.listing = listing
        self.many_orgs = len(permissions.member_organization_ids(user)) > 1

    def orgs(self, roles) -> set[int]:
        return permissions.organizations_with(self.user, roles)

    def where(self, organization) -> str:
        return f" · {organization.name}" if self.many_orgs else ""

    def group(self, key: str, title: str, queryset: QuerySet, item: Callable) -> InboxGroup:
        total = queryset.count()
        items = [item(obj) for obj in queryset[:SHOWN]] if self.listing and total else []
        return InboxGroup(key, title, total, items)

    def merged(self, key: str, title: str, parts: list[tuple[QuerySet, Callable]]) -> InboxGroup:
        """One group from several kinds of document (plans and roll-ups), newest first."""
        total = 0
        items = []
        for queryset, item in parts:
            count = queryset.count()
            total += count
            if self.listing and count:
                items.extend((obj.updated_at, item(obj)) for obj in queryset[:SHOWN])
        items.sort(key=lambda pair: pair[0], reverse=True)
        return InboxGroup(key, title, total, [entry for _when, entry in items[:SHOWN]])

    # --- documents ---------------------------------------------------------------------------
    def plans(self, orgs, **filters) -> QuerySet:
        return (Plan.objects.filter(organization_id__in=orgs, **filters).select_related("organization")
                .order_by("-updated_at"))

    def rollups(self, orgs, **filters) -> QuerySet:
        return (RollupReport.objects.filter(organization_id__in=orgs, **filters)
                .select_related("organization").order_by("-updated_at"))

    def letters(self, orgs, **filters) -> QuerySet:
        from reports.letters.models import ReminderLetter

        return (ReminderLetter.objects.filter(organization_id__in=orgs, **filters)
                .select_related("organization").order_by("-updated_at"))

    def document_item(self, kind: str, action: str, url_name: str = "") -> Callable:
        """An item for a plan, roll-up or công văn: its title, number (or kind), where it is handled."""
        def item(document) -> InboxItem:
            title = f"V/v {document.subject}" if hasattr(document, "subject") else document.title
            url = reverse(url_name, args=[document.pk]) if url_name else document.get_absolute_url()
            number = f"{kind} số {document.number_display}" if document.number else kind
            return InboxItem(title, url, action, f"{number}{self.where(document.organization)}",
                             note=document.return_reason if document.status == PlanStatus.DRAFT else "")
        return item

    def plan_item(self, action: str, url_name: str = "") -> Callable:
        return self.document_item("Kế hoạch", action, url_name)

    def rollup_item(self, action: str, url_name: str = "") -> Callable:
        return self.document_item("Báo cáo tổng hợp", action, url_name)

    def letter_item(self, action: str, url_name: str = "") -> Callable:
        return self.document_item("Công văn đôn đốc", action, url_name)

    # --- the groups, by role -----------------------------------------------------------------
    def approver(self) -> list[InboxGroup]:
        orgs = self.orgs({Role.APPROVER})
        if not orgs:
            return []
        return [self.merged("approve", "Văn bản chờ bạn phê duyệt", [
            (self.plans(orgs, status=PlanStatus.SUBMITTED), self.plan_item("Xem và phê duyệt")),
            (self.rollups(orgs, status=PlanStatus.SUBMITTED), self.rollup_item("Xem và phê duyệt")),
            (self.letters(orgs, status=PlanStatus.SUBMITTED), self.letter_item("Xem và phê duyệt")),
        ])]

    def clerk(self) -> list[InboxGroup]:
        orgs = self.orgs({Role.CLERK})
        if not orgs:
            return []
        return [
            self.merged("issue", "Văn bản đã duyệt, chờ cấp số ban hành", [
                (self.plans(orgs, status=PlanStatus.APPROVED), self.plan_item("Cấp số, ban hành")),
                (self.rollups(orgs, status=PlanStatus.APPROVED), self.rollup_item("Cấp số, ban hành")),
                (self.letters(orgs, status=PlanStatus.APPROVED), self.letter_item("Cấp số, ban hành")),
            ]),
            self.merged("scan", "Văn bản đã ban hành chưa có bản chụp đã ký", [
                (self.plans(orgs, status__in=ISSUED, signed_scan=""), self.plan_item("Tải bản đã ký")),
                (self.rollups(orgs, status__in=ISSUED, signed_scan=""), self.rollup_item("Tải bản đã ký")),
                (self.letters(orgs, status__in=ISSUED, signed_scan=""), self.letter_item("Tải bản đã ký")),
            ]),
        ]

    def editor(self) -> list[InboxGroup]:
        orgs = self.orgs(EDITORS)
        if not orgs:
            return []
        reports = (UnitReport.objects.filter(round__plan__organization_id__in=orgs, status=ReportStatus.SUBMITTED)
                   .select_related("unit", "round__plan__organization").order_by("submitted_at", "pk"))
        return [
            self.group("review", "Báo cáo của đơn vị chờ xem xét", reports, self.report_item),
            self.rounds_missing(orgs),
            self.rollups_to_compile(orgs),
            self.merged("returned", "Dự thảo bị trả lại, cần sửa", [
                (self.plans(orgs, status=PlanStatus.DRAFT).exclude(return_reason=""),
                 self.plan_item("Sửa dự thảo", "plans:edit")),
                (self.rollups(orgs, status=PlanStatus.DRAFT).exclude(return_reason=""),
                 self.rollup_item("Sửa dự thảo", "reports:rollup_edit")),
                (self.letters(orgs, status=PlanStatus.DRAFT).exclude(return_reason=""),
                 self.letter_item("Sửa dự thảo", "reports:letter_edit")),
            ]),
        ]

    def report_item(self, report: UnitReport) -> InboxItem:
        when = timezone.localtime(report.submitted_at).strftime("%H:%M %d/%m/%Y")
        late = " (muộn)" if report.is_late else ""
        return InboxItem(f"{report.unit.name}: {round_title(report.round)}", report.get_absolute_url(),
                         "Xem và xử lý", f"Gửi lúc {when}{late}{self.where(report.round.plan.organization)}",
                         tone="warn" if report.is_late else "")

    def _rounds(self, orgs) -> QuerySet:
        return (ReportingRound.objects.filter(plan__organization_id__in=orgs, plan__status=PlanStatus.ISSUED)
                .select_related("plan__organization"))

    def rounds_missing(self, orgs) -> InboxGroup:
        """Rounds whose last day falls within the reminder window, with units still missing."""
        window = max(settings.REMINDER_DAYS_BEFORE, default=7)
        rounds = list(self._rounds(orgs).filter(
            deadline__gte=_last_day_bound(self.today),
            deadline__lte=_last_day_bound(self.today + datetime.timedelta(days=window)))
            .order_by("deadline", "pk"))
        owing = units_owing(rounds)
        items = []
        for round_ in rounds:
            if owing.get(round_.pk):
                words, tone = round_.deadline_words(self.today)
                names = ", ".join(unit.name for unit in owing[round_.pk])
                items.append(InboxItem(round_title(round_), reverse("reports:round_board", args=[round_.pk]),
                                       "Xem tiến độ, nhắc đơn vị",
                                       f"Còn thiếu {len(owing[round_.pk])} đơn vị: {names}"
                                       f"{self.where(round_.plan.organization)}", words, tone))
        return InboxGroup("missing", "Đợt sắp hết hạn còn đơn vị chưa báo cáo", len(items),
                          items[:SHOWN] if self.listing else [])

    def rollups_to_compile(self, orgs) -> InboxGroup:
        """Rounds past their last day that have no roll-up yet (a plan still running)."""
        rounds = (self._rounds(orgs).filter(deadline__lt=_last_day_bound(self.today))
                  .exclude(rollups__isnull=False).order_by("-deadline", "pk"))

        def item(round_: ReportingRound) -> InboxItem:
            words, tone = round_.deadline_words(self.today)
            return InboxItem(round_title(round_), reverse("reports:rollup_round", args=[round_.pk]),
                             "Tổng hợp báo cáo", f"Hết hạn ngày {round_.last_day:%d/%m/%Y}"
                             f"{self.where(round_.plan.organization)}", words, tone)
        return self.group("compile", "Đợt đã hết hạn, chờ lập báo cáo tổng hợp", rounds, item)

    def reporter(self) -> list[InboxGroup]:
        unit_ids = permissions.user_unit_ids(self.user)
        if not unit_ids:
            return []
        returned = (UnitReport.objects.filter(unit_id__in=unit_ids, status=ReportStatus.RETURNED,
                                              round__plan__status=PlanStatus.ISSUED)
                    .select_related("unit", "round__plan__organization").order_by("round__deadline", "pk"))

        def returned_item(report: UnitReport) -> InboxItem:
            words, tone = report.round.deadline_words(self.today)
            return InboxItem(round_title(report.round),
                             reverse("reports:unit_report_edit", args=[report.round_id, report.unit_id]),
                             "Sửa và gửi lại", f"{report.unit.name}{self.where(report.round.plan.organization)}",
                             note=report.return_reason)
        return [self.reports_due(unit_ids),
                self.group("returned_reports", "Báo cáo bị trả lại, cần sửa", returned, returned_item)]

    def reports_due(self, unit_ids: set[int]) -> InboxGroup:
        """Rounds the units must report in (they lead a task), due within a month or overdue,
        whose report is not sent: none yet, or a draft (a returned one is its own group)."""
        horizon = _last_day_bound(self.today + datetime.timedelta(days=DUE_AHEAD_DAYS))
        led = Task.objects.filter(lead_unit_id__in=unit_ids).values("plan_id")
        rounds = list(ReportingRound.objects.filter(plan__status=PlanStatus.ISSUED, plan_id__in=led,
                                                    deadline__lte=horizon)
                      .select_related("plan__organization").order_by("deadline", "pk"))
        leads = set(Task.objects.filter(plan_id__in={r.plan_id for r in rounds}, lead_unit_id__in=unit_ids)
                    .values_list("plan_id", "lead_unit_id"))
        done = set(UnitReport.objects.filter(round__in=rounds, unit_id__in=unit_ids)
                   .filter(Q(status__in=SENT_STATUSES) | Q(status=ReportStatus.RETURNED))
                   .values_list("round_id", "unit_id"))
        owed = [(round_, unit_id) for round_ in rounds for unit_id in sorted(unit_ids)
                if (round_.plan_id, unit_id) in leads and (round_.pk, unit_id) not in done]
        units = Unit.objects.in_bulk(unit_ids) if self.listing and owed else {}
        items = []
        for round_, unit_id in owed[:SHOWN] if self.listing else []:
            words, tone = round_.deadline_words(self.today)
            items.append(InboxItem(
                round_title(round_), reverse("reports:unit_report_edit", args=[round_.pk, unit_id]),
                "Mở báo cáo", f"{units[unit_id].name}{self.where(round_.plan.organization)}", words, tone))
        return InboxGroup("due", "Báo cáo đến hạn của đơn vị", len(owed), items)

    def admin(self) -> list[InboxGroup]:
        """Units that must report (they lead a task of an issued plan) but have nobody to do it."""
        orgs = self.orgs({Role.ADMIN})
        if not orgs:
            return []
        staffed = Membership.objects.filter(role=Role.REPORTER, user__is_active=True).values("unit_id")
        units = (Unit.objects.filter(organization_id__in=orgs, is_active=True,
                                     led_tasks__plan__status=PlanStatus.ISSUED)
                 .exclude(pk__in=staffed).distinct().select_related("organization").order_by("order", "name"))

        def item(unit: Unit) -> InboxItem:
            # handled in the app's own "Quản trị cơ quan" (danvan.administration), not the Django admin
            url = (reverse("administration:person_create", kwargs={"code": unit.organization.code})
                   + f"?role={Role.REPORTER}&unit={unit.pk}")
            return InboxItem(unit.name, url, "Phân công cán bộ báo cáo",
                             f"Chưa có ai được giao vai trò cán bộ báo cáo{self.where(unit.organization)}")
        return [self.group("unstaffed", "Đơn vị chủ trì nhiệm vụ chưa có người báo cáo", units, item)]


def _groups(user, now: datetime.datetime, listing: bool) -> list[InboxGroup]:
    if not user.is_authenticated:
        return []
    reader = _Reader(user, now, listing)
    return reader.approver() + reader.clerk() + reader.editor() + reader.reporter() + reader.admin()


def inbox(user, *, now: datetime.datetime | None = None) -> list[InboxGroup]:
    """Every group of the person's roles, each with its count and first items (empty groups too:
    the page says there is nothing waiting)."""
    return _groups(user, now or timezone.now(), listing=True)


def inbox_total(user, *, now: datetime.datetime | None = None) -> int:
    """How many things wait in all (the number in the menu)."""
    return sum(group.total for group in _groups(user, now or timezone.now(), listing=False))
