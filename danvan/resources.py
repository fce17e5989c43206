"""Import and export of units (django-import-export), and the strict base every resource uses.

A spreadsheet is all or nothing: a file with a wrong or missing column, or any row that fails,
is refused as a whole with Vietnamese messages that name the row (as the spreadsheet numbers it,
the header being row 1) and the column. Nothing of the file is kept, good rows included.
"""

import datetime
import decimal
import re

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import IntegrityError
from django.utils.safestring import mark_safe
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV, XLSX

from danvan.models import Organization, Unit, UnitKind
from danvan.text import nfc, safe_text, search_key


class ImportRefused(Exception):
    """The file as a whole cannot be imported (its header row is wrong)."""


class SemicolonAwareCSV(CSV):
    """CSV that also reads files saved by Excel with Vietnamese regional settings (";" separated)."""

    def create_dataset(self, in_stream, **kwargs):
        text = in_stream.decode(self.encoding or "utf-8-sig") if isinstance(in_stream, bytes) else in_stream
        header = text.split("\n", 1)[0]
        if header.count(";") > header.count(","):
            kwargs.setdefault("delimiter", ";")
        return super().create_dataset(text, **kwargs)


IMPORT_FORMATS = [SemicolonAwareCSV, XLSX]


# --- Widgets: every refusal is a ValueError with a Vietnamese message (a field error) ------------


def clean_text(value) -> str:
    """A cell as text: NFC, single spaces, no control characters (danvan.text.safe_text), "" for an
    empty cell; 12.0 from Excel reads as "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(nfc(safe_text(str(value))).split())


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return clean_text(value)


class OrderWidget(widgets.IntegerWidget):
    """A non-negative whole number ("thứ tự")."""

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        if not text:
            return None
        try:
            number = decimal.Decimal(text)
        except decimal.InvalidOperation:
            number = None
        if number is None or number != number.to_integral_value() or number < 0 or number > 10**6:
            raise ValueError(f"“{text}” không phải số thứ tự hợp lệ (ghi một số nguyên, ví dụ 3).")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class DateWidget(widgets.DateWidget):
    """A date written day first (03/9/2025), or a date cell of a spreadsheet. Exported as dd/mm/yyyy."""

    INPUT_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = clean_text(value)
        if not text:
            return None
        for fmt in self.INPUT_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"Ngày “{text}” không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 03/09/2025.")

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class ChoiceWidget(widgets.Widget):
    """A TextChoices value, given as its code or its Vietnamese label, with or without diacritics.

    Exported as the label, which is what people read and type. `aliases` adds short forms
    people write ("quý" for "Theo quý").
    """

    def __init__(self, choices, aliases=None, **kwargs):
        self.choices = list(choices)
        self.lookup = {self.key(alias): code for alias, code in (aliases or {}).items()}
        for code, label in self.choices:
            self.lookup[self.key(str(code))] = code
            self.lookup[self.key(str(label))] = code
        super().__init__(**kwargs)

    @staticmethod
    def key(text: str) -> str:
        """Diacritics, case and punctuation ignored: "co quan to chuc phoi hop" = "Cơ quan, tổ chức phối hợp"."""
        return " ".join(re.sub(r"[^a-z0-9]+", " ", search_key(text)).split())

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        if not text:
            return ""
        try:
            return self.lookup[self.key(text)]
        except KeyError:
            allowed = ", ".join(str(label) for _code, label in self.choices)
            raise ValueError(f"“{text}” không phải giá trị hợp lệ; chọn một trong: {allowed}.") from None

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class OrganizationWidget(widgets.ForeignKeyWidget):
    """An organization given by its code ("phu-lien")."""

    def __init__(self, **kwargs):
        super().__init__(Organization, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        code = clean_text(value)
        if not code:
            raise ValueError("Chưa ghi mã cơ quan.")
        try:
            return Organization.objects.get(code=code)
        except Organization.DoesNotExist:
            raise ValueError(f"Không có cơ quan mã “{code}”.") from None


def find_unit(organization: Organization, name: str) -> Unit:
    """The unit of `organization` called `name` (case-insensitive), or by its short name.

    Raises ValueError with the message a user reads when there is none, or more than one.
    """
    wanted = clean_text(name).casefold()
    units = list(Unit.objects.filter(organization=organization))
    matches = [u for u in units if clean_text(u.name).casefold() == wanted]
    if not matches:
        matches = [u for u in units if u.short_name and clean_text(u.short_name).casefold() == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ValueError(f"Có nhiều đơn vị tên “{clean_text(name)}” trong {organization}; hãy ghi tên đầy đủ.")
    raise ValueError(f"Không có đơn vị “{clean_text(name)}” trong {organization}.")


# --- The strict base resource ------------------------------------------------------------------

INLINE_STYLE = re.compile(r' style="[^"]*"')


class StylelessDiff(resources.Diff):
    """The preview's changed values without inline styles, which the Content-Security-Policy
    blocks; import_export/import.css colours the <ins>/<del> marks instead."""

    def as_html(self):
        return [mark_safe(INLINE_STYLE.sub("", html)) for html in super().as_html()]  # noqa: S308


def row_label(row_number: int) -> str:
    """The row as the spreadsheet shows it: the header is row 1, the first data row is row 2."""
    return f"Dòng {row_number + 1}"


class StrictModelResource(resources.ModelResource):
    """A ModelResource that imports a whole file or nothing.

    - the header row must hold exactly the declared columns (any order, any case);
    - field errors are ValueErrors raised by widgets and the model's full_clean(), reported per
      column with "Dòng N, cột “x”: …";
    - any error or invalid row rolls the whole import back (rollback_on_validation_errors is
      forced on, the admin's confirm step included).
    """

    #: Shown on the admin import page under the list of columns.
    import_help = ""

    class Meta:
        clean_model_instances = True
        skip_unchanged = False
        use_transactions = True

    @classmethod
    def columns(cls) -> list[str]:
        return [cls.fields[name].column_name for name in cls._meta.fields]

    def get_diff_class(self):
        return StylelessDiff

    def export_field(self, field, instance, **kwargs):
        # A row stored before text was cleaned must not make the .xlsx export fail (openpyxl refuses
        # control characters).
        value = super().export_field(field, instance, **kwargs)
        return safe_text(value) if isinstance(value, str) else value

    def header_problem(self, headers) -> str:
        """What is wrong with the header row, in Vietnamese, or "" when it is right."""
        expected = self.columns()
        given = [clean_text(h).lower() for h in headers or []]
        named = [h for h in given if h]
        missing = [c for c in expected if c not in named]
        unknown = [h for h in named if h not in expected]
        repeated = sorted({h for h in named if named.count(h) > 1})
        problems = []
        if missing:
            problems.append("thiếu cột " + ", ".join(f"“{c}”" for c in missing))
        if unknown:
            problems.append("cột " + ", ".join(f"“{c}”" for c in unknown) + " không đúng tên")
        if repeated:
            problems.append("cột " + ", ".join(f"“{c}”" for c in repeated) + " bị lặp")
        if not problems:
            return ""
        return (f"{row_label(0)} (dòng tiêu đề): " + "; ".join(problems)
                + ". Tệp phải có đúng các cột: " + ", ".join(expected) + ".")

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=True, **kwargs):  # noqa: ARG002
        problem = self.header_problem(dataset.headers)
        if problem:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            self.handle_import_error(result, ImportRefused(problem), raise_errors)
            return result
        # Headers are matched case-insensitively; the rest of the import reads them lower-case.
        dataset.headers = [clean_text(h).lower() for h in dataset.headers]
        # Spreadsheets often carry empty formatted rows at the end; blank rows in the middle stay
        # (and are reported) so that every row keeps the number the spreadsheet shows.
        while len(dataset) and all(clean_text(v) == "" for v in dataset[len(dataset) - 1]):
            del dataset[len(dataset) - 1]
        # Whatever the caller asks, an invalid row rolls the whole file back.
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors,
                                   use_transactions=use_transactions, collect_failed_rows=collect_failed_rows,
                                   rollback_on_validation_errors=True, **kwargs)

    def get_instance(self, instance_loader, row):
        # A bad key column (an unknown organization…) means "new row"; import_instance() then
        # reports it as a field error instead of an exception.
        try:
            return super().get_instance(instance_loader, row)
        except (ValueError, ObjectDoesNotExist):
            return None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # Many-to-many columns are only saved after the row; check them now so a wrong name is a
        # field error of this row, like any other.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row, instance=instance, **kwargs)
                except ValueError as exc:
                    errors[field.attribute] = [ValidationError(str(exc), code="invalid")]
        errors.update(self.check_row(instance, row, errors))
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row, errors) -> dict:
        """Rules across columns, for subclasses: {attribute: message}."""
        return {}

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        where = row_label(kwargs.get("row_number", 0))
        if row_result.validation_error is not None:
            row_result.validation_error = self.locate(row_result.validation_error, where)
        for error in row_result.errors:
            if isinstance(error.error, IntegrityError):
                error.error = ImportRefused(f"{where}: dữ liệu vi phạm ràng buộc của cơ sở dữ liệu ({error.error}).")
            elif not str(error.error).startswith("Dòng "):
                error.error = ImportRefused(f"{where}: {error.error}")
        return row_result

    def locate(self, error: ValidationError, where: str) -> ValidationError:
        """Prefix every message with the row and the column: "Dòng 3, cột “due_date”: …"."""
        columns = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
        located = {}
        for key, messages in error.message_dict.items():
            if key == NON_FIELD_ERRORS:
                located[key] = [f"{where}: {m}" for m in messages]
            else:
                column = columns.get(key, key)
                located[key] = [f"{where}, cột “{column}”: {m}" for m in messages]
        return ValidationError(located)


def error_messages(result) -> list[str]:
    """Every message of an import result, in row order: for the admin's message and for tests."""
    messages = [str(e.error) for e in result.base_errors]
    for _line, errors in result.row_errors():
        messages.extend(str(e.error) for e in errors)
    for invalid in result.invalid_rows:
        for field_messages in invalid.error_dict.values():
            messages.extend(str(m) for m in field_messages)
    return messages


# --- Units --------------------------------------------------------------------------------------


class UnitResource(StrictModelResource):
    """Units of any organization; a unit is found again by organization and name (re-import updates)."""

    import_help = ("organization: mã cơ quan (ví dụ phu-lien). kind: Phòng chuyên môn, Đơn vị sự nghiệp, "
                   "Văn phòng, Công chức chuyên môn hoặc Cơ quan, tổ chức phối hợp (để trống: Phòng chuyên môn). "
                   "Đơn vị đã có (cùng cơ quan, cùng tên) được cập nhật, không tạo trùng.")

    organization = fields.Field(attribute="organization", column_name="organization", widget=OrganizationWidget())
    name = fields.Field(attribute="name", column_name="name", widget=TextWidget())
    short_name = fields.Field(attribute="short_name", column_name="short_name", widget=TextWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(UnitKind.choices),
                        default=UnitKind.DEPARTMENT)
    head_name = fields.Field(attribute="head_name", column_name="head_name", widget=TextWidget())
    contact_name = fields.Field(attribute="contact_name", column_name="contact_name", widget=TextWidget())
    contact_title = fields.Field(attribute="contact_title", column_name="contact_title", widget=TextWidget())
    contact_phone = fields.Field(attribute="contact_phone", column_name="contact_phone", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="email", widget=TextWidget())
    order = fields.Field(attribute="order", column_name="order", widget=OrderWidget(), default=0)

    class Meta(StrictModelResource.Meta):
        model = Unit
        fields = ("organization", "name", "short_name", "kind", "head_name", "contact_name", "contact_title",
                  "contact_phone", "email", "order")
        import_id_fields = ("organization", "name")

    def get_queryset(self):
        return Unit.objects.select_related("organization").order_by("organization__name", "order", "name")
