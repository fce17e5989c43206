from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

from danvan import uploads
from danvan.text import safe_text

USERNAME_MAX = 150  # auth.User.username; longer input is refused before any lookup or lockout record


def _safe_input(to_python):
    def clean_then(value):
        return to_python(safe_text(value) if isinstance(value, str) else value)
    return clean_then


class SafeTextMixin:
    """Every text field of the form drops control characters and bidi tricks (tab and newline kept,
    CR LF read as LF) before it is validated: a title of only "\x07" is then empty and refused, and
    nothing stored can break a Word or Excel file later. Passwords are left as typed.

    No box carries the browser's `maxlength`: a browser cuts pasted text at it without a word, so a
    long title lost its end in silence. The server refuses it instead, saying the limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
                field.to_python = _safe_input(field.to_python)
                field.error_messages.setdefault(
                    "max_length", "Dài tối đa %(limit_value)d ký tự (đã nhập %(show_value)d ký tự): hãy rút gọn.")


def with_safe_text(form_class: type) -> type:
    """`form_class` with SafeTextMixin mixed in (for forms built by the admin)."""
    if issubclass(form_class, SafeTextMixin):
        return form_class
    return type(form_class.__name__, (SafeTextMixin, form_class), {"__module__": form_class.__module__})


class LoginForm(SafeTextMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def clean_username(self):
        # AuthenticationForm sets max_length after the field is built, so no validator enforces it.
        username = self.cleaned_data.get("username") or ""
        if len(username) > USERNAME_MAX:
            raise forms.ValidationError(f"Tên đăng nhập dài tối đa {USERNAME_MAX} ký tự.")
        return username


class AdminLoginForm(SafeTextMixin, AdminAuthenticationForm):
    clean_username = LoginForm.clean_username


def signed_scan_field() -> forms.FileField:
    """The file field of a signed paper copy's scan (plans and roll-ups alike): one label, one
    file-picker hint and one wording of the errors Django gives before danvan.uploads looks at it."""
    return forms.FileField(
        label="Bản chụp văn bản đã ký (PDF, PNG, JPEG)",
        widget=forms.ClearableFileInput(attrs={"accept": uploads.accept_attribute(uploads.DOCUMENT_KINDS)}),
        error_messages={"required": "Hãy chọn tệp bản chụp.", "empty": "Tệp rỗng, không có nội dung."})


class SignedScanForm(SafeTextMixin, forms.Form):
    """The upload of an issued roll-up's or công văn's signed scan, refused by its content before
    the service stores it (the same messages as a plan's)."""

    scan = signed_scan_field()

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        uploads.check_upload(scan, uploads.DOCUMENT_KINDS, by_content_only=True)
        return scan


TEXT_MAX_CHARS = 100_000  # about 30 printed pages: longer text is a paste gone wrong (and prints for minutes)


class LimitedTextMixin(SafeTextMixin):
    """Every multi-line text field of the form refuses more than TEXT_MAX_CHARS characters, in words
    (fields with their own, smaller limit keep it); every text field is cleaned (SafeTextMixin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea) and isinstance(field, forms.CharField) \
                    and (field.max_length is None or field.max_length > TEXT_MAX_CHARS):
                field.max_length = TEXT_MAX_CHARS
                message = f"Nội dung quá dài: tối đa {TEXT_MAX_CHARS:,} ký tự (%(show_value)s ký tự đã nhập).".replace(",", ".")
                field.validators.append(MaxLengthValidator(TEXT_MAX_CHARS, message=message))
                field.error_messages["max_length"] = message


def error_links(form: forms.Form, *, prefix: str = "") -> list[tuple[str, str]]:
    """(field id, "Label: message") for each field error of a bound form, in field order: the lines of
    an error summary (templates/_error_summary.html) that each lead to the field to correct."""
    links = []
    for field in form:
        for message in field.errors:
            links.append((field.id_for_label or field.auto_id, f"{prefix}{field.label}: {message}"))
    return links


DATE_FORMAT_WORDS = "ngày/tháng/năm"


class AccessibleBoundField(BoundField):
    """A date box says its format in its label ("Từ ngày (ngày/tháng/năm)"), not only in a placeholder
    that disappears on typing and that many screen readers do not read (WCAG 3.3.2)."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        widget = field.widget
        if (isinstance(field, forms.DateField) and isinstance(widget, forms.DateInput)
                and not type(widget).__module__.startswith("django.contrib.admin")
                and DATE_FORMAT_WORDS not in str(self.label)):
            self.label = f"{self.label} ({DATE_FORMAT_WORDS})"


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: every form of the site gets AccessibleBoundField."""

    bound_field_class = AccessibleBoundField
