"""Admin for tasks (with import/export) and reporting rounds."""

from django import forms
from django.contrib import admin

from danvan.admin import HistoryAdmin, ImportExportAdmin
from danvan.forms import SafeTextMixin
from tasks.models import DueKind, ReportingRound, Task, task_unit_errors
from tasks.resources import TaskResource


class TaskAdminForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = Task
        fields = "__all__"

    def clean(self):
        # Task.clean() checks the lead unit; co-ordinating units are many-to-many (saved after the
        # task), so they are checked here. The database trigger would refuse them anyway, with an
        # error page instead of this message.
        cleaned = super().clean()
        if cleaned.get("due_kind") == DueKind.CONTINUOUS:
            # As Task.save() does: a continuous task has no date (the check constraint would
            # otherwise refuse the form with Django's untranslated "Constraint … is violated").
            cleaned["due_date"] = None
        plan = cleaned.get("plan")
        units = cleaned.get("coordinating_units")
        if plan is not None and units is not None:
            message = task_unit_errors(plan, cleaned.get("lead_unit"), units).get("coordinating_units")
            if message:
                self.add_error("coordinating_units", message)
        return cleaned


@admin.register(Task)
class TaskAdmin(ImportExportAdmin, HistoryAdmin):
    form = TaskAdminForm
    resource_classes = [TaskResource]
    list_display = ("order", "__str__", "plan", "lead_unit", "due_label", "output")
    list_display_links = ("__str__",)
    list_filter = ("plan__organization", "due_kind", "plan__year", "plan__status")
    list_select_related = ("plan__organization", "lead_unit")
    search_fields = ("search_text",)
    search_text_paths = ("search_text", "lead_unit__search_text")
    ordering = ("plan", "order", "pk")
    date_hierarchy = "due_date"
    autocomplete_fields = ("plan", "lead_unit", "coordinating_units")
    fieldsets = (
        (None, {"fields": ("plan", "order", "content", "output")}),
        ("Đơn vị thực hiện", {"fields": ("lead_unit", "coordinating_units")}),
        ("Thời hạn", {"fields": ("due_kind", "due_date", "extended_due_date", "extension_reason")}),
    )

    @admin.display(description="thời hạn", ordering="due_date")
    def due_label(self, obj):
        return obj.due_label

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related("coordinating_units")


@admin.register(ReportingRound)
class ReportingRoundAdmin(HistoryAdmin):
    list_display = ("name", "plan", "deadline", "period_start", "period_end")
    list_filter = ("plan__organization", "plan__year")
    list_select_related = ("plan__organization",)
    search_fields = ("name",)
    search_text_paths = ("plan__search_text",)
    ordering = ("plan", "deadline", "order")
    date_hierarchy = "deadline"
    autocomplete_fields = ("plan",)
    fields = ("plan", "order", "name", "deadline", "period_start", "period_end")
