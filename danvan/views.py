"""The home page: what waits for the signed-in user in their organization."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from danvan import permissions


@require_GET
def home(request):
    organization = permissions.primary_organization(request.user)
    return render(request, "danvan/home.html", {"organization": organization})
