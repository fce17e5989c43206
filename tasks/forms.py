"""Forms of the tasks app: they check what was typed has the right shape; the rules are in services."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from danvan.forms import LimitedTextMixin, SafeTextMixin
from danvan.models import Unit, in_unit_order
from tasks import schedule
from plans.models import PlanSection
from tasks.models import DueKind, Task, TaskKind

DATE_PLACEHOLDER = "dd/mm/yyyy"
DATE_ERRORS = {"invalid": "Nhập ngày hợp lệ, dạng dd/mm/yyyy (ví dụ 03/9/2025)."}


def _date_field(label: str, *, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label, required=required,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric"}),
        error_messages={**DATE_ERRORS, "required": f"Nhập {label.lower()}."})


def plan_units(plan, keep: list[int] | tuple = ()) -> list[Unit]:
    """Units a plan can assign: its organization's active units, plus those already on the task.

    In the units' one order (their number, then Vietnamese alphabetical), as every page prints them.
    """
    units = Unit.objects.filter(organization_id=plan.organization_id).filter(Q(is_active=True) | Q(pk__in=keep))
    return in_unit_order(units)


class TaskForm(LimitedTextMixin, forms.Form):
    label_suffix = ""
    content = forms.CharField(label="Nội dung nhiệm vụ", widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "Nhập nội dung nhiệm vụ."})
    lead_unit = forms.ModelChoiceField(
        label="Đơn vị chủ trì", queryset=Unit.objects.none(), empty_label="— Chọn đơn vị chủ trì —",
        error_messages={"required": "Chọn một đơn vị chủ trì.",
                        "invalid_choice": "Đơn vị chủ trì không thuộc cơ quan ban hành kế hoạch."})
    coordinating_units = forms.ModelMultipleChoiceField(
        label="Đơn vị phối hợp", queryset=Unit.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Đơn vị phối hợp không thuộc cơ quan ban hành kế hoạch.",
                        "invalid_pk_value": "Đơn vị phối hợp không hợp lệ."})
    due_kind = forms.ChoiceField(label="Loại thời hạn", choices=DueKind.choices, initial=DueKind.DATE,
                                 error_messages={"invalid_choice": "Chọn loại thời hạn trong danh sách."})
    due = forms.CharField(label="Thời hạn", required=False, max_length=40,
                          help_text="Theo loại thời hạn: ngày/tháng/năm, tháng/năm hoặc quý/năm.",
                          widget=forms.TextInput(attrs={"placeholder": "30/09/2025 · 9/2025 · IV/2025"}),
                          error_messages={"max_length": "Thời hạn dài quá 40 ký tự."})
    output = forms.CharField(label="Sản phẩm", required=False, max_length=500,
                             error_messages={"max_length": "Sản phẩm dài quá 500 ký tự."})
    kind = forms.ChoiceField(label="Loại", choices=TaskKind.choices, initial=TaskKind.TASK, required=False,
                             help_text="Nhiệm vụ của đơn vị: thường xuyên, in trong mục đã chọn thay vì bảng phụ lục",
                             error_messages={"invalid_choice": "Chọn loại nhiệm vụ trong danh sách."})
    section = forms.ModelChoiceField(
        label="Thuộc mục (nhóm nhiệm vụ)", queryset=PlanSection.objects.none(), required=False,
        empty_label="— Không chọn —",
        help_text="Nhiệm vụ trong bảng: mục (lĩnh vực công tác) để báo cáo tổng hợp nhóm kết quả theo mục, vẫn in "
                  "trong bảng phụ lục. Nhiệm vụ của đơn vị: mục in nhiệm vụ (không chọn: mục Tổ chức thực hiện).",
        error_messages={"invalid_choice": "Mục không thuộc kế hoạch này."})
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, plan, task: Task | None = None, **kwargs):
        if task is not None:
            kwargs["initial"] = {
                "content": task.content, "lead_unit": task.lead_unit_id,
                "coordinating_units": [unit.pk for unit in task.coordinating_units.all()],
                "due_kind": task.due_kind, "due": schedule.due_input_text(task.due_kind, task.due_date),
                "output": task.output, "kind": task.kind, "section": task.section_id, **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        keep = [task.lead_unit_id, *(unit.pk for unit in task.coordinating_units.all())] if task else []
        units = plan_units(plan, keep)
        queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units])
        options = [(unit.pk, unit.name) for unit in units]
        self.fields["lead_unit"].queryset = queryset
        self.fields["lead_unit"].choices = [("", self.fields["lead_unit"].empty_label), *options]
        self.fields["coordinating_units"].queryset = queryset
        self.fields["coordinating_units"].choices = options
        self.fields["section"].queryset = PlanSection.objects.filter(plan_id=plan.pk).order_by("order", "pk")

    def clean(self):
        data = super().clean()
        data["kind"] = data.get("kind") or TaskKind.TASK
        if data["kind"] == TaskKind.DUTY and data.get("section") is None:
            sections = list(self.fields["section"].queryset)
            organizing = [s for s in sections if "TỔ CHỨC THỰC HIỆN" in s.heading.upper()]
            data["section"] = (organizing or sections or [None])[-1]
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("fingerprint", None)
        return data


class ExtendForm(SafeTextMixin, forms.Form):
    """Gia hạn: the new due date and why. Required-ness is checked by the service (one message)."""

    label_suffix = ""

    extended_due_date = _date_field("Gia hạn đến ngày", required=False)
    extension_reason = forms.CharField(label="Lý do gia hạn", required=False, max_length=1000,
                                       widget=forms.TextInput(attrs={"placeholder": "Lý do"}),
                                       error_messages={"max_length": "Lý do dài quá 1000 ký tự."})


class RoundForm(SafeTextMixin, forms.Form):
    label_suffix = ""
    name = forms.CharField(label="Tên đợt", max_length=255,
                           widget=forms.TextInput(attrs={"placeholder": "Ví dụ: Báo cáo lần 1"}),
                           error_messages={"required": "Nhập tên đợt báo cáo.",
                                           "max_length": "Tên đợt dài quá 255 ký tự."})
    deadline = _date_field("Hạn báo cáo", required=True)
    period_start = _date_field("Chốt số liệu từ ngày", required=False)
    period_end = _date_field("Chốt số liệu đến ngày", required=False)
    reporting_units = forms.ModelMultipleChoiceField(
        label="Đơn vị phải báo cáo", queryset=Unit.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Để trống: các đơn vị chủ trì nhiệm vụ phải báo cáo; đơn vị phối hợp gửi phần việc nếu muốn.",
        error_messages={"invalid_choice": "Chọn đơn vị trong danh sách.",
                        "invalid_pk_value": "Chọn đơn vị trong danh sách."})

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            units = plan_units(plan)
            self.fields["reporting_units"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
            self.fields["reporting_units"].choices = [(u.pk, u.name) for u in units]


class RoundGenerateForm(SafeTextMixin, forms.Form):
    label_suffix = ""
    DAY_KINDS = [("working", "ngày làm việc"), ("calendar", "ngày (tính cả ngày nghỉ)")]

    period = forms.ChoiceField(label="Định kỳ", choices=list(schedule.PERIOD_KINDS.items()),
                               initial=schedule.HALF,
                               error_messages={"invalid_choice": "Chọn định kỳ trong danh sách.",
                                               "required": "Chọn định kỳ."})
    days = forms.IntegerField(label="Hạn báo cáo sau ngày chốt số liệu", min_value=0, max_value=90, initial=2,
                              error_messages={"required": "Nhập số ngày.", "invalid": "Nhập một số nguyên.",
                                              "min_value": "Số ngày không được âm.",
                                              "max_value": "Số ngày không quá 90."})
    day_kind = forms.ChoiceField(label="Tính theo", choices=DAY_KINDS, initial="working",
                                 error_messages={"invalid_choice": "Chọn cách tính ngày.",
                                                 "required": "Chọn cách tính ngày."})
    replace = forms.BooleanField(label="Xóa các đợt hiện có trước khi tạo", required=False)


class TableImportForm(SafeTextMixin, forms.Form):
    """A spreadsheet with the columns of the plan's own task export, to fill its task table."""

    file = forms.FileField(label="Tệp bảng nhiệm vụ (.xlsx hoặc .csv)",
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
                           error_messages={"required": "Hãy chọn tệp .xlsx hoặc .csv."})
    replace = forms.BooleanField(label="Thay thế các nhiệm vụ đang có trong bảng", required=False)
