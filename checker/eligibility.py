"""Eligibility for individuell plan, koordinator and barnekoordinator.

Each criterion is a dated rule (``rules/eligibility.yaml``) evaluated to
``met``, ``not_met`` or ``unknown``; criteria combine with three-valued logic,
so an ``unknown`` decides the outcome only when it could change it (unknown
long_term with complex=true still gives a koordinator). Consent and wishes are
reported beside eligibility and never change it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

from checker import rules
from checker.answers import UNKNOWN, Answers, Tri, answers_as_json
from checker.deadlines import age_limit_date

MET, NOT_MET, UNKNOWN_STATUS = "met", "not_met", "unknown"
OUTCOME = {MET: "eligible", NOT_MET: "not_eligible", UNKNOWN_STATUS: "unknown"}
PROGRAMMES = ("individuell_plan", "koordinator", "barnekoordinator")
CHILD_FOR_WHOM = ("child", "expected_child")


def all_of(*statuses: str) -> str:
    """Three-valued AND."""
    if NOT_MET in statuses:
        return NOT_MET
    return UNKNOWN_STATUS if UNKNOWN_STATUS in statuses else MET


def any_of(*statuses: str) -> str:
    """Three-valued OR."""
    if MET in statuses:
        return MET
    return UNKNOWN_STATUS if UNKNOWN_STATUS in statuses else NOT_MET


def _tri(value: Tri | None) -> str:
    if value is None or value == UNKNOWN:
        return UNKNOWN_STATUS
    return MET if value else NOT_MET


def _services(answers: Answers, rule: rules.RuleValue) -> str:
    count = answers.get("services_needed")
    if count is None:
        return UNKNOWN_STATUS
    return MET if count >= int(rule.value["min_services"]) else NOT_MET


def _qualification_programme(answers: Answers, rule: rules.RuleValue) -> str:
    value = answers.get("qualification_programme")
    if value is None:
        # Not asked for a child or an expected child (the programme is for adults).
        return NOT_MET if answers.get("for_whom") in CHILD_FOR_WHOM else UNKNOWN_STATUS
    return MET if value else NOT_MET


def _answer(key: str) -> Callable[[Answers, rules.RuleValue], str]:
    def status(answers: Answers, rule: rules.RuleValue) -> str:
        return _tri(cast("Tri | None", answers.get(key)))

    return status


def _child(answers: Answers, rule: rules.RuleValue, age_limit: int, as_of: date) -> str:
    for_whom = answers.get("for_whom")
    if for_whom is None:
        return UNKNOWN_STATUS
    if for_whom == "expected_child":
        return MET
    if for_whom != "child":
        return NOT_MET
    birth = answers.get("child_birth_date")
    if birth is None:
        return UNKNOWN_STATUS
    ends = _right_ends(birth, age_limit)
    return MET if ends is None or as_of < ends else NOT_MET


def _right_ends(birth: date, age_limit: int) -> date | None:
    """The day the child reaches ``age_limit``; None when that is after year 9999."""
    try:
        return age_limit_date(birth, age_limit)
    except OverflowError:
        return None


Evaluator = Callable[[Answers, rules.RuleValue], str]


def _criteria(
    programme: str, evaluators: dict[str, Evaluator], answers: Answers, as_of: date
) -> tuple[dict[str, str], list[dict[str, Any]], list[str], list[str]]:
    statuses: dict[str, str] = {}
    reasons: list[dict[str, Any]] = []
    flags: set[str] = set()
    missing: list[str] = []
    for key, evaluate in evaluators.items():
        rule_id = f"criterion.{programme}.{key}"
        rule = rules.lookup(rule_id, as_of)
        if rule is None:
            missing.append(rule_id)
            continue
        statuses[key] = evaluate(answers, rule)
        reasons.append({"criterion": key, "status": statuses[key], **rule.reference()})
        flags.update(rule.flags)
    return statuses, reasons, sorted(flags), missing


def _consent(programme: str, answers: Answers, as_of: date) -> dict[str, Any] | None:
    rule = rules.lookup(f"consent.{programme}", as_of)
    if rule is None:
        return None
    key = str(rule.value["answer"])
    return {"answer": key, "value": answers.get(key), **rule.reference()}


def _result(
    programme: str,
    evaluators: dict[str, Evaluator],
    answers: Answers,
    as_of: date,
    formula: Callable[[dict[str, str]], str],
    extra_missing: list[str] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    statuses, reasons, flags, missing = _criteria(programme, evaluators, answers, as_of)
    missing += extra_missing or []
    consent = _consent(programme, answers, as_of)
    if consent is None:
        missing.append(f"consent.{programme}")
    if missing:
        return {
            "outcome": "unknown",
            "status": "unknown",
            "reason": "outside_known_period",
            "unknown_rules": missing,
            "reasons": [],
            "consent": None,
            "flags": [],
        }, statuses
    return {
        "outcome": OUTCOME[formula(statuses)],
        "status": "known",
        "reasons": reasons,
        "consent": consent,
        "flags": flags,
    }, statuses


def individuell_plan(answers: Answers, as_of: date) -> dict[str, Any]:
    """pbrl § 2-5 / sotjl § 28: (≥ 2 coordinated services AND long-term) OR in the
    kvalifiseringsprogram. Consent (wants_plan) is reported apart."""
    evaluators: dict[str, Evaluator] = {
        "coordinated_services": _services,
        "long_term": _answer("long_term"),
        "qualification_programme": _qualification_programme,
    }
    result, _ = _result(
        "individuell_plan",
        evaluators,
        answers,
        as_of,
        lambda s: any_of(
            all_of(s["coordinated_services"], s["long_term"]), s["qualification_programme"]
        ),
    )
    return result


def koordinator(answers: Answers, as_of: date) -> dict[str, Any]:
    """pbrl § 2-5 b, in force 1 August 2022: ≥ 2 coordinated services AND (long-term
    OR complex). No age limit; independent of whether a plan is wanted."""
    evaluators: dict[str, Evaluator] = {
        "coordinated_services": _services,
        "long_term": _answer("long_term"),
        "complex": _answer("complex"),
    }
    result, _ = _result(
        "koordinator",
        evaluators,
        answers,
        as_of,
        lambda s: all_of(s["coordinated_services"], any_of(s["long_term"], s["complex"])),
    )
    return result


def barnekoordinator(
    answers: Answers, as_of: date, koordinator_outcome: str | None = None
) -> dict[str, Any]:
    """pbrl § 2-5 c, in force 1 August 2022: a child under the age limit on ``as_of``
    (or expected) AND serious condition AND long-term AND (complex OR ≥ 2
    coordinated services) AND other welfare services. The parents' wish is
    reported apart. A child who meets the health criteria but not
    other_welfare_services may still have an ordinary koordinator: reported as
    ``"alternative": "koordinator"`` unless the koordinator outcome is not_eligible.
    """
    limit = rules.lookup("child_coordinator.age_limit", as_of)
    age_limit = 0 if limit is None else int(limit.value)

    def child(a: Answers, rule: rules.RuleValue) -> str:
        return _child(a, rule, age_limit, as_of)

    evaluators: dict[str, Evaluator] = {
        "child": child,
        "serious_condition": _answer("serious_condition"),
        "long_term": _answer("long_term"),
        "complex": _answer("complex"),
        "coordinated_services": _services,
        "other_welfare_services": _answer("other_welfare_services"),
    }

    def formula(s: dict[str, str]) -> str:
        return all_of(
            s["child"],
            s["serious_condition"],
            s["long_term"],
            any_of(s["complex"], s["coordinated_services"]),
            s["other_welfare_services"],
        )

    result, s = _result(
        "barnekoordinator",
        evaluators,
        answers,
        as_of,
        formula,
        [] if limit is not None else ["child_coordinator.age_limit"],
    )
    if result["status"] != "known" or limit is None:
        return result
    result["age_limit"] = age_limit
    result["flags"] = sorted({*result["flags"], *limit.flags})
    birth = answers.get("child_birth_date")
    ends = None if birth is None else _right_ends(birth, age_limit)
    if ends is not None:
        result["right_ends"] = ends.isoformat()
    health = all_of(
        s["child"],
        s["serious_condition"],
        s["long_term"],
        any_of(s["complex"], s["coordinated_services"]),
    )
    if (
        health == MET
        and s["other_welfare_services"] == NOT_MET
        and koordinator_outcome != "not_eligible"
    ):
        result["alternative"] = "koordinator"
    return result


def evaluate(answers: Answers, as_of: date) -> dict[str, Any]:
    """All three outcomes for a validated answer set on ``as_of``."""
    coordinator = koordinator(answers, as_of)
    return {
        "as_of": as_of.isoformat(),
        "answers": answers_as_json(answers),
        "results": {
            "individuell_plan": individuell_plan(answers, as_of),
            "koordinator": coordinator,
            "barnekoordinator": barnekoordinator(answers, as_of, coordinator["outcome"]),
        },
    }
