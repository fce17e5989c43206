"""Import and export of a plan's tasks (.xlsx, .csv) through the admin.

Units are written by name (or short name) and looked up in the organization of the task's plan,
so a task can never be given another organization's unit. Tasks are only imported into a draft
plan: an issued plan is a signed document.
"""

from import_export import fields, widgets

from danvan.models import Unit, in_unit_order
from danvan.resources import (
    ChoiceWidget,
    DateWidget,
    OrderWidget,
    StrictModelResource,
    TextWidget,
    clean_text,
    find_unit,
)
from plans.models import Plan, PlanStatus
from tasks.models import DueKind, Task, task_unit_errors

UNIT_SEPARATOR = ";"
DUE_KIND_ALIASES = {"ngày": DueKind.DATE, "tháng": DueKind.MONTH, "quý": DueKind.QUARTER}


def find_plan(value) -> Plan:
    """The draft plan whose id is `value`; ValueError with the user's message otherwise."""
    text = clean_text(value)
    if not text:
        raise ValueError("Chưa ghi số hiệu (id) của kế hoạch.")
    if not (text.isascii() and text.isdigit()):  # "²" and "١" are digits to str.isdigit(), not to int()
        raise ValueError(f"“{text}” không phải số hiệu (id) kế hoạch; ghi số id, ví dụ 12.")
    plan = Plan.objects.select_related("organization").filter(pk=int(text)).first()
    if plan is None:
        raise ValueError(f"Không có kế hoạch có id {text}.")
    if plan.status != PlanStatus.DRAFT:
        raise ValueError(f"Kế hoạch id {text} có trạng thái “{plan.get_status_display()}”; "
                         "chỉ nhập nhiệm vụ vào kế hoạch dự thảo.")
    return plan


def plan_of_row(row) -> Plan:
    try:
        return find_plan(row.get("plan"))
    except ValueError:
        raise ValueError("Không tìm được đơn vị vì kế hoạch ở cột “plan” chưa đúng.") from None


class PlanWidget(widgets.ForeignKeyWidget):
    def __init__(self, **kwargs):
        super().__init__(Plan, field="pk", **kwargs)

    def clean(self, value, row=None, **kwargs):
        return find_plan(value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.pk if kwargs.get("force_native_type") else str(value.pk)


class LeadUnitWidget(widgets.ForeignKeyWidget):
    def __init__(self, **kwargs):
        super().__init__(Unit, field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if not clean_text(value):
            raise ValueError("Chưa ghi đơn vị chủ trì.")
        return find_unit(plan_of_row(row).organization, value)


class CoordinatingUnitsWidget(widgets.ManyToManyWidget):
    """Unit names separated by ";" ("Công an phường; Trạm Y tế")."""

    def __init__(self, **kwargs):
        super().__init__(Unit, separator=UNIT_SEPARATOR, field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        names = [clean_text(n) for n in clean_text(value).split(UNIT_SEPARATOR)]
        names = [n for n in names if n]
        if not names:
            return []
        plan = plan_of_row(row)
        organization = plan.organization
        units, problems = [], []
        for name in names:
            try:
                units.append(find_unit(organization, name))
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise ValueError(" ".join(problems))
        try:
            lead = find_unit(organization, row.get("lead_unit"))
        except ValueError:
            lead = None
        if message := task_unit_errors(plan, lead, units).get("coordinating_units"):
            raise ValueError(message)
        return list(dict.fromkeys(units))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{UNIT_SEPARATOR} ".join(u.name for u in in_unit_order(value.all()))


class TaskResource(StrictModelResource):
    """Tasks of draft plans. A task is found again by plan and order: re-importing updates it."""

    import_help = ("plan: số id của kế hoạch (dự thảo). lead_unit, coordinating_units: tên đơn vị của cơ quan "
                   "ban hành kế hoạch, các đơn vị phối hợp cách nhau bằng dấu “;”. due_kind: Theo ngày, Theo "
                   "tháng, Theo quý hoặc Thường xuyên (để trống: Theo ngày). due_date: ngày/tháng/năm, để trống "
                   "với nhiệm vụ thường xuyên. Nhiệm vụ đã có (cùng kế hoạch, cùng thứ tự) được cập nhật.")

    plan = fields.Field(attribute="plan", column_name="plan", widget=PlanWidget())
    order = fields.Field(attribute="order", column_name="order", widget=OrderWidget(), default=0)
    content = fields.Field(attribute="content", column_name="content", widget=TextWidget())
    lead_unit = fields.Field(attribute="lead_unit", column_name="lead_unit", widget=LeadUnitWidget())
    coordinating_units = fields.Field(attribute="coordinating_units", column_name="coordinating_units",
                                      widget=CoordinatingUnitsWidget())
    due_kind = fields.Field(attribute="due_kind", column_name="due_kind",
                            widget=ChoiceWidget(DueKind.choices, DUE_KIND_ALIASES), default=DueKind.DATE)
    due_date = fields.Field(attribute="due_date", column_name="due_date", widget=DateWidget())
    output = fields.Field(attribute="output", column_name="output", widget=TextWidget())

    class Meta(StrictModelResource.Meta):
        model = Task
        fields = ("plan", "order", "content", "lead_unit", "coordinating_units", "due_kind", "due_date", "output")

    def get_instance(self, instance_loader, row):
        try:
            plan = find_plan(row.get("plan"))
            order = OrderWidget().clean(row.get("order"))
        except ValueError:
            return None
        if order is None:
            return None
        matches = list(Task.objects.filter(plan=plan, order=order)[:2])
        return matches[0] if len(matches) == 1 else None

    def check_row(self, instance, row, errors) -> dict:
        if "due_kind" not in errors and "due_date" not in errors and instance.due_kind == DueKind.CONTINUOUS \
                and instance.due_date is not None:
            return {"due_date": ["Nhiệm vụ thường xuyên không ghi thời hạn: hãy để trống ô này "
                                 "hoặc chọn loại thời hạn khác."]}
        return {}

    def get_queryset(self):
        return (Task.objects.select_related("plan", "lead_unit").prefetch_related("coordinating_units")
                .order_by("plan", "order", "pk"))
