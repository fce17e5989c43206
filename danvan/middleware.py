"""Request hygiene shared by every view."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render, resolve_url

from danvan.permissions import CURRENT_ORGANIZATION_KEY


class RejectNulMiddleware:
    """NUL characters have no meaning in any field, and PostgreSQL refuses them in text: strip them
    from form and query values, and answer 404 for a path that contains one (a token, a slug)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404
        for name in ("GET", "POST"):
            data = getattr(request, name)
            if any("\x00" in value for values in data.lists() for value in values[1]) \
                    or any("\x00" in key for key in data):
                cleaned = data.copy()
                for key in list(cleaned.keys()):
                    values = [value.replace("\x00", "") for value in cleaned.getlist(key)]
                    del cleaned[key]
                    cleaned.setlist(key.replace("\x00", ""), values)
                cleaned._mutable = False
                setattr(request, name, cleaned)
        return self.get_response(request)


SESSION_EXPIRED = ("Phiên đăng nhập đã hết hạn nên thao tác chưa được lưu. Những gì bạn nhập vẫn còn trên trang: "
                   "hãy mở trang này trong một thẻ mới, đăng nhập lại, rồi quay lại đây và bấm lưu lần nữa.")


class HtmxSessionExpiredMiddleware:
    """An htmx request after the session has expired would follow the redirect to the sign-in page
    and swap that whole page into a table row, losing what was typed. Answer 401 with the reason as
    plain text instead: htmx swaps nothing, and the page's scripts show the message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("HX-Request") and response.status_code in (301, 302) \
                and not request.user.is_authenticated \
                and response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL)):
            return HttpResponse(SESSION_EXPIRED, status=401, content_type="text/plain; charset=utf-8")
        return response


class MethodNotAllowedPageMiddleware:
    """Django answers a GET on a form's POST address (e.g. Enter in the address bar after a form
    error left the browser there) with an empty 405: show a page that says what to do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not request.headers.get("HX-Request") \
                and request.method == "GET":
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response


class CurrentOrganizationMiddleware:
    """A person with roles in several organizations works in one at a time, chosen from the menu and
    kept in the session; permissions.primary_organization() reads the choice from the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            request.user._danvan_chosen_organization = request.session.get(CURRENT_ORGANIZATION_KEY)
        return self.get_response(request)
