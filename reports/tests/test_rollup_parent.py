"""The level above: a city reads its wards' issued roll-ups, sees who has not reported, and compiles
its own roll-up across them. It never writes a ward's roll-up; wards see nothing of each other."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from danvan.models import Role
from danvan.tests import factories as f
from reports.rollups import services as services
from reports.rollups.document import rollup_context
from reports.tests.factories_rollup import build_plan, issue_rollup, local


def compile_and_issue(org, user, *, issued_on, rounds=1, round_order=0, tasks=6, units=4, plan=None):
    plan = plan or build_plan(org, units=units, tasks=tasks, rounds=rounds)
    round_ = plan.rounds.get(order=round_order)
    with time_machine.travel(local(2025, 9, 5), tick=False):
        rollup = services.rollup_compile(round=round_, user=user)
    return issue_rollup(rollup, approver=user, clerk=user, issued_on=issued_on), plan


@pytest.fixture
def city_editor(city):
    user = f.UserFactory(username="city_editor")
    f.MembershipFactory(user=user, organization=city, role=Role.EDITOR)
    return user


@pytest.fixture
def wards(city, org, other_org, editor, outsider):
    """Ward An Bình issued two roll-ups on one plan; xã Bình Yên one (and a draft); a third ward none."""
    quiet = f.OrganizationFactory(parent=city, name="Ủy ban nhân dân phường Yên Lặng", code="yen-lang")
    first, plan = compile_and_issue(org, editor, issued_on=datetime.date(2025, 9, 10), rounds=2)
    second, _ = compile_and_issue(org, editor, issued_on=datetime.date(2025, 10, 10), plan=plan, round_order=1)
    other, _ = compile_and_issue(other_org, outsider, issued_on=datetime.date(2025, 9, 12), tasks=9)
    other_plan = build_plan(other_org, units=2, tasks=2, prefix="B ")
    with time_machine.travel(local(2025, 9, 5), tick=False):
        draft = services.rollup_compile(round=other_plan.rounds.get(), user=outsider)
    return {"first": first, "second": second, "other": other, "draft": draft, "quiet": quiet}


def test_overview_lists_issued_roll_ups_and_children_not_reported(login, parent_user, wards, city):
    page = login(parent_user).get(reverse("reports:parent_overview"), {"org": city.pk, "year": 2025})
    assert page.status_code == 200
    issued = [r.pk for r in page.context["issued"]]
    assert set(issued) == {wards["first"].pk, wards["second"].pk, wards["other"].pk}
    assert [c.name for c in page.context["missing"]] == ["Ủy ban nhân dân phường Yên Lặng"]
    assert wards["draft"].title not in page.content.decode() or wards["draft"].pk not in issued
    assert not page.context["can_compile"]  # a viewer of the city reads only


def test_period_by_dates(login, parent_user, wards, city):
    page = login(parent_user).get(reverse("reports:parent_overview"),
                                  {"org": city.pk, "start": "01/10/2025", "end": "31/12/2025"})
    assert [r.pk for r in page.context["issued"]] == [wards["second"].pk]
    assert {c.name for c in page.context["missing"]} == {"Ủy ban nhân dân xã Bình Yên",
                                                         "Ủy ban nhân dân phường Yên Lặng"}
    bad = login(parent_user).get(reverse("reports:parent_overview"),
                                 {"org": city.pk, "start": "01/12/2025", "end": "01/10/2025"})
    assert bad.status_code == 400 and "Ngày kết thúc phải sau ngày bắt đầu" in bad.content.decode()


def test_parent_compiles_its_own_roll_up(login, city_editor, wards, city):
    client = login(city_editor)
    response = client.post(reverse("reports:parent_compile"), {"org": city.pk, "start": "01/01/2025",
                                                               "end": "31/12/2025"})
    assert response.status_code == 302
    rollup = city.rollups.get()
    assert response.url == reverse("reports:rollup_edit", args=[rollup.pk])
    assert rollup.round_id is None and rollup.period_label == "năm 2025"
    detail = client.get(reverse("reports:rollup_detail", args=[rollup.pk])).content.decode()
    assert "Báo cáo của đơn vị cấp dưới được tổng hợp" in detail
    assert "Chưa báo cáo: Ủy ban nhân dân phường Yên Lặng" in detail
    assert client.get(response.url).status_code == 200
    again = client.post(reverse("reports:parent_compile"), {"org": city.pk, "year": 2025}, follow=True)
    assert "Kỳ này đã có báo cáo tổng hợp đang soạn" in again.content.decode() and city.rollups.count() == 1
    assert set(rollup.sources.values_list("pk", flat=True)) == {wards["first"].pk, wards["second"].pk,
                                                               wards["other"].pk}
    figures = rollup.figures
    # Only the latest roll-up of a plan carries figures: the ward's round 2 supersedes its round 1.
    second, other = wards["second"].figures["tasks"], wards["other"].figures["tasks"]
    for key in ("total", "done", "in_progress", "not_started", "overdue"):
        assert figures["tasks"][key] == second[key] + other[key], key
    assert figures["tasks"]["total"] == 6 + 9
    assert [c["name"] for c in figures["children"]["missing"]] == ["Ủy ban nhân dân phường Yên Lặng"]
    assert figures["children"]["expected"] == 3
    assert rollup.results_text.startswith("1. Ủy ban nhân dân phường An Bình (Báo cáo số")
    assert "Ủy ban nhân dân xã Bình Yên (Báo cáo số 02/BC-UBND ngày 12/9/2025)" in rollup.results_text
    document = rollup_context(rollup)
    table = document.appendices[0].table
    assert [row[1] for row in table.rows] == ["Ủy ban nhân dân phường An Bình", "Ủy ban nhân dân xã Bình Yên",
                                              "Ủy ban nhân dân phường Yên Lặng"]
    assert table.rows[0][2] == f"Số {wards['second'].number_display} ngày 10/10/2025"
    assert "ngày 10/9/2025" not in rollup.results_text  # round 1 of the ward: superseded by its round 2
    assert table.rows[-1][2] == "Chưa báo cáo"
    assert rollup.title == "Kết quả thực hiện công tác dân vận trên địa bàn thành phố Thử Nghiệm năm 2025"
    assert rollup.addressees == "" and rollup.proposals_text == ""  # the city has no level above here
    assert (rollup.signer_authority, rollup.signer_title) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    with pytest.raises(ValidationError, match="họ tên người ký"):  # a signer block needs a name
        services.rollup_submit(rollup=rollup, user=city_editor)
    issued = issue_rollup(rollup, approver=city_editor, clerk=city_editor, issued_on=datetime.date(2025, 12, 20))
    assert issued.number_display == "01/BC-UBND" and issued.register_entry.organization == city


def test_parent_compile_refuses_nonsense_in_words(login, city_editor, wards, city, org, editor):
    client = login(city_editor)
    far = client.post(reverse("reports:parent_compile"), {"org": city.pk, "start": "01/01/0001", "end": "31/12/0001"},
                      follow=True)
    assert "Từ ngày phải trong khoảng năm 2000–2100." in far.content.decode() and not city.rollups.exists()
    # A ward has no lower level: nothing to compile (it used to make a roll-up "of its lower units").
    alone = login(editor).post(reverse("reports:parent_compile"), {"org": org.pk, "year": 2025}, follow=True)
    assert f"{org.name} không có đơn vị cấp dưới để tổng hợp." in alone.content.decode()
    assert not org.rollups.filter(round=None).exists()


def test_parent_reads_but_never_writes_and_siblings_see_nothing(login, wards, city, parent_user, city_editor,
                                                                 editor, outsider):
    ward_rollup = wards["second"]
    assert login(city_editor).get(reverse("reports:rollup_detail", args=[ward_rollup.pk])).status_code == 200
    for name in ("rollup_edit", ):
        assert login(city_editor).get(reverse(f"reports:{name}", args=[ward_rollup.pk])).status_code == 403
    for name in ("rollup_refresh", "rollup_submit", "rollup_approve", "rollup_issue", "rollup_scan"):
        assert login(city_editor).post(reverse(f"reports:{name}", args=[ward_rollup.pk])).status_code == 403
    assert login(parent_user).post(reverse("reports:parent_compile"),
                                   {"org": city.pk, "year": 2025}).status_code == 403
    assert not city.rollups.exists()
    # Wards: no reading up, no reading across.
    assert login(editor).get(reverse("reports:parent_overview"), {"org": city.pk}).status_code == 404
    assert login(editor).post(reverse("reports:parent_compile"), {"org": city.pk, "year": 2025}).status_code == 404
    assert login(outsider).get(reverse("reports:rollup_detail", args=[ward_rollup.pk])).status_code == 404
    assert login(editor).get(reverse("reports:rollup_detail", args=[wards["other"].pk])).status_code == 404
    assert login(city_editor).get(reverse("reports:rollup_detail", args=[wards["draft"].pk])).status_code == 404
    login(city_editor).post(reverse("reports:parent_compile"), {"org": city.pk, "year": 2025})
    city_rollup = city.rollups.get()
    assert login(editor).get(reverse("reports:rollup_detail", args=[city_rollup.pk])).status_code == 404
    assert login(city_editor).get(reverse("reports:parent_compile")).status_code == 405


def test_refresh_of_the_parent_roll_up_picks_up_a_late_ward(login, city_editor, wards, city, outsider, other_org):
    rollup = services.rollup_compile_parent(organization=city, period_start=datetime.date(2025, 1, 1),
                                            period_end=datetime.date(2025, 12, 31), user=city_editor)
    rollup = services.rollup_update(rollup=rollup, user=city_editor, expected_version=rollup.version,
                                    data={"results_text": "Đã biên tập lại."})
    quiet = wards["quiet"]
    late, _ = compile_and_issue(quiet, outsider, issued_on=datetime.date(2025, 11, 1), tasks=3)
    refreshed = services.rollup_refresh_figures(rollup=rollup, user=city_editor)
    assert refreshed.results_text == "Đã biên tập lại."
    assert refreshed.figures["children"]["missing"] == []
    assert late in refreshed.sources.all()
    assert refreshed.figures["pending_additions"] == 1
    appended = services.rollup_refresh_figures(rollup=refreshed, user=city_editor, append_results=True)
    assert appended.results_text.startswith("Đã biên tập lại.\nBổ sung theo báo cáo nhận thêm (cập nhật ngày")
    assert "- Ủy ban nhân dân phường Yên Lặng (Báo cáo số 02/BC-UBND ngày 01/11/2025):" in appended.results_text
