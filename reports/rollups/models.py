"""The organization's roll-up report (BÁO CÁO) of a round, or of a period at the level above."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from danvan.models import IssuedNumber, Organization
from plans.models import PlanStatus
from tasks.models import ReportingRound


class RollupReport(models.Model):
    """The organization's own BÁO CÁO for a round (or, at the level above, for a period).

    Figures are recomputed from the data; the text parts are the editor's and survive a refresh.
    """

    organization = models.ForeignKey(Organization, verbose_name="cơ quan", on_delete=models.PROTECT,
                                     related_name="rollups")
    round = models.ForeignKey(ReportingRound, verbose_name="đợt báo cáo", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="rollups")
    sources = models.ManyToManyField("self", verbose_name="báo cáo của cấp dưới", symmetrical=False, blank=True,
                                     related_name="used_in")
    title = models.CharField("trích yếu", max_length=500)
    period_label = models.CharField("kỳ báo cáo", max_length=100, blank=True)
    period_start = models.DateField("từ ngày", null=True, blank=True)
    period_end = models.DateField("đến ngày", null=True, blank=True)
    figures = models.JSONField("số liệu tổng hợp", default=dict, blank=True)
    addressees = models.TextField("kính gửi", blank=True,
                                  help_text="Cơ quan cấp trên nhận báo cáo, mỗi dòng một nơi; để trống khi không gửi lên")
    intro = models.TextField("đoạn mở đầu", blank=True)
    leadership_text = models.TextField("công tác lãnh đạo, chỉ đạo, triển khai thực hiện", blank=True)
    results_text = models.TextField("kết quả thực hiện", blank=True)
    assessment_text = models.TextField("đánh giá chung (ưu điểm; tồn tại, hạn chế; nguyên nhân)", blank=True)
    proposals_text = models.TextField("đề xuất, kiến nghị với cấp trên", blank=True)
    direction_text = models.TextField("phương hướng, nhiệm vụ kỳ tới", blank=True)
    recipients = models.TextField("nơi nhận", blank=True)
    signer_authority = models.CharField("thẩm quyền ký", max_length=255, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=255, blank=True)
    signer_deputy_title = models.CharField("chức vụ cấp phó", max_length=255, blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=255, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    return_reason = models.TextField("lý do trả lại", blank=True)
    number = models.PositiveIntegerField("số", null=True, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    register_entry = models.OneToOneField(IssuedNumber, verbose_name="số đăng ký", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="rollup")
    signed_scan = models.FileField("bản chụp văn bản đã ký", upload_to="signed/%Y/", blank=True)
    snapshot = models.JSONField("bản chốt khi ban hành", null=True, blank=True, editable=False)
    version = models.PositiveIntegerField("phiên bản", default=1, editable=False)
    figures_refreshed_at = models.DateTimeField("cập nhật số liệu lúc", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người tạo", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người phê duyệt", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        verbose_name = "báo cáo tổng hợp"
        verbose_name_plural = "báo cáo tổng hợp"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["issued", "closed"])
                | (Q(number__isnull=False) & Q(issued_on__isnull=False) & Q(register_entry__isnull=False)),
                name="rollup_issued_has_number"),
            models.CheckConstraint(condition=Q(status__in=["issued", "closed"]) | Q(number__isnull=True),
                                   name="rollup_number_only_when_issued"),
        ]

    def __str__(self) -> str:
        if self.number:
            return f"Báo cáo số {self.number_display}: {self.title}"
        return f"Báo cáo (dự thảo): {self.title}"

    def get_absolute_url(self):
        return reverse("reports:rollup_detail", args=[self.pk])

    @property
    def symbol(self) -> str:
        return f"BC-{self.organization.issuer_symbol}"

    @property
    def number_display(self) -> str:
        return f"{self.number:02d}/{self.symbol}" if self.number else f"      /{self.symbol}"

    @property
    def is_issued(self) -> bool:
        return self.status in (PlanStatus.ISSUED, PlanStatus.CLOSED)

    def addressee_lines(self) -> list[str]:
        return [line.strip().rstrip(".;") for line in self.addressees.splitlines() if line.strip(" .;")]

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
