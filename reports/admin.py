"""Admin for units' reports, their submitted versions and evidence, reminders and roll-ups.

What a unit submitted, what it attached and what reminders were sent are records: shown here,
never rewritten. Statuses and numbers change only through the reporting services.
"""

from django.contrib import admin

from danvan.admin import DiacriticSearchMixin, HistoryAdmin, SafeTextAdminMixin
from reports.models import Evidence, ReminderLog, ReminderRequest, RollupReport, UnitReport, UnitReportEntry, UnitReportVersion


class ReadOnlyAdmin(DiacriticSearchMixin, admin.ModelAdmin):
    """A record to look at: no add, no change. Deleting stays (for a superuser cleaning up)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class UnitReportEntryInline(SafeTextAdminMixin, admin.StackedInline):
    model = UnitReportEntry
    fields = ("task", "is_lead", "status", "done_text", "difficulties", "proposals")
    autocomplete_fields = ("task",)
    extra = 0


@admin.register(UnitReport)
class UnitReportAdmin(HistoryAdmin):
    list_display = ("unit", "round", "status", "submitted_at", "is_late", "version")
    list_filter = ("status", "is_late", "round__plan__organization", "round__plan__year")
    list_select_related = ("unit", "round", "round__plan")
    search_fields = ("round__name",)
    search_text_paths = ("unit__search_text", "round__plan__search_text")
    ordering = ("round", "unit__order", "unit__name")
    date_hierarchy = "submitted_at"
    autocomplete_fields = ("round", "unit")
    readonly_fields = ("status", "submitted_at", "submitted_by", "is_late", "reviewed_by", "reviewed_at",
                       "return_reason", "version", "created_at", "updated_at")
    fields = ("round", "unit", "overall") + readonly_fields
    inlines = (UnitReportEntryInline,)


@admin.register(UnitReportVersion)
class UnitReportVersionAdmin(ReadOnlyAdmin):
    list_display = ("report", "number", "submitted_at", "submitted_by", "is_late", "outcome")
    list_filter = ("outcome", "is_late", "report__round__plan__organization")
    list_select_related = ("report__unit", "report__round", "submitted_by")
    search_fields = ("report__round__name",)
    search_text_paths = ("report__unit__search_text", "report__round__plan__search_text")
    ordering = ("report", "number")
    date_hierarchy = "submitted_at"


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    """Files are served only through the permission-checking view, so the admin shows their names."""

    list_display = ("original_name", "entry", "content_type", "size", "version_number", "uploaded_by",
                    "uploaded_at")
    list_filter = ("content_type", "entry__report__round__plan__organization")
    list_select_related = ("entry__report__unit", "entry__task", "uploaded_by")
    search_fields = ("original_name",)
    search_text_paths = ("entry__report__unit__search_text", "entry__task__search_text")
    ordering = ("-uploaded_at",)
    date_hierarchy = "uploaded_at"
    fields = ("entry", "original_name", "stored_name", "content_type", "size", "version_number", "uploaded_by",
              "uploaded_at")
    readonly_fields = fields

    @admin.display(description="tên tệp đã lưu")
    def stored_name(self, obj):
        return obj.file.name


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ("sent_on", "kind", "round", "unit", "user")
    list_filter = ("kind", "round__plan__organization")
    list_select_related = ("round", "unit", "user")
    search_fields = ("user__username", "round__name")
    search_text_paths = ("unit__search_text", "round__plan__search_text")
    ordering = ("-sent_on", "round")
    date_hierarchy = "sent_on"


@admin.register(ReminderRequest)
class ReminderRequestAdmin(ReadOnlyAdmin):
    """The "Nhắc đơn vị" clicks and what the worker made of them (a failure also shows, with its
    traceback, under "Celery Results")."""

    list_display = ("requested_on", "state", "attempts", "sent_count", "round", "unit", "requested_by", "last_error")
    list_filter = ("state", "round__plan__organization")
    list_select_related = ("round", "unit", "requested_by")
    search_fields = ("round__name",)
    search_text_paths = ("unit__search_text", "round__plan__search_text")
    ordering = ("-requested_on", "-created_at")
    date_hierarchy = "requested_on"


@admin.register(RollupReport)
class RollupReportAdmin(HistoryAdmin):
    list_display = ("title", "organization", "round", "status", "number", "issued_on", "updated_at")
    list_filter = ("organization", "status")
    list_select_related = ("organization", "round")
    search_fields = ("title", "period_label")
    search_text_paths = ("organization__search_text", "round__plan__search_text")
    ordering = ("-created_at",)
    date_hierarchy = "created_at"
    autocomplete_fields = ("organization", "round", "sources")
    readonly_fields = ("figures", "status", "return_reason", "number", "issued_on", "register_entry",
                       "signed_scan", "version", "figures_refreshed_at", "created_by", "approved_by",
                       "approved_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("organization", "round", "sources", "title", "period_label", "period_start",
                           "period_end")}),
        ("Nội dung", {"fields": ("addressees", "intro", "leadership_text", "results_text", "assessment_text",
                                 "direction_text", "proposals_text",
                                 "figures", "figures_refreshed_at")}),
        ("Nơi nhận, người ký", {"fields": ("recipients", "signer_authority", "signer_title",
                                            "signer_deputy_title", "signer_name")}),
        ("Phê duyệt, ban hành (do quy trình cập nhật)", {"fields": (
            "status", "return_reason", "number", "issued_on", "register_entry", "signed_scan", "version",
            "created_by", "approved_by", "approved_at", "created_at", "updated_at")}),
    )

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
