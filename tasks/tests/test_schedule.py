"""The pure date rules: NĐ 09/2019 cut-off spans, Vietnamese working days, typed due text."""

import datetime

import pytest

from tasks import schedule

D = datetime.date


# --- Cut-off spans (NĐ 09/2019/NĐ-CP, Điều 12) ---------------------------------------------------

def test_quarter_spans_of_a_half_year_plan():
    spans = schedule.period_spans("quarter", D(2025, 7, 1), D(2025, 12, 31))
    assert spans == [
        schedule.Span("quý III/2025", D(2025, 6, 15), D(2025, 9, 14)),
        schedule.Span("quý IV/2025", D(2025, 9, 15), D(2025, 12, 14)),
    ]


def test_first_quarter_starts_in_december_of_the_year_before():
    (first, *_rest) = schedule.period_spans("quarter", D(2026, 1, 1), D(2026, 12, 31))
    assert first == schedule.Span("quý I/2026", D(2025, 12, 15), D(2026, 3, 14))
    assert len(_rest) == 3


def test_half_year_spans():
    assert schedule.period_spans("half", D(2025, 1, 1), D(2025, 12, 31)) == [
        schedule.Span("6 tháng đầu năm 2025", D(2024, 12, 15), D(2025, 6, 14)),
        schedule.Span("6 tháng cuối năm 2025", D(2025, 6, 15), D(2025, 12, 14)),
    ]


def test_year_spans_over_two_years():
    assert schedule.period_spans("year", D(2025, 3, 1), D(2026, 2, 28)) == [
        schedule.Span("năm 2025", D(2024, 12, 15), D(2025, 12, 14)),
        schedule.Span("năm 2026", D(2025, 12, 15), D(2026, 12, 14)),
    ]


def test_only_periods_overlapping_the_plan_are_listed():
    spans = schedule.period_spans("quarter", D(2025, 8, 15), D(2025, 9, 30))
    assert [span.label for span in spans] == ["quý III/2025"]


def test_unknown_kind_or_reversed_period_is_an_error():
    with pytest.raises(ValueError):
        schedule.period_spans("month", D(2025, 1, 1), D(2025, 12, 31))
    with pytest.raises(ValueError):
        schedule.period_spans("year", D(2025, 12, 31), D(2025, 1, 1))


# --- Working days --------------------------------------------------------------------------------

@pytest.mark.parametrize("day", [
    D(2026, 2, 17),  # Tết Nguyên Đán 2026 (mùng 1)
    D(2026, 2, 16), D(2026, 2, 20),  # giao thừa, mùng 4
    D(2025, 1, 29),  # Tết 2025
    D(2025, 4, 30), D(2025, 5, 1), D(2025, 9, 2), D(2025, 9, 1),
    D(2025, 1, 1), D(2025, 4, 7),  # Tết Dương lịch, Giỗ Tổ Hùng Vương
    D(2025, 9, 13), D(2025, 9, 14),  # Saturday, Sunday
])
def test_holidays_and_weekends_are_not_working_days(day):
    assert not schedule.is_working_day(day)


def test_ordinary_weekdays_are_working_days():
    assert schedule.is_working_day(D(2025, 9, 15))  # Monday
    assert schedule.is_working_day(D(2026, 2, 23))  # the Monday after Tết 2026


def test_a_saturday_worked_in_exchange_for_a_day_off_counts():
    # 02/5/2025 (Friday) was given off in exchange for working Saturday 26/4/2025.
    assert not schedule.is_working_day(D(2025, 5, 2))
    assert schedule.is_working_day(D(2025, 4, 26))


def test_holiday_names_are_vietnamese():
    assert schedule.holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"
    assert schedule.holiday_name(D(2026, 2, 23)) is None


def test_two_working_days_after_a_cutoff_before_tet_2026_skip_the_holidays():
    # 14/02/2026 is a Saturday; 16-20/02 are Tết, 21-22 the weekend: Mon 23 is the 1st, Tue 24 the 2nd.
    assert schedule.add_working_days(D(2026, 2, 14), 2) == D(2026, 2, 24)


def test_working_days_over_30_4_and_1_5():
    # Tue 29/4/2025: 30/4, 1/5, 2/5 off, 3-4/5 weekend, so the next working day is Mon 5/5.
    assert schedule.add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)
    assert schedule.add_working_days(D(2025, 4, 29), 2) == D(2025, 5, 6)


def test_working_days_over_national_day():
    # Quý III/2025 closes Sunday 14/9; but a cut-off on Fri 29/8/2025 meets 1-2/9 off.
    assert schedule.add_working_days(D(2025, 8, 29), 1) == D(2025, 9, 3)
    assert schedule.add_working_days(D(2025, 9, 14), 2) == D(2025, 9, 16)


def test_zero_and_negative_working_days():
    assert schedule.add_working_days(D(2026, 2, 14), 0) == D(2026, 2, 14)
    assert schedule.add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)


def test_add_days_in_calendar_or_working_days():
    assert schedule.add_days(D(2026, 2, 14), 5, working=False) == D(2026, 2, 19)
    assert schedule.add_days(D(2026, 2, 14), 5, working=True) == D(2026, 2, 27)


def test_shift_year_keeps_the_day_and_turns_29_february_into_28():
    assert schedule.shift_year(D(2025, 9, 30)) == D(2026, 9, 30)
    assert schedule.shift_year(D(2024, 2, 29)) == D(2025, 2, 28)
    assert schedule.shift_year(None) is None


# --- Typed due text ------------------------------------------------------------------------------

@pytest.mark.parametrize("kind,text,expected", [
    ("date", "30/09/2025", D(2025, 9, 30)),
    ("date", "30/9/2025", D(2025, 9, 30)),
    ("date", "trước ngày 30/9/2025", D(2025, 9, 30)),
    ("date", " 05-03-2026 ", D(2026, 3, 5)),
    ("month", "9/2025", D(2025, 9, 30)),
    ("month", "tháng 2/2028", D(2028, 2, 29)),
    ("month", "Tháng 12 năm 2025", D(2025, 12, 31)),
    ("quarter", "IV/2025", D(2025, 12, 31)),
    ("quarter", "Quý III/2025", D(2025, 9, 30)),
    ("quarter", "4/2025", D(2025, 12, 31)),
    ("quarter", "quý 1 năm 2026", D(2026, 3, 31)),
    ("continuous", "", None),
    ("continuous", "bất kỳ", None),
])
def test_parse_due(kind, text, expected):
    assert schedule.parse_due(kind, text) == expected


@pytest.mark.parametrize("kind,text,message", [
    ("date", "31/02/2025", "không có thật"),
    ("date", "IV/2025", "dạng ngày/tháng/năm"),
    ("date", "", "Nhập thời hạn"),
    ("date", "30/9/1999", "Năm 1999"),
    ("month", "13/2025", "Tháng 13"),
    ("month", "30/09/2025", "dạng tháng/năm"),
    ("quarter", "5/2025", "dạng quý/năm"),
    ("quarter", "V/2025", "dạng quý/năm"),
    ("weekly", "1/2025", "Loại thời hạn"),
])
def test_parse_due_refuses_with_a_vietnamese_message(kind, text, message):
    with pytest.raises(ValueError, match=message):
        schedule.parse_due(kind, text)


@pytest.mark.parametrize("kind,day,text", [
    ("date", D(2025, 9, 30), "30/09/2025"),
    ("month", D(2025, 9, 30), "9/2025"),
    ("quarter", D(2025, 12, 31), "IV/2025"),
    ("continuous", None, ""),
])
def test_due_input_text_is_what_parse_due_reads_back(kind, day, text):
    assert schedule.due_input_text(kind, day) == text
    assert schedule.parse_due(kind, text) == day
