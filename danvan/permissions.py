"""Who may do what: the one place where the role rules of DOMAIN.md live.

Views fetch objects through `fetch()`: an outsider gets 404 (they must not learn that the object
exists), a member whose role does not allow the action gets 403. A parent organization's users may
read their children's documents, never write them, and only once issued: a draft (or one waiting
for approval or its number) is a 404 to them, like to an outsider; lists use `filter_visible()`.
"""

from __future__ import annotations

from functools import reduce
from typing import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from danvan.models import Membership, Organization, Role

# Roles that may perform each action inside their own organization.
ACTION_ROLES: dict[str, set[str]] = {
    "view": set(Role.values),
    "edit": {Role.EDITOR, Role.ADMIN},
    "approve": {Role.APPROVER},
    "issue": {Role.CLERK},
    "attach_scan": {Role.CLERK, Role.EDITOR, Role.ADMIN},  # the scan of an issued plan's or roll-up's signed copy
    "report": {Role.REPORTER},
    "review_reports": {Role.EDITOR, Role.ADMIN},
    "manage": {Role.ADMIN},
}


def _memberships(user) -> list[Membership]:
    """The user's memberships, read once per request (the user object lives for one request)."""
    memberships = getattr(user, "_danvan_memberships", None)
    if memberships is None:
        memberships = list(Membership.objects.filter(user=user).select_related("organization").order_by("pk"))
        user._danvan_memberships = memberships
    return memberships


def _cache(user) -> dict:
    """Organization id -> the roles the user holds there."""
    cache = getattr(user, "_danvan_roles", None)
    if cache is None:
        cache = {}
        for membership in _memberships(user):
            cache.setdefault(membership.organization_id, set()).add(membership.role)
        user._danvan_roles = cache
    return cache


def roles_in(user, organization: Organization | int | None) -> set[str]:
    if not user.is_authenticated or organization is None:
        return set()
    org_id = organization if isinstance(organization, int) else organization.pk
    return set(_cache(user).get(org_id, set()))


def member_organization_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(_cache(user).keys())


def readable_organization_ids(user) -> set[int]:
    """Own organizations and every organization below them (a city reads its wards).

    Computed once per request, like the memberships it starts from.
    """
    if not user.is_authenticated:
        return set()
    ids = getattr(user, "_danvan_readable", None)
    if ids is None:
        if user.is_superuser:
            ids = set(Organization.objects.values_list("pk", flat=True))
        else:
            ids = member_organization_ids(user)
            frontier = set(ids)
            while frontier:
                children = set(Organization.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
                frontier = children - ids
                ids |= children
        user._danvan_readable = ids
    return set(ids)


def can_read(user, organization: Organization | None) -> bool:
    return organization is not None and organization.pk in readable_organization_ids(user)


def is_member(user, organization: Organization) -> bool:
    """Holds a role in this very organization (or is a superuser): sees its drafts, not only what
    it has issued, which is all the level above sees."""
    return user.is_authenticated and (user.is_superuser or bool(roles_in(user, organization)))


def can(user, action: str, organization: Organization | None) -> bool:
    """True when the user holds a role allowing `action` in this very organization."""
    if organization is None or not user.is_authenticated:
        return False
    if action == "view":
        return can_read(user, organization)
    return bool(roles_in(user, organization) & ACTION_ROLES[action])


def resolve(obj: Model, path: str):
    return reduce(getattr, path.split("__"), obj)


def fetch(user, queryset: QuerySet | type[Model], action: str = "view", *,
          org_path: str = "organization", **lookup):
    """Get one object or fail: 404 for an outsider, 403 for a member without the right role.

    The document that carries the organization (the object itself, or the one `org_path` passes
    through last: a task's or a round's plan) is a 404 above its organization until it is issued.
    """
    obj = get_object_or_404(queryset, **lookup)
    organization = resolve(obj, org_path)
    document = resolve(obj, org_path.rpartition("__")[0]) if "__" in org_path else obj
    if can_read(user, organization) and not sees(user, document, organization):
        raise Http404  # the level above does not learn that a draft exists
    require(user, action, organization)
    return obj


def sees(user, document, organization: Organization) -> bool:
    """A readable document is seen by its own organization always, by the levels above only once
    issued (a document without an `is_issued` state, such as a unit, always)."""
    return getattr(document, "is_issued", True) or is_member(user, organization)


def filter_visible(user, queryset: QuerySet, issued: Q, org_path: str = "organization") -> QuerySet:
    """The documents of `queryset` the user sees: all of their own organizations', and those of the
    organizations below that match `issued` (the list form of `fetch()`'s rule)."""
    if user.is_superuser:
        return queryset
    own = member_organization_ids(user)
    below = readable_organization_ids(user) - own
    return queryset.filter(Q(**{f"{org_path}__in": own}) | (Q(**{f"{org_path}__in": below}) & issued))


def require(user, action: str, organization: Organization) -> None:
    """404 for an outsider, 403 for a member without the right role."""
    if not can_read(user, organization):
        raise Http404
    if action != "view" and not can(user, action, organization):
        raise PermissionDenied


# The session key of the organization a person with several chose from the menu.
CURRENT_ORGANIZATION_KEY = "current_organization_id"


def primary_organization(user) -> Organization | None:
    """The organization a user works in now: the one chosen from the menu (the session's, put on
    the user by CurrentOrganizationMiddleware), else the first of their memberships."""
    if not user.is_authenticated:
        return None
    memberships = _memberships(user)
    chosen = getattr(user, "_danvan_chosen_organization", None)
    for membership in memberships:
        if membership.organization_id == chosen:
            return membership.organization
    return memberships[0].organization if memberships else None


def member_organizations(user) -> list[Organization]:
    """The organizations the user holds a role in, each once, in membership order (the menu's switch)."""
    if not user.is_authenticated:
        return []
    seen: dict[int, Organization] = {}
    for membership in _memberships(user):
        seen.setdefault(membership.organization_id, membership.organization)
    return list(seen.values())


def user_unit_ids(user, organization: Organization | None = None) -> set[int]:
    """The units a user reports for."""
    if not user.is_authenticated:
        return set()
    return {m.unit_id for m in _memberships(user) if m.role == Role.REPORTER and m.unit_id is not None
            and (organization is None or m.organization_id == organization.pk)}


def filter_readable(user, queryset: QuerySet, org_path: str = "organization") -> QuerySet:
    return queryset.filter(**{f"{org_path}__in": readable_organization_ids(user)})


def organizations_allowing(user, action: str) -> set[int]:
    """The organizations where the user holds a role allowing `action` (e.g. where they may edit)."""
    return organizations_with(user, ACTION_ROLES[action])


def organizations_with(user, roles: Iterable[str]) -> set[int]:
    wanted = set(roles)
    return {org_id for org_id, held in _cache(user).items() if held & wanted} if user.is_authenticated else set()
