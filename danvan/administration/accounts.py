"""Signing in and passwords: sign-in by username or e-mail, Django's own password change and
reset views under Vietnamese addresses, and the rule that a password someone else chose (a first
password, a temporary one) is changed before anything else."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import get_user_model, user_logged_in
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse

from danvan.models import AccountProfile

MUST_CHANGE = "danvan_must_change_password"  # session key, so no request pays a query for the rule


class UsernameOrEmailBackend(ModelBackend):
    """ModelBackend that also accepts the account's e-mail address in the username box.

    Runs after axes' backend, which has already counted the attempt under what was typed. An
    e-mail shared by several accounts signs in none of them (which one would be ambiguous).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            User = get_user_model()
            matches = list(User._default_manager.filter(email__iexact=username.strip())[:2])
            if len(matches) == 1:
                username = matches[0].get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_logged_in, dispatch_uid="danvan_must_change_password")
def remember_must_change(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        flagged = AccountProfile.objects.filter(user=user, must_change_password=True).exists()
        request.session[MUST_CHANGE] = flagged


def _clear_must_change(request, user) -> None:
    AccountProfile.objects.filter(user=user).update(must_change_password=False)
    if hasattr(request, "session"):
        request.session.pop(MUST_CHANGE, None)


class ForcePasswordChangeMiddleware:
    """While the session's password was chosen by someone else, every page leads to the password
    change page (signing out and static files excepted)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(MUST_CHANGE) and request.user.is_authenticated:
            allowed = (reverse("password_change"), reverse("password_change_done"), reverse("logout"))
            if request.path not in allowed and not request.path.startswith("/static/"):
                if request.headers.get("HX-Request"):
                    # A piece of a page (the menu's count, a row being saved) must not get the password
                    # page swapped into it: nothing to swap, and htmx leads a whole page there instead
                    # (unless it already is the password page).
                    response = HttpResponse(status=204)
                    if urlsplit(request.headers.get("HX-Current-URL", "")).path not in allowed:
                        response["HX-Redirect"] = reverse("password_change")
                    return response
                messages.warning(request, "Bạn đang dùng mật khẩu do quản trị đặt. Hãy đổi mật khẩu trước khi làm việc.")
                return redirect("password_change")
        return self.get_response(request)


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        _clear_must_change(self.request, form.user)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        _clear_must_change(self.request, form.user)
        return response


urlpatterns = [
    path("doi-mat-khau/", PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("quen-mat-khau/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
