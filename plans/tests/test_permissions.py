"""Who may open which plan URL: every view against every persona.

Allowed personas get through (no 403/404); a member without the role gets 403; a user of another
organization gets 404 on every URL, read or write; a parent organization's user reads issued plans
only (a draft, like the one here, is a 404 to them, read or write); an anonymous visitor is sent to
the login page; GET on a mutation is 405.
"""

import pytest
from django.urls import reverse

from danvan.tests import factories as f

PERSONAS = ["editor", "approver", "clerk", "viewer", "reporter_a", "outsider", "parent_user"]
EVERYONE_IN_ORG = {"editor", "approver", "clerk", "viewer", "reporter_a"}
HIDDEN = {"outsider", "parent_user"}  # the plans here are drafts: the level above does not see them

# name, kwargs source ("plan", "section", "citation"), who may (besides reading 404 for outsider)
READ_VIEWS = [("plans:detail", "plan"), ("plans:history", "plan")]
EDIT_GET_VIEWS = [("plans:edit", "plan"), ("plans:suggest_recipients", "plan")]
MUTATIONS = [
    ("plans:edit", "plan", {"editor"}),
    ("plans:signing", "plan", {"editor"}),
    ("plans:submit", "plan", {"editor"}),
    ("plans:citation_add", "plan", {"editor"}),
    ("plans:citation_parse", "plan", {"editor"}),
    ("plans:citation_paste_save", "plan", {"editor"}),
    ("plans:section_add", "plan", {"editor"}),
    ("plans:section_update", "section", {"editor"}),
    ("plans:section_move", "section", {"editor"}),
    ("plans:section_delete", "section", {"editor"}),
    ("plans:citation_role", "citation", {"editor"}),
    ("plans:citation_move", "citation", {"editor"}),
    ("plans:citation_delete", "citation", {"editor"}),
    ("plans:approve", "plan", {"approver"}),
    ("plans:return", "plan", {"approver"}),
    ("plans:issue", "plan", {"clerk"}),
    ("plans:attach_scan", "plan", {"clerk", "editor"}),
]
MUTATION_NAMES = sorted({name for name, _source, _allowed in MUTATIONS} - {"plans:edit"})


@pytest.fixture
def objects(plan):
    return {"plan": plan, "section": f.SectionFactory(plan=plan), "citation": f.CitationFactory(plan=plan)}


def _url(name, source, objects):
    return reverse(name, args=[objects[source].pk])


def _client(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    return client


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,source", READ_VIEWS)
def test_read_views(request, client, objects, persona, name, source):
    response = _client(request, client, persona).get(_url(name, source, objects))
    assert response.status_code == (404 if persona in HIDDEN else 200)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,source", EDIT_GET_VIEWS)
def test_edit_pages(request, client, objects, persona, name, source):
    response = _client(request, client, persona).get(_url(name, source, objects))
    expected = 200 if persona == "editor" else 404 if persona in HIDDEN else 403
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,source,allowed", MUTATIONS)
def test_mutations(request, client, objects, persona, name, source, allowed):
    response = _client(request, client, persona).post(_url(name, source, objects), {})
    if persona in HIDDEN:
        assert response.status_code == 404
    elif persona in allowed:
        assert response.status_code not in (403, 404, 405)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name", MUTATION_NAMES)
def test_get_on_a_mutation_is_405(request, client, objects, name, editor, approver, clerk):
    source, allowed = next((s, a) for n, s, a in MUTATIONS if n == name)
    client.force_login(request.getfixturevalue(sorted(allowed)[0]))
    assert client.get(_url(name, source, objects)).status_code == 405


@pytest.mark.parametrize("name,source", READ_VIEWS + EDIT_GET_VIEWS + [
    (name, source) for name, source, _allowed in MUTATIONS])
def test_anonymous_goes_to_login(client, objects, name, source):
    for method in (client.get, client.post):
        response = method(_url(name, source, objects))
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_shows_only_readable_plans(request, client, plan, other_org, persona):
    foreign = f.PlanFactory(organization=other_org, title="Kế hoạch của xã bên cạnh")
    content = _client(request, client, persona).get(reverse("plans:list")).content.decode()
    assert (plan.title in content) == (persona in EVERYONE_IN_ORG)
    # A ward's users never see a sibling ward; a parent's user sees neither draft.
    assert (foreign.title in content) == (persona == "outsider")


@pytest.mark.parametrize("persona,expected", [("editor", 200), ("org_admin", 200), ("approver", 403),
                                               ("clerk", 403), ("viewer", 403), ("reporter_a", 403),
                                               ("parent_user", 403)])
def test_create_page(db, request, client, persona, expected):
    assert _client(request, client, persona).get(reverse("plans:create")).status_code == expected


def test_scan_is_served_only_to_readers(request, client, plan, settings, tmp_path, editor, approver, clerk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.tests.files import PDF_BYTES
    from plans import services

    settings.MEDIA_ROOT = tmp_path
    services.plan_submit(plan=plan, user=editor)
    services.plan_approve(plan=plan, user=approver)
    import datetime
    services.plan_issue(plan=plan, user=clerk, issued_on=datetime.date(2025, 8, 15))
    url = reverse("plans:scan", args=[plan.pk])
    client.force_login(clerk)
    assert client.get(url).status_code == 404  # no scan yet
    services.plan_attach_scan(plan=plan, user=clerk, upload=SimpleUploadedFile("k.pdf", PDF_BYTES))
    for persona, expected in [("viewer", 200), ("reporter_a", 200), ("parent_user", 200), ("outsider", 404)]:
        response = _client(request, client, persona).get(url)
        assert response.status_code == expected
        if expected == 200:
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content) == PDF_BYTES
    client.logout()
    assert client.get(url).status_code == 302


GARBAGE = {"direction": "sideways", "role": "chief", "document": "abc", "number": "-1", "issued_on": "99/99/9999",
           "version": "x", "marker": "", "heading": "", "year": "20x5", "text": " ", "prefix": "../../etc",
           "implements": "999999", "drafting_unit": "999999"}


@pytest.mark.parametrize("htmx", [True, False])
@pytest.mark.parametrize("name,source,allowed", MUTATIONS)
def test_bad_input_never_breaks_a_mutation(request, client, objects, name, source, allowed, htmx):
    client.force_login(request.getfixturevalue(sorted(allowed)[0]))
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(_url(name, source, objects), GARBAGE, **headers)
    assert response.status_code < 500
    objects["plan"].refresh_from_db()
    if name != "plans:submit":  # sending for approval takes no input
        assert objects["plan"].status == "draft" and objects["plan"].version == 1
