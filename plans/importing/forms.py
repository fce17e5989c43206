"""Forms of the import: the source (a file or pasted text) and the review of what was recognised.

The review page is one form made of a header form and one formset per kind of piece (citations,
sections, units, tasks, duties, rounds). Its initial values come from the recognised data kept in
the session; its cleaned values become the dictionary `plan_create_from_import` takes.
"""

from __future__ import annotations

import datetime

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from danvan.forms import LimitedTextMixin, SafeTextMixin
from danvan.models import Unit
from plans.forms import DATE_WIDGET
from plans.importing.matching import UnitMatcher, unit_key
from plans.importing.services import (CONTINUOUS, DATE, MONTH, NEW_UNIT, QUARTER, due_kind_of, plan_period, plan_year,
                                      section_index)
from plans.models import LegalKind

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
ROLE_CHOICES = [("basis", "Căn cứ"), ("implements", "Triển khai"), ("mention", "Nhắc đến")]
DUE_CHOICES = [(DATE, "Theo ngày"), (MONTH, "Theo tháng"), (QUARTER, "Theo quý"), (CONTINUOUS, "Thường xuyên")]
TEXT = forms.Textarea(attrs={"rows": 3})


class QuickInput(forms.TextInput):
    """An <input> written in Python (see QuickSelect): text, date, hidden and number inputs."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        shown = self.format_value(value)
        if shown is not None:
            attrs["value"] = shown
        return mark_safe(f'<input type="{self.input_type}" name="{escape(name)}"{flatatt(attrs)}>')  # noqa: S308


class QuickDateInput(QuickInput, forms.DateInput):
    pass


class QuickHiddenInput(QuickInput, forms.HiddenInput):
    input_type = "hidden"


class QuickNumberInput(QuickInput, forms.NumberInput):
    input_type = "number"


class QuickTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(f'<textarea name="{escape(name)}"{flatatt(attrs)}>\n{escape(self.format_value(value) or "")}'
                         "</textarea>")  # noqa: S308


class QuickCheckbox(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.check_test(value):
            attrs["checked"] = True
        return mark_safe(f'<input type="checkbox" name="{escape(name)}"{flatatt(attrs)}>')  # noqa: S308


class QuickSelect(forms.Select):
    """A <select> written in Python: the review page has a few hundred options (every legal kind for
    each citation, every unit for each name), and one template per option made it slow to render."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = "" if value is None else str(value)
        options = "".join(f'<option value="{escape(key)}"{" selected" if str(key) == chosen else ""}>{escape(label)}</option>'
                          for key, label in self.choices)
        return mark_safe(f'<select name="{escape(name)}"{flatatt(attrs)}>{options}</select>')  # noqa: S308


QUICK = {forms.TextInput: QuickInput, forms.DateInput: QuickDateInput, forms.HiddenInput: QuickHiddenInput,
         forms.NumberInput: QuickNumberInput, forms.Textarea: QuickTextarea, forms.CheckboxInput: QuickCheckbox,
         forms.Select: QuickSelect}


class QuickForm(SafeTextMixin, forms.Form):
    """Every widget of the form written in Python (the review page renders hundreds of them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            quick = QUICK.get(type(field.widget))
            if quick is not None:
                field.widget.__class__ = quick




def _date_field(label: str, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET, input_formats=DATE_FORMATS,
                           error_messages={"invalid": "Ngày chưa đúng, nhập dạng ngày/tháng/năm."})


class SourceForm(SafeTextMixin, forms.Form):
    """A .docx / PDF / text file, or text pasted from a PDF or a web page."""

    file = forms.FileField(label="Tệp Word (.docx), PDF hoặc văn bản (.txt)", required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.txt,text/plain"}))
    text = forms.CharField(label="Hoặc dán nội dung kế hoạch", required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 10}))

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("Hãy chọn một tệp Word / PDF hoặc dán nội dung kế hoạch.")
        return data


class HeaderForm(LimitedTextMixin, QuickForm):
    title = forms.CharField(label="Trích yếu (tên kế hoạch)", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    period_label = forms.CharField(label="Thời gian thực hiện", max_length=100, required=False)
    period_start = _date_field("Từ ngày", required=True)
    period_end = _date_field("Đến ngày", required=True)
    intro = forms.CharField(label="Đoạn mở đầu", required=False, widget=TEXT,
                            help_text="Dòng “Căn cứ …” của văn bản được lấy ở phần Văn bản trích dẫn sẽ in từ danh "
                                      "sách đó (không lặp lại ở đoạn này).")
    closing = forms.CharField(label="Đoạn kết", required=False, widget=TEXT)
    recipients = forms.CharField(label="Nơi nhận (mỗi dòng một nơi)", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    signer_authority = forms.CharField(label="Thẩm quyền ký", max_length=255, required=False)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=255, required=False)
    signer_deputy_title = forms.CharField(label="Chức vụ cấp phó (khi ký thay)", max_length=255, required=False)
    signer_name = forms.CharField(label="Họ tên người ký", max_length=255, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", "Ngày kết thúc phải sau ngày bắt đầu.")
        return data


class CitationForm(QuickForm):
    include = forms.BooleanField(label="Lấy văn bản này", required=False)
    role = forms.ChoiceField(label="Vai trò", choices=ROLE_CHOICES)
    kind = forms.ChoiceField(label="Loại văn bản", choices=LegalKind.choices)
    number = forms.CharField(label="Số, ký hiệu", max_length=100, required=False)
    name = forms.CharField(label="Tên (luật, pháp lệnh)", max_length=500, required=False)
    date = _date_field("Ngày ban hành")
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=255, required=False)
    subject = forms.CharField(label="Trích yếu", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("include") and not data.get("number") and not data.get("name") and not data.get("subject"):
            self.add_error("number", "Cần có số, ký hiệu hoặc tên văn bản (hoặc bỏ chọn “Lấy văn bản này”).")
        return data


class SectionForm(LimitedTextMixin, QuickForm):
    heading = forms.CharField(label="Tiêu đề mục", max_length=255)
    text = forms.CharField(label="Nội dung mục", required=False, widget=forms.Textarea(attrs={"rows": 6}))


class UnitChoiceForm(QuickForm):
    """One unit name of the source: an existing unit of the organization, or a new one."""

    name = forms.CharField(widget=forms.HiddenInput, max_length=255)
    choice = forms.ChoiceField(label="Đơn vị", required=False)

    def __init__(self, *args, units: list[Unit] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = ([(NEW_UNIT, "Tạo đơn vị mới với tên này")]
                                         + [(str(unit.pk), unit.name) for unit in units])


class TaskForm(LimitedTextMixin, QuickForm):
    include = forms.BooleanField(label="Lấy nhiệm vụ này", required=False)
    content = forms.CharField(label="Nội dung nhiệm vụ", widget=TEXT)
    lead = forms.CharField(label="Đơn vị chủ trì", max_length=255)
    co = forms.CharField(label="Đơn vị phối hợp (cách nhau bởi dấu ;)", required=False, max_length=2000)
    due_kind = forms.ChoiceField(label="Loại thời hạn", choices=DUE_CHOICES)
    due = _date_field("Thời hạn (ngày cuối)")
    output = forms.CharField(label="Sản phẩm", max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("include") and data.get("due_kind") != CONTINUOUS and not data.get("due"):
            self.add_error("due", "Nhập thời hạn, hoặc chọn “Thường xuyên”.")
        return data


class DutyForm(LimitedTextMixin, QuickForm):
    include = forms.BooleanField(label="Lấy các nhiệm vụ này", required=False)
    name = forms.CharField(label="Đơn vị, công chức", max_length=255)
    duties = forms.CharField(label="Nhiệm vụ của đơn vị (mỗi dòng một nhiệm vụ)", widget=forms.Textarea(attrs={"rows": 4}))
    section = forms.TypedChoiceField(label="In trong mục", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, sections: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(index, f"{index + 1}. {heading}") for index, heading in enumerate(sections)]


class RoundForm(QuickForm):
    include = forms.BooleanField(label="Lấy đợt báo cáo này", required=False)
    name = forms.CharField(label="Tên đợt", max_length=255)
    deadline = _date_field("Hạn báo cáo", required=True)
    period_start = _date_field("Số liệu từ ngày")
    period_end = _date_field("Số liệu đến ngày")

    def clean(self):
        data = super().clean()
        start, end, deadline = data.get("period_start"), data.get("period_end"), data.get("deadline")
        if bool(start) != bool(end):
            self.add_error("period_end" if start else "period_start",
                           "Nhập đủ cả hai ngày chốt số liệu, hoặc để trống cả hai.")
        elif start and end and start > end:
            self.add_error("period_end", "Ngày chốt cuối phải sau ngày chốt đầu.")
        elif end and deadline and deadline <= end:
            self.add_error("deadline", "Hạn báo cáo phải sau ngày chốt số liệu cuối.")
        return data


def _formset(form_class):
    return forms.formset_factory(form_class, extra=0, max_num=500, absolute_max=500, validate_max=True)


CitationFormSet = _formset(CitationForm)
SectionFormSet = _formset(SectionForm)
UnitChoiceFormSet = _formset(UnitChoiceForm)
TaskFormSet = _formset(TaskForm)
DutyFormSet = _formset(DutyForm)
RoundFormSet = _formset(RoundForm)


# --- recognised data → initial values ------------------------------------------------------------

def _iso(value):
    try:
        return datetime.date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def _lines(value) -> str:
    if isinstance(value, str):
        return value
    return "\n".join(str(v) for v in value or [])


def unit_names(data: dict) -> list[str]:
    """Every unit name the recognised tasks and duties use, once each, in order of appearance."""
    seen: dict[str, str] = {}
    names = []
    for task in data.get("tasks") or []:
        names.append(task.get("lead") or "")
        co = task.get("co") or []
        names.extend(co.split(";") if isinstance(co, str) else co)
    names.extend(unit.get("name") or "" for unit in data.get("units") or [] if unit.get("duties"))
    for name in names:
        name = " ".join(str(name).split()).strip(" .;:,")
        key = unit_key(name)
        if key and key not in seen:
            seen[key] = name
    return list(seen.values())


def initial_values(data: dict, units: list[Unit]) -> dict:
    """Initial values of every part of the review form, from the recognised data."""
    year = plan_year(data)
    start, end, label = plan_period(data, year)
    matcher = UnitMatcher(units)
    signer = data.get("signer") or {}
    title_lines = [line.strip() for line in str(signer.get("title") or "").splitlines() if line.strip()]
    sections = data.get("sections") or []
    return {
        "header": {
            "title": data.get("title") or "", "year": year, "period_label": label, "period_start": start,
            "period_end": end, "intro": data.get("intro") or "", "closing": data.get("closing") or "",
            "recipients": _lines(data.get("recipients")),
            "signer_authority": signer.get("authority") or "",
            "signer_title": title_lines[0] if title_lines else "",
            "signer_deputy_title": signer.get("deputy_title") or (title_lines[1] if len(title_lines) > 1 else ""),
            "signer_name": signer.get("name") or "",
        },
        "citations": [{"include": True, "role": c.get("role") if c.get("role") in dict(ROLE_CHOICES) else "basis",
                       "kind": c.get("kind") if c.get("kind") in LegalKind.values else LegalKind.OTHER,
                       "number": c.get("number") or "", "name": c.get("name") or "", "date": _iso(c.get("date")),
                       "issuer": c.get("issuer") or "", "subject": c.get("subject") or "",
                       "document_id": c.get("document_id")} for c in data.get("citations") or []],
        "sections": [{"heading": s.get("heading") or "", "text": s.get("text") or ""} for s in sections],
        "units": [{"name": name, "choice": str(found) if (found := matcher.match(name)) else NEW_UNIT}
                  for name in unit_names(data)],
        "tasks": [{"include": True, "content": t.get("content") or "", "lead": t.get("lead") or "",
                   "co": "; ".join(t.get("co") or []) if not isinstance(t.get("co"), str) else t["co"],
                   "due_kind": _due_kind(t), "due": _due_date(t), "output": t.get("output") or ""}
                  for t in data.get("tasks") or []],
        # Shape B by default only for a plan without a task table (see plan_create_from_import)
        "duties": [{"include": not data.get("tasks"), "name": u.get("name") or "", "duties": _lines(u.get("duties")),
                    "section": section_index(u.get("span"), sections)}
                   for u in data.get("units") or [] if u.get("duties")],
        "rounds": [{"include": bool(r.get("deadline")), "name": r.get("name") or "", "deadline": _iso(r.get("deadline")),
                    "period_start": _iso(r.get("period_start")), "period_end": _iso(r.get("period_end"))}
                   for r in data.get("rounds") or []],
    }


def _due_date(task: dict) -> datetime.date | None:
    due = task.get("due")
    return _iso(due.get("date") if isinstance(due, dict) else due)


def _due_kind(task: dict) -> str:
    due = task.get("due")
    if isinstance(due, dict) and due.get("kind") in dict(DUE_CHOICES):
        return due["kind"] if due.get("date") or due["kind"] == CONTINUOUS else CONTINUOUS
    return due_kind_of(task.get("due_text") or "", _due_date(task))
