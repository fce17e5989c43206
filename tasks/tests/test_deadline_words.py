"""How a round's deadline is said on every page and in the reminders: one rule."""

import datetime

import pytest

from tasks.models import deadline_words

LAST_DAY = datetime.date(2025, 9, 2)


@pytest.mark.parametrize("today, expected", [
    (datetime.date(2025, 8, 25), ("còn 8 ngày", "")),
    (datetime.date(2025, 8, 26), ("còn 7 ngày", "warn")),  # the day the first reminder mail goes out
    (datetime.date(2025, 9, 1), ("còn 1 ngày", "warn")),
    (datetime.date(2025, 9, 2), ("hạn hôm nay", "warn")),
    (datetime.date(2025, 9, 5), ("quá hạn 3 ngày", "bad")),
])
def test_words_and_tone(today, expected, settings):
    settings.REMINDER_DAYS_BEFORE = [7, 1]
    assert deadline_words(LAST_DAY, today) == expected


def test_the_warning_follows_the_first_reminder(settings):
    settings.REMINDER_DAYS_BEFORE = [3]
    assert deadline_words(LAST_DAY, datetime.date(2025, 8, 26)) == ("còn 7 ngày", "")
    assert deadline_words(LAST_DAY, datetime.date(2025, 8, 30)) == ("còn 3 ngày", "warn")
