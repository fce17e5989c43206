from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from danvan import uploads

USERNAME_MAX = 150  # auth.User.username; longer input is refused before any lookup or lockout record


class LoginForm(AuthenticationForm):
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


class AdminLoginForm(AdminAuthenticationForm):
    clean_username = LoginForm.clean_username


def signed_scan_field() -> forms.FileField:
    """The file field of a signed paper copy's scan (plans and roll-ups alike): one label, one
    file-picker hint and one wording of the errors Django gives before danvan.uploads looks at it."""
    return forms.FileField(
        label="Bản chụp văn bản đã ký (PDF, PNG, JPEG)",
        widget=forms.ClearableFileInput(attrs={"accept": uploads.accept_attribute(uploads.DOCUMENT_KINDS)}),
        error_messages={"required": "Hãy chọn tệp bản chụp.", "empty": "Tệp rỗng, không có nội dung."})
