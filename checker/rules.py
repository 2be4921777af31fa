"""Dated rules: "what is the value of rule X on date D, and where does it come from?".

The rules are written as YAML in ``checker/rules/`` and compiled at build time
into ``checker/_rules.json`` (see ``sitegen/checker_wheel.py``). Outside the
period a rule is known for, :func:`lookup` answers ``None`` — "unknown" — and
callers report that instead of guessing.
"""

from __future__ import annotations

import json
import os
from datetime import date
from functools import cache
from typing import Any, NamedTuple

RULES_RESOURCE = "_rules.json"


class RuleValue(NamedTuple):
    """One dated value of a rule with its legal source."""

    rule: str
    value: Any
    valid_from: date
    valid_until: date | None  # inclusive; None = until changed
    law: str
    paragraph: str
    url: str
    flags: tuple[str, ...]

    def reference(self) -> dict[str, str]:
        """The legal reference as keys for the output."""
        return {"law": self.law, "paragraph": self.paragraph, "url": self.url}


@cache
def _data() -> dict[str, Any]:
    # Installed (as in Pyodide): a plain file beside this module, without
    # importlib.resources, whose import alone costs more than the rest of the
    # checker's start. Imported from a zip (a wheel on sys.path): resources.
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), RULES_RESOURCE)
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    else:
        from importlib import resources

        text = resources.files("checker").joinpath(RULES_RESOURCE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _values(rule_id: str) -> tuple[RuleValue, ...]:
    rule = _data()["rules"].get(rule_id)
    if rule is None:
        raise KeyError(rule_id)
    out = []
    for item in rule["values"]:
        until = item.get("until")
        out.append(
            RuleValue(
                rule=rule_id,
                value=item["value"],
                valid_from=date.fromisoformat(item["from"]),
                valid_until=None if until is None else date.fromisoformat(until),
                law=item["law"],
                paragraph=item["paragraph"],
                url=item["url"],
                flags=tuple(item.get("flags", ())),
            )
        )
    return tuple(out)


def lookup(rule_id: str, on: date) -> RuleValue | None:
    """The value of ``rule_id`` in force on ``on``, or ``None`` when unknown on that date.

    An unknown rule id is a programming error and raises ``KeyError``.
    """
    for value in _values(rule_id):
        if value.valid_from <= on and (value.valid_until is None or on <= value.valid_until):
            return value
    return None


def rule_ids(prefix: str = "") -> list[str]:
    """All rule ids starting with ``prefix``, sorted."""
    return sorted(r for r in _data()["rules"] if r.startswith(prefix))


def flow_data() -> dict[str, Any]:
    """The question flow as compiled from ``rules/flow.yaml``."""
    flow: dict[str, Any] = _data()["flow"]
    return flow
