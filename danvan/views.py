"""The organization switch of the menu, for a person with roles in several organizations."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from danvan import permissions


@require_POST
def organization_switch(request):
    """Work in another of one's organizations: kept in the session, named on every page."""
    chosen = {org.pk: org for org in permissions.member_organizations(request.user)}
    try:
        organization = chosen[int(request.POST.get("organization", ""))]
    except (KeyError, ValueError):
        messages.error(request, "Bạn không có vai trò trong cơ quan đã chọn.")
        return redirect("home")
    request.session[permissions.CURRENT_ORGANIZATION_KEY] = organization.pk
    messages.success(request, f"Đang làm việc với: {organization.name}.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "home"
    return redirect(target)
