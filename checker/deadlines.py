"""Deadlines: complaint, interim reply and the end of the barnekoordinator right.

Pure functions: dates in, keys and values out. The law behind each value comes
from the dated rules; outside their known period the answer has
``"status": "unknown"`` and no date, never a guess.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from checker import rules, workdays
from checker.errors import CheckerInputError

BASES = ("health", "social")
UNKNOWN_PERIOD = "outside_known_period"


def add_months(start: date, months: int) -> date:
    """Same day-of-month ``months`` later, or that month's last day (dl § 148 counting).

    31 January + 1 month is 28 (or 29) February. Raises ``OverflowError`` past year 9999.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError(year)
    return date(year, month0 + 1, min(start.day, _days_in_month(year, month0 + 1)))


def _days_in_month(year: int, month: int) -> int:
    # Not calendar.monthrange: importing calendar (and the locale module it
    # needs) took 37 of the 48 ms the checker's import takes in Pyodide.
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


def _unknown(base: dict[str, Any], missing: list[str]) -> dict[str, Any]:
    base.update({"status": "unknown", "reason": UNKNOWN_PERIOD, "unknown_rules": missing})
    return base


def _flags(*values: rules.RuleValue) -> list[str]:
    return sorted({flag for value in values for flag in value.flags})


def _lookup_all(ids: list[str], on: date) -> tuple[dict[str, rules.RuleValue], list[str]]:
    found: dict[str, rules.RuleValue] = {}
    missing: list[str] = []
    for rule_id in ids:
        value = rules.lookup(rule_id, on)
        if value is None:
            missing.append(rule_id)
        else:
            found[rule_id] = value
    return found, missing


def complaint_deadline(
    received: date, basis: str, as_of: date, decided: date | None = None
) -> dict[str, Any]:
    """The last day to complain about a decision received on ``received``.

    health (pbrl § 7-5): 4 weeks; social (fvl § 29): 3 weeks. The day of receipt
    is not counted, so the raw deadline is the same weekday ``weeks`` later
    (dl § 148). If that day is a Saturday, Sunday, public holiday, 1 or 17 May
    it moves to the next working day (dl § 149); every day moved over is listed
    with its reason. With ``as_of`` the answer also says whether the deadline
    has passed, and whether the one-year limit for late complaints (fvl § 31,
    counted from ``decided`` or, if not given, from ``received``) has passed.
    ``complaint_to`` says where the complaint goes: ``municipality`` (health,
    pbrl § 7-2) or ``nav_office``, the NAV office that decided (social, fvl § 32);
    either forwards it to Statsforvalteren if it keeps its decision.
    """
    if basis not in BASES:
        raise CheckerInputError("basis", "invalid_value")
    if decided is not None and decided > received:
        raise CheckerInputError("decided", "after_received")
    weeks_id = f"complaint.weeks.{basis}"
    to_id = f"complaint.to.{basis}"
    ids = [
        weeks_id,
        to_id,
        "complaint.start_day_not_counted",
        "complaint.move_to_working_day",
        "complaint.submission_in_time",
        "complaint.late_limit_years",
    ]
    out: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "received": received.isoformat(),
        "decided": None if decided is None else decided.isoformat(),
        "basis": basis,
        "weeks": None,
        "complaint_to": None,
        "raw_deadline": None,
        "deadline": None,
        "moved_over": [],
        "late": None,
        "late_limit": None,
        "past_late_limit": None,
        "flags": [],
    }
    found, missing = _lookup_all(ids, received)
    if missing:
        return _unknown(out, missing)
    weeks = int(found[weeks_id].value)
    try:
        raw = received + timedelta(weeks=weeks)
        day = raw
        moved: list[dict[str, Any]] = []
        while True:
            kind = workdays.day_kind(day)
            if kind is None:
                return _unknown(out, ["calendar"])
            if kind.working:
                break
            moved.append(kind.as_json())
            day += timedelta(days=1)
        limit_base = decided if decided is not None else received
        limit = add_months(limit_base, 12 * int(found["complaint.late_limit_years"].value))
    except OverflowError:
        raise CheckerInputError("received", "out_of_range") from None
    flags = _flags(*found.values())
    if decided is None:
        flags.append("late_limit_counted_from_received")
    out.update(
        {
            "status": "known",
            "weeks": weeks,
            "complaint_to": str(found[to_id].value),
            "complaint_to_reference": found[to_id].reference(),
            "raw_deadline": raw.isoformat(),
            "deadline": day.isoformat(),
            "moved_over": moved,
            "late": as_of > day,
            "late_limit": limit.isoformat(),
            "past_late_limit": as_of > limit,
            "reference": found[weeks_id].reference(),
            "counting": [
                found["complaint.start_day_not_counted"].reference(),
                found["complaint.move_to_working_day"].reference(),
                found["complaint.submission_in_time"].reference(),
            ],
            "late_reference": found["complaint.late_limit_years"].reference(),
            "flags": sorted(flags),
        }
    )
    return out


def reply_deadline(applied: date, as_of: date) -> dict[str, Any]:
    """When a decision or an interim reply (foreløpig svar) should have come (fvl § 11 a).

    One calendar month after receipt of the application: the same day of the
    month, or the month's last day. Not moved for weekends or holidays. Always
    flagged ``applicability_uncertain``: pbrl § 2-7 lifts parts of fvl for these
    decisions.
    """
    out: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "applied": applied.isoformat(),
        "months": None,
        "deadline": None,
        "overdue": None,
        "flags": [],
    }
    found, missing = _lookup_all(["reply.months", "reply.exceptions"], applied)
    if missing:
        return _unknown(out, missing)
    months = int(found["reply.months"].value)
    try:
        deadline = add_months(applied, months)
    except OverflowError:
        raise CheckerInputError("applied", "out_of_range") from None
    out.update(
        {
            "status": "known",
            "months": months,
            "deadline": deadline.isoformat(),
            "moved": False,
            "overdue": as_of > deadline,
            "reference": found["reply.months"].reference(),
            "related": [found["reply.exceptions"].reference()],
            "flags": _flags(*found.values()),
        }
    )
    return out


def age_limit_date(birth_date: date, years: int) -> date:
    """The day a person born on ``birth_date`` turns ``years`` old.

    Born 29 February: in a year without that day the birthday is 28 February,
    the month's last day — the same rule dl § 148 uses for periods in months
    and years. The choice is flagged as uncertain wherever it matters.
    """
    return add_months(birth_date, 12 * years)


def child_coordinator_end(birth_date: date, as_of: date) -> dict[str, Any]:
    """The day the right to a barnekoordinator ends: the child's 18th birthday.

    The right lasts until the day before ``ends``; on ``ends`` the child is 18.
    The age limit in force on ``as_of`` applies.
    """
    if birth_date > as_of:
        raise CheckerInputError("birth_date", "after_as_of")
    out: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "birth_date": birth_date.isoformat(),
        "age_limit": None,
        "ends": None,
        "under_age_limit": None,
        "flags": [],
    }
    limit = rules.lookup("child_coordinator.age_limit", as_of)
    if limit is None:
        return _unknown(out, ["child_coordinator.age_limit"])
    years = int(limit.value)
    try:
        ends = age_limit_date(birth_date, years)
    except OverflowError:
        raise CheckerInputError("birth_date", "out_of_range") from None
    flags = list(limit.flags)
    if (birth_date.month, birth_date.day) == (2, 29) and ends.day != 29:
        flags.append("leap_day_birth_uncertain")
    out.update(
        {
            "status": "known",
            "age_limit": years,
            "ends": ends.isoformat(),
            "under_age_limit": as_of < ends,
            "reference": limit.reference(),
            "flags": sorted(flags),
        }
    )
    return out
