"""Services of the task table, extensions and reporting rounds."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from danvan.tests import factories as f
from tasks import schedule, services
from plans.models import Plan
from tasks.models import ReportingRound, Task

D = datetime.date


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def tasks_of(plan):
    return list(plan.tasks.order_by("order").values_list("content", "order"))


# --- Tasks ---------------------------------------------------------------------------------------

def test_create_appends_with_units_and_parsed_due(plan, unit_a, unit_b):
    task = services.task_create(plan=plan, content="  Tổ chức hội nghị  ", lead_unit=unit_b,
                                coordinating_units=[unit_a], due_kind="quarter", due="IV/2025",
                                output="Hội nghị")
    task.refresh_from_db()
    assert task.order == 3
    assert task.content == "Tổ chức hội nghị"
    assert task.lead_unit == unit_b
    assert list(task.coordinating_units.all()) == [unit_a]
    assert task.due_date == D(2025, 12, 31)
    assert task.due_label == "Quý IV/2025"


def test_create_continuous_task_has_no_date(plan, unit_a):
    task = services.task_create(plan=plan, content="Tuyên truyền", lead_unit=unit_a, due_kind="continuous",
                                due="30/9/2025")
    assert task.due_date is None
    assert task.due_label == "Thường xuyên"


@pytest.mark.parametrize("extended, printed", [
    (None, "Trước ngày 30/09/2025"),
    (D(2025, 9, 30), "Trước ngày 30/09/2025"),  # "extended" to the same day: nothing to say
    (D(2025, 10, 15), "Trước ngày 30/09/2025 (gia hạn đến 15/10/2025)"),
])
def test_due_text_as_printed_in_plans_and_roll_ups(extended, printed):
    assert Task(due_kind="date", due_date=D(2025, 9, 30), extended_due_date=extended).due_text == printed


def test_lead_unit_cannot_also_coordinate(plan, unit_a, unit_b):
    with pytest.raises(ValidationError) as excinfo:
        services.task_create(plan=plan, content="X", lead_unit=unit_a, coordinating_units=[unit_a, unit_b],
                             due="30/9/2025")
    assert "không đồng thời là đơn vị phối hợp" in errors_of(excinfo)["coordinating_units"][0]
    assert plan.tasks.count() == 2


def test_bad_due_text_is_refused_and_nothing_changes(plan, unit_a):
    task = plan.tasks.get(order=1)
    with pytest.raises(ValidationError) as excinfo:
        services.task_update(task=task, content="Đổi", lead_unit=unit_a, due_kind="date", due="31/02/2025")
    assert errors_of(excinfo) == {"due": ["Ngày 31/02/2025 không có thật."]}
    task.refresh_from_db()
    assert task.content != "Đổi" and task.due_date == D(2025, 9, 30)


def test_units_of_another_organization_are_refused(plan, other_org, unit_a):
    foreign = f.UnitFactory(organization=other_org, name="Phòng của xã khác")
    with pytest.raises(ValidationError) as excinfo:
        services.task_create(plan=plan, content="X", lead_unit=foreign, due="30/9/2025")
    assert "lead_unit" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.task_create(plan=plan, content="X", lead_unit=unit_a, coordinating_units=[foreign],
                             due="30/9/2025")
    assert "Phòng của xã khác" in errors_of(excinfo)["coordinating_units"][0]
    assert plan.tasks.count() == 2


def test_empty_content_and_missing_lead_are_refused(plan):
    with pytest.raises(ValidationError) as excinfo:
        services.task_create(plan=plan, content="   ", lead_unit=None, due="30/9/2025")
    assert set(errors_of(excinfo)) == {"content", "lead_unit"}


def test_update_changes_every_field(plan, unit_a, unit_b):
    task = plan.tasks.get(order=2)
    services.task_update(task=task, content="Mới", lead_unit=unit_a, coordinating_units=[unit_b],
                         due_kind="month", due="tháng 11/2025", output="Báo cáo")
    task.refresh_from_db()
    assert (task.content, task.lead_unit, task.due_kind, task.due_date, task.output) == (
        "Mới", unit_a, "month", D(2025, 11, 30), "Báo cáo")
    assert list(task.coordinating_units.all()) == [unit_b]


@pytest.mark.django_db(transaction=True)
def test_update_called_outside_a_transaction_makes_its_own(plan, unit_a, unit_b, monkeypatch):
    """As the web server calls it: the row locks need the service's own transaction. PostgreSQL
    refuses SELECT … FOR UPDATE outside one; SQLite has no row locks, so the lock is watched here."""
    from django.db import connection

    locked_draft = services._locked_draft

    def watched(plan):
        assert connection.in_atomic_block, "rows locked outside a transaction"
        return locked_draft(plan)
    monkeypatch.setattr(services, "_locked_draft", watched)
    task = plan.tasks.get(order=1)
    services.task_update(task=task, content="Sửa ngoài giao dịch", lead_unit=unit_a, coordinating_units=[unit_b],
                         due="30/9/2025")
    task.refresh_from_db()
    assert task.content == "Sửa ngoài giao dịch" and list(task.coordinating_units.all()) == [unit_b]


def test_stale_update_is_refused(plan, unit_a, unit_b):
    task = plan.tasks.get(order=1)
    loaded = services.task_fingerprint(task)
    services.task_update(task=task, content="Người thứ nhất sửa", lead_unit=unit_a, due="30/9/2025")
    with pytest.raises(ValidationError) as excinfo:
        services.task_update(task=task, content="Người thứ hai sửa", lead_unit=unit_b, due="30/9/2025",
                             fingerprint=loaded)
    assert excinfo.value.code == "stale"

    task.refresh_from_db()
    assert task.content == "Người thứ nhất sửa"
    # Saving again against what is saved now goes through.
    services.task_update(task=task, content="Người thứ hai sửa", lead_unit=unit_b, due="30/9/2025",
                         fingerprint=services.task_fingerprint(task))
    task.refresh_from_db()
    assert task.content == "Người thứ hai sửa"


def test_changes_name_what_differs_from_the_saved_task(plan, unit_a, unit_b):
    task = services.task_update(task=plan.tasks.get(order=1), content="Tuyên truyền", lead_unit=unit_a,
                                coordinating_units=[unit_b], due_kind="date", due="30/9/2025", output="Báo cáo")
    same = dict(content=" Tuyên truyền ", lead_unit=unit_a, coordinating_units=[unit_b], due_kind="date",
                due="30/09/2025", output="Báo cáo")
    assert services.task_changes(task, **same) == []
    assert services.task_changes(task, **dict(same, lead_unit=unit_b, coordinating_units=[], due="1/10/2025")) == [
        ("Đơn vị chủ trì", unit_a.name), ("Đơn vị phối hợp", unit_b.name), ("Thời hạn", task.due_label)]
    assert services.task_changes(task, **dict(same, content="Khác", output="")) == [
        ("Nội dung", "Tuyên truyền"), ("Sản phẩm", "Báo cáo")]


def test_delete_renumbers(plan, unit_a):
    services.task_create(plan=plan, content="Thứ ba", lead_unit=unit_a, due="30/9/2025")
    services.task_delete(task=plan.tasks.get(order=1))
    assert [order for _content, order in tasks_of(plan)] == [1, 2]
    assert tasks_of(plan)[1][0] == "Thứ ba"


def test_move_up_and_down(plan, unit_a):
    services.task_create(plan=plan, content="Thứ ba", lead_unit=unit_a, due="30/9/2025")
    first, second, third = plan.tasks.order_by("order")
    assert services.task_move(task=third, direction="up") is True
    assert [c for c, _ in tasks_of(plan)] == [first.content, "Thứ ba", second.content]
    assert services.task_move(task=first, direction="down") is True
    assert [c for c, _ in tasks_of(plan)] == ["Thứ ba", first.content, second.content]
    assert [o for _, o in tasks_of(plan)] == [1, 2, 3]


def test_move_at_the_ends_changes_nothing(plan):
    first, second = plan.tasks.order_by("order")
    assert services.task_move(task=first, direction="up") is False
    assert services.task_move(task=second, direction="down") is False
    assert [c for c, _ in tasks_of(plan)] == [first.content, second.content]


def test_no_task_change_on_a_plan_that_is_not_a_draft(issued_plan, unit_a):
    task = issued_plan.tasks.get(order=1)
    calls = [
        lambda: services.task_create(plan=issued_plan, content="X", lead_unit=unit_a, due="30/9/2025"),
        lambda: services.task_update(task=task, content="X", lead_unit=unit_a, due="30/9/2025"),
        lambda: services.task_delete(task=task),
        lambda: services.task_move(task=task, direction="down"),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as excinfo:
            call()
        assert "không còn là dự thảo" in errors_of(excinfo)[NON_FIELD_ERRORS][0]
    assert tasks_of(issued_plan) == [(task.content, 1), (issued_plan.tasks.get(order=2).content, 2)]

# --- Extension (gia hạn) -------------------------------------------------------------------------


def test_extension_on_an_issued_plan_keeps_both_dates(issued_plan):
    task = issued_plan.tasks.get(order=1)
    services.task_extend(task=task, extended_due_date=D(2025, 10, 15), reason="Chờ hướng dẫn của thành phố")
    task.refresh_from_db()
    assert task.due_date == D(2025, 9, 30)
    assert task.extended_due_date == D(2025, 10, 15)
    assert task.effective_due_date == D(2025, 10, 15)
    assert task.extension_reason == "Chờ hướng dẫn của thành phố"


def test_extension_needs_a_later_date_and_a_reason(issued_plan):
    task = issued_plan.tasks.get(order=1)
    with pytest.raises(ValidationError) as excinfo:
        services.task_extend(task=task, extended_due_date=D(2025, 9, 29), reason=" ")
    assert set(errors_of(excinfo)) == {"extended_due_date", "extension_reason"}
    assert "30/09/2025" in errors_of(excinfo)["extended_due_date"][0]
    task.refresh_from_db()
    assert task.extended_due_date is None


def test_extension_beyond_the_register_years_is_refused(issued_plan):
    task = issued_plan.tasks.get(order=1)
    with pytest.raises(ValidationError) as excinfo:
        services.task_extend(task=task, extended_due_date=D(9999, 12, 31), reason="Chờ kinh phí")
    assert errors_of(excinfo)["extended_due_date"] == ["Ngày gia hạn phải trong khoảng năm 2000–2100."]
    task.refresh_from_db()
    assert task.extended_due_date is None


def test_continuous_task_cannot_be_extended(issued_plan):
    task = issued_plan.tasks.get(order=2)
    with pytest.raises(ValidationError):
        services.task_extend(task=task, extended_due_date=D(2025, 10, 15), reason="Lý do")


def test_closed_plan_cannot_be_extended(issued_plan):
    issued_plan.status = "closed"
    issued_plan.save()
    with pytest.raises(ValidationError):
        services.task_extend(task=issued_plan.tasks.get(order=1), extended_due_date=D(2025, 10, 15), reason="Lý do")


# --- Reporting rounds ----------------------------------------------------------------------------


def test_round_on_a_plan_starting_on_29_february(plan):
    """The round's bounds are worked out a year before the plan's start: 29/02/2028 has none (a 500 before)."""
    Plan.objects.filter(pk=plan.pk).update(year=2028, period_start=D(2028, 2, 29), period_end=D(2028, 12, 31))
    plan.refresh_from_db()
    new = services.round_create(plan=plan, name="Báo cáo 6 tháng", deadline=D(2028, 6, 15))
    assert new.deadline == D(2028, 6, 15)


def test_round_create_update_delete(plan):
    new = services.round_create(plan=plan, name=" Báo cáo   lần 3 ", deadline=D(2025, 12, 20),
                                period_start=D(2025, 9, 15), period_end=D(2025, 12, 14))
    assert (new.name, new.order) == ("Báo cáo lần 3", 3)
    services.round_update(reporting_round=new, name="Báo cáo cuối năm", deadline=D(2025, 12, 22))
    new.refresh_from_db()
    assert (new.name, new.deadline, new.period_start, new.period_end) == (
        "Báo cáo cuối năm", D(2025, 12, 22), None, None)
    services.round_delete(reporting_round=plan.rounds.get(order=1))
    assert list(plan.rounds.order_by("order").values_list("order", flat=True)) == [1, 2]


@pytest.mark.parametrize("kwargs,field", [
    ({"period_start": D(2025, 9, 15)}, "period_end"),
    ({"period_start": D(2025, 12, 1), "period_end": D(2025, 11, 1)}, "period_end"),
    ({"period_start": D(2025, 12, 15), "period_end": D(2025, 12, 31)}, "deadline"),
    ({"name": "  "}, "name"),
])
def test_round_with_bad_dates_is_refused(plan, kwargs, field):
    values = {"name": "Báo cáo", "deadline": D(2025, 12, 10), **kwargs}
    with pytest.raises(ValidationError) as excinfo:
        services.round_create(plan=plan, **values)
    assert field in errors_of(excinfo)
    assert plan.rounds.count() == 2


def test_generate_quarterly_rounds_in_working_days(plan):
    created = services.rounds_generate(plan=plan, period="quarter", days=2, working_days=True)
    assert [(r.name, r.period_start, r.period_end, r.deadline) for r in created] == [
        ("Báo cáo quý III/2025", D(2025, 6, 15), D(2025, 9, 14), D(2025, 9, 17)),
        ("Báo cáo quý IV/2025", D(2025, 9, 15), D(2025, 12, 14), D(2025, 12, 17)),
    ]
    assert plan.rounds.count() == 4


@pytest.mark.parametrize("days, working", [(0, True), (1, True), (2, True), (5, True), (2, False), (7, False)])
def test_generated_rounds_give_the_days_they_say(plan, days, working):
    """"2 ngày làm việc" after the cut-off of Monday 14/09/2026: the 15th and the 16th, so the
    report is due "trước ngày 17/09/2026" (issue 12): the round's last on-time day is the n-th day."""
    plan.period_start, plan.period_end = D(2026, 7, 1), D(2026, 12, 31)
    plan.save()
    services.rounds_generate(plan=plan, period="quarter", days=days, working_days=working, replace=True)
    first = plan.rounds.get(name="Báo cáo quý III/2026")
    assert first.period_end == D(2026, 9, 14)
    given = [first.period_end + datetime.timedelta(days=n) for n in range(1, (first.last_day - first.period_end).days + 1)]
    counted = [day for day in given if schedule.is_working_day(day)] if working else given
    assert len(counted) == days and (days == 0 or first.last_day in counted)
    if (days, working) == (2, True):
        assert first.deadline == D(2026, 9, 17)


def test_generate_half_year_rounds_replacing_the_old_ones(plan):
    plan.period_start, plan.period_end = D(2026, 1, 1), D(2026, 12, 31)
    plan.save()
    services.rounds_generate(plan=plan, period="half", days=2, working_days=True, replace=True)
    rounds = list(plan.rounds.order_by("deadline"))
    assert [(r.name, r.deadline) for r in rounds] == [
        ("Báo cáo 6 tháng đầu năm 2026", D(2026, 6, 17)),  # 14/6/2026 is a Sunday: 15th and 16th
        ("Báo cáo 6 tháng cuối năm 2026", D(2026, 12, 17)),
    ]


def test_generate_in_calendar_days_and_twice_does_not_double(plan):
    services.rounds_generate(plan=plan, period="year", days=5, working_days=False)
    again = services.rounds_generate(plan=plan, period="year", days=5, working_days=False)
    assert again == []
    year_round = plan.rounds.get(name="Báo cáo năm 2025")
    assert (year_round.period_start, year_round.period_end, year_round.deadline) == (
        D(2024, 12, 15), D(2025, 12, 14), D(2025, 12, 20))


def test_generated_rounds_stay_editable(plan):
    (first, _second) = services.rounds_generate(plan=plan, period="quarter", days=2, working_days=True)
    services.round_update(reporting_round=first, name="Báo cáo quý III (sửa)", deadline=D(2025, 9, 20),
                          period_start=first.period_start, period_end=first.period_end)
    first.refresh_from_db()
    assert (first.name, first.deadline) == ("Báo cáo quý III (sửa)", D(2025, 9, 20))


def test_generate_refuses_bad_options(plan):
    with pytest.raises(ValidationError) as excinfo:
        services.rounds_generate(plan=plan, period="weekly", days=2, working_days=True)
    assert "period" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.rounds_generate(plan=plan, period="year", days=-1, working_days=True)
    assert "days" in errors_of(excinfo)


def test_no_round_change_on_a_plan_that_is_not_a_draft(issued_plan):
    existing = issued_plan.rounds.first()
    calls = [
        lambda: services.round_create(plan=issued_plan, name="X", deadline=D(2025, 10, 1)),
        lambda: services.round_update(reporting_round=existing, name="X", deadline=D(2025, 10, 1)),
        lambda: services.round_delete(reporting_round=existing),
        lambda: services.rounds_generate(plan=issued_plan, period="year", days=2, working_days=True, replace=True),
    ]
    for call in calls:
        with pytest.raises(ValidationError):
            call()
    assert ReportingRound.objects.filter(plan=issued_plan).count() == 2
    assert Task.objects.filter(plan=issued_plan).count() == 2
