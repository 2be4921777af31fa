"""One entry point for the browser worker (Pyodide) and the CLI.

``handle(request_json) -> response_json`` never raises: bad input comes back as
``{"error": {"field": ..., "code": ...}}``. Requests carry ``as_of`` explicitly;
this module never reads the clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from checker import deadlines, eligibility, flow, letters, workdays
from checker.answers import parse_date, validate_answers
from checker.errors import CheckerInputError

Params = dict[str, Any]


def _optional_date(params: Params, key: str) -> date | None:
    return None if params.get(key) is None else parse_date(params[key], key)


def _required_date(params: Params, key: str) -> date:
    if key not in params:
        raise CheckerInputError(key, "missing")
    return parse_date(params[key], key)


def _eligibility(params: Params, as_of: date) -> dict[str, Any]:
    if "answers" not in params:
        raise CheckerInputError("answers", "missing")
    return eligibility.evaluate(validate_answers(params["answers"], as_of), as_of)


def _complaint(params: Params, as_of: date) -> dict[str, Any]:
    basis = params.get("basis", "health")
    if not isinstance(basis, str):
        raise CheckerInputError("basis", "wrong_type")
    return deadlines.complaint_deadline(
        _required_date(params, "received"), basis, as_of, _optional_date(params, "decided")
    )


def _reply(params: Params, as_of: date) -> dict[str, Any]:
    return deadlines.reply_deadline(_required_date(params, "applied"), as_of)


def _child_coordinator(params: Params, as_of: date) -> dict[str, Any]:
    return deadlines.child_coordinator_end(_required_date(params, "birth_date"), as_of)


def _calendar_day(params: Params, as_of: date) -> dict[str, Any]:
    return {"as_of": as_of.isoformat(), **workdays.describe_day(_required_date(params, "date"))}


def _flow(params: Params, as_of: date) -> dict[str, Any]:
    out: dict[str, Any] = {"as_of": as_of.isoformat(), "flow": flow.definition()}
    if "answers" in params:
        answers = validate_answers(params["answers"], as_of)
        nxt = flow.next_question(answers, as_of)
        out["next_question"] = nxt
        out["complete"] = nxt is None
        if nxt is None:
            done = eligibility.evaluate(answers, as_of)
            out["results"] = done["results"]
            out["next_steps"] = done["next_steps"]
    return out


def _flow_route(params: Params, as_of: date) -> dict[str, Any]:
    if "answers" not in params:
        raise CheckerInputError("answers", "missing")
    return {"as_of": as_of.isoformat(), **flow.route(params["answers"], as_of)}


def _flow_states(params: Params, as_of: date) -> dict[str, Any]:
    with_results = params.get("with_results", False)
    if not isinstance(with_results, bool):
        raise CheckerInputError("with_results", "wrong_type")
    return {"as_of": as_of.isoformat(), "states": flow.enumerate_states(as_of, with_results)}


def _letter(params: Params, as_of: date) -> dict[str, Any]:
    out = letters.letter(params, as_of)
    lang, send_lang = params.get("lang"), params.get("send_lang")
    for key, value in (("lang", lang), ("send_lang", send_lang)):
        if value is not None and not isinstance(value, str):
            raise CheckerInputError(key, "wrong_type")
    if lang is None:
        if send_lang is not None:
            raise CheckerInputError("send_lang", "not_applicable")
        return out
    return letters.with_text(out, lang, send_lang=send_lang)


# command -> (handler, allowed parameter keys besides command and as_of)
COMMANDS: dict[str, tuple[Callable[[Params, date], dict[str, Any]], frozenset[str]]] = {
    "eligibility": (_eligibility, frozenset({"answers"})),
    "deadline.complaint": (_complaint, frozenset({"received", "basis", "decided"})),
    "deadline.reply": (_reply, frozenset({"applied"})),
    "deadline.child_coordinator": (_child_coordinator, frozenset({"birth_date"})),
    "calendar.day": (_calendar_day, frozenset({"date"})),
    "flow": (_flow, frozenset({"answers"})),
    "flow.route": (_flow_route, frozenset({"answers"})),
    "flow.states": (_flow_states, frozenset({"with_results"})),
    "letter": (_letter, frozenset({
        "kind", "programmes", "template", "for_whom", "basis", "received", "decided", "asked",
        "situation", "sender", "addressee", "fields", "lang", "send_lang"})),
}


def dispatch(request: object) -> dict[str, Any]:
    """Run one decoded request. Raises :class:`CheckerInputError` on bad input."""
    if not isinstance(request, dict):
        raise CheckerInputError("request", "not_an_object")
    command = request.get("command")
    if command is None:
        raise CheckerInputError("command", "missing")
    if not isinstance(command, str) or command not in COMMANDS:
        raise CheckerInputError("command", "invalid_value")
    handler, allowed = COMMANDS[command]
    for key in sorted(request, key=str):
        if key not in allowed and key not in ("command", "as_of"):
            raise CheckerInputError(str(key), "unknown_key")
    if "as_of" not in request:
        raise CheckerInputError("as_of", "missing")
    as_of = parse_date(request["as_of"], "as_of")
    out = handler(request, as_of)
    out["command"] = command
    return out


def encode(response: dict[str, Any]) -> str:
    """Deterministic JSON, the same bytes in CPython and Pyodide."""
    return json.dumps(response, sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def handle(request_json: str) -> str:
    """JSON request in, JSON response out; never raises."""
    try:
        try:
            request = json.loads(request_json)
        except (ValueError, TypeError, RecursionError):
            raise CheckerInputError("request", "invalid_json") from None
        return encode(dispatch(request))
    except CheckerInputError as error:
        return encode({"error": error.as_json()})
    except Exception:  # a bug must not break the page; report it as a key
        return encode({"error": {"field": None, "code": "internal_error"}})
