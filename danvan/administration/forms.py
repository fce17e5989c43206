"""Forms of the organization admin's pages. Rules across rows (unique names, self-changes) are
the services'; these check what one form alone can tell."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from danvan.forms import LimitedTextMixin, SafeTextMixin
from danvan.models import Organization, Role, Unit
from danvan.text import nfc

USERNAME_HELP = "Chữ, số và các ký tự @ . + - _ (không dấu cách), ví dụ: nguyenvanan"


def clean_words(value: str) -> str:
    """NFC and single spaces: what people paste from Word keeps its meaning, not its layout."""
    return " ".join(nfc(value or "").split())


class OrganizationForm(LimitedTextMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "header_parent_name", "header_name", "place_name", "issuer_symbol", "authority_line",
                  "default_signer_title", "default_signer_name", "default_recipients"]
        widgets = {"header_name": forms.Textarea(attrs={"rows": 2}),
                   "default_recipients": forms.Textarea(attrs={"rows": 5})}

    def clean_header_name(self):
        lines = [clean_words(line) for line in nfc(self.cleaned_data["header_name"]).splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise ValidationError("Cần ít nhất một dòng tên cơ quan in trên tiêu đề.")
        return "\n".join(lines)

    def clean(self):
        cleaned = super().clean()
        for name in ("name", "header_parent_name", "place_name", "issuer_symbol", "authority_line",
                     "default_signer_title", "default_signer_name"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = clean_words(cleaned[name])
        for name in ("name", "place_name", "issuer_symbol", "authority_line"):
            if name in cleaned and not cleaned[name]:
                self.add_error(name, "Trường này không được để trống.")
        return cleaned


class ChildOrganizationForm(SafeTextMixin, forms.ModelForm):
    """A new commune: what its letterhead needs; the rest its own admin fills in."""

    class Meta:
        model = Organization
        fields = ["name", "code", "header_name", "place_name"]
        widgets = {"header_name": forms.Textarea(attrs={"rows": 2})}

    clean_header_name = OrganizationForm.clean_header_name

    def clean_name(self):
        name = clean_words(self.cleaned_data["name"])
        if not name:
            raise ValidationError("Hãy nhập tên cơ quan.")
        return name

    def clean_place_name(self):
        place = clean_words(self.cleaned_data["place_name"])
        if not place:
            raise ValidationError("Hãy nhập địa danh.")
        return place


class UnitForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "order", "head_name", "contact_name", "contact_title",
                  "contact_phone", "email"]

    def clean(self):
        cleaned = super().clean()
        for name in ("name", "short_name", "head_name", "contact_name", "contact_title", "contact_phone"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = clean_words(cleaned[name])
        if "name" in cleaned and not cleaned["name"]:
            self.add_error("name", "Hãy nhập tên đơn vị.")
        return cleaned


class UnitMergeForm(SafeTextMixin, forms.Form):
    target = forms.ModelChoiceField(label="Gộp vào đơn vị", queryset=Unit.objects.none(),
                                    error_messages={"required": "Hãy chọn đơn vị nhận.",
                                                    "invalid_choice": "Đơn vị đã chọn không còn hợp lệ."})

    def __init__(self, *args, source: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (Unit.objects.for_organization(source.organization).active()
                                          .exclude(pk=source.pk))


class RoleFields(SafeTextMixin, forms.Form):
    """A role and, for a reporter, the unit reported for."""

    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    unit = forms.ModelChoiceField(label="Đơn vị (với cán bộ báo cáo)", queryset=Unit.objects.none(), required=False,
                                  error_messages={"invalid_choice": "Đơn vị đã chọn không thuộc cơ quan này."})

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_organization(organization).active()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.REPORTER and not cleaned.get("unit"):
            self.add_error("unit", "Cán bộ báo cáo phải thuộc một đơn vị: hãy chọn đơn vị.")
        if cleaned.get("role") and cleaned.get("role") != Role.REPORTER:
            cleaned["unit"] = None
        return cleaned


class PersonFields(SafeTextMixin, forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=300)
    email = forms.EmailField(label="Thư điện tử", required=False, max_length=254)

    def clean_full_name(self):
        name = clean_words(self.cleaned_data["full_name"])
        if not name:
            raise ValidationError("Hãy nhập họ và tên.")
        if any(len(part) > 150 for part in name.rsplit(" ", 1)):
            raise ValidationError("Họ và tên quá dài.")
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class NewPasswordFields(SafeTextMixin, forms.Form):
    """A password typed twice and checked against the password rules (about the person it is for)."""

    password_rules_user = None
    password1 = forms.CharField(label="Mật khẩu", strip=False, required=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="Nhập lại mật khẩu", strip=False, required=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))
    password_required = True

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1") or "", cleaned.get("password2") or ""
        if not first and not second:
            if self.password_required:
                self.add_error("password1", "Hãy nhập mật khẩu.")
            return cleaned
        if first != second:
            self.add_error("password2", "Hai lần nhập mật khẩu không khớp.")
            return cleaned
        try:
            password_validation.validate_password(first, self.password_rules_user)
        except ValidationError as exc:
            self.add_error("password1", exc)
        return cleaned


class NewAccountFields(PersonFields, NewPasswordFields):
    """A new account: without a password an invitation is e-mailed; with one, it must be changed
    at first sign-in."""

    password_required = False
    username = forms.CharField(label="Tên đăng nhập", max_length=150, help_text=USERNAME_HELP,
                               validators=[UnicodeUsernameValidator(
                                   message="Tên đăng nhập chỉ gồm chữ, số và các ký tự @ . + - _.")])

    def clean_username(self):
        return self.cleaned_data["username"].strip()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("password1") and "email" in cleaned and not cleaned["email"] \
                and "password1" not in self.errors:
            self.add_error("email", "Cần thư điện tử để gửi thư mời, hoặc nhập mật khẩu ban đầu.")
        return cleaned

    def account(self) -> dict:
        """The keyword arguments of services.person_create for this account."""
        data = self.cleaned_data
        return {"username": data["username"], "full_name": data["full_name"], "email": data["email"],
                "password": data.get("password1") or ""}


class PersonCreateForm(RoleFields, NewAccountFields):
    field_order = ["username", "full_name", "email", "role", "unit", "password1", "password2"]


class ChildAdminForm(NewAccountFields):
    """The first administrator of a new commune."""

    prefix = "admin"
    field_order = ["username", "full_name", "email", "password1", "password2"]


class TemporaryPasswordForm(NewPasswordFields):
    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.password_rules_user = person


class ImportForm(SafeTextMixin, forms.Form):
    KINDS = [("units", "Đơn vị"), ("people", "Người dùng và vai trò")]
    kind = forms.ChoiceField(label="Nhập danh sách", choices=KINDS, widget=forms.RadioSelect, initial="units")
    file = forms.FileField(label="Tệp .xlsx hoặc .csv", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
                           error_messages={"required": "Hãy chọn tệp.", "empty": "Tệp rỗng, không có nội dung."})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError("Chỉ nhận tệp .xlsx hoặc .csv.")
        if upload.size > 2 * 1024 * 1024:
            raise ValidationError("Tệp lớn hơn 2 MB; danh sách đơn vị, người dùng không cần lớn như vậy.")
        return upload
