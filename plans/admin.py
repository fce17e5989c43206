"""Admin for legal documents (with import/export), plans with their sections and citations."""

from django.contrib import admin
from django.db.models import Q

from danvan.admin import DiacriticSearchMixin, HistoryAdmin, ImportExportAdmin, SafeTextAdminMixin
from plans.models import Citation, LegalDocument, Plan, PlanSection, number_key
from plans.resources import LegalDocumentResource

# Set only by the workflow services (submit, approve, issue): never typed in the admin.
PLAN_WORKFLOW_FIELDS = ("status", "return_reason", "number", "issued_on", "register_entry", "signed_scan",
                        "submitted_at", "approved_by", "approved_at", "created_by", "version", "created_at",
                        "updated_at")


@admin.register(LegalDocument)
class LegalDocumentAdmin(DiacriticSearchMixin, ImportExportAdmin, admin.ModelAdmin):
    resource_classes = [LegalDocumentResource]
    list_display = ("__str__", "kind", "number", "issued_on", "issuer", "short_subject")
    list_filter = ("kind", "issuer")
    search_fields = ("search_text", "number")
    date_hierarchy = "issued_on"
    ordering = ("-issued_on", "kind", "number")
    fields = ("kind", "number", "name", "issued_on", "issuer", "subject", "created_at")
    readonly_fields = ("created_at",)

    def exact_search_q(self, search_term):
        # "33/CT - TTg" or "33/ct-ttg" finds 33/CT-TTg however the number was typed.
        key = number_key(search_term)
        return Q(number_key=key) if key else None

    @admin.display(description="trích yếu")
    def short_subject(self, obj):
        return obj.subject if len(obj.subject) <= 80 else obj.subject[:79] + "…"


class PlanSectionInline(SafeTextAdminMixin, admin.StackedInline):
    model = PlanSection
    fields = ("order", "heading", "body")
    extra = 0


class CitationInline(SafeTextAdminMixin, admin.TabularInline):
    model = Citation
    fields = ("role", "order", "document")
    autocomplete_fields = ("document",)
    extra = 0


@admin.register(Plan)
class PlanAdmin(HistoryAdmin):
    list_display = ("title", "organization", "year", "status", "number_display", "issued_on", "updated_at")
    list_filter = ("organization", "status", "year")
    list_select_related = ("organization",)
    search_fields = ("search_text",)
    date_hierarchy = "period_start"
    ordering = ("-year", "organization__name", "-created_at")
    autocomplete_fields = ("organization", "implements", "drafting_unit", "copied_from")
    readonly_fields = PLAN_WORKFLOW_FIELDS
    inlines = (CitationInline, PlanSectionInline)
    fieldsets = (
        (None, {"fields": ("organization", "title", "year", "period_label", "period_start", "period_end",
                           "implements", "drafting_unit", "copied_from")}),
        ("Nội dung", {"fields": ("intro", "closing", "appendix_title")}),
        ("Nơi nhận, người ký", {"fields": ("recipients", "signer_authority", "signer_title",
                                            "signer_deputy_title", "signer_name")}),
        ("Phê duyệt, ban hành (do quy trình cập nhật)", {"fields": PLAN_WORKFLOW_FIELDS}),
    )

    @admin.display(description="số, ký hiệu", ordering="number")
    def number_display(self, obj):
        return obj.number_display if obj.number else "—"

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PlanSection)
class PlanSectionAdmin(HistoryAdmin):
    list_display = ("heading", "plan", "order")
    list_filter = ("plan__organization", "plan__year")
    list_select_related = ("plan", "plan__organization")
    search_fields = ("heading",)
    search_text_paths = ("plan__search_text",)
    ordering = ("plan", "order")
    autocomplete_fields = ("plan",)
    fields = ("plan", "order", "heading", "body")


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    list_display = ("document", "role", "plan", "order")
    list_filter = ("role", "plan__organization", "document__kind")
    list_select_related = ("plan", "plan__organization", "document")
    search_fields = ("document__number",)
    search_text_paths = ("document__search_text", "plan__search_text")
    ordering = ("plan", "role", "order")
    autocomplete_fields = ("plan", "document")
    fields = ("plan", "role", "order", "document")
