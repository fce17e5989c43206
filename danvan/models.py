"""Organizations, their units, who belongs where with which role, and the number register."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from danvan.text import FIRST_YEAR, LAST_YEAR, search_key, vietnamese_sort_key, words_q


class Organization(models.Model):
    """An issuing body (UBND xã/phường, or the city above): what the letterhead needs."""

    name = models.CharField("tên cơ quan", max_length=255, unique=True,
                            help_text="Tên đầy đủ, ví dụ: Ủy ban nhân dân phường Phù Liễn")
    code = models.SlugField("mã", max_length=50, unique=True,
                            help_text="Mã ngắn, không dấu, dùng trong địa chỉ và tệp xuất")
    parent = models.ForeignKey("self", verbose_name="cơ quan cấp trên", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    header_parent_name = models.CharField(
        "tên cơ quan chủ quản (in trên tiêu đề)", max_length=255, blank=True,
        help_text="Để trống với UBND xã, phường (không in dòng chủ quản)")
    header_name = models.TextField(
        "tên cơ quan in trên tiêu đề", help_text="Mỗi dòng một dòng in, ví dụ: ỦY BAN NHÂN DÂN ↵ PHƯỜNG PHÙ LIỄN")
    place_name = models.CharField("địa danh ghi ngày tháng", max_length=100,
                                  help_text="Ví dụ: Phù Liễn (in thành “Phù Liễn, ngày … tháng … năm …”)")
    issuer_symbol = models.CharField("ký hiệu cơ quan ban hành", max_length=30, default="UBND",
                                     help_text="Dùng trong số văn bản, ví dụ KH-UBND")
    authority_line = models.CharField("dòng thẩm quyền ký", max_length=255,
                                      default="TM. ỦY BAN NHÂN DÂN")
    default_signer_title = models.CharField(
        "chức vụ người ký mặc định", max_length=255, blank=True,
        help_text="Điền sẵn vào kế hoạch mới, ví dụ: CHỦ TỊCH")
    default_signer_name = models.CharField("họ tên người ký mặc định", max_length=255, blank=True,
                                           help_text="Điền sẵn vào kế hoạch mới")
    default_recipients = models.TextField(
        "nơi nhận mặc định", blank=True,
        help_text="Điền sẵn vào kế hoạch mới, mỗi dòng một nơi nhận, ví dụ: Thường trực Đảng ủy;")
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_key(f"{self.name} {self.code}")
        super().save(*args, **kwargs)

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "Cơ quan cấp trên không được là chính nó hoặc cấp dưới của nó."})
            ancestor = ancestor.parent

    @property
    def header_lines(self) -> list[str]:
        return [line.strip() for line in self.header_name.splitlines() if line.strip()]


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", "Phòng chuyên môn"
    CENTER = "center", "Đơn vị sự nghiệp"
    OFFICE = "office", "Văn phòng"
    POST = "post", "Công chức chuyên môn"
    EXTERNAL = "external", "Cơ quan, tổ chức phối hợp"


class SearchTextQuerySet(models.QuerySet):
    """Rows whose search_text (search_key of their words) holds every word of the query."""

    def search(self, query: str):
        condition = words_q(query)
        return self if condition is None else self.filter(condition)


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_organization(self, organization):
        return self.filter(organization=organization)


class Unit(models.Model):
    """Who is assigned work: a department, a centre, a civil-servant post, a partner body."""

    organization = models.ForeignKey(Organization, verbose_name="cơ quan", on_delete=models.CASCADE,
                                     related_name="units")
    name = models.CharField("tên đơn vị", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=50, blank=True,
                                  help_text="Dùng ở dòng “Lưu: VT, …”, ví dụ VHXH")
    kind = models.CharField("loại đơn vị", max_length=20, choices=UnitKind.choices,
                            default=UnitKind.DEPARTMENT)
    head_name = models.CharField("người đứng đầu", max_length=255, blank=True)
    contact_name = models.CharField("người liên hệ", max_length=255, blank=True)
    contact_title = models.CharField("chức vụ người liên hệ", max_length=255, blank=True)
    contact_phone = models.CharField("điện thoại liên hệ", max_length=30, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang hoạt động", default=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["organization", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unit_unique_name_per_org"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_key(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)

    def sort_key(self) -> tuple:
        """The units' one order on every page, form, printed document and spreadsheet: their own
        "thứ tự", then the name in Vietnamese order (a database would put "Đ" after "Z")."""
        return (self.order, vietnamese_sort_key(self.name), self.pk)


def person_name(user) -> str:
    """How a person is named on every page: their full name, the username when they have none,
    "(hệ thống)" for a change no person made (a command, a migration)."""
    if user is None:
        return "(hệ thống)"
    return user.get_full_name() or user.get_username()


def in_unit_order(units) -> list[Unit]:
    """`units` (any iterable, a prefetched relation included) in the units' one order."""
    return sorted(units, key=Unit.sort_key)


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị"
    EDITOR = "editor", "Chuyên viên soạn thảo"
    APPROVER = "approver", "Lãnh đạo phê duyệt"
    CLERK = "clerk", "Văn thư"
    REPORTER = "reporter", "Cán bộ báo cáo của đơn vị"
    VIEWER = "viewer", "Người xem"


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user).select_related("organization", "unit")


class Membership(models.Model):
    """A user's role in one organization; a reporter also belongs to one unit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người dùng", on_delete=models.CASCADE,
                             related_name="memberships")
    organization = models.ForeignKey(Organization, verbose_name="cơ quan", on_delete=models.CASCADE,
                                     related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="memberships")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        ordering = ["organization", "user__username", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role", "unit"],
                                    name="membership_unique", nulls_distinct=False),
            models.CheckConstraint(condition=~Q(role="reporter") | Q(unit__isnull=False),
                                   name="membership_reporter_has_unit",
                                   violation_error_message="Cán bộ báo cáo phải thuộc một đơn vị."),
        ]

    def __str__(self) -> str:
        where = f" – {self.unit}" if self.unit_id else ""
        return f"{self.user} – {self.get_role_display()} – {self.organization}{where}"

    def clean(self):
        if self.role == Role.REPORTER and not self.unit_id:
            raise ValidationError({"unit": "Cán bộ báo cáo phải thuộc một đơn vị."})
        if self.unit_id and self.organization_id and self.unit.organization_id != self.organization_id:
            raise ValidationError({"unit": "Đơn vị không thuộc cơ quan đã chọn."})


class DocumentKind(models.TextChoices):
    PLAN = "KH", "Kế hoạch"
    REPORT = "BC", "Báo cáo"
    LETTER = "CV", "Công văn"  # the register's category only: a công văn's printed number has no type code


class IssuedNumber(models.Model):
    """The organization's register of issued numbers: one sequence per year for every kind.

    A row is claimed inside the issuing transaction; the unique constraint is what guarantees two
    clerks issuing at the same moment never share a number.
    """

    organization = models.ForeignKey(Organization, verbose_name="cơ quan", on_delete=models.PROTECT,
                                     related_name="issued_numbers")
    year = models.PositiveIntegerField("năm")
    number = models.PositiveIntegerField("số")
    kind = models.CharField("loại văn bản", max_length=5, choices=DocumentKind.choices)
    symbol = models.CharField("ký hiệu", max_length=50)
    issued_on = models.DateField("ngày ban hành")
    title = models.CharField("trích yếu", max_length=500, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người cấp số", null=True,
                                  blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField("thời điểm cấp", auto_now_add=True)

    class Meta:
        verbose_name = "số văn bản đã cấp"
        verbose_name_plural = "sổ đăng ký văn bản đi"
        ordering = ["organization", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "number"], name="issued_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="issued_number_positive",
                                   violation_error_message="Số văn bản phải là số nguyên dương."),
            models.CheckConstraint(condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR), name="issued_number_year_range",
                                   violation_error_message=f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}."),
        ]

    def __str__(self) -> str:
        return f"Số {self.number}/{self.symbol} ({self.year})"

    @property
    def display(self) -> str:
        return f"{self.number:02d}/{self.symbol}"

    def get_absolute_url(self):
        return reverse("admin:danvan_issuednumber_change", args=[self.pk])


class CalendarToken(models.Model):
    """A private, revocable token for a user's iCalendar feed of deadlines."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="người dùng", on_delete=models.CASCADE,
                                related_name="calendar_token")
    token = models.CharField("mã truy cập", max_length=64, unique=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "mã lịch cá nhân"
        verbose_name_plural = "mã lịch cá nhân"

    def __str__(self) -> str:
        return f"Lịch của {self.user}"


class AccountProfile(models.Model):
    """What the app keeps about a person beyond Django's user: whether the password in use was
    given by someone else (a first password, a forced reset) and must be changed before work."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="người dùng", on_delete=models.CASCADE,
                                related_name="account_profile")
    must_change_password = models.BooleanField(
        "phải đổi mật khẩu", default=False,
        help_text="Người dùng phải đặt mật khẩu mới trước khi làm việc khác")

    class Meta:
        verbose_name = "hồ sơ tài khoản"
        verbose_name_plural = "hồ sơ tài khoản"

    def __str__(self) -> str:
        return f"Hồ sơ của {self.user}"


class AuditEntryQuerySet(models.QuerySet):
    def for_organization(self, organization):
        return self.filter(organization=organization).select_related("actor")


class AuditEntry(models.Model):
    """One change an organization's administrator made (who, what, when), in words.

    A plain log rather than field history: merges, role changes and forced resets are actions
    over several rows, and the log is read as sentences by the organization's admin.
    """

    organization = models.ForeignKey(Organization, verbose_name="cơ quan", on_delete=models.CASCADE,
                                     related_name="audit_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    action = models.CharField("thao tác", max_length=50)
    summary = models.CharField("nội dung", max_length=1000)
    created_at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký quản trị"
        verbose_name_plural = "nhật ký quản trị"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} – {self.summary}"
