"""The question flow: every question and outcome is reachable, every path ends."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from checker import answers, eligibility, flow
from checker.eligibility import PROGRAMMES

AS_OF = date(2026, 11, 22)
# Answers the eligibility command takes but the flow never asks: a wish never
# changes an outcome (every result says instead that the help is given only to
# those who want it).
WISHES = {"wants_plan", "wants_coordinator"}
TYPES = {"choice", "date", "integer", "yes_no", "yes_no_unknown"}


@pytest.fixture(scope="module")
def states() -> list[dict[str, Any]]:
    return flow.enumerate_states(AS_OF)


def test_question_ids_are_the_answer_ids() -> None:
    ids = [q["id"] for q in flow.questions()]
    assert sorted(ids) == sorted(set(answers.ANSWER_KEYS) - WISHES)
    assert len(ids) == len(set(ids))
    for question in flow.questions():
        assert question["type"] in TYPES
        for key in question.get("when", {}):
            assert ids.index(key) < ids.index(question["id"]), "conditions look back only"


def test_every_question_is_reachable(states: list[dict[str, Any]]) -> None:
    asked = {s["question"] for s in states if s["question"] is not None}
    assert asked == set(answers.ANSWER_KEYS) - WISHES


def _completions(plain: dict[str, Any]) -> list[dict[str, Any]]:
    """Every way to answer, with the static choices, the questions not asked."""
    found = [plain]
    for question in flow.questions():
        grown = []
        for done in found:
            if question["id"] in done or not flow.applies(question, done):
                grown.append(done)
                continue
            grown.extend({**done, question["id"]: value}
                         for _, value in flow.static_choices(question, AS_OF))
        found = grown
    return found


def _outcomes(plain: dict[str, Any]) -> dict[str, str]:
    results = eligibility.evaluate(answers.validate_answers(plain, AS_OF), AS_OF)["results"]
    return {p: results[p]["outcome"] for p in PROGRAMMES}


def test_a_path_ends_only_when_no_further_answer_could_change_the_outcomes(
    states: list[dict[str, Any]],
) -> None:
    ends = [s for s in states if s["question"] is None]
    skipped = 0
    for end in ends:
        completions = _completions(end["answers"])
        skipped += len(completions) > 1
        for completed in completions:
            assert _outcomes(completed) == {p: end["outcomes"][p] for p in PROGRAMMES}, (
                end["id"], completed)
    assert skipped, "some paths end before every question is asked"


def test_a_question_is_asked_only_while_an_outcome_is_open(
    states: list[dict[str, Any]],
) -> None:
    for state in states:
        if state["question"] is not None:
            assert "unknown" in _outcomes(state["answers"]).values(), state["id"]


def test_every_outcome_is_reachable(states: list[dict[str, Any]]) -> None:
    reached = {(p, s["outcomes"][p]) for s in states if s["question"] is None for p in PROGRAMMES}
    # "uncertain" (the law, not the answers, leaves it open) exists where a doubt
    # rule does: koordinator (hol § 7-2) and barnekoordinator (one complex service).
    assert reached == {(p, o) for p in PROGRAMMES for o in ("eligible", "not_eligible", "unknown")
                       } | {("koordinator", "uncertain"), ("barnekoordinator", "uncertain")}
    alternatives = {
        s["outcomes"].get("barnekoordinator_alternative") for s in states if s["question"] is None
    }
    assert "koordinator" in alternatives


def test_no_static_path_with_no_health_service_says_may_have_barnekoordinator(
    states: list[dict[str, Any]],
) -> None:
    """E1: the old page expected_child/0/yes/yes/yes/yes said "may have the right"."""
    ends = [s for s in states if s["question"] is None
            and s["answers"].get("services_needed") == 0]
    assert ends
    assert all(s["outcomes"]["barnekoordinator"] == "not_eligible" for s in ends)
    ids = {s["id"] for s in states}
    assert "expected_child/0" in ids
    assert not [i for i in ids if i.startswith("expected_child/0/")]


def test_graph_is_a_tree_whose_paths_all_end(states: list[dict[str, Any]]) -> None:
    by_id = {s["id"]: s for s in states}
    assert len(by_id) == len(states), "state ids are unique"
    assert "" in by_id
    # Every choice leads to an existing state; walking from the start visits
    # every state once and never takes more steps than there are questions.
    seen: set[str] = set()
    stack = [("", 0)]
    while stack:
        sid, depth = stack.pop()
        assert sid not in seen
        seen.add(sid)
        assert depth <= len(flow.questions())
        state = by_id[sid]
        if state["question"] is None:
            assert state["choices"] == []
            assert set(state["outcomes"]) >= set(PROGRAMMES)
        else:
            assert state["choices"], sid
            for choice in state["choices"]:
                stack.append((choice["next"], depth + 1))
    assert seen == set(by_id)


def _results(plain: dict[str, Any]) -> dict[str, Any]:
    results: dict[str, Any] = eligibility.evaluate(
        answers.validate_answers(plain, AS_OF), AS_OF)["results"]
    return results


def _criteria(result: dict[str, Any]) -> dict[str, str]:
    return {str(r["criterion"]): str(r["status"]) for r in result["reasons"]}


def _documented_next_question(plain: dict[str, Any]) -> str | None:
    """The rule as rules/flow.yaml states it, computed from the engine's results
    alone (not with checker.flow's routing): the first question, in order, not
    answered yet, whose `when` holds, and one of whose answers settles an open
    outcome or changes one of an open programme's criteria."""
    now = _results(plain)
    open_ = [p for p in PROGRAMMES if now[p]["outcome"] == "unknown"]
    for question in flow.questions():
        if question["id"] in plain or not flow.applies(question, plain):
            continue
        for _, value in flow.static_choices(question, AS_OF):
            then = _results({**plain, question["id"]: value})
            if any(then[p]["outcome"] != "unknown" or _criteria(then[p]) != _criteria(now[p])
                   for p in open_):
                return str(question["id"])
    return None


def test_every_state_asks_the_question_the_documented_rule_picks(
    states: list[dict[str, Any]],
) -> None:
    assert len(states) > 300  # 331 since E1 ends the flow at expected_child/0
    wrong = [(s["id"], s["question"], expected) for s in states
             if (expected := _documented_next_question(s["answers"])) != s["question"]]
    assert not wrong, wrong


def _could_change_an_outcome(question: dict[str, Any], plain: dict[str, Any]) -> bool:
    """By brute force over every way to answer the rest: is there an answer to the
    other questions under which two answers to `question` give different outcomes?"""
    by_id = {str(q["id"]): q for q in flow.questions()}
    values = [value for _, value in flow.static_choices(question, AS_OF)]
    for completed in _completions({**plain, question["id"]: values[0]}):
        for value in values[1:]:
            other = {**completed, question["id"]: value}
            # Answers to questions this answer takes off the path are not given.
            other = {k: v for k, v in other.items() if flow.applies(by_id[k], other)}
            if _outcomes(other) != _outcomes(completed):
                return True
    return False


def test_no_state_passes_over_a_question_that_could_change_an_outcome(
    states: list[dict[str, Any]],
) -> None:
    order = [str(q["id"]) for q in flow.questions()]
    passed_over = []
    for state in states:
        plain = state["answers"]
        stop = order.index(state["question"]) if state["question"] else len(order)
        for question in flow.questions()[:stop]:
            if question["id"] in plain or not flow.applies(question, plain):
                continue
            if _could_change_an_outcome(question, plain):
                passed_over.append((state["id"], question["id"]))
    assert not passed_over, passed_over


def test_static_date_choices_are_on_each_side_of_the_age_limit(
    states: list[dict[str, Any]],
) -> None:
    start_child = next(s for s in states if s["id"] == "child")
    values = {c["token"]: c["value"] for c in start_child["choices"]}
    assert values == {"under_18": "2016-11-22", "18_or_over": "2006-11-22"}


def test_end_state_results_on_request() -> None:
    full = flow.enumerate_states(AS_OF, with_results=True)
    ends = [s for s in full if s["question"] is None]
    assert all(set(s["results"]) == set(PROGRAMMES) for s in ends)
    assert all(s["results"][p]["outcome"] == s["outcomes"][p] for s in ends for p in PROGRAMMES)
