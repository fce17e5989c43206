"""Who may use each view of the tasks app, and what the fragments show."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from danvan.tests import factories as f
from plans.models import Plan
from tasks.models import ReportingRound, Task

D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}


def _task(plan):
    return plan.tasks.get(order=1)


def _round(plan):
    return plan.rounds.get(order=1)


def _task_data(plan):
    unit = plan.organization.units.get(short_name="VHXH")
    return {"content": "Nhiệm vụ mới", "lead_unit": unit.pk, "due_kind": "date", "due": "30/10/2025",
            "output": "Báo cáo"}


# name: (method, how to get the URL arguments, POST data, status for an editor, needs a draft)
ENDPOINTS = {
    "task_list": ("get", lambda p: [p.pk], None, 200, False),
    "task_row": ("get", lambda p: [_task(p).pk], None, 200, False),
    "round_list": ("get", lambda p: [p.pk], None, 200, False),
    "round_row": ("get", lambda p: [_round(p).pk], None, 200, False),
    "task_new": ("get", lambda p: [p.pk], None, 200, True),
    "task_edit": ("get", lambda p: [_task(p).pk], None, 200, True),
    "round_new": ("get", lambda p: [p.pk], None, 200, True),
    "round_edit": ("get", lambda p: [_round(p).pk], None, 200, True),
    "round_generate_form": ("get", lambda p: [p.pk], None, 200, True),
    "task_create": ("post", lambda p: [p.pk], _task_data, 200, True),
    "task_update": ("post", lambda p: [_task(p).pk], _task_data, 200, True),
    "task_delete": ("post", lambda p: [_task(p).pk], lambda p: {}, 200, True),
    "task_move": ("post", lambda p: [_task(p).pk, "down"], lambda p: {}, 204, True),
    "task_extend": ("post", lambda p: [_task(p).pk],
                    lambda p: {"extended_due_date": "15/10/2025", "extension_reason": "Chờ hướng dẫn"}, 200, False),
    "round_create": ("post", lambda p: [p.pk], lambda p: {"name": "Đợt 3", "deadline": "20/12/2025"}, 200, True),
    "round_update": ("post", lambda p: [_round(p).pk],
                     lambda p: {"name": "Đợt 1 (sửa)", "deadline": "05/9/2025"}, 200, True),
    "round_delete": ("post", lambda p: [_round(p).pk], lambda p: {}, 200, True),
    "rounds_generate": ("post", lambda p: [p.pk],
                        lambda p: {"period": "quarter", "days": "2", "day_kind": "working"}, 200, True),
    "plan_copy": ("post", lambda p: [p.pk], lambda p: {}, 302, False),
}
READS = [name for name, spec in ENDPOINTS.items() if spec[0] == "get" and not spec[4]]
WRITES = [name for name in ENDPOINTS if name not in READS]
POSTS = [name for name, spec in ENDPOINTS.items() if spec[0] == "post"]


def call(client, name, plan, **extra):
    method, args, data, _status, _draft = ENDPOINTS[name]
    url = reverse(f"tasks:{name}", args=args(plan))
    if method == "get":
        return client.get(url, **HTMX, **extra)
    return client.post(url, data(plan), **HTMX, **extra)


def snapshot(plan):
    """What a refused request must leave as it was."""
    return (list(Task.objects.filter(plan=plan).values_list("pk", "order", "content", "extended_due_date")),
            list(ReportingRound.objects.filter(plan=plan).values_list("pk", "name", "deadline")),
            Plan.objects.count())


@pytest.mark.parametrize("name", list(ENDPOINTS))
@pytest.mark.parametrize("persona", ["editor", "org_admin"])
def test_editors_may_use_every_view(request, login, plan, name, persona):
    response = call(login(request.getfixturevalue(persona)), name, plan)
    assert response.status_code == ENDPOINTS[name][3], response.content.decode()[:500]


@pytest.mark.parametrize("name", WRITES)
@pytest.mark.parametrize("persona", ["approver", "clerk", "viewer", "reporter_a"])
def test_read_only_personas_get_403_on_writes(request, login, plan, name, persona):
    before = snapshot(plan)
    response = call(login(request.getfixturevalue(persona)), name, plan)
    assert response.status_code == 403
    assert snapshot(plan) == before


@pytest.mark.parametrize("name", READS)
@pytest.mark.parametrize("persona", ["approver", "clerk", "viewer", "reporter_a"])
def test_readers_see_the_read_only_fragments(request, login, plan, name, persona):
    response = call(login(request.getfixturevalue(persona)), name, plan)
    assert response.status_code == 200
    body = response.content.decode()
    assert "hx-post" not in body and "Sửa" not in body


@pytest.mark.parametrize("persona", ["outsider", "parent_user"])  # the plan is a draft: the level above sees nothing
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_outsiders_get_404(request, login, plan, name, persona):
    before = snapshot(plan)
    assert call(login(request.getfixturevalue(persona)), name, plan).status_code == 404
    assert snapshot(plan) == before


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_anonymous_is_sent_to_sign_in(client, plan, name):
    """A page request goes to the sign-in page; an htmx request (the table's own calls) gets a 401
    with the reason, so the sign-in page is never swapped into the table."""
    before = snapshot(plan)
    method, args, data, _status, _draft = ENDPOINTS[name]
    url = reverse(f"tasks:{name}", args=args(plan))
    page = client.get(url) if method == "get" else client.post(url, data(plan))
    assert page.status_code == 302 and page["Location"].startswith(reverse("login"))
    htmx = call(client, name, plan)
    assert htmx.status_code == 401 and "Phiên đăng nhập đã hết hạn" in htmx.content.decode()
    assert snapshot(plan) == before


@pytest.mark.parametrize("name", POSTS)
def test_get_on_a_mutation_is_405(login, editor, plan, name):
    method, args, _data, _status, _draft = ENDPOINTS[name]
    response = login(editor).get(reverse(f"tasks:{name}", args=args(plan)))
    assert response.status_code == 405


@pytest.mark.parametrize("name", [name for name, spec in ENDPOINTS.items() if spec[4]])
def test_editing_an_issued_plan_is_refused(login, editor, issued_plan, name):
    before = snapshot(issued_plan)
    assert call(login(editor), name, issued_plan).status_code == 403
    assert snapshot(issued_plan) == before


def test_unknown_move_direction_is_404(login, editor, plan):
    url = reverse("tasks:task_move", args=[_task(plan).pk, "sideways"])
    assert login(editor).post(url, **HTMX).status_code == 404


# --- What the editor sees ------------------------------------------------------------------------

def test_new_row_form_lists_active_units_in_the_units_order(login, editor, plan, org):
    """Their "thứ tự" (unit_a 1, unit_b 2), then Vietnamese alphabetical order ("Đ" after "C")."""
    for name in ["Ủy ban Mặt trận Tổ quốc", "Đoàn Thanh niên", "Ban Chỉ huy Quân sự", "Công an phường"]:
        f.UnitFactory(organization=org, name=name, order=1)
    f.UnitFactory(organization=org, name="Ấp đã giải thể", is_active=False)
    f.UnitFactory(organization=f.OrganizationFactory(), name="Ban của nơi khác")
    body = login(editor).get(reverse("tasks:task_new", args=[plan.pk]), {"n": "k1"}, **HTMX).content.decode()
    names = ["Ban Chỉ huy Quân sự", "Công an phường", "Đoàn Thanh niên", "Phòng Văn hóa - Xã hội",
             "Ủy ban Mặt trận Tổ quốc", "Trung tâm sự nghiệp công"]
    select = body[body.index('name="lead_unit"'):body.index("</select>")]
    positions = [select.index(name) for name in names]
    assert positions == sorted(positions)
    assert "Ấp đã giải thể" not in body and "Ban của nơi khác" not in body
    assert 'id="task-new-k1"' in body and 'id="tnk1_content"' in body


def test_create_returns_the_new_row(login, editor, plan):
    response = login(editor).post(reverse("tasks:task_create", args=[plan.pk]), _task_data(plan), **HTMX)
    task = plan.tasks.get(order=3)
    body = response.content.decode()
    assert f'id="task-{task.pk}"' in body and "Nhiệm vụ mới" in body and "Trước ngày 30/10/2025" in body


@pytest.mark.parametrize("change,field,message", [
    ({"due": "31/02/2025"}, "due", "Ngày 31/02/2025 không có thật."),
    ({"due_kind": "quarter", "due": "V/2025"}, "due", "Thời hạn theo quý phải có dạng"),
    ({"content": ""}, "content", "Nhập nội dung nhiệm vụ."),
    ({"lead_unit": ""}, "lead_unit", "Chọn một đơn vị chủ trì."),
    ({"coordinating_units": "LEAD"}, "coordinating_units", "không đồng thời là đơn vị phối hợp"),
])
def test_bad_input_shows_a_vietnamese_error_in_the_row_and_changes_nothing(login, editor, plan, change, field,
                                                                             message):
    data = _task_data(plan)
    data.update({key: data["lead_unit"] if value == "LEAD" else value for key, value in change.items()})
    before = snapshot(plan)
    for url in (reverse("tasks:task_create", args=[plan.pk]), reverse("tasks:task_update", args=[_task(plan).pk])):
        response = login(editor).post(url, data, **HTMX)
        assert response.status_code == 200
        body = response.content.decode()
        assert message in body
        # The message is inside the row's form, right after its field.
        assert body.index(f'name="{field}"') < body.index(message)
        assert 'class="task-form"' in body and "Nhiệm vụ mới" in body or field == "content"
        assert snapshot(plan) == before


def test_unit_of_another_organization_is_refused_by_the_view(login, editor, plan, other_org):
    foreign = f.UnitFactory(organization=other_org)
    data = {**_task_data(plan), "lead_unit": foreign.pk}
    before = snapshot(plan)
    body = login(editor).post(reverse("tasks:task_create", args=[plan.pk]), data, **HTMX).content.decode()
    assert "Đơn vị chủ trì không thuộc cơ quan ban hành kế hoạch." in body
    assert snapshot(plan) == before


def test_edit_form_shows_the_saved_values(login, editor, plan):
    task = _task(plan)
    body = login(editor).get(reverse("tasks:task_edit", args=[task.pk]), **HTMX).content.decode()
    assert f'id="task-{task.pk}"' in body and 'value="30/09/2025"' in body
    assert task.content in body and 'name="fingerprint"' in body


def test_second_save_of_a_stale_form_shows_what_changed(login, editor, org_admin, plan):
    task = _task(plan)
    form_html = login(editor).get(reverse("tasks:task_edit", args=[task.pk]), **HTMX).content.decode()
    fingerprint = form_html.split('name="fingerprint" value="')[1].split('"')[0]
    url = reverse("tasks:task_update", args=[task.pk])
    first = {**_task_data(plan), "content": "Sửa của người thứ nhất", "fingerprint": fingerprint}
    assert login(org_admin).post(url, first, **HTMX).status_code == 200
    second = {**_task_data(plan), "content": "Sửa của người thứ hai", "output": "Khác", "fingerprint": fingerprint}
    body = login(editor).post(url, second, **HTMX).content.decode()
    assert "vừa được người khác sửa" in body and "Sửa của người thứ nhất" in body
    task.refresh_from_db()
    assert task.content == "Sửa của người thứ nhất"
    new_fingerprint = body.split('name="fingerprint" value="')[1].split('"')[0]
    assert new_fingerprint != fingerprint
    login(editor).post(url, {**second, "fingerprint": new_fingerprint}, **HTMX)
    task.refresh_from_db()
    assert task.content == "Sửa của người thứ hai"


def test_move_answers_with_what_happened(login, editor, plan):
    first, second = plan.tasks.order_by("order")
    client = login(editor)
    response = client.post(reverse("tasks:task_move", args=[first.pk, "down"]), **HTMX)
    assert (response.status_code, response["X-Task-Move"]) == (204, "moved")
    assert list(plan.tasks.order_by("order").values_list("pk", flat=True)) == [second.pk, first.pk]
    response = client.post(reverse("tasks:task_move", args=[first.pk, "down"]), **HTMX)
    assert response["X-Task-Move"] == "unchanged"


def test_delete_removes_the_row(login, editor, plan):
    task = _task(plan)
    response = login(editor).post(reverse("tasks:task_delete", args=[task.pk]), **HTMX)
    assert response.content == b""
    assert not Task.objects.filter(pk=task.pk).exists()
    assert list(plan.tasks.values_list("order", flat=True)) == [1]


def test_without_htmx_a_write_goes_back_to_the_plan_editor(login, editor, plan):
    response = login(editor).post(reverse("tasks:task_create", args=[plan.pk]), _task_data(plan))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:edit", args=[plan.pk])


def test_extension_on_an_issued_plan_shows_both_dates(login, editor, issued_plan):
    task = _task(issued_plan)
    response = login(editor).post(reverse("tasks:task_extend", args=[task.pk]),
                                  {"extended_due_date": "15/10/2025", "extension_reason": "Chờ hướng dẫn"}, **HTMX)
    assert "30/09/2025 → gia hạn 15/10/2025 (Chờ hướng dẫn)" in response.content.decode()
    task.refresh_from_db()
    assert (task.due_date, task.extended_due_date) == (D(2025, 9, 30), D(2025, 10, 15))


def test_extension_errors_are_shown_in_the_row(login, editor, issued_plan):
    task = _task(issued_plan)
    body = login(editor).post(reverse("tasks:task_extend", args=[task.pk]),
                              {"extended_due_date": "01/9/2025", "extension_reason": ""}, **HTMX).content.decode()
    assert "không được trước thời hạn ban đầu" in body and "Nhập lý do gia hạn." in body
    assert "<details class=\"task-extend\" open>" in body
    body = login(editor).post(reverse("tasks:task_extend", args=[task.pk]),
                              {"extended_due_date": "32/10/2025", "extension_reason": "x"}, **HTMX).content.decode()
    assert "Nhập ngày hợp lệ" in body
    task.refresh_from_db()
    assert task.extended_due_date is None


def test_rounds_generate_renders_the_new_rounds(login, editor, plan):
    response = login(editor).post(reverse("tasks:rounds_generate", args=[plan.pk]),
                                  {"period": "quarter", "days": "2", "day_kind": "working"}, **HTMX)
    body = response.content.decode()
    assert 'id="plan-rounds"' in body and "Đã tạo 2 đợt báo cáo mới." in body
    assert "Báo cáo quý III/2025" in body and "Trước ngày 17/09/2025" in body and "15/06/2025 – 14/09/2025" in body


def test_rounds_generate_errors_replace_only_the_form(login, editor, plan):
    response = login(editor).post(reverse("tasks:rounds_generate", args=[plan.pk]),
                                  {"period": "quarter", "days": "-3", "day_kind": "working"}, **HTMX)
    assert response["HX-Retarget"] == "#round-generate"
    assert "Số ngày không được âm." in response.content.decode()
    assert plan.rounds.count() == 2


def test_round_form_errors(login, editor, plan):
    body = login(editor).post(reverse("tasks:round_create", args=[plan.pk]),
                              {"name": "", "deadline": "31/9/2025", "period_start": "15/6/2025"},
                              **HTMX).content.decode()
    assert "Nhập tên đợt báo cáo." in body and "Nhập ngày hợp lệ" in body
    assert plan.rounds.count() == 2
    body = login(editor).post(reverse("tasks:round_create", args=[plan.pk]),
                              {"name": "Đợt 3", "deadline": "20/12/2025", "period_start": "15/6/2025"},
                              **HTMX).content.decode()
    assert "Nhập đủ cả hai ngày chốt số liệu" in body
    assert plan.rounds.count() == 2


def test_plan_copy_lands_on_the_new_draft_editor(login, editor, issued_plan):
    client = login(editor)
    response = client.post(reverse("tasks:plan_copy", args=[issued_plan.pk]))
    copy = Plan.objects.get(copied_from=issued_plan)
    assert response["Location"] == reverse("plans:edit", args=[copy.pk])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("năm 2026" in m for m in messages)


# --- The partials as the plan pages include them -------------------------------------------------

def render_partial(template, user, plan, can_edit):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(template, {"plan": plan, "can_edit": can_edit}, request=request)


def test_included_task_table_for_the_editor_of_a_draft(editor, plan):
    html = render_partial("tasks/_plan_tasks.html", editor, plan, True)
    assert 'id="task-add"' in html and "js/tasks.js" in html
    assert html.count('class="task-row"') == 2 and "Thường xuyên" in html


def test_issued_plan_page_offers_extension_to_its_editors_only(login, editor, viewer, issued_plan):
    assert "Gia hạn" in login(editor).get(issued_plan.get_absolute_url()).content.decode()
    html = login(viewer).get(issued_plan.get_absolute_url()).content.decode()
    assert "Gia hạn" not in html and "hx-post" not in html and 'id="task-add"' not in html


def test_extension_and_copy_follow_the_plans_organization_not_the_first_membership(login, issued_plan, other_org):
    """An editor of two organizations gets the buttons on the plans of the second one too."""
    user = f.UserFactory(username="editor-two-orgs")
    f.MembershipFactory(user=user, organization=other_org, role="viewer")
    f.MembershipFactory(user=user, organization=issued_plan.organization, role="editor")
    html = login(user).get(issued_plan.get_absolute_url()).content.decode()
    assert "Gia hạn" in html and reverse("tasks:plan_copy", args=[issued_plan.pk]) in html


def test_included_rounds_and_copy_button(login, editor, viewer, plan):
    html = render_partial("tasks/_plan_rounds.html", editor, plan, True)
    assert "Báo cáo lần 1" in html and "Trước ngày 03/09/2025" in html and 'id="round-generate-open"' in html
    assert 'id="round-add"' not in render_partial("tasks/_plan_rounds.html", editor, plan, False)
    assert reverse("tasks:plan_copy", args=[plan.pk]) in login(editor).get(plan.get_absolute_url()).content.decode()
    assert "plan-copy" not in login(viewer).get(plan.get_absolute_url()).content.decode()


def test_task_table_queries_do_not_grow_with_rows(login, editor, plan, unit_a, unit_b,
                                                  django_assert_max_num_queries):
    client = login(editor)
    url = reverse("tasks:task_list", args=[plan.pk])
    client.get(url, **HTMX)  # warm the session
    with django_assert_max_num_queries(12):
        client.get(url, **HTMX)
    for n in range(20):
        task = f.TaskFactory(plan=plan, lead_unit=unit_a, order=10 + n)
        task.coordinating_units.add(unit_b)
    with django_assert_max_num_queries(12):
        response = client.get(url, **HTMX)
    assert response.content.decode().count('class="task-row"') == 22
