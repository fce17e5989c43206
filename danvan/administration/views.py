"""Pages of the organization admin (a role, not Django staff): every page is reached through
`_organization()`, which gives 404 to outsiders and 403 to anyone without the admin role there,
the parent's admins included (they create communes, they do not run them)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from danvan import permissions
from danvan.administration import forms, importing, services
from danvan.models import AuditEntry, Membership, Organization, Unit

User = get_user_model()
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PEOPLE_PAGE_SIZE = 50  # people of an organization per page (locked accounts stay listed)


def _organization(request, code: str) -> Organization:
    organization = get_object_or_404(Organization, code=code)
    permissions.require(request.user, "manage", organization)
    return organization


def _unit(organization: Organization, pk: int) -> Unit:
    return get_object_or_404(Unit, pk=pk, organization=organization)


def _person(organization: Organization, pk: int):
    return get_object_or_404(User.objects.filter(memberships__organization=organization).distinct(), pk=pk)


def _show(form, exc: ValidationError) -> None:
    """A service's refusal on the form: under its field when the form has it, on top otherwise."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _refused(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_safe
def start(request):
    """The menu's entry: straight to the one organization the user runs, or a choice."""
    managed = Organization.objects.filter(pk__in=permissions.organizations_allowing(request.user, "manage"))
    if not managed:
        raise PermissionDenied
    if len(managed) == 1:
        return redirect("administration:home", code=managed[0].code)
    return render(request, "administration/start.html", {"organizations": managed})


@require_safe
def home(request, code):
    organization = _organization(request, code)
    context = {
        "organization": organization,
        "unit_count": organization.units.filter(is_active=True).count(),
        "people_count": User.objects.filter(memberships__organization=organization, is_active=True).distinct().count(),
        "child_count": organization.children.count(),
        "entries": AuditEntry.objects.for_organization(organization)[:5],
    }
    return render(request, "administration/home.html", context)


def organization_edit(request, code):
    organization = _organization(request, code)
    form = forms.OrganizationForm(request.POST or None, instance=Organization.objects.get(pk=organization.pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.organization_update(organization=organization, actor=request.user, data=data)
        except ValidationError as exc:
            _show(form, exc)
        else:
            messages.success(request, "Đã lưu thông tin cơ quan.")
            return redirect("administration:home", code=code)
    return render(request, "administration/organization_form.html", {"organization": organization, "form": form})


# --- units ----------------------------------------------------------------------------------------------

@require_safe
def unit_list(request, code):
    organization = _organization(request, code)
    units = Unit.objects.for_organization(organization).order_by("-is_active", "order", "name")
    return render(request, "administration/unit_list.html", {"organization": organization, "units": units})


def unit_form(request, code, pk=None):
    organization = _organization(request, code)
    unit = _unit(organization, pk) if pk else None
    # A new unit goes last unless its order is typed.
    last = Unit.objects.for_organization(organization).aggregate(m=Max("order"))["m"]
    form = forms.UnitForm(request.POST or None, instance=Unit.objects.get(pk=unit.pk) if unit else None,
                          initial=None if unit else {"order": (last or 0) + 1})
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if unit:
                services.unit_update(unit=unit, actor=request.user, data=data)
            else:
                unit = services.unit_create(organization=organization, actor=request.user, data=data)
        except ValidationError as exc:
            _show(form, exc)
        else:
            messages.success(request, f"Đã lưu đơn vị “{unit.name}”.")
            return redirect("administration:units", code=code)
    work = services.unit_work(unit) if unit else []
    return render(request, "administration/unit_form.html",
                  {"organization": organization, "unit": unit, "form": form, "work": work})


@require_POST
def unit_set_active(request, code, pk, active):
    organization = _organization(request, code)
    unit = services.unit_set_active(unit=_unit(organization, pk), actor=request.user, active=active)
    messages.success(request, f"Đơn vị “{unit.name}” {'đang hoạt động' if active else 'đã ngừng hoạt động'}.")
    return redirect("administration:units", code=code)


@require_POST
def unit_delete(request, code, pk):
    organization = _organization(request, code)
    unit = _unit(organization, pk)
    try:
        services.unit_delete(unit=unit, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("administration:unit_edit", code=code, pk=pk)
    messages.success(request, f"Đã xóa đơn vị “{unit.name}”.")
    return redirect("administration:units", code=code)


def unit_merge(request, code, pk):
    organization = _organization(request, code)
    source = _unit(organization, pk)
    form = forms.UnitMergeForm(request.POST or None, source=source)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            moved = services.unit_merge(source=source, target=target, actor=request.user)
        except ValidationError as exc:
            _show(form, exc)
        else:
            what = ", ".join(f"{n} {name}" for name, n in moved.items()) or "không có việc nào"
            messages.success(request, f"Đã gộp “{source.name}” vào “{target.name}” (chuyển {what}).")
            return redirect("administration:units", code=code)
    return render(request, "administration/unit_merge.html", {
        "organization": organization, "unit": source, "form": form, "work": services.unit_work(source)})


# --- people ---------------------------------------------------------------------------------------------

@require_safe
def person_list(request, code):
    organization = _organization(request, code)
    page = Paginator(services.organization_people(organization), PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "administration/person_list.html", {"organization": organization, "page": page})


def person_create(request, code):
    organization = _organization(request, code)
    # "Việc cần làm" leads here to staff a unit: ?role=reporter&unit=<id> fills those two boxes.
    initial = {key: request.GET[key] for key in ("role", "unit") if request.GET.get(key, "").isalnum()}
    form = forms.PersonCreateForm(request.POST or None, organization=organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(organization=organization, actor=request.user,
                                            role=form.cleaned_data["role"], unit=form.cleaned_data["unit"],
                                            **form.account())
        except ValidationError as exc:
            _show(form, exc)
        else:
            messages.success(request, f"Đã tạo tài khoản “{person.username}”." + (
                " Người dùng phải đổi mật khẩu khi đăng nhập lần đầu." if form.cleaned_data["password1"]
                else f" Thư mời đã gửi tới {person.email}."))
            return redirect("administration:person", code=code, pk=person.pk)
    return render(request, "administration/person_create.html", {"organization": organization, "form": form})


def person_detail(request, code, pk):
    organization = _organization(request, code)
    person = _person(organization, pk)
    form = forms.PersonFields(request.POST or None, initial={"full_name": person.get_full_name(), "email": person.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(organization=organization, actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _show(form, exc)
        else:
            messages.success(request, "Đã lưu họ tên và thư điện tử.")
            return redirect("administration:person", code=code, pk=pk)
    return _person_page(request, organization, person, form=form)


def _person_page(request, organization, person, **forms_given):
    context = {
        "organization": organization, "person": person,
        "memberships": Membership.objects.filter(user=person, organization=organization).select_related("unit"),
        "elsewhere": Membership.objects.filter(user=person).exclude(organization=organization).exists(),
        "is_self": person.pk == request.user.pk,
        "form": forms.PersonFields(initial={"full_name": person.get_full_name(), "email": person.email}),
        "role_form": forms.RoleFields(organization=organization),
        "password_form": forms.TemporaryPasswordForm(person=person),
    }
    context.update(forms_given)
    return render(request, "administration/person_detail.html", context)


@require_POST
def role_grant(request, code, pk):
    organization = _organization(request, code)
    person = _person(organization, pk)
    form = forms.RoleFields(request.POST, organization=organization)
    if form.is_valid():
        try:
            services.role_grant(organization=organization, actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _show(form, exc)
        else:
            messages.success(request, "Đã giao vai trò.")
            return redirect("administration:person", code=code, pk=pk)
    return _person_page(request, organization, person, role_form=form)


@require_POST
def role_revoke(request, code, pk, membership_pk):
    organization = _organization(request, code)
    person = _person(organization, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, user=person, organization=organization)
    try:
        services.role_revoke(membership=membership, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "Đã bỏ vai trò.")
    return redirect("administration:person", code=code, pk=pk)


def _person_action(request, code, pk, run, success) -> HttpResponse:
    """A button on a person's page: run the service, say what happened or why not, go back."""
    organization = _organization(request, code)
    person = _person(organization, pk)
    try:
        run(organization=organization, actor=request.user, person=person)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, success(person))
    return redirect("administration:person", code=code, pk=pk)


@require_POST
def person_set_active(request, code, pk, active):
    return _person_action(
        request, code, pk, lambda **kw: services.person_set_active(active=active, **kw),
        lambda person: "Đã mở khóa tài khoản." if active else
        "Đã khóa tài khoản: người này không đăng nhập được; công việc và lịch sử vẫn được giữ.")


@require_POST
def person_force_reset(request, code, pk):
    return _person_action(
        request, code, pk, services.person_force_reset,
        lambda person: f"Mật khẩu cũ đã hết hiệu lực; thư đặt lại mật khẩu đã gửi tới {person.email}.")


@require_POST
def person_temporary_password(request, code, pk):
    organization = _organization(request, code)
    person = _person(organization, pk)
    form = forms.TemporaryPasswordForm(request.POST, person=person)
    if form.is_valid():
        try:
            services.person_set_temporary_password(organization=organization, actor=request.user, person=person,
                                                   password=form.cleaned_data["password1"])
        except ValidationError as exc:
            _show(form, exc)
        else:
            messages.success(request, "Đã đặt mật khẩu tạm; người dùng phải đổi khi đăng nhập.")
            return redirect("administration:person", code=code, pk=pk)
    return _person_page(request, organization, person, password_form=form)


# --- audit log, import and export ---------------------------------------------------------------------

@require_safe
def audit_log(request, code):
    organization = _organization(request, code)
    page = Paginator(AuditEntry.objects.for_organization(organization), 50).get_page(request.GET.get("page"))
    return render(request, "administration/audit_log.html", {"organization": organization, "page": page})


def import_file(request, code):
    organization = _organization(request, code)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            dataset = importing.read_dataset(form.cleaned_data["file"])
        except ValidationError as exc:
            problems = exc.messages
        else:
            run = importing.units_import if kind == "units" else importing.people_import
            count, problems = run(organization=organization, actor=request.user, dataset=dataset)
            if not problems:
                messages.success(request, f"Đã nhập {count} dòng.")
                return redirect("administration:units" if kind == "units" else "administration:people", code=code)
    return render(request, "administration/import.html", {
        "organization": organization, "form": form, "problems": problems,
        "unit_columns": importing.OrganizationUnitResource.columns(), "people_columns": importing.PeopleSheet.COLUMNS})


@require_safe
def export_file(request, code, kind):
    organization = _organization(request, code)
    if kind == "don-vi":
        content = importing.units_export(organization)
    elif kind == "nguoi-dung":
        content = importing.people_export(organization)
    else:
        raise Http404
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{organization.code}-{kind}.xlsx"'
    return response


# --- communes below -------------------------------------------------------------------------------------

@require_safe
def children(request, code):
    organization = _organization(request, code)
    return render(request, "administration/children.html", {
        "organization": organization, "children": services.children_overview(organization)})


def child_create(request, code):
    organization = _organization(request, code)
    form = forms.ChildOrganizationForm(request.POST or None)
    admin_form = forms.ChildAdminForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and admin_form.is_valid():
        try:
            child = services.child_organization_create(
                parent=organization, actor=request.user,
                data={name: form.cleaned_data[name] for name in form.Meta.fields}, admin=admin_form.account())
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and set(exc.error_dict) & set(admin_form.fields):
                _show(admin_form, exc)
            else:
                _show(form, exc)
        else:
            messages.success(request, f"Đã tạo “{child.name}” và tài khoản quản trị “{admin_form.cleaned_data['username']}”.")
            return redirect("administration:children", code=code)
    return render(request, "administration/child_create.html",
                  {"organization": organization, "form": form, "admin_form": admin_form})


