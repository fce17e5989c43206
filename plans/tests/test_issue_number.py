"""Issue 12, item 7: the number a plan is issued with is the number the issue form shows.

The form suggests the next free number of the current year. When the clerk moves the date to
another year, or someone takes the shown number meanwhile, the plan is not issued under another
number: the form says why and shows the number that is free.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse

from danvan.models import IssuedNumber
from plans import services
from plans.models import PlanStatus

NEW_YEAR = datetime.datetime(2027, 1, 5, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def approved(plan, editor, approver):
    with time_machine.travel(NEW_YEAR, tick=False):
        services.plan_submit(plan=plan, user=editor)
        services.plan_approve(plan=plan, user=approver)
    plan.refresh_from_db()
    return plan


def taken(org, year: int, numbers) -> None:
    for number in numbers:
        IssuedNumber.objects.create(organization=org, year=year, number=number, kind="KH", symbol="KH-UBND",
                                    issued_on=datetime.date(year, 12, 1))


def issue(client, plan, number, suggested, day):
    return client.post(reverse("plans:issue", args=[plan.pk]),
                       {"number": number, "suggested": suggested, "issued_on": day})


def test_moving_the_date_to_another_year_does_not_change_the_number_silently(client, org, approved, clerk):
    taken(org, 2026, range(1, 128))
    with time_machine.travel(NEW_YEAR, tick=False):
        client.force_login(clerk)  # inside the frozen time: a session ages with the clock
        page = client.get(reverse("plans:detail", args=[approved.pk])).content.decode()
        assert 'name="number" value="1"' in page  # nothing issued in 2027 yet
        response = issue(client, approved, 1, 1, "30/12/2026")
        approved.refresh_from_db()
        assert approved.status == PlanStatus.APPROVED and approved.number is None
        body = response.content.decode()
        assert "năm 2026" in body and "128" in body
        assert 'name="number" value="128"' in body  # the form now shows the number it would issue
        response = issue(client, approved, 128, 128, "30/12/2026")
    approved.refresh_from_db()
    assert response.status_code == 302 and (approved.status, approved.number) == (PlanStatus.ISSUED, 128)


def test_a_number_taken_meanwhile_is_refused_in_words(client, org, approved, clerk):
    taken(org, 2027, range(1, 10))
    with time_machine.travel(NEW_YEAR, tick=False):
        client.force_login(clerk)  # inside the frozen time: a session ages with the clock
        assert 'name="number" value="10"' in client.get(reverse("plans:detail", args=[approved.pk])).content.decode()
        taken(org, 2027, [10])  # another clerk issues number 10 meanwhile
        response = issue(client, approved, 10, 10, "05/01/2027")
    approved.refresh_from_db()
    assert approved.status == PlanStatus.APPROVED
    body = response.content.decode()
    assert "Số 10 năm 2027 đã được cấp" in body and 'name="number" value="11"' in body


@pytest.mark.parametrize("number", [1, 7, 10])
def test_the_number_shown_is_the_number_issued(client, org, approved, clerk, number):
    taken(org, 2027, range(1, 10) if number == 10 else [])
    with time_machine.travel(NEW_YEAR, tick=False):
        client.force_login(clerk)  # inside the frozen time: a session ages with the clock
        issue(client, approved, number, 1 if number != 10 else 10, "05/01/2027")
    approved.refresh_from_db()
    assert approved.number == number and approved.number_display.startswith(f"{number:02d}/")
