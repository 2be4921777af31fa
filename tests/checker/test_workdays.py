"""The working-day calendar against the `holidays` package (test oracle only)."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest

from checker import workdays

FIRST, LAST = date(1947, 1, 1), date(2100, 12, 31)
SATURDAY_RULE_FROM = date(2022, 8, 1)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def test_public_holidays_match_the_oracle_every_day_1947_2100() -> None:
    # holidays' Norway calendar omits Sundays by default; ask explicitly so a
    # change of that default cannot make this test vacuous.
    oracle = holidays.Norway(years=range(1947, 2101), include_sundays=False)
    mismatches = []
    for day in _days(FIRST, LAST):
        ours = workdays.public_holiday(day)
        if (ours is not None) != (day in oracle):
            mismatches.append((day, ours, oracle.get(day)))
    assert mismatches == []
    assert len(oracle) > 150 * 12  # the oracle really covered the period


def test_working_days_match_the_oracle_where_known() -> None:
    oracle = holidays.Norway(years=range(1947, 2101), include_sundays=False)
    checked = 0
    for day in _days(FIRST, LAST):
        working = workdays.is_working_day(day)
        if day.weekday() == 5 and day < SATURDAY_RULE_FROM:
            # A holiday is known to stop a deadline; a plain Saturday is unknown.
            assert working is (False if day in oracle else None), day
            continue
        expected = day.weekday() < 5 and day not in oracle
        assert working is expected, day
        checked += 1
    assert checked > 50_000


def test_oracle_with_sundays_agrees_on_non_working_days() -> None:
    oracle = holidays.Norway(years=range(2023, 2031), include_sundays=True)
    for day in _days(date(2023, 1, 1), date(2030, 12, 31)):
        if day.weekday() != 5:
            assert workdays.is_working_day(day) is (day not in oracle), day


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (1947, date(1947, 4, 6)),
        (2008, date(2008, 3, 23)),
        (2026, date(2026, 4, 5)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),
        (2100, date(2100, 3, 28)),
    ],
)
def test_easter_sunday(year: int, easter: date) -> None:
    assert workdays.easter_sunday(year) == easter


def test_easter_always_a_sunday_between_22_march_and_25_april() -> None:
    for year in range(1583, 4100):
        easter = workdays.easter_sunday(year)
        assert easter.weekday() == 6
        assert date(year, 3, 22) <= easter <= date(year, 4, 25)


def test_before_1947_everything_is_unknown() -> None:
    for day in _days(date(1946, 1, 1), date(1946, 12, 31)):
        assert workdays.is_working_day(day) is None
        assert workdays.day_kind(day) is None
    with pytest.raises(LookupError):
        workdays.public_holiday(date(1946, 5, 17))
    assert workdays.is_working_day(date(1947, 1, 2)) is True


def test_christmas_eve_and_new_years_eve_are_working_days() -> None:
    for year in range(2023, 2101):
        for day in (date(year, 12, 24), date(year, 12, 31)):
            assert workdays.is_working_day(day) is (day.weekday() < 5)


def test_named_holiday_wins_over_weekend() -> None:
    kind = workdays.day_kind(date(2026, 5, 17))  # a Sunday
    assert kind is not None
    assert kind.as_json() == {"date": "2026-05-17", "reason": "holiday", "holiday": "grunnlovsdag"}
