"""Forms of the roll-up pages: the text, the approver's reason, the clerk's number, the scan, a period."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from danvan.forms import LimitedTextMixin, SafeTextMixin
from danvan.services import MAX_NUMBER, issue_date_error
from danvan.text import FIRST_YEAR, LAST_YEAR, year_range_error
from reports.models import RollupReport
from reports.rollups.services import TEXT_FIELDS

TEXT_HELP = "Mỗi dòng một đoạn; dòng bắt đầu “1.” là khoản, “-” hoặc “+” là gạch đầu dòng."


class RollupForm(LimitedTextMixin, forms.ModelForm):
    """Every text part of the roll-up; `version` is the one the page was opened with (stale-save check)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = RollupReport
        fields = list(TEXT_FIELDS)
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "addressees": forms.Textarea(attrs={"rows": 2}),
            "intro": forms.Textarea(attrs={"rows": 4}),
            "leadership_text": forms.Textarea(attrs={"rows": 6}),
            "results_text": forms.Textarea(attrs={"rows": 18}),
            "assessment_text": forms.Textarea(attrs={"rows": 10}),
            "proposals_text": forms.Textarea(attrs={"rows": 6}),
            "direction_text": forms.Textarea(attrs={"rows": 6}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "addressees": "Cơ quan cấp trên nhận báo cáo (mặc định: cơ quan cấp trên của đơn vị); để trống khi "
                          "báo cáo không gửi lên cấp trên.",
            "leadership_text": "Phần I: văn bản triển khai, hội nghị, tuyên truyền. " + TEXT_HELP,
            "results_text": "Phần II, sau câu số liệu (tự động, theo Phụ lục I). " + TEXT_HELP,
            "assessment_text": "Phần III: 1. Ưu điểm; 2. Tồn tại, hạn chế; 3. Nguyên nhân. " + TEXT_HELP,
            "proposals_text": "Phần V: kiến nghị của chính cơ quan này với cấp trên (kiến nghị của các đơn vị "
                              "ở cột tư liệu bên cạnh, chọn đưa vào nếu cần). " + TEXT_HELP,
            "direction_text": "Phần IV, soạn sẵn từ các nhiệm vụ chưa xong; cần có trước khi trình duyệt. " + TEXT_HELP,
            "recipients": "Mỗi dòng một nơi nhận; dòng cuối là “Lưu: VT, …”.",
            "signer_title": "CHỦ TỊCH, hoặc KT. CHỦ TỊCH khi cấp phó ký thay",
            "signer_deputy_title": "PHÓ CHỦ TỊCH khi ký thay (KT.)",
        }
        error_messages = {"title": {"required": "Cần nhập trích yếu của báo cáo."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Cần nhập trích yếu của báo cáo.")
        return title

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("signer_deputy_title") and not (cleaned.get("signer_title") or "").upper().startswith("KT."):
            self.add_error("signer_title", "Khi cấp phó ký thay, chức vụ người ký phải bắt đầu bằng “KT.”, "
                                           "ví dụ KT. CHỦ TỊCH.")
        return cleaned


class ReturnForm(SafeTextMixin, forms.Form):
    reason = forms.CharField(label="Lý do trả lại", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Cần ghi lý do trả lại."})


class IssueForm(SafeTextMixin, forms.Form):
    """The clerk's numbering: the date (today by default) and, if needed, a number typed by hand."""

    issued_on = forms.DateField(label="Ngày ban hành", error_messages={
        "required": "Cần nhập ngày ban hành.", "invalid": "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."})
    number = forms.IntegerField(label="Số (để trống để lấy số kế tiếp trong sổ)", required=False, min_value=1,
                                max_value=MAX_NUMBER,
                                error_messages={"min_value": "Số văn bản phải là số nguyên dương.",
                                                "max_value": f"Số văn bản tối đa là {MAX_NUMBER}.",
                                                "invalid": "Số văn bản phải là số nguyên dương."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("issued_on", timezone.localdate())

    def clean_issued_on(self):
        day = self.cleaned_data["issued_on"]
        if error := issue_date_error(day, timezone.localdate()):
            raise forms.ValidationError(error)
        return day


class PeriodForm(SafeTextMixin, forms.Form):
    """A year, or a span of dates, for the level above. Read from the query string (GET)."""

    year = forms.IntegerField(label="Năm", required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR,
                              error_messages={"min_value": "Năm không hợp lệ.", "max_value": "Năm không hợp lệ.",
                                              "invalid": "Năm không hợp lệ."})
    start = forms.DateField(label="Từ ngày", required=False,
                            error_messages={"invalid": "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."})
    end = forms.DateField(label="Đến ngày", required=False,
                          error_messages={"invalid": "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."})

    def clean(self):
        cleaned = super().clean()
        start, end, year = cleaned.get("start"), cleaned.get("end"), cleaned.get("year")
        if self.errors:
            return cleaned
        if start or end:
            if not (start and end):
                raise forms.ValidationError("Cần nhập cả từ ngày và đến ngày (hoặc chỉ chọn năm).")
            for name, day, what in (("start", start, "Từ ngày"), ("end", end, "Đến ngày")):
                if error := year_range_error(day, what):
                    self.add_error(name, error)
            if self.errors:
                return cleaned
            if start > end:
                self.add_error("end", "Ngày kết thúc phải sau ngày bắt đầu.")
                return cleaned
            if (end - start).days > 3 * 366:
                self.add_error("end", "Khoảng thời gian tối đa là 3 năm.")
                return cleaned
        else:
            year = year or timezone.localdate().year
            start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        cleaned["period"] = (start, end)
        return cleaned

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        if self.is_valid():
            return self.cleaned_data["period"]
        year = timezone.localdate().year
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
