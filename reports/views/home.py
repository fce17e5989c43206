"""The home page: what waits for the signed-in user in their organization.

It lives in reports, the top app, because it shows plans, rounds and reports together.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from danvan import permissions


@require_GET
def home(request):
    organization = permissions.primary_organization(request.user)
    return render(request, "home.html", {"organization": organization})
