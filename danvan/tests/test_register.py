"""The register of issued numbers refuses a date its years cannot hold, in words, and writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from danvan.models import IssuedNumber
from danvan.services import issue_date_error, register_claim
from danvan.tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 8, 15)


@pytest.mark.parametrize("number", [None, 3])
@pytest.mark.parametrize("day", [datetime.date(1999, 12, 31), datetime.date(2101, 1, 1)])
def test_a_year_outside_the_register_is_said_so_not_reported_as_taken(number, day):
    org = f.OrganizationFactory()
    with pytest.raises(ValidationError) as refused:
        register_claim(organization=org, kind="KH", symbol="KH-UBND", issued_on=day, number=number)
    assert refused.value.message_dict == {"issued_on": ["Năm ban hành phải trong khoảng 2000–2100."]}
    assert not IssuedNumber.objects.exists()


def test_the_year_of_the_number_is_the_year_of_the_date():
    org = f.OrganizationFactory()
    entry = register_claim(organization=org, kind="KH", symbol="KH-UBND", issued_on=datetime.date(2026, 1, 2))
    assert (entry.year, entry.number) == (2026, 1)


@pytest.mark.parametrize("day, error", [
    (TODAY, None),
    (TODAY + datetime.timedelta(days=31), None),
    (TODAY + datetime.timedelta(days=32), "Ngày ban hành không được quá 31 ngày sau hôm nay."),
    (datetime.date(1999, 1, 1), "Năm ban hành phải trong khoảng 2000–2100."),
])
def test_one_issue_date_rule(day, error):
    assert issue_date_error(day, TODAY) == error



@pytest.mark.parametrize("number", [0, 1_000_000, 10 ** 25])
def test_a_number_outside_the_register_is_refused_in_words(number):
    org = f.OrganizationFactory()
    with pytest.raises(ValidationError) as refused:
        register_claim(organization=org, kind="BC", symbol="BC-UBND", issued_on=TODAY, number=number)
    assert refused.value.message_dict == {"number": ["Số văn bản phải là số nguyên từ 1 đến 999999."]}
    assert not IssuedNumber.objects.exists()
