"""Forms of the unit report pages: the report with one sub-form per task, and the review forms."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from danvan import uploads
from danvan.forms import SafeTextMixin
from reports.models import EntryStatus, UnitReportEntry
from reports.progress import CheckedUpload, EntryChange

MAX_FILES_PER_ENTRY = 10
TEXT_LIMIT = 20000


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": uploads.accept_attribute(uploads.EVIDENCE_KINDS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def _text(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=TEXT_LIMIT,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RemovableFilesField(forms.TypedMultipleChoiceField):
    """Evidence files ticked "Gỡ tệp". A file no longer there (removed from another tab meanwhile) is
    already what the user asked for: it is dropped from the list, not refused with an error the page
    has nowhere to show."""

    def valid_value(self, value) -> bool:
        return True

    def clean(self, value):
        present = {str(key) for key, _label in self.choices}
        return [number for number in super().clean(value) if str(number) in present]


class EntryForm(SafeTextMixin, forms.Form):
    """One task of the report. Co-ordinating units tick "included" to add their part."""

    included = forms.BooleanField(label="Báo cáo phần phối hợp của đơn vị", required=False,
                                  widget=forms.CheckboxInput(attrs={"class": "part-toggle"}))
    status = forms.ChoiceField(label="Tình trạng", choices=EntryStatus.choices, widget=forms.RadioSelect)
    done_text = _text("Kết quả thực hiện")
    difficulties = _text("Khó khăn, vướng mắc")
    proposals = _text("Đề xuất, kiến nghị")
    files = MultipleFileField(label="Thêm tệp minh chứng", required=False)
    remove_evidence = RemovableFilesField(label="Gỡ tệp", required=False, coerce=int,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, entry: UnitReportEntry, **kwargs):
        kwargs.setdefault("prefix", f"e{entry.pk}")
        kwargs.setdefault("initial", {"included": entry.included, "status": entry.status,
                                      "done_text": entry.done_text, "difficulties": entry.difficulties,
                                      "proposals": entry.proposals})
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.fields["remove_evidence"].choices = [(ev.pk, ev.original_name) for ev in entry.evidence.all()]
        self.fields["files"].help_text = (f"{uploads.allowed_text(uploads.EVIDENCE_KINDS)}; mỗi tệp tối đa "
                                          f"{uploads.size_text(settings.UPLOAD_MAX_BYTES)}.")
        if entry.is_lead:
            del self.fields["included"]

    def clean_files(self) -> list[CheckedUpload]:
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES_PER_ENTRY:
            raise ValidationError(f"Mỗi lần chỉ tải lên tối đa {MAX_FILES_PER_ENTRY} tệp cho một nhiệm vụ.")
        checked, errors = [], []
        for file in files:
            try:
                kind, mime = uploads.check_upload(file, uploads.EVIDENCE_KINDS)
            except ValidationError as exc:
                errors.append(f"Tệp “{uploads.display_name(file.name)}” bị từ chối: {' '.join(exc.messages)}")
                continue
            checked.append(CheckedUpload(file, kind, mime))
        if errors:
            raise ValidationError(errors)
        return checked

    @property
    def is_included(self) -> bool:
        if self.entry.is_lead:
            return True
        if self.is_bound:
            return self["included"].value() in (True, "on", "true", "1")
        return self.entry.included

    def change(self) -> EntryChange:
        data = self.cleaned_data
        return EntryChange(entry_id=self.entry.pk, status=data["status"], done_text=data["done_text"],
                           difficulties=data["difficulties"], proposals=data["proposals"],
                           included=self.entry.is_lead or data.get("included", False),
                           remove_evidence=data["remove_evidence"], uploads=data["files"])


class ReportForm(SafeTextMixin, forms.Form):
    overall = forms.CharField(label="Đánh giá chung", required=False, max_length=TEXT_LIMIT,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="Tình hình chung, kết quả nổi bật của đơn vị trong kỳ")
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(SafeTextMixin, forms.Form):
    """Accepting names the version the editor read, so a newer one is never accepted unseen."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(ReviewForm):
    reason = forms.CharField(label="Lý do trả lại", max_length=TEXT_LIMIT,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Cần nêu lý do trả lại để đơn vị biết cần sửa gì."})
