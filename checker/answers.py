"""Validation of answer sets and dates: the one place that turns untrusted JSON
into typed values. Every problem raises :class:`CheckerInputError` naming the
field and a code (a key, never a sentence).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal, TypedDict

from checker.errors import CheckerInputError

Tri = bool | Literal["unknown"]
UNKNOWN: Literal["unknown"] = "unknown"

FOR_WHOM = ("self", "someone_else", "child", "expected_child")
TRI_KEYS = ("long_term", "complex", "serious_condition", "other_welfare_services")
BOOL_KEYS = ("qualification_programme", "wants_plan", "wants_coordinator")
ANSWER_KEYS = ("for_whom", "child_birth_date", "services_needed", *TRI_KEYS, *BOOL_KEYS)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Answers(TypedDict, total=False):
    """A validated answer set. A missing key means the question was not asked."""

    for_whom: str
    child_birth_date: date
    services_needed: int
    long_term: Tri
    complex: Tri
    serious_condition: Tri
    other_welfare_services: Tri
    qualification_programme: bool
    wants_plan: bool
    wants_coordinator: bool


def parse_date(value: object, field: str) -> date:
    """A strict ``YYYY-MM-DD`` date; impossible dates (2026-02-30) are rejected."""
    if not isinstance(value, str):
        raise CheckerInputError(field, "wrong_type")
    if not _DATE.fullmatch(value):
        raise CheckerInputError(field, "invalid_date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CheckerInputError(field, "invalid_date") from None


def check_answer_keys(raw: object) -> dict[Any, Any]:
    """``raw`` itself, once it is known to be an object with answer ids as keys."""
    if not isinstance(raw, dict):
        raise CheckerInputError("answers", "not_an_object")
    for key in sorted(raw, key=str):
        if key not in ANSWER_KEYS:
            raise CheckerInputError(str(key), "unknown_key")
    return raw


def validate_answers(raw: object, as_of: date) -> Answers:
    """Check an answer set (decoded JSON) and return it typed.

    Rejects: a value that is not an object, unknown keys, values of the wrong
    type or outside the allowed set, booleans given as counts, negative counts,
    impossible dates, a birth date after ``as_of``, and a birth date when the
    answers are not about a child.
    """
    raw = check_answer_keys(raw)
    out: Answers = {}
    if "for_whom" in raw:
        value = raw["for_whom"]
        if not isinstance(value, str):
            raise CheckerInputError("for_whom", "wrong_type")
        if value not in FOR_WHOM:
            raise CheckerInputError("for_whom", "invalid_value")
        out["for_whom"] = value
    if "child_birth_date" in raw:
        if out.get("for_whom") != "child":
            raise CheckerInputError("child_birth_date", "not_applicable")
        birth = parse_date(raw["child_birth_date"], "child_birth_date")
        if birth > as_of:
            raise CheckerInputError("child_birth_date", "after_as_of")
        out["child_birth_date"] = birth
    if "services_needed" in raw:
        out["services_needed"] = _count(raw["services_needed"], "services_needed")
    for key in TRI_KEYS:
        if key in raw:
            out[key] = _tri(raw[key], key)  # type: ignore[literal-required]
    for key in BOOL_KEYS:
        if key in raw:
            value = raw[key]
            if not isinstance(value, bool):
                raise CheckerInputError(key, "wrong_type")
            out[key] = value  # type: ignore[literal-required]
    return out


def _count(value: object, field: str) -> int:
    # bool is a subclass of int in Python: true is not a count.
    if isinstance(value, bool):
        raise CheckerInputError(field, "wrong_type")
    if isinstance(value, float):
        raise CheckerInputError(field, "not_integer")
    if not isinstance(value, int):
        raise CheckerInputError(field, "wrong_type")
    if value < 0:
        raise CheckerInputError(field, "negative")
    return value


def _tri(value: object, field: str) -> Tri:
    if isinstance(value, bool):
        return value
    if value == UNKNOWN:
        return UNKNOWN
    if isinstance(value, str):
        raise CheckerInputError(field, "invalid_value")
    raise CheckerInputError(field, "wrong_type")


def answers_as_json(answers: Answers) -> dict[str, Any]:
    """The answer set back in its JSON form (dates as ``YYYY-MM-DD``)."""
    out: dict[str, Any] = {}
    for key, value in answers.items():
        out[key] = value.isoformat() if isinstance(value, date) else value
    return out
