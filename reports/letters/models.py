"""The công văn đôn đốc as stored: its text, the units it is sent to, its life cycle and number."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from danvan.models import IssuedNumber, Organization, Unit
from plans.models import PlanStatus
from tasks.models import ReportingRound


class ReminderLetter(models.Model):
    """An official reminder letter (công văn đôn đốc) to the units late with a round's report."""

    organization = models.ForeignKey(Organization, verbose_name="cơ quan", on_delete=models.PROTECT,
                                     related_name="reminder_letters")
    round = models.ForeignKey(ReportingRound, verbose_name="đợt báo cáo", on_delete=models.PROTECT,
                              related_name="reminder_letters")
    units = models.ManyToManyField(Unit, verbose_name="kính gửi", related_name="+",
                                   help_text="Các đơn vị chưa gửi báo cáo")
    subject = models.CharField("trích yếu", max_length=500, help_text="In sau “V/v”, dưới số văn bản")
    body = models.TextField("nội dung", help_text="Mỗi dòng một đoạn")
    reply_by = models.DateField("hạn gửi báo cáo", help_text="Ngày đề nghị các đơn vị gửi báo cáo chậm nhất")
    drafting_symbol = models.CharField("ký hiệu đơn vị soạn thảo", max_length=20, blank=True,
                                       help_text="Ví dụ VHXH: số văn bản in thành 12/UBND-VHXH")
    recipients = models.TextField("nơi nhận", blank=True, help_text="Mỗi dòng một nơi nhận")
    signer_authority = models.CharField("thẩm quyền ký", max_length=255, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=255, blank=True)
    signer_deputy_title = models.CharField("chức vụ cấp phó", max_length=255, blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=255, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    return_reason = models.TextField("lý do trả lại", blank=True)
    number = models.PositiveIntegerField("số", null=True, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    register_entry = models.OneToOneField(IssuedNumber, verbose_name="số đăng ký", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="reminder_letter")
    signed_scan = models.FileField("bản chụp văn bản đã ký", upload_to="signed/%Y/", blank=True)
    snapshot = models.JSONField("bản chốt khi ban hành", null=True, blank=True, editable=False)
    version = models.PositiveIntegerField("phiên bản", default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người soạn", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người phê duyệt", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        verbose_name = "công văn đôn đốc"
        verbose_name_plural = "công văn đôn đốc"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["issued", "closed"])
                | (Q(number__isnull=False) & Q(issued_on__isnull=False) & Q(register_entry__isnull=False)),
                name="letter_issued_has_number",
                violation_error_message="Công văn đã ban hành phải có số, ngày ban hành và số đăng ký."),
            models.CheckConstraint(condition=Q(status__in=["issued", "closed"]) | Q(number__isnull=True),
                                   name="letter_number_only_when_issued",
                                   violation_error_message="Chỉ công văn đã ban hành mới có số."),
        ]

    def __str__(self) -> str:
        if self.number:
            return f"Công văn số {self.number_display}: V/v {self.subject}"
        return f"Công văn (dự thảo): V/v {self.subject}"

    def get_absolute_url(self):
        return reverse("reports:letter_detail", args=[self.pk])

    @property
    def symbol(self) -> str:
        """A công văn has no type code: the issuer, then the drafting unit (FORMAT.md §7.1)."""
        issuer = self.organization.issuer_symbol
        return f"{issuer}-{self.drafting_symbol}" if self.drafting_symbol else issuer

    @property
    def number_display(self) -> str:
        return f"{self.number:02d}/{self.symbol}" if self.number else f"      /{self.symbol}"

    @property
    def is_issued(self) -> bool:
        return self.status in (PlanStatus.ISSUED, PlanStatus.CLOSED)

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
