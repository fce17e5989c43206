from danvan import permissions


def membership(request):
    """The signed-in user's organization and roles, for the navigation bar; with several
    organizations, the list the menu switches between."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    organization = permissions.primary_organization(user)
    return {
        "current_organization": organization,
        "current_roles": permissions.roles_in(user, organization) if organization else set(),
        "member_organizations": permissions.member_organizations(user),
    }
