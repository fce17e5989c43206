"""The form of a công văn đôn đốc's text (the approver's reason and the clerk's number are the plan
forms: the same fields and messages)."""

from __future__ import annotations

from django import forms

from danvan.forms import LimitedTextMixin
from danvan.models import Unit
from danvan.text import year_range_error
from reports.letters.models import ReminderLetter
from reports.letters.services import EDITABLE_FIELDS


class LetterForm(LimitedTextMixin, forms.ModelForm):
    """Kính gửi (units of the organization), the text, the new deadline, Nơi nhận and the signer."""

    units = forms.ModelMultipleChoiceField(label="Kính gửi", queryset=Unit.objects.none(),
                                           widget=forms.CheckboxSelectMultiple,
                                           error_messages={"required": "Chọn ít nhất một đơn vị nhận công văn."})
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = ReminderLetter
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
            "reply_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"recipients": "Mỗi dòng một nơi nhận; “Như trên” được in đầu tiên, dòng cuối là “Lưu: VT, …”."}
        error_messages = {"subject": {"required": "Cần nhập trích yếu (in sau “V/v”)."},
                          "body": {"required": "Cần nhập nội dung công văn."},
                          "reply_by": {"required": "Cần nhập hạn gửi báo cáo.",
                                       "invalid": "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(organization=self.instance.organization).order_by(
            "order", "name")
        self.fields["reply_by"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["units"] = list(self.instance.units.values_list("pk", flat=True))

    def clean_subject(self):
        subject = " ".join(self.cleaned_data["subject"].split())
        if subject.lower().startswith("v/v"):
            subject = subject[3:].strip()  # "V/v" is printed by the layout
        if not subject:
            raise forms.ValidationError("Cần nhập trích yếu (in sau “V/v”).")
        return subject

    def clean_reply_by(self):
        day = self.cleaned_data["reply_by"]
        if error := year_range_error(day, "Hạn gửi báo cáo"):
            raise forms.ValidationError(error)
        return day

    def clean_drafting_symbol(self):
        symbol = "".join(self.cleaned_data["drafting_symbol"].split()).upper()
        if symbol and not all(char.isalnum() or char in "-Đ" for char in symbol):
            raise forms.ValidationError("Ký hiệu chỉ gồm chữ và số, ví dụ VHXH.")
        return symbol
