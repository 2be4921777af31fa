"""Deadline functions called directly (the YAML cases cover the worked examples)."""

from __future__ import annotations

from datetime import date

import pytest

from checker import deadlines
from checker.errors import CheckerInputError

AS_OF = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2008, 2, 29), 12 * 18, date(2026, 2, 28)),
        (date(2000, 2, 29), 12 * 4, date(2004, 2, 29)),
        (date(2026, 5, 15), 0, date(2026, 5, 15)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert deadlines.add_months(start, months) == expected


def test_month_lengths_agree_with_the_standard_calendar() -> None:
    """The checker counts month lengths itself (calendar is slow to import in
    Pyodide); every month of every year agrees with the standard library."""
    import calendar

    for year in range(1, 10000):
        for month in range(1, 13):
            assert deadlines._days_in_month(year, month) == calendar.monthrange(year, month)[1]


def test_add_months_overflow_raises() -> None:
    with pytest.raises(OverflowError):
        deadlines.add_months(date(9999, 12, 1), 1)


def test_complaint_weeks_by_basis() -> None:
    health = deadlines.complaint_deadline(date(2026, 3, 12), "health", AS_OF)
    social = deadlines.complaint_deadline(date(2026, 3, 12), "social", AS_OF)
    assert (health["weeks"], social["weeks"]) == (4, 3)
    assert health["reference"]["paragraph"] == "§ 7-5"
    assert social["reference"]["paragraph"] == "§ 29"


def test_lateness_is_strictly_after_the_deadline() -> None:
    on_day = deadlines.complaint_deadline(date(2026, 3, 12), "social", date(2026, 4, 7))
    day_after = deadlines.complaint_deadline(date(2026, 3, 12), "social", date(2026, 4, 8))
    assert (on_day["late"], day_after["late"]) == (False, True)


def test_invalid_basis_and_decision_order() -> None:
    with pytest.raises(CheckerInputError) as error:
        deadlines.complaint_deadline(date(2026, 3, 12), "tax", AS_OF)
    assert error.value.as_json() == {"field": "basis", "code": "invalid_value"}
    with pytest.raises(CheckerInputError) as error:
        deadlines.complaint_deadline(date(2026, 3, 12), "health", AS_OF, date(2026, 3, 13))
    assert error.value.field == "decided"


def test_unknown_outside_known_period_lists_the_rules() -> None:
    out = deadlines.complaint_deadline(date(2020, 1, 6), "social", AS_OF)
    assert out["status"] == "unknown"
    assert out["deadline"] is None
    assert "complaint.weeks.social" in out["unknown_rules"]


def test_child_coordinator_leap_day_flag_only_for_29_february() -> None:
    leap = deadlines.child_coordinator_end(date(2012, 2, 29), AS_OF)
    plain = deadlines.child_coordinator_end(date(2012, 2, 28), AS_OF)
    assert leap["ends"] == "2030-02-28"
    assert plain["ends"] == "2030-02-28"
    assert "leap_day_birth_uncertain" in leap["flags"]
    assert "leap_day_birth_uncertain" not in plain["flags"]


def test_child_coordinator_rejects_future_birth() -> None:
    with pytest.raises(CheckerInputError) as error:
        deadlines.child_coordinator_end(date(2026, 11, 23), AS_OF)
    assert error.value.code == "after_as_of"
