"""Tasks a plan assigns to units, and the rounds in which units report on them."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from danvan.models import Unit, in_unit_order
from danvan.text import FIRST_YEAR, LAST_YEAR, nfc, search_key, short_date, year_range_error
from tasks.schedule import ROMAN, shift_year
from plans.models import Plan, PlanSection


class TaskKind(models.TextChoices):
    """Shape A: a task of the appendix table. Shape B: a duty a unit or civil-servant post holds,
    written inside a section of the plan (usually III. Tổ chức thực hiện) and printed there."""

    TASK = "task", "Nhiệm vụ (bảng phụ lục)"
    DUTY = "duty", "Nhiệm vụ của đơn vị (trong nội dung)"


class DueKind(models.TextChoices):
    DATE = "date", "Theo ngày"
    MONTH = "month", "Theo tháng"
    QUARTER = "quarter", "Theo quý"
    CONTINUOUS = "continuous", "Thường xuyên"


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> datetime.date:
    return month_end(year, quarter * 3)


class TaskQuerySet(models.QuerySet):
    def for_unit(self, unit_id: int):
        """Tasks a unit leads or co-ordinates."""
        return self.involving([unit_id])

    def involving(self, unit_ids):
        """Tasks any of these units leads or co-ordinates.

        Two index look-ups joined by UNION: the same condition written as an OR across the join to
        the co-ordinating units reads every task of the database (bench/load.py)."""
        through = self.model.coordinating_units.through
        led = self.model._default_manager.filter(lead_unit_id__in=unit_ids).order_by().values("pk")
        coordinated = through.objects.filter(unit_id__in=unit_ids).order_by().values("task_id")
        return self.filter(pk__in=led.union(coordinated))

    def led_by(self, unit_id: int):
        return self.filter(lead_unit_id=unit_id)

    def in_issued_plans(self):
        return self.filter(plan__status__in=["issued", "closed"])


def deadline_words(last_day: datetime.date, today: datetime.date) -> tuple[str, str]:
    """("còn 3 ngày", tone) counted against a round's last on-time day: the one wording of every
    page and reminder. The tone turns "warn" on the day the first reminder mail goes out
    (settings.REMINDER_DAYS_BEFORE, 7 days before by default) and "bad" once the day has passed."""
    days = (last_day - today).days
    if days > 0:
        warn_from = max(settings.REMINDER_DAYS_BEFORE, default=7)
        return f"còn {days} ngày", "warn" if days <= warn_from else ""
    if days == 0:
        return "hạn hôm nay", "warn"
    return f"quá hạn {-days} ngày", "bad"


def task_due_error(plan: Plan, due_date: datetime.date | None) -> str | None:
    """Why a task of `plan` cannot be due on `due_date`, or None: not before the plan starts, and
    not after the end of the year following its end (plans often run into the next year's first
    months, never years on). One rule for the task form, the services, the admin and the import."""
    if due_date is None or plan.period_start is None or plan.period_end is None:
        return None
    last = datetime.date(plan.period_end.year + 1, 12, 31)
    if due_date < plan.period_start:
        return (f"Thời hạn {short_date(due_date)} ở trước ngày bắt đầu kế hoạch ({short_date(plan.period_start)}): "
                "hãy kiểm tra lại năm.")
    if due_date > last:
        return (f"Thời hạn {short_date(due_date)} quá xa: kế hoạch thực hiện từ {short_date(plan.period_start)} "
                f"đến {short_date(plan.period_end)}, thời hạn nhiệm vụ không quá {short_date(last)}.")
    return None


def task_unit_errors(plan: Plan, lead_unit: Unit | None, coordinating_units) -> dict[str, str]:
    """The rule for a task's units, written once for the task form, the services, the admin, the
    spreadsheet import and Task.clean(): every unit belongs to the plan's organization (the database trigger enforces it
    too, with an error page instead of these words), and the lead is not also co-ordinating."""
    errors = {}
    if lead_unit is not None and lead_unit.organization_id != plan.organization_id:
        errors["lead_unit"] = "Đơn vị chủ trì không thuộc cơ quan ban hành kế hoạch."
    coordinating = list(coordinating_units)
    foreign = [unit.name for unit in coordinating if unit.organization_id != plan.organization_id]
    if foreign:
        errors["coordinating_units"] = f"Đơn vị phối hợp không thuộc cơ quan ban hành kế hoạch: {', '.join(foreign)}."
    elif lead_unit is not None and any(unit.pk == lead_unit.pk for unit in coordinating):
        errors["coordinating_units"] = f"{lead_unit.name} đã là đơn vị chủ trì, không đồng thời là đơn vị phối hợp."
    return errors


class Task(models.Model):
    """One line of work: content, one lead unit, any co-ordinating units, when due, expected output."""

    plan = models.ForeignKey(Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveIntegerField("thứ tự", default=0)
    content = models.TextField("nội dung nhiệm vụ")
    lead_unit = models.ForeignKey(Unit, verbose_name="đơn vị chủ trì", on_delete=models.PROTECT,
                                  related_name="led_tasks")
    coordinating_units = models.ManyToManyField(Unit, verbose_name="đơn vị phối hợp", blank=True,
                                                related_name="coordinated_tasks")
    due_kind = models.CharField("loại thời hạn", max_length=20, choices=DueKind.choices, default=DueKind.DATE)
    due_date = models.DateField("thời hạn", null=True, blank=True,
                                help_text="Với hạn theo tháng/quý: ngày cuối tháng/quý")
    extended_due_date = models.DateField("thời hạn đã gia hạn", null=True, blank=True)
    extension_reason = models.TextField("lý do gia hạn", blank=True)
    output = models.CharField("sản phẩm", max_length=500, blank=True,
                              help_text="Ví dụ: báo cáo, hội nghị, tin bài tuyên truyền")
    kind = models.CharField("loại", max_length=10, choices=TaskKind.choices, default=TaskKind.TASK)
    section = models.ForeignKey(PlanSection, verbose_name="thuộc mục", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="duties",
                                help_text="Mục của kế hoạch in nhiệm vụ của đơn vị (thường là Tổ chức thực hiện)")
    search_text = models.TextField(editable=False, blank=True, default="")
    history = HistoricalRecords(excluded_fields=["search_text"], m2m_fields=[coordinating_units])

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(due_kind="continuous") & Q(due_date__isnull=True))
                | (~Q(due_kind="continuous") & Q(due_date__isnull=False)),
                name="task_due_date_matches_kind",
                violation_error_message="Cần nhập thời hạn, trừ nhiệm vụ thường xuyên (không có ngày)."),
            models.CheckConstraint(
                condition=Q(extended_due_date__isnull=True) | Q(extended_due_date__gte=F("due_date")),
                name="task_extension_after_due",
                violation_error_message="Thời hạn gia hạn phải sau thời hạn ban đầu."),
            models.CheckConstraint(
                condition=Q(kind="task") | Q(due_kind="continuous"),
                name="task_duty_is_continuous",
                violation_error_message="Nhiệm vụ của đơn vị là nhiệm vụ thường xuyên (không có thời hạn)."),
        ]

    def __str__(self) -> str:
        text = " ".join(self.content.split())
        return text if len(text) <= 80 else text[:79] + "…"

    def save(self, *args, **kwargs):
        self.content = nfc(self.content).strip()
        self.output = nfc(self.output).strip()
        if self.due_kind == DueKind.MONTH and self.due_date:
            self.due_date = month_end(self.due_date.year, self.due_date.month)
        elif self.due_kind == DueKind.QUARTER and self.due_date:
            self.due_date = quarter_end(self.due_date.year, (self.due_date.month - 1) // 3 + 1)
        elif self.due_kind == DueKind.CONTINUOUS:
            self.due_date = None
        self.search_text = search_key(f"{self.content} {self.output}")
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.due_kind != DueKind.CONTINUOUS and not self.due_date:
            errors["due_date"] = "Cần nhập thời hạn (hoặc chọn “Thường xuyên”)."
        for field, what in (("due_date", "Thời hạn"), ("extended_due_date", "Ngày gia hạn")):  # as task_extend says it
            if error := year_range_error(getattr(self, field), what):
                errors[field] = error
        if self.lead_unit_id and self.plan_id:  # co-ordinating units are saved after the task (many-to-many)
            errors.update(task_unit_errors(self.plan, self.lead_unit, []))
        if self.plan_id and "due_date" not in errors and (error := task_due_error(self.plan, self.due_date)):
            errors["due_date"] = error
        if self.extended_due_date and self.due_date and self.extended_due_date < self.due_date:
            errors["extended_due_date"] = "Thời hạn gia hạn phải sau thời hạn ban đầu."
        if self.kind == TaskKind.DUTY and self.due_kind != DueKind.CONTINUOUS:
            errors["due_kind"] = "Nhiệm vụ của đơn vị là nhiệm vụ thường xuyên (không có thời hạn)."
        if self.section_id and self.plan_id and self.section.plan_id != self.plan_id:
            errors["section"] = "Mục được chọn không thuộc kế hoạch này."
        if errors:
            raise ValidationError(errors)

    @property
    def coordinators(self) -> list[Unit]:
        """The co-ordinating units in the units' one order (prefetch "coordinating_units" to list many)."""
        return in_unit_order(self.coordinating_units.all())

    @property
    def is_duty(self) -> bool:
        return self.kind == TaskKind.DUTY

    @property
    def effective_due_date(self) -> datetime.date | None:
        """The date the task is judged against: the extended one when there is one."""
        return self.extended_due_date or self.due_date

    @staticmethod
    def format_due(kind: str, day: datetime.date | None) -> str:
        if kind == DueKind.CONTINUOUS or day is None:
            return "Thường xuyên"
        if kind == DueKind.MONTH:
            return f"Tháng {day.month}/{day.year}"
        if kind == DueKind.QUARTER:
            return f"Quý {ROMAN[(day.month - 1) // 3 + 1]}/{day.year}"
        return f"Trước ngày {day.day:02d}/{day.month:02d}/{day.year}"

    @property
    def due_label(self) -> str:
        return self.format_due(self.due_kind, self.due_date)

    @property
    def due_text(self) -> str:
        """The due label as printed: "Trước ngày 30/09/2025 (gia hạn đến 15/10/2025)"."""
        if self.extended_due_date and self.extended_due_date != self.due_date:
            return f"{self.due_label} (gia hạn đến {short_date(self.extended_due_date)})"
        return self.due_label


class ReportingRound(models.Model):
    """When units report on a plan: name, deadline and the span its figures cover."""

    plan = models.ForeignKey(Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="rounds")
    order = models.PositiveIntegerField("thứ tự", default=0)
    name = models.CharField("tên đợt", max_length=255, help_text="Ví dụ: Báo cáo lần 1")
    deadline = models.DateField("hạn báo cáo", help_text="“Báo cáo trước ngày …”")
    period_start = models.DateField("chốt số liệu từ ngày", null=True, blank=True)
    period_end = models.DateField("chốt số liệu đến ngày", null=True, blank=True)
    reporting_units = models.ManyToManyField(
        Unit, verbose_name="đơn vị phải báo cáo", blank=True, related_name="+",
        help_text="Để trống: các đơn vị chủ trì nhiệm vụ của kế hoạch phải báo cáo")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "đợt báo cáo"
        verbose_name_plural = "đợt báo cáo"
        ordering = ["plan", "deadline", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True) | Q(period_end__isnull=True)
                | Q(period_start__lte=F("period_end")),
                name="round_period_order",
                violation_error_message="Ngày chốt cuối phải sau ngày chốt đầu."),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True) | Q(deadline__gte=F("period_start")),
                name="round_deadline_after_period_start",
                violation_error_message="Hạn báo cáo không được trước kỳ chốt số liệu."),
            models.CheckConstraint(
                condition=Q(deadline__gte=datetime.date(FIRST_YEAR, 1, 1)) & Q(deadline__lte=datetime.date(LAST_YEAR, 12, 31)),
                name="round_deadline_sane_year",
                violation_error_message=f"Hạn báo cáo phải trong khoảng năm {FIRST_YEAR}–{LAST_YEAR}."),
        ]
        # Rounds are found by their deadline across plans (a city's overview of its wards, the
        # inbox's rounds closing soon, the daily reminders): bench/load.py saw the table read whole.
        indexes = [models.Index(fields=["deadline"], name="round_deadline_idx")]

    def __str__(self) -> str:
        return f"{self.name} (trước ngày {self.deadline:%d/%m/%Y})"

    @property
    def cutoff(self) -> datetime.datetime:
        """The first instant that is late, in local time (settings.REPORT_DEADLINE_EXCLUSIVE).

        "Trước ngày 03/9/2025" means by the end of 02/9: the cut-off is 00:00 on 03/9. With the
        setting off, the whole deadline day counts and the cut-off is 00:00 the day after.
        """
        day = self.deadline if settings.REPORT_DEADLINE_EXCLUSIVE else self.deadline + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    def is_late(self, moment: datetime.datetime) -> bool:
        return moment >= self.cutoff

    @property
    def last_day(self) -> datetime.date:
        """The last calendar day on which a report is still on time."""
        return self.cutoff.date() - datetime.timedelta(days=1)

    def deadline_words(self, today: datetime.date) -> tuple[str, str]:
        return deadline_words(self.last_day, today)

    @property
    def data_cutoff(self) -> datetime.date:
        """The day the round's figures are taken at ("số liệu tính đến ngày"): the end of its data
        period, else the round's last on-time day. A task due after it is never overdue in the round."""
        return self.period_end or self.last_day

    def reporter_ids(self) -> set[int]:
        """The units that must report in this round (see `round_reporter_ids`)."""
        return round_reporter_ids([self])[self.pk]

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_start > self.period_end:
            errors["period_end"] = "Ngày chốt cuối phải sau ngày chốt đầu."
        if self.period_start and self.deadline and self.deadline < self.period_start:
            errors["deadline"] = "Hạn báo cáo không được trước kỳ chốt số liệu."
        elif self.period_end and self.deadline and self.deadline <= self.period_end:
            errors["deadline"] = "Hạn báo cáo phải sau ngày chốt số liệu cuối (số liệu được chốt rồi mới báo cáo)."
        if self.plan_id and self.deadline:
            plan = self.plan
            lower = shift_year(plan.period_start, -1) if plan.period_start else None  # 29/02 → 28/02
            upper = datetime.date(plan.period_end.year + 2, 12, 31) if plan.period_end else None
            if lower and upper and not (lower <= self.deadline <= upper):
                errors["deadline"] = "Hạn báo cáo nằm quá xa thời gian thực hiện kế hoạch."
        if errors:
            raise ValidationError(errors)


def round_reporter_ids(rounds) -> dict[int, set[int]]:
    """Who must report in each round, by round id: the list the editor set on the round, else the
    lead units of its plan's tasks (a post holding duties leads them like a unit its tasks).
    Co-ordinating units are welcome to send their part but are never owed. Two queries, whatever
    the number of rounds, units and tasks."""
    rounds = list(rounds)
    chosen: dict[int, set[int]] = {}
    through = ReportingRound.reporting_units.through
    for round_id, unit_id in through.objects.filter(reportinground_id__in=[r.pk for r in rounds]).values_list(
            "reportinground_id", "unit_id"):
        chosen.setdefault(round_id, set()).add(unit_id)
    leads: dict[int, set[int]] = {}
    missing_plans = {r.plan_id for r in rounds if r.pk not in chosen}
    for plan_id, unit_id in Task.objects.filter(plan_id__in=missing_plans).values_list("plan_id", "lead_unit_id"):
        leads.setdefault(plan_id, set()).add(unit_id)
    return {r.pk: chosen.get(r.pk) or set(leads.get(r.plan_id, ())) for r in rounds}
