"""Legal documents (one shared registry), plans, their citations and sections."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from danvan import permissions
from danvan.models import IssuedNumber, Organization, SearchTextQuerySet, Unit
from danvan.text import FIRST_YEAR, LAST_YEAR, nfc, search_key, year_range_error


class LegalKind(models.TextChoices):
    CONSTITUTION = "Hiến pháp", "Hiến pháp"
    LAW = "Luật", "Luật"
    CODE = "Bộ luật", "Bộ luật"
    ORDINANCE = "Pháp lệnh", "Pháp lệnh"
    RESOLUTION = "Nghị quyết", "Nghị quyết"
    JOINT_RESOLUTION = "Nghị quyết liên tịch", "Nghị quyết liên tịch"
    DECREE = "Nghị định", "Nghị định"
    DECISION = "Quyết định", "Quyết định"
    DIRECTIVE = "Chỉ thị", "Chỉ thị"
    CONCLUSION = "Kết luận", "Kết luận"
    CIRCULAR = "Thông tư", "Thông tư"
    JOINT_CIRCULAR = "Thông tư liên tịch", "Thông tư liên tịch"
    PLAN = "Kế hoạch", "Kế hoạch"
    OFFICIAL_LETTER = "Công văn", "Công văn"
    GUIDANCE = "Hướng dẫn", "Hướng dẫn"
    REGULATION = "Quy chế", "Quy chế"
    RULE = "Quy định", "Quy định"
    NOTICE = "Thông báo", "Thông báo"
    PROGRAMME = "Chương trình", "Chương trình"
    CIRCULAR_NOTE = "Thông tri", "Thông tri"
    DISPATCH = "Công điện", "Công điện"
    REPORT = "Báo cáo", "Báo cáo"
    SUBMISSION = "Tờ trình", "Tờ trình"
    CHARTER = "Điều lệ", "Điều lệ"
    ORDER = "Lệnh", "Lệnh"
    SCHEME = "Đề án", "Đề án"
    OTHER = "Văn bản", "Văn bản khác"


FIRST_DOCUMENT_YEAR = 1945  # documents still cited go back to the state's founding


def number_key(number: str) -> str:
    """Canonical form of a document symbol for de-duplication: "1669/NQ-UBTVQH15" = "1669/nq-ubtvqh15"."""
    return re.sub(r"\s+", "", nfc(number or "")).lower().replace("đ", "d")


class LegalDocumentQuerySet(SearchTextQuerySet):
    pass


class LegalDocument(models.Model):
    """A document plans cite. Entered once per deployment and cited by many plans."""

    kind = models.CharField("loại văn bản", max_length=30, choices=LegalKind.choices)
    number = models.CharField("số, ký hiệu", max_length=100, blank=True,
                              help_text="Ví dụ 33/CT-TTg; để trống với luật trích dẫn theo tên")
    name = models.CharField("tên văn bản", max_length=500, blank=True,
                            help_text="Với luật, pháp lệnh: tên luật, ví dụ Luật Thực hiện dân chủ ở cơ sở")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    subject = models.TextField("trích yếu", blank=True)
    number_key = models.CharField(max_length=100, editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField("ngày nhập", auto_now_add=True)

    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản pháp lý"
        verbose_name_plural = "văn bản pháp lý"
        ordering = ["-issued_on", "kind", "number"]
        constraints = [
            # One number, one date: every commune issues its own "12/KH-UBND".
            models.UniqueConstraint(fields=["number_key", "issued_on"], condition=~Q(number_key=""),
                                    name="legaldocument_unique_number_date"),
            models.CheckConstraint(condition=~Q(number="") | ~Q(name=""), name="legaldocument_number_or_name",
                                   violation_error_message="Cần có số, ký hiệu hoặc tên văn bản."),
        ]

    def __str__(self) -> str:
        return self.citation_text(full=False)

    def save(self, *args, **kwargs):
        for field in ("number", "name", "issuer", "subject"):
            setattr(self, field, " ".join(nfc(getattr(self, field)).split()))
        self.number_key = number_key(self.number)
        self.search_text = search_key(f"{self.kind} {self.number} {self.name} {self.issuer} {self.subject}")
        super().save(*args, **kwargs)

    def clean(self):
        if not self.number and not self.name:
            raise ValidationError({"number": "Cần có số, ký hiệu hoặc tên văn bản."})
        if self.issued_on and not FIRST_DOCUMENT_YEAR <= self.issued_on.year <= LAST_YEAR:
            raise ValidationError(
                {"issued_on": f"Ngày ban hành phải trong khoảng năm {FIRST_DOCUMENT_YEAR}–{LAST_YEAR}."})
        if self.number and not any(char.isalnum() for char in self.number):
            raise ValidationError({"number": "Số, ký hiệu văn bản phải có chữ hoặc số, ví dụ 33/CT-TTg."})
        if self.number:
            key = number_key(self.number)
            if LegalDocument.objects.filter(number_key=key, issued_on=self.issued_on).exclude(pk=self.pk).exists():
                raise ValidationError({"number": "Văn bản có số, ký hiệu và ngày ban hành này đã có trong danh mục."})

    def citation_text(self, full: bool = True) -> str:
        """As NĐ 30 cites a document the first time: kind, number, date, issuer, subject."""
        parts = [self.name] if self.name and not self.number else [f"{self.kind} số {self.number}"]
        if self.issued_on:
            parts.append(f"ngày {self.issued_on.day}/{self.issued_on.month}/{self.issued_on.year}")
        if full and self.issuer and not (self.name and not self.number):
            parts.append(f"của {self.issuer}")
        if full and self.subject:
            parts.append(self.subject)
        return " ".join(parts)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Chờ phê duyệt"
    APPROVED = "approved", "Đã phê duyệt, chờ cấp số"
    ISSUED = "issued", "Đã ban hành"
    CLOSED = "closed", "Đã kết thúc"


ISSUED_Q = Q(status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED])  # issued or closed: what the level above sees


class PlanQuerySet(SearchTextQuerySet):
    def search(self, query: str):
        """Plans holding every term of the query as whole words, anywhere in their text (plans.search)."""
        from plans.search import terms_condition

        condition = terms_condition(query)
        return self if condition is None else self.filter(condition)

    def for_organizations(self, org_ids):
        return self.filter(organization_id__in=org_ids)

    def issued(self):
        return self.filter(ISSUED_Q)

    def visible_to(self, user):
        """The plans the user sees: their organizations' all, those of the levels below once issued."""
        return permissions.filter_visible(user, self, ISSUED_Q)


class Plan(models.Model):
    """A kế hoạch: header, citations, sections, tasks, reporting rounds, recipients, signer."""

    organization = models.ForeignKey(Organization, verbose_name="cơ quan ban hành", on_delete=models.PROTECT,
                                     related_name="plans")
    title = models.CharField("trích yếu", max_length=500,
                             help_text="Ví dụ: Triển khai thực hiện công tác dân vận … năm 2025")
    year = models.PositiveIntegerField("năm")
    period_label = models.CharField("thời gian thực hiện", max_length=100, blank=True,
                                    help_text="Ví dụ: 6 tháng cuối năm 2025")
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    implements = models.ForeignKey(LegalDocument, verbose_name="văn bản cấp trên được triển khai", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="implementing_plans")
    intro = models.TextField("đoạn mở đầu", blank=True,
                             help_text="Đoạn “Thực hiện …; Ủy ban nhân dân … ban hành kế hoạch …, như sau:”")
    closing = models.TextField("đoạn kết", blank=True)
    appendix_title = models.CharField("tên phụ lục nhiệm vụ", max_length=255, blank=True,
                                      default="Bảng tổng hợp nhiệm vụ, phân công trách nhiệm")
    drafting_unit = models.ForeignKey(Unit, verbose_name="đơn vị soạn thảo", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="drafted_plans")
    recipients = models.TextField("nơi nhận", blank=True, help_text="Mỗi dòng một nơi nhận")
    signer_authority = models.CharField("thẩm quyền ký", max_length=255, blank=True,
                                        help_text="Ví dụ: TM. ỦY BAN NHÂN DÂN")
    signer_title = models.CharField("chức vụ người ký", max_length=255, blank=True,
                                    help_text="CHỦ TỊCH, hoặc KT. CHỦ TỊCH khi cấp phó ký thay")
    signer_deputy_title = models.CharField("chức vụ cấp phó", max_length=255, blank=True,
                                           help_text="PHÓ CHỦ TỊCH khi ký thay (KT.)")
    signer_name = models.CharField("họ tên người ký", max_length=255, blank=True)

    status = models.CharField("trạng thái", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    return_reason = models.TextField("lý do trả lại", blank=True)
    number = models.PositiveIntegerField("số", null=True, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    register_entry = models.OneToOneField(IssuedNumber, verbose_name="số đăng ký", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="plan")
    signed_scan = models.FileField("bản chụp văn bản đã ký", upload_to="signed/%Y/", blank=True)
    snapshot = models.JSONField("bản chốt khi ban hành", null=True, blank=True, editable=False)
    copied_from = models.ForeignKey("self", verbose_name="sao chép từ", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="copies")

    version = models.PositiveIntegerField("phiên bản", default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người tạo", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("gửi phê duyệt lúc", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người phê duyệt", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    history = HistoricalRecords(excluded_fields=["search_text", "snapshot"])
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-year", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=F("period_end")), name="plan_period_order",
                                   violation_error_message="Ngày kết thúc phải sau ngày bắt đầu."),
            models.CheckConstraint(condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR), name="plan_year_range",
                                   violation_error_message=f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}."),
            models.CheckConstraint(
                condition=~Q(status__in=["issued", "closed"])
                | (Q(number__isnull=False) & Q(issued_on__isnull=False) & Q(register_entry__isnull=False)),
                name="plan_issued_has_number",
                violation_error_message="Kế hoạch đã ban hành phải có số, ngày ban hành và số đăng ký."),
            models.CheckConstraint(condition=Q(status__in=["issued", "closed"]) | Q(number__isnull=True),
                                   name="plan_number_only_when_issued",
                                   violation_error_message="Chỉ kế hoạch đã ban hành mới có số."),
        ]

    def __str__(self) -> str:
        if self.number:
            return f"Kế hoạch số {self.number_display}: {self.title}"
        return f"Kế hoạch (dự thảo): {self.title}"

    def save(self, *args, **kwargs):
        self.title = " ".join(nfc(self.title).split())
        from plans.search import plan_search_parts, search_document

        self.search_text = search_document(plan_search_parts(self))
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        for field, what in (("period_start", "Ngày bắt đầu"), ("period_end", "Ngày kết thúc")):
            if error := year_range_error(getattr(self, field), what):
                errors[field] = error
        if self.period_start and self.period_end and self.period_start > self.period_end:
            errors.setdefault("period_end", "Ngày kết thúc phải sau ngày bắt đầu.")
        elif self.year and self.period_start and self.period_end \
                and not self.period_start.year <= self.year <= self.period_end.year:
            years = sorted({self.period_start.year, self.period_end.year})
            errors["year"] = (f"Năm của kế hoạch ({self.year}) phải là năm của thời gian thực hiện "
                              f"({'–'.join(str(y) for y in years)}).")
        if self.drafting_unit_id and self.organization_id and self.drafting_unit.organization_id != self.organization_id:
            errors["drafting_unit"] = "Đơn vị soạn thảo không thuộc cơ quan ban hành."
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])

    @property
    def symbol(self) -> str:
        return f"KH-{self.organization.issuer_symbol}" if self.organization_id else "KH"

    @property
    def number_display(self) -> str:
        return f"{self.number:02d}/{self.symbol}" if self.number else f"      /{self.symbol}"

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.status in (PlanStatus.ISSUED, PlanStatus.CLOSED)

    @property
    def has_task_table(self) -> bool:
        """Whether the plan has tasks printed as its appendix table (Shape A), not only duties units hold."""
        return self.tasks.filter(kind="task").exists()

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class PlanSection(models.Model):
    """A Roman-numbered part of the plan: its heading and text (items "1.", "-" inside)."""

    plan = models.ForeignKey(Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField("thứ tự", default=0)
    heading = models.CharField("tiêu đề", max_length=255, help_text="Ví dụ: MỤC ĐÍCH, YÊU CẦU (số La Mã tự đánh)")
    body = models.TextField("nội dung", blank=True,
                            help_text="Mỗi dòng một đoạn; dòng bắt đầu “1.” là khoản, “-” là gạch đầu dòng")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "mục của kế hoạch"
        verbose_name_plural = "mục của kế hoạch"
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.heading

    def save(self, *args, **kwargs):
        self.heading = " ".join(nfc(self.heading).split())
        self.body = nfc(self.body).replace("\r\n", "\n")
        super().save(*args, **kwargs)


class CitationRole(models.TextChoices):
    BASIS = "basis", "Căn cứ"
    CARRY_OUT = "carry_out", "Văn bản triển khai thực hiện"
    MENTION = "mention", "Nhắc đến"


class Citation(models.Model):
    """A plan citing a legal document: as its basis (printed as a "Căn cứ" line), as a document of
    the level above it carries out, or as a document its body mentions (linked and searchable in
    the registry, never printed as a basis)."""

    plan = models.ForeignKey(Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="citations")
    document = models.ForeignKey(LegalDocument, verbose_name="văn bản", on_delete=models.PROTECT,
                                 related_name="citations")
    role = models.CharField("vai trò", max_length=20, choices=CitationRole.choices, default=CitationRole.BASIS)
    order = models.PositiveIntegerField("thứ tự", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "trích dẫn"
        verbose_name_plural = "trích dẫn"
        ordering = ["plan", "role", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "document", "role"], name="citation_unique_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.document}"
