"""Checker robustness: 10,000 generated requests each for deadlines and eligibility.

Everything goes through `checker.api.handle`, the one entry point the browser
worker uses, so what is proven here is what the page can rely on: it never
raises, it answers with the documented shape, and every complaint deadline is
a working day on or after the raw deadline.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import api, workdays
from checker.answers import ANSWER_KEYS, BOOL_KEYS, TRI_KEYS
from tests.quality.stats import STATS

TEN_THOUSAND = settings(max_examples=10_000, deadline=None, derandomize=True,
                        suppress_health_check=[HealthCheck.too_slow])

ERROR_CODES = {"invalid_date", "wrong_type", "invalid_value", "unknown_key", "negative",
               "not_integer", "after_as_of", "after_received", "not_applicable",
               "not_an_object", "invalid_json", "unreadable_file", "missing", "out_of_range"}
COMPLAINT_KEYS = {"deadline", "raw_deadline", "weeks", "basis", "moved_over", "late",
                  "late_limit", "past_late_limit", "flags"}
REPLY_KEYS = {"deadline", "months", "moved", "overdue", "flags"}
CHILD_KEYS = {"ends", "age_limit", "under_age_limit", "flags"}
RESULTS = {"individuell_plan", "koordinator", "barnekoordinator"}

# Mostly dates the rules know, some far outside them, some that are not dates.
near = st.dates(min_value=date(2020, 1, 1), max_value=date(2100, 12, 31))
far = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
iso = st.one_of(near, near, near, far).map(date.isoformat)
junk = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                 st.text(max_size=12), st.lists(st.integers(), max_size=2),
                 st.just("2026-02-30"), st.just("2026-2-3"), st.just(" 2026-01-01"))
maybe_date = st.one_of(iso, iso, iso, junk)


def _call(request: dict[str, Any]) -> dict[str, Any]:
    text = api.handle(json.dumps(request))
    assert isinstance(text, str)
    out = json.loads(text)
    assert isinstance(out, dict), out
    return out


def _check_error(out: dict[str, Any]) -> None:
    error = out["error"]
    assert set(error) == {"field", "code"}, out
    assert error["code"] in ERROR_CODES, out
    assert error["code"] != "internal_error", out


deadline_requests = st.one_of(
    st.fixed_dictionaries(
        {"command": st.just("deadline.complaint"), "as_of": maybe_date, "received": maybe_date},
        optional={"basis": st.one_of(st.sampled_from(["health", "social"]), junk),
                  "decided": maybe_date}),
    st.fixed_dictionaries(
        {"command": st.just("deadline.reply"), "as_of": maybe_date, "applied": maybe_date}),
    st.fixed_dictionaries(
        {"command": st.just("deadline.child_coordinator"), "as_of": maybe_date,
         "birth_date": maybe_date}),
)


@TEN_THOUSAND
@given(request=deadline_requests)
def test_deadlines_never_raise_and_land_on_a_working_day(request: dict[str, Any]) -> None:
    out = _call(request)
    STATS["checker_deadline_examples"] = STATS.get("checker_deadline_examples", 0) + 1
    if "error" in out:
        _check_error(out)
        return
    assert out["command"] == request["command"]
    assert out["as_of"] == request["as_of"]
    assert out["status"] in ("known", "unknown")
    assert isinstance(out["flags"], list)
    command = request["command"]
    if out["status"] == "unknown":
        # Outside the periods the rule data covers: no date, and the reason why.
        assert out["reason"] and out["unknown_rules"], out
        assert out.get("deadline", out.get("ends")) is None, out
        return
    if command == "deadline.reply":
        assert set(out) >= REPLY_KEYS, out
        assert out["moved"] is False
        return
    if command == "deadline.child_coordinator":
        assert set(out) >= CHILD_KEYS, out
        return
    assert set(out) >= COMPLAINT_KEYS, out
    raw = date.fromisoformat(out["raw_deadline"])
    deadline = date.fromisoformat(out["deadline"])
    received = date.fromisoformat(request["received"])
    assert raw == received + timedelta(weeks=out["weeks"])
    assert deadline >= raw, out
    assert workdays.is_working_day(deadline) is True, out
    assert len(out["moved_over"]) == (deadline - raw).days
    assert out["late"] is (date.fromisoformat(request["as_of"]) > deadline)


tri = st.sampled_from([True, False, "unknown"])
valid_answers = st.fixed_dictionaries({}, optional={
    "for_whom": st.sampled_from(["self", "someone_else", "child", "expected_child"]),
    "services_needed": st.integers(min_value=0, max_value=50),
    **{key: tri for key in TRI_KEYS},
    **{key: st.booleans() for key in BOOL_KEYS},
})
odd_answers = st.dictionaries(
    st.one_of(st.sampled_from(ANSWER_KEYS), st.text(max_size=8)), junk, max_size=4)


@st.composite
def eligibility_requests(draw: st.DrawFn) -> dict[str, Any]:
    as_of = draw(st.one_of(near, near, far))
    answers: Any = draw(st.one_of(valid_answers, valid_answers, valid_answers, odd_answers, junk))
    if isinstance(answers, dict) and answers.get("for_whom") == "child" and draw(st.booleans()):
        birth = draw(st.dates(min_value=as_of - timedelta(days=30 * 366),
                              max_value=as_of + timedelta(days=30)) if as_of.year > 40
                     else far)
        answers = {**answers, "child_birth_date": birth.isoformat()}
    return {"command": "eligibility", "as_of": as_of.isoformat(), "answers": answers}


@TEN_THOUSAND
@given(request=eligibility_requests())
def test_eligibility_never_raises_and_has_the_documented_shape(request: dict[str, Any]) -> None:
    out = _call(request)
    STATS["checker_eligibility_examples"] = STATS.get("checker_eligibility_examples", 0) + 1
    if "error" in out:
        _check_error(out)
        return
    assert out["command"] == "eligibility"
    assert out["as_of"] == request["as_of"]
    assert isinstance(out["answers"], dict)
    assert set(out["results"]) == RESULTS, out
    for name, result in out["results"].items():
        assert result["outcome"] in ("eligible", "not_eligible", "unknown", "uncertain"), \
            (name, result)
        # Where the law reads two ways ("uncertain"), the doubt names its law.
        for doubt in result.get("doubts", []):
            assert {"criterion", "flags", "law", "paragraph", "url"} <= set(doubt), (name, result)
            assert set(doubt["flags"]) <= set(result["flags"]), (name, result)
        if result["outcome"] == "uncertain":
            assert result["doubts"], (name, result)
        assert result["status"] in ("known", "unknown"), (name, result)
        assert isinstance(result["flags"], list)
        # Outside the known periods there is no rule to name the wish by.
        assert isinstance(result["consent"], dict) or (
            result["consent"] is None and result["status"] == "unknown"), (name, result)
        for reason in result["reasons"]:
            assert {"criterion", "status", "law", "paragraph", "url"} <= set(reason)
            assert reason["status"] in ("met", "not_met", "unknown")
        if result["status"] == "unknown" and result["outcome"] == "unknown" and "reason" in result:
            assert result["reason"], (name, result)
        elif name == "barnekoordinator":
            assert "age_limit" in result, result
