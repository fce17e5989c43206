"""Fixtures of the tasks tests (the personas and the draft `plan` come from the project conftest)."""

import datetime

import pytest

from danvan.models import IssuedNumber


@pytest.fixture
def issued_plan(plan):
    """The fixture plan, issued: number, date and register entry as issuing leaves them."""
    register = IssuedNumber.objects.create(organization=plan.organization, year=2025, number=7, kind="KH",
                                           symbol="KH-UBND", issued_on=datetime.date(2025, 8, 15))
    plan.status = "issued"
    plan.number = 7
    plan.issued_on = datetime.date(2025, 8, 15)
    plan.register_entry = register
    plan.save()
    return plan
