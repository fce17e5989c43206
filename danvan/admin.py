"""The Django admin in Vietnamese: organizations, units, users and roles, the number register.

Also the pieces every app's admin shares: search with and without diacritics, the history admin
(read-only history; reverting would bypass the workflow services), and the import/export admin
(.csv and .xlsx, all-or-nothing imports, Vietnamese screens).
"""

import datetime

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm
from import_export.results import RowResult
from import_export.tmp_storages import MediaStorage
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from danvan import uploads
from danvan.files import private_download
from danvan.forms import SafeTextMixin, with_safe_text
from danvan.models import CalendarToken, IssuedNumber, Membership, Organization, Unit, person_name
from danvan.resources import IMPORT_FORMATS, UnitResource, error_messages
from danvan.text import words_q

# --- Clean text in every admin form -----------------------------------------------------------

class PermissionChoicesMixin:
    """The permission pickers of users and groups list "Kế hoạch và văn bản pháp lý: Thêm kế hoạch"
    (the app's name and the Vietnamese permission name) instead of Django's
    "plans | historical kế hoạch | …" built from English table names."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.label_from_instance = lambda p: f"{apps.get_app_config(p.content_type.app_label).verbose_name}: {p.name}"
        return field


class SafeTextAdminMixin:
    """The forms this admin builds (and its inlines' forms) drop control characters and bidi tricks
    from text, as every form of the site does (danvan.forms.SafeTextMixin)."""

    def get_form(self, request, obj=None, **kwargs):
        return with_safe_text(super().get_form(request, obj, **kwargs))

    def get_formset(self, request, obj=None, **kwargs):  # inlines
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = with_safe_text(formset.form)
        return formset


# --- Search with and without diacritics --------------------------------------------------------


class DiacriticSearchMixin(SafeTextAdminMixin):
    """Admin search where "dan van" finds "dân vận".

    Models keep `search_text` = danvan.text.search_key(their text). The term is normalised the
    same way and every word must be contained in one of `search_text_paths` (the model's own
    search_text, or a related one: "plan__search_text"). Django's ordinary search over
    `search_fields` still applies too (usernames, exact numbers…); a row found by either shows.
    """

    search_text_paths: tuple[str, ...] = ("search_text",)
    search_help_text = "Tìm có dấu hoặc không dấu, ví dụ: dan van"

    def exact_search_q(self, search_term: str) -> Q | None:
        """An extra condition ORed with the word search (e.g. a document's exact number)."""
        return None

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        condition = words_q(search_term, self.search_text_paths) if self.search_text_paths else None
        if condition is None:
            return found, may_have_duplicates
        extra = self.exact_search_q(search_term)
        if extra is not None:
            condition |= extra
        # Sub-queries on pk: joins over related rows can never duplicate a result.
        matched = queryset.filter(condition).values("pk")
        return queryset.filter(Q(pk__in=found.values("pk")) | Q(pk__in=matched)), False


# --- History -----------------------------------------------------------------------------------


class VietnameseChanges(HistoricalRecordContextHelper):
    """The admin history's "old → new" as people read them: choice labels, people's names, dates
    as dd/mm/yyyy, "(trống)" for nothing (not "None" or "người dùng đã xóa (pk=None)")."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value in (None, "") or isinstance(value, DeletedObject) and value.pk is None:
            return "(trống)"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, get_user_model()):
            return person_name(value)
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "H:i d/m/Y")
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, bool):
            return "Có" if value else "Không"
        return value


class HistoryAdmin(DiacriticSearchMixin, SimpleHistoryAdmin):
    """Shows who changed what and when; never reverts (status and numbers change only through
    the workflow services, and an old version put back would bypass them)."""

    object_history_template = "admin/history/object_history.html"
    object_history_list_template = "admin/history/object_history_list.html"
    object_history_form_template = "admin/history/object_history_form.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return VietnameseChanges(self.model, historical_record)

    def revert_disabled(self, request, obj=None):
        return True

    def history_view_title(self, request, obj):
        return f"Lịch sử thay đổi: {obj}"

    def history_form_view_title(self, request, obj):
        return f"Phiên bản trước của: {obj}"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


# --- Import / export ---------------------------------------------------------------------------


class VietnameseImportForm(SafeTextMixin, ImportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["resource"].label = "Loại dữ liệu"
        self.fields["format"].label = "Định dạng tệp"
        self.fields["import_file"].label = "Tệp cần nhập (.xlsx hoặc .csv)"

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        uploads.check_size(upload)
        if not looks_like_spreadsheet(upload):
            raise forms.ValidationError("Không đọc được tệp: nội dung không phải bảng tính .xlsx hoặc tệp .csv (UTF-8), tệp bị từ chối.")
        return upload


def looks_like_spreadsheet(upload) -> bool:
    """Judge the content, not the name: an .xlsx workbook (a zip with xl/workbook.xml) or UTF-8 text."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return uploads.sniff(upload) == "xlsx"
    sample = upload.read(64 * 1024)
    upload.seek(0)
    if b"\x00" in sample or sample.lstrip().lower().startswith((b"<", b"%pdf")):
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the sample's end is fine; anything else is not UTF-8 text.
        return error.start >= len(sample) - 3
    return True


class VietnameseExportForm(SafeTextMixin, ExportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["resource"].label = "Loại dữ liệu"
        self.fields["format"].label = "Định dạng tệp"


IMPORT_MESSAGES = {
    "No valid data to import. Ensure your file has the correct headers or data for import.":
        "Tệp không có dòng dữ liệu nào. Dòng đầu là dòng tiêu đề, dữ liệu bắt đầu từ dòng 2.",
}
LOG_MESSAGES = {
    RowResult.IMPORT_TYPE_NEW: "Thêm mới khi nhập từ tệp",
    RowResult.IMPORT_TYPE_UPDATE: "Cập nhật khi nhập từ tệp",
    RowResult.IMPORT_TYPE_DELETE: "Xóa khi nhập từ tệp",
}


class ImportExportAdmin(ImportExportMixin):
    """Import from and export to .xlsx and .csv, in Vietnamese, all or nothing.

    The uploaded file waits between the preview and the confirmation in Django's storage (not in
    a server's /tmp), so any app server behind a load balancer can confirm it.
    """

    formats = IMPORT_FORMATS
    tmp_storage_class = MediaStorage
    to_encoding = "utf-8-sig"  # Excel opens a UTF-8 CSV with Vietnamese text only with the BOM
    import_form_class = VietnameseImportForm
    export_form_class = VietnameseExportForm

    def export_action(self, request):
        response = super().export_action(request)
        # The exported file is read after the admin's permission check, like every other download.
        return private_download(response) if response.has_header("Content-Disposition") else response

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["import_help"] = [r.import_help for r in self.resource_classes if getattr(r, "import_help", "")]
        return context

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        if isinstance(response, TemplateResponse) and response.context_data:
            response.context_data["title"] = f"Nhập {self.opts.verbose_name_plural} từ tệp"
            form = response.context_data.get("form")
            if form is not None and form.is_bound and "import_file" in form.errors:
                form.errors["import_file"] = form.error_class(
                    [IMPORT_MESSAGES.get(str(e), str(e)) for e in form.errors["import_file"]])
            self.discard_refused_upload(form, response.context_data)
        return response

    def discard_refused_upload(self, form, context):
        """A refused file will never be confirmed: do not keep the people's data it holds."""
        # A file refused after it was stored (e.g. readable but without data rows) has left
        # cleaned_data with its error; it is still the form's uploaded file.
        upload = ((getattr(form, "cleaned_data", None) or {}).get("import_file")
                  or (form.files.get("import_file") if form is not None else None))
        name = getattr(upload, "tmp_storage_name", None)
        if name and not context.get("confirm_form"):
            self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs()).remove()

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error("import_file", "Không đọc được tệp. Hãy kiểm tra tệp là .xlsx hoặc .csv (UTF-8) "
                                      "và chọn đúng định dạng.")

    def process_result(self, result, request):
        # The confirm step imports again for real: if the data changed since the preview and a row
        # now fails, the whole import was rolled back; say so instead of "finished".
        if result.has_errors() or result.has_validation_errors():
            shown = error_messages(result)
            more = f" (và {len(shown) - 10} lỗi khác)" if len(shown) > 10 else ""
            messages.error(request, "Không nhập được tệp, không dòng nào được lưu: "
                           + " ".join(shown[:10]) + more)
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            f"Đã nhập xong {self.opts.verbose_name_plural}: {totals[RowResult.IMPORT_TYPE_NEW]} thêm mới, "
            f"{totals[RowResult.IMPORT_TYPE_UPDATE]} cập nhật, {totals[RowResult.IMPORT_TYPE_SKIP]} bỏ qua.")

    def _create_log_entry(self, user_pk, rows, import_type, action_flag):
        if rows:
            LogEntry.objects.log_actions(user_pk, rows, action_flag, change_message=LOG_MESSAGES[import_type],
                                         single_object=len(rows) == 1)

    def init_request_context_data(self, request, form):
        context = super().init_request_context_data(request, form)
        context["title"] = f"Xuất {self.opts.verbose_name_plural} ra tệp"
        return context


# --- Organizations, units, people --------------------------------------------------------------


class UnitInline(SafeTextAdminMixin, admin.TabularInline):
    model = Unit
    fields = ("order", "name", "short_name", "kind", "is_active")
    extra = 0
    show_change_link = True


@admin.register(Organization)
class OrganizationAdmin(DiacriticSearchMixin, admin.ModelAdmin):
    list_display = ("name", "code", "parent", "issuer_symbol", "place_name")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("parent",)
    search_fields = ("search_text", "code")
    ordering = ("parent__name", "name")
    autocomplete_fields = ("parent",)
    inlines = (UnitInline,)
    fieldsets = (
        (None, {"fields": ("name", "code", "parent")}),
        ("In trên văn bản", {"fields": ("header_parent_name", "header_name", "place_name", "issuer_symbol",
                                         "authority_line")}),
        ("Mặc định của kế hoạch mới", {"fields": ("default_signer_title", "default_signer_name",
                                                  "default_recipients")}),
    )


@admin.register(Unit)
class UnitAdmin(DiacriticSearchMixin, ImportExportAdmin, admin.ModelAdmin):
    resource_classes = [UnitResource]
    list_display = ("name", "short_name", "organization", "kind", "contact_name", "contact_phone", "order",
                    "is_active")
    list_filter = ("organization", "kind", "is_active")
    list_select_related = ("organization",)
    search_fields = ("search_text", "contact_name", "email")
    ordering = ("organization__name", "order", "name")
    autocomplete_fields = ("organization",)
    fieldsets = (
        (None, {"fields": ("organization", "name", "short_name", "kind", "order", "is_active")}),
        ("Liên hệ", {"fields": ("head_name", "contact_name", "contact_title", "contact_phone", "email")}),
    )


class MembershipInline(SafeTextAdminMixin, admin.TabularInline):
    model = Membership
    fields = ("organization", "role", "unit")
    autocomplete_fields = ("organization", "unit")
    extra = 0


@admin.register(Membership)
class MembershipAdmin(DiacriticSearchMixin, admin.ModelAdmin):
    """A user's role in an organization. Membership.clean() refuses a unit of another organization
    and a reporter without a unit; the admin form shows those messages next to the unit."""

    list_display = ("user", "user_full_name", "organization", "role", "unit")
    list_filter = ("organization", "role")
    list_select_related = ("user", "organization", "unit")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")
    search_text_paths = ("organization__search_text", "unit__search_text")
    ordering = ("organization__name", "user__username", "role")
    autocomplete_fields = ("user", "organization", "unit")

    @admin.display(description="họ tên", ordering="user__last_name")
    def user_full_name(self, obj):
        return obj.user.get_full_name()


User = get_user_model()
for registered in (User, Group):
    if admin.site.is_registered(registered):
        admin.site.unregister(registered)


@admin.register(Group)
class CleanGroupAdmin(SafeTextAdminMixin, PermissionChoicesMixin, GroupAdmin):
    """Django's group admin: names cleaned like every text, permissions named in Vietnamese."""


@admin.register(User)
class UserWithRolesAdmin(SafeTextAdminMixin, PermissionChoicesMixin, UserAdmin):
    """Django's user admin with the user's roles (memberships) on the same page."""

    inlines = (MembershipInline,)
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_staff")


@admin.register(IssuedNumber)
class IssuedNumberAdmin(SafeTextAdminMixin, admin.ModelAdmin):
    """The register of issued numbers. Numbers are claimed by the issuing services; an entry
    is never edited afterwards (the printed document carries it)."""

    list_display = ("display", "kind", "organization", "year", "issued_on", "title", "issued_by")
    list_filter = ("organization", "year", "kind")
    list_select_related = ("organization", "issued_by")
    search_fields = ("symbol", "title", "number__exact")
    date_hierarchy = "issued_on"
    ordering = ("organization__name", "-year", "-number")
    autocomplete_fields = ("organization", "issued_by")

    @admin.display(description="số, ký hiệu", ordering="number")
    def display(self, obj):
        return obj.display

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ("organization", "year", "number", "kind", "symbol", "issued_on", "title", "issued_by",
                    "created_at")
        return ("created_at",)


@admin.register(CalendarToken)
class CalendarTokenAdmin(SafeTextAdminMixin, admin.ModelAdmin):
    """Private calendar feed tokens: created by their owner from the site; here only seen or revoked."""

    list_display = ("user", "created_at")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    readonly_fields = ("user", "token", "created_at")
    ordering = ("-created_at",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
