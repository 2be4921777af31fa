"""What the checker page answers before Pyodide is ready: the engine's own
answers, computed at build time by the same Python (`checker.api.handle`).

Two files, the same for every language (the engine returns keys, not words),
written beside the checker page (`<language root>/sjekk/`):

- `instant.json` (fetched as the page starts, a few KB compressed): every
  state of the question flow (`checker.flow.enumerate_states`, the same walk
  the pages without JavaScript are made from) as "question to ask" or "index
  of the results", the distinct results, and how an answer value becomes the
  token of a state (`tokens`).
- `instant-dates.json` (fetched after the first paint or on first use): the
  deadline tools' answers for every received or applied date from one year
  before to one year after the build's `as_of`, and, for every birth date
  that makes a child under the age limit within that time, the day the
  right ends.

Each answer is the engine's response with the parts that depend on the
visitor's day (`as_of`) taken out and named in `compare`: "late is as_of >
deadline" (a flag the page sets on the day it is asked). Both files hold for
any `as_of` in [`valid_from`, `valid_until`]: the days on which every rule in
`checker/rules/` has the value it has on the build's `as_of`, at most a year
either way. On any other day, or for a date outside the window, the page
waits for Python. `tests/checker/test_instant.py` holds every answer here
equal to the live engine's, in CPython and in Pyodide.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from checker import api, deadlines, flow, rules

FLOW_FILE = "instant.json"
DATES_FILE = "instant-dates.json"
WINDOW_DAYS = 365
OVER_LIMIT_YEARS = 3
VERSION = 1

# Fields of a tool's answer that depend on the visitor's day, and how:
# [field, "after" | "before", date field] means field = as_of > date (after)
# or as_of < date (before); null when the date field is null.
COMPARE: dict[str, list[list[str]]] = {
    "complaint": [["late", "after", "deadline"], ["past_late_limit", "after", "late_limit"]],
    "reply": [["overdue", "after", "deadline"]],
    "child": [["under_age_limit", "before", "ends"]],
}


def _handle(request: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(api.handle(json.dumps(request)))
    return out


def validity(as_of: dt.date, days: int = WINDOW_DAYS) -> tuple[dt.date, dt.date]:
    """The days around ``as_of`` (at most ``days`` either way) on which every
    rule has the value it has on ``as_of``."""
    ids = rules.rule_ids()

    def state(on: dt.date) -> tuple[Any, ...]:
        return tuple(rules.lookup(rule_id, on) for rule_id in ids)

    here = state(as_of)
    first = last = as_of
    while (as_of - first).days < days and state(first - dt.timedelta(days=1)) == here:
        first -= dt.timedelta(days=1)
    while (last - as_of).days < days and state(last + dt.timedelta(days=1)) == here:
        last += dt.timedelta(days=1)
    return first, last


def _tokens() -> dict[str, Any]:
    """How an answer value becomes a state's token, per question (data for the page)."""
    out: dict[str, Any] = {}
    for q in flow.questions():
        kind = q["type"]
        if kind == "integer":
            # The largest static value not above the answer ("2_or_more" stands for 2, 3, ...).
            out[q["id"]] = {"type": kind, "min": q.get("min", 0),
                            "steps": [[c["value"], c["token"]] for c in q["static_choices"]]}
        elif kind == "date":
            ages = sorted(q["static_choices"], key=lambda c: c["age_years"])
            # The younger representative is under the age limit, the older over it.
            out[q["id"]] = {"type": kind, "under": ages[0]["token"], "over": ages[-1]["token"]}
        else:
            choices = flow.static_choices(q, as_of=dt.date(2000, 1, 1))  # not a date question
            out[q["id"]] = {"type": kind, "values": [[v, t] for t, v in choices]}
    return out


class _Parts:
    """Objects that repeat, stored once: each object inside a result becomes
    "@<index>" into ``parts`` (the page resolves them, checker-instant.js).
    Results hold the same reasons and references over and over; this keeps
    instant.json a tenth of its size before compression."""

    def __init__(self) -> None:
        self.parts: list[Any] = []
        self._index: dict[str, int] = {}

    def ref(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("@"):
            raise ValueError(f"a result string starts with '@', the parts marker: {value!r}")
        if isinstance(value, list):
            return [self.ref(v) for v in value]
        if not isinstance(value, dict):
            return value
        enc = {k: self.ref(v) for k, v in value.items()}
        key = json.dumps(enc, sort_keys=True)
        if key not in self._index:
            self._index[key] = len(self.parts)
            self.parts.append(enc)
        return f"@{self._index[key]}"


def flow_table(as_of: dt.date) -> dict[str, Any]:
    """Every state of the flow: its question, or the index of its results.

    The results of an end state are `flow.route`'s, asked with that state's
    answers on ``as_of`` (the very request the page makes)."""
    first, last = validity(as_of)
    states: dict[str, Any] = {}
    results: list[Any] = []
    next_steps: list[list[str]] = []  # beside results, by the same index
    index: dict[str, int] = {}
    parts = _Parts()
    for state in flow.enumerate_states(as_of):
        if state["question"] is not None:
            states[state["id"]] = state["question"]
            continue
        out = _handle({"command": "flow.route", "as_of": as_of.isoformat(),
                       "answers": state["answers"]})
        if not out.get("complete"):
            raise ValueError(f"flow state {state['id']!r} ends, but flow.route goes on: {out}")
        key = json.dumps([out["results"], out["next_steps"]], sort_keys=True)
        if key not in index:
            index[key] = len(results)
            results.append({k: parts.ref(v) for k, v in out["results"].items()})
            next_steps.append(out["next_steps"])
        states[state["id"]] = index[key]
    return {"version": VERSION, "as_of": as_of.isoformat(), "valid_from": first.isoformat(),
            "valid_until": last.isoformat(), "first": flow.questions()[0]["id"],
            "tokens": _tokens(), "states": states, "results": results, "next_steps": next_steps,
            "parts": parts.parts}


def _split(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Fields equal in every row go to one shared object; each row keeps the rest."""
    shared = {k: v for k, v in rows[0].items()
              if all(k in r and r[k] == v for r in rows)}
    return shared, [{k: v for k, v in r.items() if k not in shared} for r in rows]


def _offsets(rows: list[dict[str, Any]], base_field: str,
             dates: set[str]) -> list[Any]:
    """Rows with date fields as day offsets from the row's own input date
    (``dates`` collects their names; in a list, its items' "date")."""
    out: list[Any] = []
    for row in rows:
        base = dt.date.fromisoformat(row[base_field])
        enc: dict[str, Any] = {}
        for k, v in row.items():
            if k == base_field:
                continue
            if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
                enc[k] = (dt.date.fromisoformat(v) - base).days
                dates.add(k)
            elif isinstance(v, list) and v and isinstance(v[0], dict) and "date" in v[0]:
                enc[k] = [{**m, "date": (dt.date.fromisoformat(m["date"]) - base).days} for m in v]
                dates.add(k)
            else:
                enc[k] = v
        out.append(enc)
    return out


def _tool(requests: list[dict[str, Any]], base_field: str, strip: list[str]) -> dict[str, Any]:
    rows = []
    for request in requests:
        out = _handle(request)
        if "error" in out:
            raise ValueError(f"the engine refused a prepared request {request}: {out}")
        for key in ("as_of", "command", *strip):
            out.pop(key, None)
        rows.append(out)
    shared, rest = _split(rows)
    dates: set[str] = set()
    encoded = _offsets([{base_field: r[base_field], **x} for r, x in zip(rows, rest, strict=True)],
                       base_field, dates)
    # Most days give the same offsets: each distinct row once, each day its index.
    kinds: list[Any] = []
    seen: dict[str, int] = {}
    days = []
    for row in encoded:
        key = json.dumps(row, sort_keys=True)
        if key not in seen:
            seen[key] = len(kinds)
            kinds.append(row)
        days.append(seen[key])
    return {"input": base_field, "dates": sorted(dates), "shared": shared, "kinds": kinds,
            "rows": days}


def dates_table(as_of: dt.date) -> dict[str, Any]:
    """The deadline tools' answers for every date in the window (see the module doc)."""
    first, last = validity(as_of)
    start = as_of - dt.timedelta(days=WINDOW_DAYS)
    days = 2 * WINDOW_DAYS + 1
    window = [start + dt.timedelta(days=i) for i in range(days)]
    iso = as_of.isoformat()
    out: dict[str, Any] = {"version": VERSION, "as_of": iso, "valid_from": first.isoformat(),
                           "valid_until": last.isoformat(), "start": start.isoformat(),
                           "days": days, "compare": COMPARE}
    out["complaint"] = {basis: _tool([{"command": "deadline.complaint", "as_of": iso,
                                       "received": d.isoformat(), "basis": basis}
                                      for d in window], "received", ["late", "past_late_limit"])
                        for basis in deadlines.BASES}
    reply = _tool([{"command": "deadline.reply", "as_of": iso, "applied": d.isoformat()}
                   for d in window], "applied", ["overdue"])
    out["reply"] = reply
    # Birth dates: every one that makes a child under the age limit on some
    # day of the validity, and those of children up to OVER_LIMIT_YEARS older
    # (the flow's representative "18 or over" child is 20), not after the
    # validity's last day (later ones are an error the page knows: birth
    # date after as_of).
    limit = rules.lookup("child_coordinator.age_limit", as_of)
    years = int(limit.value) if limit is not None else 18
    birth_start = (deadlines.add_months(first, -12 * (years + OVER_LIMIT_YEARS))
                   - dt.timedelta(days=1))
    births = []
    d = birth_start
    while d <= last:
        births.append(d)
        d += dt.timedelta(days=1)
    child = _tool([{"command": "deadline.child_coordinator", "as_of": last.isoformat(),
                    "birth_date": b.isoformat()} for b in births], "birth_date",
                  ["under_age_limit"])
    child["start"] = birth_start.isoformat()
    out["child"] = child
    return out


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":")) + "\n"


def write(dest: Path, as_of: dt.date) -> None:
    """Write both files into ``dest`` (the build moves it to <language root>/sjekk/)."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / FLOW_FILE).write_text(_dump(flow_table(as_of)), encoding="utf-8")
    (dest / DATES_FILE).write_text(_dump(dates_table(as_of)), encoding="utf-8")
