"""Forms of the plans app: they check input and give Vietnamese messages; services do the writing."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from danvan.forms import LimitedTextMixin, SafeTextMixin, signed_scan_field
from danvan.models import IssuedNumber, Unit
from danvan.services import MAX_NUMBER, issue_date_error, number_taken_message, register_next_number
from danvan.text import FIRST_YEAR, LAST_YEAR
from plans.models import CitationRole, LegalDocument, LegalKind, Plan, PlanSection, PlanStatus
from plans.services import SHAPES

# Typed day first, as offices write dates (a browser date picker would follow the browser's language).
DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "ngày/tháng/năm", "inputmode": "numeric",
                                                       "autocomplete": "off"})
HEADER_FIELDS = ["title", "year", "period_label", "period_start", "period_end", "implements", "drafting_unit",
                 "intro", "closing", "appendix_title"]
SIGNING_FIELDS = ["recipients", "signer_authority", "signer_title", "signer_deputy_title", "signer_name"]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the matching field (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class VersionedForm(LimitedTextMixin, forms.ModelForm):
    """A form of plan fields carrying the version the user started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def changed_data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class PlanHeaderForm(VersionedForm):
    class Meta:
        model = Plan
        fields = HEADER_FIELDS
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
            "implements": forms.HiddenInput,
            "intro": forms.Textarea(attrs={"rows": 4}),
            "closing": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"title": {"required": "Hãy nhập trích yếu của kế hoạch."}}

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        organization = organization or self.instance.organization
        self.fields["drafting_unit"].queryset = Unit.objects.for_organization(organization).active()
        self.fields["implements"].queryset = LegalDocument.objects.all()
        self.fields["year"].error_messages["required"] = "Hãy nhập năm của kế hoạch."
        for code in ("invalid", "min_value", "max_value"):  # Django's own words ("Nhập một số tổng thể.") say less
            self.fields["year"].error_messages[code] = f"Năm phải là một số trong khoảng {FIRST_YEAR}–{LAST_YEAR}."
        self.fields["period_start"].error_messages["required"] = "Hãy nhập ngày bắt đầu."
        self.fields["period_end"].error_messages["required"] = "Hãy nhập ngày kết thúc."
        for name in ("period_start", "period_end"):
            self.fields[name].error_messages["invalid"] = "Ngày không hợp lệ (nhập theo dạng ngày/tháng/năm)."

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(f"Năm phải là một số trong khoảng {FIRST_YEAR}–{LAST_YEAR}.")
        return year

    # The period order is Plan.clean's rule, which the ModelForm runs (a second check here made the
    # edit page show its message twice).


class PlanCreateForm(PlanHeaderForm):
    """The header of a new plan plus the starting shape of its sections."""

    shape = forms.ChoiceField(
        label="Bắt đầu từ", widget=forms.RadioSelect, initial="content", required=False,
        choices=[(key, label) for key, (label, _sections) in SHAPES.items()] + [("", "Kế hoạch trống")])
    version = None

    class Meta(PlanHeaderForm.Meta):
        pass


class PlanSigningForm(VersionedForm):
    class Meta:
        model = Plan
        fields = SIGNING_FIELDS
        widgets = {"recipients": forms.Textarea(attrs={"rows": 6})}


class SectionForm(LimitedTextMixin, forms.Form):
    heading = forms.CharField(label="Tiêu đề", max_length=255,
                              error_messages={"required": "Hãy nhập tiêu đề của mục."})
    body = forms.CharField(label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text="Mỗi dòng một đoạn; dòng bắt đầu “1.” là khoản, “-” là gạch đầu dòng. "
                                     "Số La Mã của mục tự đánh theo thứ tự.")
    marker = forms.CharField(widget=forms.HiddenInput, required=False)


class CitationAddForm(SafeTextMixin, forms.Form):
    document = forms.ModelChoiceField(queryset=LegalDocument.objects.all(), label="Văn bản",
                                      error_messages={"required": "Hãy chọn một văn bản trong danh mục.",
                                                      "invalid_choice": "Văn bản không còn trong danh mục."})
    role = forms.ChoiceField(label="Vai trò", choices=CitationRole.choices, initial=CitationRole.BASIS)


class CitationRoleForm(SafeTextMixin, forms.Form):
    role = forms.ChoiceField(label="Vai trò", choices=CitationRole.choices)


class MoveForm(SafeTextMixin, forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Lên"), ("down", "Xuống")])


class CitationPasteForm(SafeTextMixin, forms.Form):
    text = forms.CharField(
        label="Dán trích dẫn", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ví dụ: Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ về xây dựng và thực hiện "
                  "hương ước, quy ước",
        error_messages={"required": "Hãy dán đoạn trích dẫn văn bản.",
                        "max_length": "Đoạn dán quá dài (tối đa 5.000 ký tự)."})


def parsed_date(parsed: dict) -> datetime.date | None:
    """The date the citation parser found ("YYYY-MM-DD"), or None."""
    try:
        return datetime.date.fromisoformat(parsed["date"]) if parsed.get("date") else None
    except ValueError:
        return None


class LegalDocumentForm(LimitedTextMixin, forms.Form):
    """A parsed citation shown for checking before it goes into the registry."""

    kind = forms.ChoiceField(label="Loại văn bản", choices=LegalKind.choices)
    number = forms.CharField(label="Số, ký hiệu", max_length=100, required=False)
    name = forms.CharField(label="Tên văn bản (luật trích theo tên)", max_length=500, required=False)
    issued_on = forms.DateField(label="Ngày ban hành", required=False, widget=DATE_WIDGET,
                                error_messages={"invalid": "Ngày không hợp lệ."})
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=255, required=False)
    subject = forms.CharField(label="Trích yếu", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    role = forms.ChoiceField(label="Vai trò trong kế hoạch", choices=CitationRole.choices)

    def clean(self):
        data = super().clean()
        if not data.get("number") and not data.get("name"):
            self.add_error("number", "Cần có số, ký hiệu hoặc tên văn bản.")
        return data

    @staticmethod
    def initial_from_parse(parsed: dict, role: str) -> dict:
        kind = next((value for value in LegalKind.values if value.lower() == (parsed.get("kind") or "").lower()),
                    LegalKind.OTHER)
        issued_on = parsed_date(parsed)
        return {"kind": kind, "number": parsed.get("number") or "",
                "name": parsed.get("name") or "" if not parsed.get("number") else "",
                "issued_on": issued_on, "issuer": parsed.get("issuer") or "", "subject": parsed.get("subject") or "",
                "role": role}


class ReturnForm(SafeTextMixin, forms.Form):
    reason = forms.CharField(label="Lý do trả lại", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             error_messages={"required": "Hãy ghi lý do trả lại để người soạn biết cần sửa gì."})


class IssueForm(SafeTextMixin, forms.Form):
    number = forms.IntegerField(label="Số văn bản", min_value=1, max_value=MAX_NUMBER,
                                help_text="Số gợi ý là số tiếp theo còn trống trong sổ văn bản đi của năm ban hành; "
                                          "có thể sửa, không được trùng.",
                                error_messages={"required": "Hãy nhập số văn bản.",
                                                "min_value": "Số văn bản phải là số nguyên dương.",
                                                "max_value": f"Số văn bản tối đa là {MAX_NUMBER}.",
                                                "invalid": "Số văn bản phải là số nguyên."})
    suggested = forms.IntegerField(widget=forms.HiddenInput, required=False)
    issued_on = forms.DateField(label="Ngày ban hành", widget=DATE_WIDGET,
                                error_messages={"required": "Hãy nhập ngày ban hành.",
                                                "invalid": "Ngày không hợp lệ."})

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_issued_on(self):
        day = self.cleaned_data["issued_on"]
        if error := issue_date_error(day, timezone.localdate()):
            raise ValidationError(error)
        return day

    def clean(self):
        """The number shown is the number issued, or the form says why not and shows the free one:
        the suggestion was the next number of this year, and the date may be in another year, or
        someone may have taken it meanwhile."""
        cleaned = super().clean()
        number, day = cleaned.get("number"), cleaned.get("issued_on")
        if number is None or day is None or self.organization is None:
            return cleaned
        free = register_next_number(organization=self.organization, year=day.year)
        if IssuedNumber.objects.filter(organization=self.organization, year=day.year, number=number).exists():
            self.add_error("number", number_taken_message(organization=self.organization, year=day.year,
                                                          number=number))
            self.show_number(free)
        elif number == cleaned.get("suggested") and number != free:
            self.add_error("number", f"Số {number} được gợi ý theo sổ năm {timezone.localdate().year}; ngày ban hành "
                                     f"thuộc năm {day.year}, số kế tiếp của năm đó là {free}: hãy kiểm tra rồi bấm "
                                     "ban hành lại.")
            self.show_number(free)
        return cleaned

    def show_number(self, number: int) -> None:
        """Show `number` in the number box (and as the new suggestion) when the form comes back."""
        self.data = self.data.copy()
        self.data["number"] = self.data["suggested"] = str(number)


class ScanForm(SafeTextMixin, forms.Form):
    file = signed_scan_field()


SORTS = {
    "updated": ("Mới cập nhật", ["-updated_at", "-pk"]),
    "title": ("Trích yếu (A–Z)", None),  # sorted in Vietnamese order in Python
    "year": ("Năm (mới trước)", ["-year", "-updated_at", "-pk"]),
    "status": ("Trạng thái", ["status", "-updated_at", "-pk"]),
}


class PlanFilterForm(SafeTextMixin, forms.Form):
    q = forms.CharField(label="Tìm", required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Từ khóa, có dấu hoặc không"}))
    year = forms.TypedChoiceField(label="Năm", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Trạng thái", required=False,
                               choices=[("", "Tất cả")] + list(PlanStatus.choices))
    unit = forms.ModelChoiceField(label="Đơn vị được giao", required=False, queryset=Unit.objects.none(),
                                  empty_label="Tất cả")
    sort = forms.ChoiceField(label="Sắp xếp", required=False, choices=[(k, v[0]) for k, v in SORTS.items()])

    def __init__(self, *args, years=(), units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Tất cả")] + [(y, y) for y in years]
        if units is not None:
            self.fields["unit"].queryset = units

    def description(self) -> str:
        """The filters in force, in words, for the page title ("Chờ phê duyệt · năm 2025"): each filtered
        page of the list has a title of its own."""
        if not self.is_bound or not self.is_valid():
            return ""
        data = self.cleaned_data
        words = []
        if data.get("status"):
            words.append(PlanStatus(data["status"]).label)
        if data.get("year"):
            words.append(f"năm {data['year']}")
        if data.get("unit"):
            words.append(data["unit"].name)
        if data.get("q"):
            words.append(f"“{data['q']}”")
        return " · ".join(words)


class SectionAddForm(SafeTextMixin, forms.Form):
    heading = forms.CharField(label="Tiêu đề mục mới", max_length=255,
                              error_messages={"required": "Hãy nhập tiêu đề của mục."})


def section_initial(section: PlanSection, marker: str) -> dict:
    return {"heading": section.heading, "body": section.body, "marker": marker}
