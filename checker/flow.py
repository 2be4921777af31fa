"""The question flow: routing only (GOV.UK Smart Answers style).

The flow itself is data (``rules/flow.yaml``); this module answers "which
question comes next?" and enumerates every reachable state, so that the site
can render one question per page both with JavaScript and as static pages.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from checker import rules
from checker.answers import Answers, answers_as_json, check_answer_keys, validate_answers
from checker.deadlines import add_months
from checker.eligibility import PROGRAMMES, evaluate

_TOKENS: dict[str, list[tuple[str, Any]]] = {
    "yes_no": [("yes", True), ("no", False)],
    "yes_no_unknown": [("yes", True), ("no", False), ("unknown", "unknown")],
}


def definition() -> dict[str, Any]:
    """The flow as data: question ids, types, options, conditions, outcomes."""
    return rules.flow_data()


def questions() -> list[dict[str, Any]]:
    """The questions in the order they are asked."""
    found: list[dict[str, Any]] = definition()["questions"]
    return found


def applies(question: dict[str, Any], answers: dict[str, Any]) -> bool:
    """Whether ``question`` is asked given the answers so far (its ``when`` holds)."""
    when: dict[str, list[Any]] = question.get("when", {})
    return all(answers.get(key) in allowed for key, allowed in when.items())


def _criteria(result: dict[str, Any]) -> dict[str, str]:
    return {str(r["criterion"]): str(r["status"]) for r in result["reasons"]}


def can_change(question: dict[str, Any], answers: Answers, as_of: date,
               now: dict[str, Any] | None = None) -> bool:
    """Whether answering ``question`` can still change an outcome that is open.

    An outcome is open while it is ``unknown`` with the answers so far (an
    unanswered question counts as unknown, so the three-valued logic of
    checker.eligibility settles an outcome only when no later answer can change
    it). The question can change an open programme if one of the answers it
    offers (its static choices stand for every class of answer) settles that
    programme or changes one of its criteria. A settled outcome never changes
    again, so a question for settled programmes only would be asked in vain.
    ``now`` is ``evaluate(answers, as_of)["results"]`` when the caller has it.
    """
    if now is None:
        now = evaluate(answers, as_of)["results"]
    open_ = [p for p in PROGRAMMES if now[p]["outcome"] == "unknown"]
    plain = answers_as_json(answers)
    for _token, value in static_choices(question, as_of) if open_ else []:
        then = evaluate(validate_answers({**plain, question["id"]: value}, as_of), as_of)
        for p in open_:
            after = then["results"][p]
            if after["outcome"] != "unknown" or _criteria(after) != _criteria(now[p]):
                return True
    return False


def next_question(answers: Answers, as_of: date) -> str | None:
    """The id of the next question to ask, or None when the path has ended.

    Depends on ``as_of`` through the outcomes (``can_change``):
    a child's age and the rules in force are taken on that date.
    """
    plain = answers_as_json(answers)
    now = evaluate(answers, as_of)["results"]  # once, not once per question
    for question in questions():
        if (
            question["id"] not in plain
            and applies(question, plain)
            and can_change(question, answers, as_of, now)
        ):
            return str(question["id"])
    return None


def route(given: object, as_of: date) -> dict[str, Any]:
    """Replay the flow from the start with every answer given so far, in one call.

    A page keeps every answer a visitor gave, also to questions that a changed
    answer has since taken off the path. Walking from the start, an answer is
    kept when its question comes up again; the first question on the path
    without an answer is the one to ask. This is ``next_question`` asked after
    each kept answer, done here so that the page needs one request per answer
    instead of one per question on the path.

    Returns ``path`` (the questions on the path, in order; while it is open,
    the one to ask is last), ``answers`` (the kept answers, as given),
    ``next_question`` (None at the end), ``complete`` and, at the end,
    ``results`` and ``next_steps``. A given answer is validated only when its question comes up,
    so an answer off the path never blocks the way; an error names that
    answer's key. Unknown keys are rejected at once.
    """
    given = check_answer_keys(given)
    kept: dict[str, Any] = {}
    path: list[str] = []
    while True:  # each turn keeps one more answer, so it ends within len(ANSWER_KEYS)
        answers = validate_answers(kept, as_of)
        nxt = _next_question_cached(as_of, tuple(sorted(answers.items())))
        if nxt is None:
            done = evaluate(answers, as_of)
            return {"path": path, "answers": kept, "next_question": None, "complete": True,
                    "results": done["results"], "next_steps": done["next_steps"]}
        path.append(nxt)
        if nxt not in given:
            return {"path": path, "answers": kept, "next_question": nxt, "complete": False}
        kept[nxt] = given[nxt]


# A visitor's next route repeats the path of the one before, plus one answer:
# remembering the states seen makes each request compute only what is new.
# The key is the validated answers (str, int, bool, date: all hashable).
@lru_cache(maxsize=512)
def _next_question_cached(as_of: date, items: tuple[tuple[str, Any], ...]) -> str | None:
    return next_question(dict(items), as_of)  # type: ignore[arg-type]


def static_choices(question: dict[str, Any], as_of: date) -> list[tuple[str, Any]]:
    """The (token, answer value) pairs a page without JavaScript offers as links."""
    kind = question["type"]
    if kind == "choice":
        return [(str(option), option) for option in question["options"]]
    if kind in _TOKENS:
        return _TOKENS[kind]
    if kind == "integer":
        return [(str(c["token"]), int(c["value"])) for c in question["static_choices"]]
    if kind == "date":
        # A representative date that many whole years before as_of.
        return [
            (str(c["token"]), add_months(as_of, -12 * int(c["age_years"])).isoformat())
            for c in question["static_choices"]
        ]
    raise ValueError(kind)


def state_id(tokens: list[str]) -> str:
    """A stable id for the state reached by these answer tokens ("" is the start)."""
    return "/".join(tokens)


def enumerate_states(as_of: date, with_results: bool = False) -> list[dict[str, Any]]:
    """Every state reachable from the start, depth first, as JSON-ready dicts.

    A state has an ``id`` (its answer tokens joined by "/"), the ``answers`` so
    far, the ``question`` to ask next (None at an end) and its ``choices`` (token,
    value, next state id). An end state carries ``outcomes`` (programme → outcome,
    plus the barnekoordinator ``alternative`` if any) and, with
    ``with_results``, the full eligibility ``results`` and the ``next_steps``.
    """
    by_id = {str(q["id"]): q for q in questions()}
    states: list[dict[str, Any]] = []
    stack: list[tuple[list[str], dict[str, Any]]] = [([], {})]
    while stack:
        tokens, plain = stack.pop()
        answers = validate_answers(plain, as_of)
        qid = next_question(answers, as_of)
        state: dict[str, Any] = {"id": state_id(tokens), "answers": plain, "question": qid}
        if qid is None:
            result = evaluate(answers, as_of)
            outcomes = {p: result["results"][p]["outcome"] for p in PROGRAMMES}
            alternative = result["results"]["barnekoordinator"].get("alternative")
            if alternative is not None:
                outcomes["barnekoordinator_alternative"] = alternative
            state["outcomes"] = outcomes
            state["choices"] = []
            if with_results:
                state["results"] = result["results"]
                state["next_steps"] = result["next_steps"]
        else:
            choices = []
            children = []
            for token, value in static_choices(by_id[qid], as_of):
                child_tokens = [*tokens, token]
                choices.append({"token": token, "value": value, "next": state_id(child_tokens)})
                children.append((child_tokens, {**plain, qid: value}))
            state["choices"] = choices
            stack.extend(reversed(children))
        states.append(state)
    return states
