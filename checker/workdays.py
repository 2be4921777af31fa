"""The Norwegian working-day calendar used to count deadlines (legal-rules §6).

A day stops a deadline when it is a Saturday, a Sunday, a public holiday, 1 May
or 17 May (dl § 149, helligdagsloven § 2, the 1947 law on 1 and 17 May). 24 and
31 December, påskeaften and pinseaften are ordinary working days. Which days
count is data (``rules/holidays.yaml``); this module only applies it.

Before 1947-01-01 the calendar data does not apply (1 and 17 May were not yet
public holidays) and every answer is unknown (``None``). The Saturday rule is
only known from 2022-08-01, so a Saturday before then is unknown too.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any, NamedTuple

from checker import rules

WEEKEND = "weekend"
HOLIDAY = "holiday"


def easter_sunday(year: int) -> date:
    """Easter Sunday of ``year`` by the Gregorian computus (anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


class DayKind(NamedTuple):
    """Why a day does or does not count. ``reason`` is None for a working day."""

    day: date
    reason: str | None  # None | "weekend" | "holiday"
    holiday: str | None = None
    also: tuple[str, ...] = ()  # further holidays on the same day (2. pinsedag on 17 May)

    @property
    def working(self) -> bool:
        return self.reason is None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": self.day.isoformat(), "reason": self.reason or "working_day"}
        if self.holiday is not None:
            out["holiday"] = self.holiday
        if self.also:
            out["also"] = list(self.also)
        return out


@cache
def _holiday_rule_ids() -> tuple[str, ...]:
    return tuple(rules.rule_ids("holiday."))


def public_holiday(day: date) -> str | None:
    """The key of the public holiday on ``day`` (e.g. ``"skjaertorsdag"``), if any;
    the first in alphabetical order when two fall on the same day.

    Sundays as such are not named here; only the listed holidays. Raises
    ``LookupError`` when the calendar is unknown on ``day``.
    """
    found = public_holidays(day)
    return found[0] if found else None


def public_holidays(day: date) -> list[str]:
    """The keys of every public holiday on ``day``, sorted (usually none or one).

    Raises ``LookupError`` when the calendar is unknown on ``day``.
    """
    if rules.lookup("calendar.known", day) is None:
        raise LookupError(day.isoformat())
    easter: date | None = None
    found_keys: list[str] = []
    for rule_id in _holiday_rule_ids():
        found = rules.lookup(rule_id, day)
        if found is None:
            continue
        spec = found.value
        if "easter_offset" in spec:
            if easter is None:
                easter = easter_sunday(day.year)
            hit = day == easter + timedelta(days=int(spec["easter_offset"]))
        else:
            hit = (day.month, day.day) == (spec["month"], spec["day"])
        if hit:
            found_keys.append(rule_id.removeprefix("holiday."))
    return found_keys


def day_kind(day: date) -> DayKind | None:
    """Classify ``day`` for deadline counting, or ``None`` when unknown on that date.

    A named public holiday wins over the weekend (17 May on a Sunday is reported
    as ``grunnlovsdag``).
    """
    try:
        holidays = public_holidays(day)
    except LookupError:
        return None
    if holidays:
        return DayKind(day, HOLIDAY, holidays[0], tuple(holidays[1:]))
    weekday = day.weekday()
    for rule_id in ("calendar.saturday", "calendar.sunday"):
        found = rules.lookup(rule_id, day)
        if found is not None and found.value["weekday"] == weekday:
            return DayKind(day, WEEKEND)
        if found is None and rule_id == "calendar.saturday" and weekday == 5:
            return None
    return DayKind(day, None)


def is_working_day(day: date) -> bool | None:
    """True for a day on which a deadline may end, False if not, None if unknown."""
    kind = day_kind(day)
    return None if kind is None else kind.working


def describe_day(day: date) -> dict[str, object]:
    """A day as keys: ``working_day`` (true/false/null), ``reason``, ``holiday`` and
    the legal reference of the rule that decided it (none when unknown)."""
    kind = day_kind(day)
    if kind is None:
        return {"date": day.isoformat(), "status": "unknown", "working_day": None}
    out: dict[str, object] = {"status": "known", "working_day": kind.working, **kind.as_json()}
    if kind.holiday is not None:
        rule_id = f"holiday.{kind.holiday}"
    elif kind.reason == WEEKEND:
        rule_id = "calendar.saturday" if day.weekday() == 5 else "calendar.sunday"
    else:
        rule_id = "calendar.known"
    found = rules.lookup(rule_id, day)
    if found is not None:
        out["reference"] = found.reference()
    return out
