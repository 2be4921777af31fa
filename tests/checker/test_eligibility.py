"""Eligibility logic: three-valued combination, consent apart, alternative."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest

from checker import eligibility
from checker.answers import validate_answers

AS_OF = date(2026, 11, 22)
TRI: list[Any] = [True, False, "unknown"]


def outcomes(raw: dict[str, Any]) -> dict[str, str]:
    result = eligibility.evaluate(validate_answers(raw, AS_OF), AS_OF)["results"]
    return {p: result[p]["outcome"] for p in eligibility.PROGRAMMES}


def _expected_koordinator(services: int, long_term: Any, complex_: Any) -> str:
    if services < 2:
        return "not_eligible"
    if long_term is True or complex_ is True:
        return "eligible"
    if long_term is False and complex_ is False:
        return "not_eligible"
    return "unknown"


@pytest.mark.parametrize(
    ("services", "long_term", "complex_"), list(itertools.product([0, 1, 2, 5], TRI, TRI))
)
def test_koordinator_table(services: int, long_term: Any, complex_: Any) -> None:
    got = outcomes(
        {
            "for_whom": "self",
            "services_needed": services,
            "long_term": long_term,
            "complex": complex_,
            "qualification_programme": False,
        }
    )
    assert got["koordinator"] == _expected_koordinator(services, long_term, complex_)


@pytest.mark.parametrize(
    ("services", "long_term", "qp"), list(itertools.product([1, 2], TRI, [True, False]))
)
def test_individuell_plan_table(services: int, long_term: Any, qp: bool) -> None:
    got = outcomes(
        {
            "for_whom": "self",
            "services_needed": services,
            "long_term": long_term,
            "qualification_programme": qp,
        }
    )
    if qp or (services >= 2 and long_term is True):
        expected = "eligible"
    elif services >= 2 and long_term == "unknown":
        expected = "unknown"
    else:
        expected = "not_eligible"
    assert got["individuell_plan"] == expected


def test_wishes_never_change_eligibility() -> None:
    base = {
        "for_whom": "child",
        "child_birth_date": "2015-01-01",
        "services_needed": 2,
        "long_term": True,
        "complex": True,
        "serious_condition": True,
        "other_welfare_services": True,
    }
    seen = {
        str(outcomes({**base, "wants_plan": p, "wants_coordinator": c}))
        for p in (True, False)
        for c in (True, False)
    }
    assert seen == {str(outcomes(base))}
    assert outcomes(base) == {
        "individuell_plan": "eligible",
        "koordinator": "eligible",
        "barnekoordinator": "eligible",
    }


def test_every_reason_has_a_reference_and_a_status() -> None:
    raw = {"for_whom": "expected_child", "services_needed": 1, "long_term": "unknown"}
    results = eligibility.evaluate(validate_answers(raw, AS_OF), AS_OF)["results"]
    for programme in eligibility.PROGRAMMES:
        reasons = results[programme]["reasons"]
        assert reasons
        for reason in reasons:
            assert set(reason) == {"criterion", "status", "law", "paragraph", "url"}
            assert reason["status"] in ("met", "not_met", "unknown")
            assert reason["url"].startswith("https://lovdata.no/")


def test_alternative_only_when_koordinator_is_possible() -> None:
    base = {
        "for_whom": "expected_child",
        "long_term": True,
        "complex": True,
        "serious_condition": True,
        "other_welfare_services": False,
    }
    with_two = eligibility.evaluate(validate_answers({**base, "services_needed": 2}, AS_OF), AS_OF)
    with_one = eligibility.evaluate(validate_answers({**base, "services_needed": 1}, AS_OF), AS_OF)
    assert with_two["results"]["barnekoordinator"].get("alternative") == "koordinator"
    assert "alternative" not in with_one["results"]["barnekoordinator"]


def test_three_valued_helpers() -> None:
    assert eligibility.all_of("met", "unknown") == "unknown"
    assert eligibility.all_of("not_met", "unknown") == "not_met"
    assert eligibility.any_of("met", "unknown") == "met"
    assert eligibility.any_of("not_met", "unknown") == "unknown"
    assert eligibility.any_of("not_met", "not_met") == "not_met"
