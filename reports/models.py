"""Units' progress reports per round, their submitted versions and evidence, and roll-ups."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from danvan.models import Unit
from tasks.models import ReportingRound, Task


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Bị trả lại"
    ACCEPTED = "accepted", "Đã tiếp nhận"


# A unit has sent its report for a round when the office has it: waiting to be read or accepted. A
# draft, or a report returned for correction and not sent again, is still owed (home page, reminders,
# roll-up figures, co-ordinating units' parts all count it this way).
SENT_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class EntryStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"


class UnitReportQuerySet(models.QuerySet):
    def for_units(self, unit_ids):
        return self.filter(unit_id__in=unit_ids)


class UnitReport(models.Model):
    """What one unit reports for one round. Submitted versions are kept in UnitReportVersion."""

    round = models.ForeignKey(ReportingRound, verbose_name="đợt báo cáo", on_delete=models.PROTECT,
                              related_name="unit_reports")
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="reports")
    status = models.CharField("trạng thái", max_length=20, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    overall = models.TextField("đánh giá chung", blank=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người gửi", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    is_late = models.BooleanField("gửi muộn", null=True, blank=True,
                                  help_text="Theo lần gửi đầu tiên: bản sửa lại theo yêu cầu không làm báo cáo thành muộn")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người xem xét", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("xem xét lúc", null=True, blank=True)
    return_reason = models.TextField("lý do trả lại", blank=True)
    version = models.PositiveIntegerField("phiên bản đang soạn", default=1)
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    history = HistoricalRecords()

    objects = UnitReportQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo của đơn vị"
        verbose_name_plural = "báo cáo của đơn vị"
        ordering = ["round", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="unitreport_one_per_round_unit"),
            models.CheckConstraint(condition=Q(status="draft") | Q(submitted_at__isnull=False),
                                   name="unitreport_submitted_has_time"),
        ]

    def __str__(self) -> str:
        return f"Báo cáo của {self.unit} – {self.round.name}"

    def get_absolute_url(self):
        return reverse("reports:unit_report_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        """The unit may change it: a draft, or a version returned for revision."""
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class UnitReportEntry(models.Model):
    """The unit's words on one task in the draft being written."""

    report = models.ForeignKey(UnitReport, verbose_name="báo cáo", on_delete=models.CASCADE,
                               related_name="entries")
    task = models.ForeignKey(Task, verbose_name="nhiệm vụ", on_delete=models.PROTECT, related_name="report_entries")
    is_lead = models.BooleanField("đơn vị chủ trì", default=True)
    included = models.BooleanField("có trong báo cáo", default=True,
                                   help_text="Đơn vị phối hợp chọn báo cáo phần việc của mình hay không")
    status = models.CharField("tình trạng", max_length=20, choices=EntryStatus.choices,
                              default=EntryStatus.NOT_STARTED)
    done_text = models.TextField("kết quả thực hiện", blank=True)
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "nội dung báo cáo theo nhiệm vụ"
        verbose_name_plural = "nội dung báo cáo theo nhiệm vụ"
        ordering = ["report", "task__order", "task__pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "task"], name="entry_one_per_task"),
        ]

    def __str__(self) -> str:
        return f"{self.report.unit}: {self.task}"


class UnitReportVersion(models.Model):
    """A submitted version, frozen: nothing a unit submitted is ever lost."""

    report = models.ForeignKey(UnitReport, verbose_name="báo cáo", on_delete=models.CASCADE,
                               related_name="versions")
    number = models.PositiveIntegerField("lần gửi")
    submitted_at = models.DateTimeField("gửi lúc")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người gửi", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    is_late = models.BooleanField("gửi muộn", default=False)
    data = models.JSONField("nội dung đã gửi")
    outcome = models.CharField("kết quả xem xét", max_length=20, choices=ReportStatus.choices,
                               default=ReportStatus.SUBMITTED)
    outcome_reason = models.TextField("lý do", blank=True)

    class Meta:
        verbose_name = "phiên bản đã gửi"
        verbose_name_plural = "phiên bản đã gửi"
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reportversion_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.report} – lần {self.number}"


class Evidence(models.Model):
    """A file attached to a report entry. Stored under a generated name; served only via a view."""

    entry = models.ForeignKey(UnitReportEntry, verbose_name="nội dung báo cáo", on_delete=models.CASCADE,
                              related_name="evidence")
    file = models.FileField("tệp", upload_to="evidence/%Y/%m/")
    original_name = models.CharField("tên tệp gốc", max_length=255)
    content_type = models.CharField("kiểu tệp", max_length=100)
    size = models.PositiveIntegerField("dung lượng (byte)")
    version_number = models.PositiveIntegerField("thuộc phiên bản", default=1)
    withdrawn_in_version = models.PositiveIntegerField(
        "gỡ khỏi báo cáo từ phiên bản", null=True, blank=True,
        help_text="Tệp đã nằm trong một phiên bản đã gửi thì không xóa, chỉ gỡ khỏi bản đang soạn")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người tải lên", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tệp minh chứng"
        verbose_name_plural = "tệp minh chứng"
        ordering = ["entry", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ReminderLog(models.Model):
    """One reminder sent: the unique constraint makes a second run on the same day send nothing."""

    round = models.ForeignKey(ReportingRound, verbose_name="đợt báo cáo", on_delete=models.CASCADE,
                              related_name="reminders")
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người nhận", on_delete=models.CASCADE,
                             related_name="+")
    sent_on = models.DateField("ngày gửi")
    kind = models.CharField("loại nhắc", max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lần nhắc hạn"
        verbose_name_plural = "nhật ký nhắc hạn"
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user", "sent_on"], name="reminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"Nhắc {self.user} – {self.round} – {self.sent_on:%d/%m/%Y}"


class ReminderRequest(models.Model):
    """A "Nhắc đơn vị" click: the reminder of one unit for one round, queued for the worker.

    At most one a day per round and unit (the unique constraint, so two clicks racing queue one
    job); the job (reports.jobs.send_unit_reminder) marks it sent, or failed after its retries, and
    the round's board shows it "đang gửi" until then. A failed one may be asked again the same day.
    """

    QUEUED, SENT, FAILED = "queued", "sent", "failed"
    STATES = [(QUEUED, "đang gửi"), (SENT, "đã gửi"), (FAILED, "không gửi được")]

    round = models.ForeignKey(ReportingRound, verbose_name="đợt báo cáo", on_delete=models.CASCADE,
                              related_name="reminder_requests")
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+")
    requested_on = models.DateField("ngày yêu cầu")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người yêu cầu", null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    state = models.CharField("tình trạng", max_length=10, choices=STATES, default=QUEUED)
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    sent_count = models.PositiveSmallIntegerField("số thư đã gửi", default=0)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "yêu cầu nhắc đơn vị"
        verbose_name_plural = "yêu cầu nhắc đơn vị"
        ordering = ["-requested_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "requested_on"], name="reminder_request_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"Nhắc {self.unit} – {self.round} – {self.requested_on:%d/%m/%Y} ({self.get_state_display()})"


# The roll-up's model lives with its services, forms and views (reports/rollups/); imported here so
# Django's app registry and `from reports.models import RollupReport` find it.
from reports.rollups.models import RollupReport  # noqa: E402, F401
from reports.letters.models import ReminderLetter  # noqa: E402,F401  (the công văn đôn đốc, its own folder)
