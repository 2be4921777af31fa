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
    """pbrl § 2-5 b read as coordinated AND (long-term OR complex); whether hol § 7-2
    has "komplekse eller" is not confirmed, so complex without long-term is uncertain."""
    if services < 2:
        return "not_eligible"
    if long_term is True:
        return "eligible"
    if long_term is False and complex_ is True:
        return "uncertain"
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


def _expected_barnekoordinator(services: int, long_term: Any, complex_: Any) -> str:
    """pbrl § 2-5 c for an expected child with a serious condition and other welfare
    services: long-term AND ≥ 1 health and care service AND (complex OR ≥ 2); one
    complex service is uncertain (D1); no service is never enough (E1)."""
    if services == 0 or long_term is False:
        return "not_eligible"
    if services >= 2:
        return "eligible" if long_term is True else "unknown"
    # one service: only "complex" could carry it, and that reading is doubtful
    if complex_ is False:
        return "not_eligible"
    if long_term is True and complex_ is True:
        return "uncertain"
    return "unknown"


@pytest.mark.parametrize(
    ("services", "long_term", "complex_"), list(itertools.product([0, 1, 2, 5], TRI, TRI))
)
def test_barnekoordinator_table(services: int, long_term: Any, complex_: Any) -> None:
    got = outcomes(
        {
            "for_whom": "expected_child",
            "services_needed": services,
            "long_term": long_term,
            "complex": complex_,
            "serious_condition": True,
            "other_welfare_services": True,
        }
    )
    assert got["barnekoordinator"] == _expected_barnekoordinator(services, long_term, complex_)


def test_no_health_service_is_never_a_barnekoordinator() -> None:
    """E1: with services_needed 0 no other answer gives more than "not eligible"."""
    for long_term, complex_, serious, other in itertools.product(TRI, TRI, TRI, TRI):
        got = outcomes({"for_whom": "expected_child", "services_needed": 0,
                        "long_term": long_term, "complex": complex_,
                        "serious_condition": serious, "other_welfare_services": other})
        assert got["barnekoordinator"] == "not_eligible", (long_term, complex_, serious, other)


def test_uncertain_carries_the_doubt_with_its_reference() -> None:
    raw = {"for_whom": "expected_child", "services_needed": 1, "long_term": True,
           "complex": True, "serious_condition": True, "other_welfare_services": True}
    result = eligibility.evaluate(validate_answers(raw, AS_OF), AS_OF)["results"]
    child = result["barnekoordinator"]
    assert child["outcome"] == "uncertain"
    assert [d["criterion"] for d in child["doubts"]] == ["complex"]
    for doubt in child["doubts"]:
        assert doubt["url"].startswith("https://lovdata.no/")
        assert set(doubt["flags"]) <= set(child["flags"])
    # Not a contradiction any more: the same child gets no koordinator and no yes.
    assert result["koordinator"]["outcome"] == "not_eligible"
    assert "alternative" not in child


def test_next_steps_follow_the_answers() -> None:
    def steps(raw: dict[str, Any]) -> list[str]:
        found: list[str] = eligibility.evaluate(validate_answers(raw, AS_OF), AS_OF)["next_steps"]
        return found

    assert steps({}) == ["complaint_help", "documents"]
    assert steps({"for_whom": "self", "complex": False}) == ["complaint_help", "documents"]
    assert steps({"for_whom": "self", "complex": True}) == ["complaint_help", "documents",
                                                           "hospital"]
    for who in ("child", "expected_child"):
        family = steps({"for_whom": who})
        assert family == ["complaint_help", "child_rights", "family_support", "documents"]
        assert steps({"for_whom": who, "serious_condition": True})[-1] == "hospital"
        assert "hospital" not in steps({"for_whom": who, "serious_condition": "unknown"})
    pages = eligibility.next_step_pages(AS_OF)
    assert pages == {"complaint_help": "hjelp-til-a-klage", "child_rights": "barnets-rettigheter",
                     "family_support": "stotte-til-familien", "documents": "innsyn",
                     "hospital": "sykehuset"}
    assert list(pages) == ["complaint_help", "child_rights", "family_support", "documents",
                           "hospital"]


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
