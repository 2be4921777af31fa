"""Eligibility for individuell plan, koordinator and barnekoordinator.

Each criterion is a dated rule (``rules/eligibility.yaml``) evaluated to
``met``, ``not_met`` or ``unknown``; criteria combine with three-valued logic,
so an ``unknown`` decides the outcome only when it could change it (unknown
serious_condition with other_welfare_services=false still settles "no
barnekoordinator"). Consent and wishes are reported beside eligibility and
never change it.

Where the law can be read two ways, a doubt rule (``doubt.<programme>.<name>``)
names the criterion the narrow reading does not count. The formula is then
evaluated both ways: broad "met" and narrow "not met" is the outcome
``uncertain`` (the law, not the answers, leaves it open), and the result lists
the doubt with its reference under ``doubts`` and its flag under ``flags``.
When the readings only might differ (an answer is still open), the outcome is
``unknown``. ``uncertain`` never changes with later answers: both readings are
settled.

The result also names the ``next_steps`` (pages) that fit the answers, from
the ``next_step.<key>`` rules.
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
# The law leaves the outcome open: eligible on one reading, not on the other.
UNCERTAIN = "uncertain"
OUTCOMES = ("eligible", "not_eligible", "unknown", UNCERTAIN)
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


def _doubts(programme: str, as_of: date) -> tuple[list[rules.RuleValue], list[str]]:
    """The doubt rules in force for ``programme``, and the ids of those not known then."""
    found: list[rules.RuleValue] = []
    missing: list[str] = []
    for rule_id in rules.rule_ids(f"doubt.{programme}."):
        rule = rules.lookup(rule_id, as_of)
        if rule is None:
            missing.append(rule_id)
        else:
            found.append(rule)
    return found, missing


def _narrow(statuses: dict[str, str], doubts: list[rules.RuleValue]) -> dict[str, str]:
    """The statuses on the narrow reading: each doubtful criterion counts as not met."""
    return {**statuses, **{str(d.value["criterion"]): NOT_MET for d in doubts}}


def _outcome(
    formula: Callable[[dict[str, str]], str],
    statuses: dict[str, str],
    doubts: list[rules.RuleValue],
) -> tuple[str, list[rules.RuleValue]]:
    """The outcome on both readings of the law, and the doubts that could decide it."""
    broad = formula(statuses)
    deciding = [d for d in doubts if formula(_narrow(statuses, [d])) != broad]
    if not deciding:
        return OUTCOME[broad], []
    narrow = formula(_narrow(statuses, doubts))
    # The narrow reading never gives more than the broad one (the formulas are
    # monotone), so they differ as met/not_met (settled: uncertain) or with an
    # unknown on one side (an answer could still settle it: unknown).
    return (UNCERTAIN if (broad, narrow) == (MET, NOT_MET) else "unknown"), deciding


def _result(
    programme: str,
    evaluators: dict[str, Evaluator],
    answers: Answers,
    as_of: date,
    formula: Callable[[dict[str, str]], str],
    extra_missing: list[str] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    statuses, reasons, flags, missing = _criteria(programme, evaluators, answers, as_of)
    doubts, doubts_missing = _doubts(programme, as_of)
    missing += doubts_missing + (extra_missing or [])
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
            "doubts": [],
            "consent": None,
            "flags": [],
        }, statuses
    outcome, deciding = _outcome(formula, statuses, doubts)
    return {
        "outcome": outcome,
        "status": "known",
        "reasons": reasons,
        "doubts": [
            {"criterion": str(d.value["criterion"]), "flags": list(d.flags), **d.reference()}
            for d in deciding
        ],
        "consent": consent,
        "flags": sorted({*flags, *(f for d in deciding for f in d.flags)}),
    }, statuses


def individuell_plan(answers: Answers, as_of: date) -> dict[str, Any]:
    """pbrl § 2-5 / sotjl §§ 28, 33: (≥ 2 coordinated services AND long-term) OR in the
    kvalifiseringsprogram. Consent (wants_plan) is reported apart. For a child or
    an expected child the kvalifiseringsprogram (for adults) is left out of the
    reasons."""
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
    if answers.get("for_whom") in CHILD_FOR_WHOM:
        # The programme is for adults: for a child it is not a reason to list.
        result["reasons"] = [
            r for r in result["reasons"] if r["criterion"] != "qualification_programme"
        ]
    return result


def koordinator(answers: Answers, as_of: date) -> dict[str, Any]:
    """pbrl § 2-5 b, in force 1 August 2022: ≥ 2 coordinated services AND (long-term
    OR complex). No age limit; independent of whether a plan is wanted. Whether
    hol § 7-2 has "komplekse eller" is not confirmed (doubt.koordinator.complex):
    complex but not long-term is ``uncertain``."""
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
    (or expected) AND serious condition AND long-term AND ≥ 1 health and care
    service AND (complex OR ≥ 2 coordinated services) AND other welfare services.
    One complex service is ``uncertain`` (doubt.barnekoordinator.complex: read
    narrowly, the need must be for two or more). The parents' wish is
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
        "health_services": _services,
        "complex": _answer("complex"),
        "coordinated_services": _services,
        "other_welfare_services": _answer("other_welfare_services"),
    }

    def health_need(s: dict[str, str]) -> str:
        return all_of(
            s["child"],
            s["serious_condition"],
            s["long_term"],
            s["health_services"],
            any_of(s["complex"], s["coordinated_services"]),
        )

    def formula(s: dict[str, str]) -> str:
        return all_of(health_need(s), s["other_welfare_services"])

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
    if (
        health_need(s) == MET
        and s["other_welfare_services"] == NOT_MET
        and koordinator_outcome != "not_eligible"
    ):
        result["alternative"] = "koordinator"
    return result


def _next_step_rules(as_of: date) -> list[tuple[str, rules.RuleValue]]:
    found = []
    for rule_id in rules.rule_ids("next_step."):
        rule = rules.lookup(rule_id, as_of)
        if rule is not None:
            found.append((rule_id.removeprefix("next_step."), rule))
    return sorted(found, key=lambda item: (int(item[1].value["rank"]), item[0]))


def next_step_pages(as_of: date) -> dict[str, str]:
    """Every next step known on ``as_of`` → the slug of its page, in rank order."""
    return {key: str(rule.value["page"]) for key, rule in _next_step_rules(as_of)}


def _holds(condition: dict[str, list[Any]], plain: dict[str, Any]) -> bool:
    # Compared with their types, so that 1 is not taken for true.
    return all(
        any(plain.get(key) == v and type(plain.get(key)) is type(v) for v in allowed)
        for key, allowed in condition.items()
    )


def next_steps(answers: Answers, as_of: date) -> list[str]:
    """The keys of the next steps that fit the answers (``next_step.<key>`` rules), in
    rank order: a step without ``when_any`` fits everyone, one with it fits when
    any of its conditions holds."""
    plain = answers_as_json(answers)
    return [
        key
        for key, rule in _next_step_rules(as_of)
        if rule.value.get("when_any") is None
        or any(_holds(condition, plain) for condition in rule.value["when_any"])
    ]


def evaluate(answers: Answers, as_of: date) -> dict[str, Any]:
    """All three outcomes for a validated answer set on ``as_of``, and the next steps."""
    coordinator = koordinator(answers, as_of)
    return {
        "as_of": as_of.isoformat(),
        "answers": answers_as_json(answers),
        "results": {
            "individuell_plan": individuell_plan(answers, as_of),
            "koordinator": coordinator,
            "barnekoordinator": barnekoordinator(answers, as_of, coordinator["outcome"]),
        },
        "next_steps": next_steps(answers, as_of),
    }
