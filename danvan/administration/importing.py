"""Import and export of an organization's units and people (.xlsx or .csv), all or nothing.

Units go through danvan.resources.UnitResource (the same columns as the Django admin's import),
held to the admin's own organization. People are rows of username, full name, e-mail, role and
unit: a new username becomes an account (invited by e-mail, or with a first password that must
be changed), a username already working here gains the role. Any bad row refuses the whole file,
and invitation e-mails leave only when the file was kept.
"""

from __future__ import annotations

import tablib
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from import_export.formats.base_formats import XLSX

from danvan.administration import services
from danvan.administration.forms import PersonCreateForm
from danvan.models import Membership, Organization, Role
from danvan.resources import (ChoiceWidget, SemicolonAwareCSV, StrictModelResource, UnitResource, clean_text,
                              error_messages, find_unit, row_label)

User = get_user_model()
MAX_ROWS = 2000


def read_dataset(upload) -> tablib.Dataset:
    """The uploaded file as a dataset, or a ValidationError in words (not a spreadsheet, broken)."""
    content = upload.read()
    try:
        if upload.name.lower().endswith(".xlsx"):
            dataset = XLSX().create_dataset(content)
        else:
            dataset = SemicolonAwareCSV().create_dataset(content)
    except UnicodeDecodeError:
        raise ValidationError("Tệp .csv phải lưu với bảng mã UTF-8 (trong Excel: Lưu thành “CSV UTF-8”).") from None
    except Exception:  # openpyxl and csv raise many kinds for a damaged or mislabelled file
        raise ValidationError("Không đọc được tệp: tệp hỏng hoặc không phải bảng tính .xlsx/.csv.") from None
    # NUL has no meaning in a cell (and PostgreSQL refuses it in text), like in form values.
    without_nul = tablib.Dataset(headers=[_no_nul(h) for h in dataset.headers] if dataset.headers else None)
    for row in dataset:
        without_nul.append([_no_nul(value) for value in row])
    return without_nul


def _no_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


def _too_long(dataset) -> list[str]:
    return [f"Tệp có {len(dataset)} dòng; mỗi lần chỉ nhập tối đa {MAX_ROWS} dòng."] if len(dataset) > MAX_ROWS else []


# --- units --------------------------------------------------------------------------------------------

class OrganizationUnitResource(UnitResource):
    """UnitResource held to one organization: an empty organization cell means this one, another
    organization's code is refused on its row."""

    def __init__(self, organization: Organization, **kwargs):
        super().__init__(**kwargs)
        self.organization = organization

    def before_import_row(self, row, **kwargs):
        if not clean_text(row.get("organization")):
            row["organization"] = self.organization.code
        super().before_import_row(row, **kwargs)

    def check_row(self, instance, row, errors) -> dict:
        if instance.organization_id and instance.organization_id != self.organization.pk:
            return {"organization": [ValidationError(
                f"chỉ nhập được đơn vị của cơ quan mình (mã “{self.organization.code}”) hoặc để trống.")]}
        return {}

    def get_queryset(self):
        return super().get_queryset().filter(organization=self.organization)


def units_import(*, organization: Organization, actor, dataset: tablib.Dataset) -> tuple[int, list[str]]:
    """(rows imported, []) or (0, the Vietnamese messages of every bad row)."""
    if problems := _too_long(dataset):
        return 0, problems
    with transaction.atomic():
        result = OrganizationUnitResource(organization).import_data(dataset, dry_run=False)
        if result.has_errors() or result.has_validation_errors():
            transaction.set_rollback(True)
            return 0, error_messages(result)
        services.audit(organization=organization, actor=actor, action="units_import",
                       summary=f"Nhập danh sách đơn vị từ tệp: {len(dataset)} dòng.")
    return len(dataset), []


def units_export(organization: Organization) -> bytes:
    return XLSX().export_data(OrganizationUnitResource(organization).export())


# --- people -------------------------------------------------------------------------------------------

class PeopleSheet:
    """The columns of a people spreadsheet; the header check is the units' one."""

    COLUMNS = ["username", "full_name", "email", "role", "unit", "password"]
    header_problem = StrictModelResource.header_problem

    @classmethod
    def columns(cls) -> list[str]:
        return cls.COLUMNS


ROLE_WIDGET = ChoiceWidget(Role.choices)


def _row_errors(where: str, form: PersonCreateForm) -> list[str]:
    column = {"password1": "password", "password2": "password"}
    found = []
    for field, messages in form.errors.items():
        if field == "__all__":
            found += [f"{where}: {m}" for m in messages]
        else:
            found += [f"{where}, cột “{column.get(field, field)}”: {m}" for m in messages]
    return list(dict.fromkeys(found))


def _person_row(*, organization: Organization, actor, where: str, cells: dict) -> list[str]:
    """Import one row (inside the file's transaction): its messages, or [] when it was kept."""
    errors = []
    data = {"username": cells["username"], "full_name": cells["full_name"], "email": cells["email"],
            "password1": cells["password"], "password2": cells["password"]}
    try:
        data["role"] = ROLE_WIDGET.clean(cells["role"]) or ""
    except ValueError as exc:
        errors.append(f"{where}, cột “role”: {exc}")
    if cells["unit"]:
        try:
            data["unit"] = find_unit(organization, cells["unit"]).pk
        except ValueError as exc:
            errors.append(f"{where}, cột “unit”: {exc}")
    existing = User.objects.filter(username__iexact=cells["username"]).first() if cells["username"] else None
    if existing is not None:
        # A person already working here gains the role; name, e-mail and password stay as they are.
        data.update(full_name=data["full_name"] or existing.get_full_name() or existing.username,
                    email="", password1="", password2="")
        data["email"] = existing.email or ""
    form = PersonCreateForm(data, organization=organization)
    if existing is not None:
        form.fields["email"].required = False
        form.password_required = False
    form.is_valid()
    if existing is not None:
        form.errors.pop("email", None)
    errors += _row_errors(where, form)
    if errors:
        return errors
    values = form.cleaned_data
    try:
        if existing is None:
            services.person_create(organization=organization, actor=actor, role=values["role"], unit=values["unit"],
                                   **form.account())
        elif Membership.objects.filter(user=existing, organization=organization).exists():
            if not Membership.objects.filter(user=existing, organization=organization, role=values["role"],
                                             unit=values["unit"]).exists():
                services.role_grant(organization=organization, actor=actor, person=existing,
                                    role=values["role"], unit=values["unit"])
        else:
            errors.append(f"{where}, cột “username”: tên đăng nhập “{existing.username}” đã có người dùng ở nơi khác.")
    except ValidationError as exc:
        errors += [f"{where}: {m}" for m in exc.messages]
    return errors


def people_import(*, organization: Organization, actor, dataset: tablib.Dataset) -> tuple[int, list[str]]:
    """(rows imported, []) or (0, the Vietnamese messages of every bad row); nothing is kept and
    no e-mail leaves unless every row is right."""
    sheet = PeopleSheet()
    if problem := sheet.header_problem(dataset.headers):
        return 0, [problem]
    if problems := _too_long(dataset):
        return 0, problems
    headers = [clean_text(h).lower() for h in dataset.headers]
    errors: list[str] = []
    with transaction.atomic():
        for number, values in enumerate(dataset, start=1):
            cells = {name: clean_text(value) for name, value in zip(headers, values)}
            if not any(cells.values()):
                continue
            errors += _person_row(organization=organization, actor=actor, where=row_label(number), cells=cells)
        if errors:
            transaction.set_rollback(True)
            return 0, errors
        services.audit(organization=organization, actor=actor, action="people_import",
                       summary=f"Nhập danh sách người dùng từ tệp: {len(dataset)} dòng.")
    return len(dataset), []


def people_export(organization: Organization) -> bytes:
    """One row per role, in the import's columns (the password column left empty)."""
    dataset = tablib.Dataset(headers=PeopleSheet.COLUMNS)
    memberships = (Membership.objects.filter(organization=organization).select_related("user", "unit")
                   .order_by("user__username", "role"))
    for membership in memberships:
        user = membership.user
        dataset.append([user.username, user.get_full_name(), user.email, membership.get_role_display(),
                        membership.unit.name if membership.unit_id else "", ""])
    return XLSX().export_data(dataset)


