"""Letters a family sends: a request for help, a complaint about a decision and a
complaint when there is no written decision (issue 16).

Two steps, kept apart as everywhere in the checker:

- :func:`assemble` decides *what* the letter says: which blocks (sender,
  addressee, date, subject, paragraphs, closing, signature), which text key each
  line uses, with which values, which law each paragraph cites (from the dated
  rules) and, for a complaint, the last day to send it (from
  :func:`checker.deadlines.complaint_deadline`). Keys and values only.
- :func:`render_blocks` / :func:`render_text` turn those keys into words with a
  table of texts from ``content/ui/<lang>/letters.yaml`` (bundled with the
  package as ``_letters.json`` by ``sitegen.letter_texts``; any other table of
  the same keys can be passed in). The same functions serve the CLI, the tests,
  the build (static letter templates) and the page through Pyodide.

Values in a line's ``params`` are tagged objects, so a renderer knows how to
show each one: ``{"text": …}`` (the family's own words, shown as written),
``{"date": "YYYY-MM-DD"}``, ``{"programmes": [...], "join": "and"|"or"}``,
``{"programme": …}``, ``{"law": …, "paragraph": …, "url": …}``,
``{"number": …}`` and ``{"blank": field, "size": "short"|"long"}`` (a line to
fill in by hand or in the text area).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any, NamedTuple

from checker import deadlines, rules
from checker.answers import FOR_WHOM, parse_date
from checker.errors import CheckerInputError

TEXTS_RESOURCE = "_letters.json"
KINDS = ("request", "complaint", "complaint_no_decision")
PROGRAMMES = ("individuell_plan", "koordinator", "barnekoordinator")
BASES = deadlines.BASES
SITUATIONS = ("no_answer", "oral_no", "plan_not_made", "coordinator_inactive")
ADDRESSEE_SOURCES = ("municipality_file", "register")
# The letter is sent in Norwegian: a letter read in another language is sent
# in bokmål unless the caller names nynorsk (a municipality's written standard).
NORWEGIAN = ("nb", "nn")
# Free-text fields each kind accepts.
FIELDS: dict[str, tuple[str, ...]] = {
    "request": ("who", "help_today", "hard", "preferred_coordinator"),
    "complaint": ("case_number", "refused", "wants", "why", "late_reason"),
    "complaint_no_decision": ("what_happened", "wants", "why"),
}
LONG_FIELDS = frozenset({"help_today", "hard", "refused", "wants", "why", "what_happened",
                         "late_reason"})
MAX_TEXT = 2000  # characters in one free-text field
MAX_LINE = 200   # characters in a name, an address line or a contact line
MAX_LINES = 6    # address lines
BLANK = "_" * 24
CHECKBOX = "\u2610"  # ☐
# Programmes a koordinator preference makes sense for.
COORDINATORS = ("koordinator", "barnekoordinator")

Params = dict[str, Any]
Line = dict[str, Any]  # {"key": text key, "params": {...}} or {"value": tagged value}
Segment = str | dict[str, str]  # text, or {"blank": field, "size": ...}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# -- input -------------------------------------------------------------------


# NamedTuple rather than dataclasses: importing dataclasses costs the page's
# Python start more than this whole module does.
class Party(NamedTuple):
    """Who writes (sender) or who receives (addressee). Text exactly as given."""

    name: str | None = None
    address: tuple[str, ...] = ()
    contact: str | None = None  # sender only: phone or e-mail
    source: str | None = None   # addressee only: municipality_file | register


class LetterSpec(NamedTuple):
    """A validated letter request; build it with :func:`parse_spec`."""

    kind: str
    programmes: tuple[str, ...]
    template: bool = False
    for_whom: str | None = None
    basis: str | None = None  # complaint kinds only
    received: date | None = None
    decided: date | None = None
    asked: date | None = None
    situation: str | None = None
    sender: Party = Party()
    addressee: Party = Party()
    fields: Mapping[str, str] = {}  # never changed: parse_spec gives each spec its own


def _choice(params: Mapping[str, Any], key: str, allowed: Sequence[str]) -> str | None:
    value = params.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise CheckerInputError(key, "wrong_type")
    if value not in allowed:
        raise CheckerInputError(key, "invalid_value")
    return value


def _text(value: object, where: str, limit: int, one_line: bool) -> str | None:
    """Free text as given, stripped; empty means not given."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise CheckerInputError(where, "wrong_type")
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _CONTROL.search(value):
        raise CheckerInputError(where, "control_character")
    if one_line and "\n" in value:
        raise CheckerInputError(where, "line_break")
    if len(value) > limit:
        raise CheckerInputError(where, "too_long")
    return value or None


def _party(value: object, where: str, keys: Sequence[str]) -> Party:
    if value is None:
        return Party()
    if not isinstance(value, dict):
        raise CheckerInputError(where, "not_an_object")
    for key in sorted(value, key=str):
        if key not in keys:
            raise CheckerInputError(f"{where}.{key}", "unknown_key")
    address = value.get("address", [])
    if not isinstance(address, list):
        raise CheckerInputError(f"{where}.address", "wrong_type")
    if len(address) > MAX_LINES:
        raise CheckerInputError(f"{where}.address", "too_long")
    lines = []
    for index, line in enumerate(address):
        text = _text(line, f"{where}.address[{index}]", MAX_LINE, one_line=True)
        if text is not None:
            lines.append(text)
    source = value.get("source")
    if source is not None and source not in ADDRESSEE_SOURCES:
        raise CheckerInputError(f"{where}.source",
                                "wrong_type" if not isinstance(source, str) else "invalid_value")
    return Party(
        name=_text(value.get("name"), f"{where}.name", MAX_LINE, one_line=True),
        address=tuple(lines),
        contact=_text(value.get("contact"), f"{where}.contact", MAX_LINE, one_line=True),
        source=source,
    )


def _not_for(params: Mapping[str, Any], keys: Sequence[str]) -> None:
    for key in keys:
        if params.get(key) is not None:
            raise CheckerInputError(key, "not_applicable")


def parse_spec(params: Mapping[str, Any], as_of: date) -> LetterSpec:
    """Check a letter request (decoded JSON) and return it typed.

    Keys: ``kind`` (request | complaint | complaint_no_decision), ``programmes``
    (a list of individuell_plan, koordinator, barnekoordinator; not needed with
    ``template``), ``template`` (true: every blank, for printing), ``for_whom``
    (request: the checker's answer values), ``basis`` (complaints: health |
    social, default health), ``received`` and ``decided`` (complaint),
    ``asked`` and ``situation`` (complaint_no_decision), ``sender`` ({name,
    address: [lines], contact}), ``addressee`` ({name, address: [lines],
    source: municipality_file | register}) and ``fields`` (free text, see
    :data:`FIELDS`). Every problem raises :class:`CheckerInputError` naming the
    field (``fields.why``, ``addressee.address[1]``) and a code.
    """
    kind = _choice(params, "kind", KINDS)
    if kind is None:
        raise CheckerInputError("kind", "missing")
    template = params.get("template", False)
    if not isinstance(template, bool):
        raise CheckerInputError("template", "wrong_type")

    raw = params.get("programmes")
    if raw is None:
        if not template:
            raise CheckerInputError("programmes", "missing")
        raw = list(PROGRAMMES)
    if not isinstance(raw, list):
        raise CheckerInputError("programmes", "wrong_type")
    if not raw:
        raise CheckerInputError("programmes", "missing")
    for item in raw:
        if not isinstance(item, str):
            raise CheckerInputError("programmes", "wrong_type")
        if item not in PROGRAMMES:
            raise CheckerInputError("programmes", "invalid_value")
    if len(set(raw)) != len(raw):
        raise CheckerInputError("programmes", "duplicate")
    programmes = tuple(p for p in PROGRAMMES if p in raw)

    for_whom = basis = situation = None
    received = decided = asked = None
    if kind == "request":
        _not_for(params, ("basis", "received", "decided", "asked", "situation"))
        for_whom = _choice(params, "for_whom", FOR_WHOM)
        if for_whom == "self" and "barnekoordinator" in programmes:
            # A barnekoordinator is for a child: "for myself" cannot ask for one.
            raise CheckerInputError("programmes", "not_applicable")
    else:
        _not_for(params, ("for_whom",))
        basis = _choice(params, "basis", BASES) or "health"
        if kind == "complaint":
            _not_for(params, ("asked", "situation"))
            received = _date(params, "received", as_of)
            decided = _date(params, "decided", as_of)
            if decided is not None and received is not None and decided > received:
                raise CheckerInputError("decided", "after_received")
        else:
            _not_for(params, ("received", "decided"))
            asked = _date(params, "asked", as_of)
            situation = _choice(params, "situation", SITUATIONS)

    raw_fields = params.get("fields", {})
    if raw_fields is None:
        raw_fields = {}
    if not isinstance(raw_fields, dict):
        raise CheckerInputError("fields", "not_an_object")
    texts: dict[str, str] = {}
    for key in sorted(raw_fields, key=str):
        every = {name for names in FIELDS.values() for name in names}
        if key not in every:
            raise CheckerInputError(f"fields.{key}", "unknown_key")
        if key not in FIELDS[kind]:
            raise CheckerInputError(f"fields.{key}", "not_applicable")
        one_line = key not in LONG_FIELDS
        value = _text(raw_fields[key], f"fields.{key}", MAX_TEXT if not one_line else MAX_LINE,
                      one_line)
        if value is not None:
            texts[key] = value
    if "preferred_coordinator" in texts and not any(p in programmes for p in COORDINATORS):
        raise CheckerInputError("fields.preferred_coordinator", "not_applicable")

    return LetterSpec(
        kind=kind, programmes=programmes, template=template, for_whom=for_whom, basis=basis,
        received=received, decided=decided, asked=asked, situation=situation,
        sender=_party(params.get("sender"), "sender", ("name", "address", "contact")),
        addressee=_party(params.get("addressee"), "addressee", ("name", "address", "source")),
        fields=texts,
    )


def _date(params: Mapping[str, Any], key: str, as_of: date) -> date | None:
    if params.get(key) is None:
        return None
    day = parse_date(params[key], key)
    if day > as_of:
        raise CheckerInputError(key, "after_as_of")
    return day


# -- assembly ------------------------------------------------------------------


def _line(key: str, **params: Any) -> Line:
    return {"key": key, "params": params}


def _blank(name: str) -> dict[str, str]:
    return {"blank": name, "size": "long" if name in LONG_FIELDS else "short"}


def _text_or_blank(value: str | None, name: str) -> dict[str, str]:
    return {"text": value} if value is not None else _blank(name)


def _law(value: rules.RuleValue) -> dict[str, str]:
    return {"law": value.law, "paragraph": value.paragraph, "url": value.url}


class _Unknown(Exception):
    """A rule the letter needs is not known on the letter's date."""

    def __init__(self, rule_id: str) -> None:
        super().__init__(rule_id)
        self.rule_id = rule_id


def _rule(rule_id: str, on: date) -> rules.RuleValue:
    value = rules.lookup(rule_id, on)
    if value is None:
        raise _Unknown(rule_id)
    return value


def _parties(spec: LetterSpec) -> list[dict[str, Any]]:
    sender, addressee = spec.sender, spec.addressee
    sender_lines: list[Line] = [{"value": _text_or_blank(sender.name, "sender_name")}]
    if sender.address:
        sender_lines += [{"value": {"text": line}} for line in sender.address]
    else:
        sender_lines += [{"value": _blank("sender_address")},
                         {"value": _blank("sender_postcode")}]
    sender_lines.append({"value": _text_or_blank(sender.contact, "contact")})
    to_lines: list[Line] = [{"value": _text_or_blank(addressee.name, "addressee_name")}]
    if addressee.address:
        to_lines += [{"value": {"text": line}} for line in addressee.address]
    else:
        to_lines += [{"value": _blank("addressee_address")},
                     {"value": _blank("addressee_address")}]
    return [{"part": "sender", "lines": sender_lines},
            {"part": "addressee", "lines": to_lines}]


def _field(spec: LetterSpec, name: str) -> dict[str, str] | None:
    """The family's text for ``name``; a blank in a template; None to leave the line out."""
    value = spec.fields.get(name)
    if value is not None:
        return {"text": value}
    return _blank(name) if spec.template else None


def _programmes(spec: LetterSpec) -> dict[str, Any]:
    return {"programmes": list(spec.programmes), "join": "or" if spec.template else "and"}


def _request_body(spec: LetterSpec, on: date,
                  cited: list[dict[str, str]]) -> list[Line | dict[str, Any]]:
    body: list[Line | dict[str, Any]] = []
    if spec.template:
        body.append({"part": "choices", "lines": [_line("letter.request.choose")] + [
            {"choice": _line(f"letter.programme.{p}")} for p in spec.programmes]})
    else:
        ask = spec.for_whom or "any"
        body.append(_line(f"letter.request.ask.{ask}", programmes=_programmes(spec)))
    who = _field(spec, "who")
    if who is not None:
        body.append(_line("letter.request.who", who=who))
    for programme in spec.programmes:
        law = _law(_rule(f"letter.request.{programme}", on))
        cited.append(law)
        body.append(_line("letter.request.law", programme={"programme": programme}, law=law))
    for name, key in (("help_today", "letter.request.help_today"), ("hard", "letter.request.hard")):
        value = _field(spec, name)
        if value is not None:
            body.append(_line(key, **{name: value}))
    if any(p in spec.programmes for p in COORDINATORS):
        value = _field(spec, "preferred_coordinator")
        if value is not None:
            body.append(_line("letter.request.preferred", preferred_coordinator=value))
    body.append(_line("letter.request.written_answer"))
    body.append(_line("letter.request.time"))
    return body


def _complaint_rule(spec: LetterSpec, on: date) -> rules.RuleValue:
    rule = _rule(f"letter.complaint.{spec.basis}", on)
    if spec.kind == "complaint_no_decision" and not rule.value.get("without_decision"):
        # Under fvl only an enkeltvedtak can be appealed (a NAV complaint needs one).
        raise CheckerInputError("basis", "needs_decision")
    return rule


def _complaint_body(spec: LetterSpec, on: date, cited: list[dict[str, str]],
                    deadline: dict[str, Any] | None) -> list[Line | dict[str, Any]]:
    body: list[Line | dict[str, Any]] = [
        _line("letter.complaint.decision", programmes=_programmes(spec))]
    if spec.received is not None or spec.template:
        body.append(_line("letter.complaint.received", received=(
            {"date": spec.received.isoformat()} if spec.received else _blank("received"))))
    if spec.decided is not None or spec.template:
        body.append(_line("letter.complaint.decided", decided=(
            {"date": spec.decided.isoformat()} if spec.decided else _blank("decided"))))
    for name in ("case_number", "refused"):
        value = _field(spec, name)
        if value is not None:
            body.append(_line(f"letter.complaint.{name}", **{name: value}))
    late = bool(deadline and deadline.get("status") == "known" and deadline["late"])
    if late or "late_reason" in spec.fields:
        body.append(_line("letter.complaint.late", late_reason=_text_or_blank(
            spec.fields.get("late_reason"), "late_reason")))
    for name in ("wants", "why"):
        value = _field(spec, name)
        if value is not None:
            body.append(_line(f"letter.complaint.{name}", **{name: value}))
    law = _law(_complaint_rule(spec, on))
    cited.append(law)
    body.append(_line("letter.complaint.law", law=law))
    body.append(_line("letter.complaint.forward"))
    body.append(_line("letter.complaint.confirm"))
    return body


def _no_decision_body(spec: LetterSpec, on: date,
                      cited: list[dict[str, str]]) -> list[Line | dict[str, Any]]:
    body: list[Line | dict[str, Any]] = [
        _line("letter.no_decision.intro", programmes=_programmes(spec))]
    if spec.template:
        body.append({"part": "choices", "lines": [_line("letter.no_decision.choose")] + [
            {"choice": _line(f"letter.no_decision.situation.{s}")} for s in SITUATIONS]})
    elif spec.situation is not None:
        body.append(_line(f"letter.no_decision.situation.{spec.situation}"))
    if spec.asked is not None or spec.template:
        body.append(_line("letter.no_decision.asked", asked=(
            {"date": spec.asked.isoformat()} if spec.asked else _blank("asked"))))
    for name, key in (("what_happened", "letter.no_decision.what_happened"),
                      ("wants", "letter.complaint.wants"), ("why", "letter.complaint.why")):
        value = _field(spec, name)
        if value is not None:
            body.append(_line(key, **{name: value}))
    law = _law(_complaint_rule(spec, on))
    cited.append(law)
    body.append(_line("letter.no_decision.law", law=law))
    body.append(_line("letter.no_decision.forward"))
    body.append(_line("letter.complaint.confirm"))
    return body


def _complaint_notes(spec: LetterSpec, on: date, deadline: dict[str, Any] | None,
                     flags: set[str]) -> list[Line]:
    notes: list[Line] = []
    if spec.kind == "complaint_no_decision":
        notes.append(_line("letter.note.no_deadline"))
    elif deadline is not None and deadline["status"] == "known":
        weeks_law = deadline["reference"]
        notes.append(_line("letter.note.deadline", deadline={"date": deadline["deadline"]}))
        notes.append(_line("letter.note.deadline_rule", weeks={"number": deadline["weeks"]},
                           law=weeks_law))
        if deadline["moved_over"]:
            notes.append(_line("letter.note.moved"))
        if deadline["past_late_limit"]:
            notes.append(_line("letter.note.past_late_limit", law=deadline["late_reference"]))
        elif deadline["late"]:
            notes.append(_line("letter.note.late", law=deadline["late_reference"]))
        flags.update(deadline["flags"])
    elif deadline is None and not spec.template:
        # No date of receipt: the length of the deadline, without a day.
        weeks = _rule(f"complaint.weeks.{spec.basis}", on)
        notes.append(_line("letter.note.deadline_rule", weeks={"number": weeks.value},
                           law=_law(weeks)))
        flags.update(weeks.flags)
    elif deadline is not None:
        notes.append(_line("letter.note.deadline_unknown"))
    if spec.kind == "complaint":
        in_time = _rule("complaint.submission_in_time", on)
        notes.append(_line("letter.note.proof", law=_law(in_time)))
        if "electronic_submission_timing_uncertain" in in_time.flags:
            notes.append(_line("letter.note.electronic"))
        flags.update(in_time.flags)
    if spec.basis == "social":
        notes.append(_line("letter.note.nav", law=_law(_rule("letter.complaint.social_addressee",
                                                             on))))
    # Without a decision there is nobody who "made the decision": the municipality helps.
    help_key = "letter.note.help_no_decision" if spec.kind == "complaint_no_decision" else (
        "letter.note.help")
    notes.append(_line(help_key, law=_law(_rule("letter.complaint.help_to_write", on))))
    if spec.basis == "health":
        notes.append(_line("letter.note.ombud"))
    return notes


def assemble(spec: LetterSpec, as_of: date) -> dict[str, Any]:
    """The letter as keys and values, dated ``as_of``.

    Returns ``status`` (known | unknown), ``kind``, ``as_of``, ``date`` (the
    letter's date: ``as_of``), ``programmes``, ``basis``, ``template``,
    ``addressee_source``, ``blocks`` (each ``{"part", "lines"}``; parts in
    order: sender, addressee, date, subject, then paragraph or choices, closing,
    signature), ``notes`` (lines for the writer, not part of the letter: the
    deadline, how to prove it was sent in time, where to get help),
    ``references`` (every law cited, in order, without repeats), ``deadline``
    (the complaint deadline as :func:`checker.deadlines.complaint_deadline`
    gives it, or null) and ``flags``. A rule unknown on ``as_of`` gives
    ``status: unknown`` with ``reason`` and ``unknown_rules``, and no blocks.
    """
    out: dict[str, Any] = {
        "as_of": as_of.isoformat(), "date": as_of.isoformat(), "kind": spec.kind,
        "programmes": list(spec.programmes), "basis": spec.basis, "template": spec.template,
        "addressee_source": spec.addressee.source, "blocks": [], "notes": [],
        "references": [], "deadline": None, "flags": [],
    }
    cited: list[dict[str, str]] = []
    flags: set[str] = set()
    deadline = None
    if spec.kind == "complaint" and spec.received is not None:
        deadline = deadlines.complaint_deadline(spec.received, str(spec.basis), as_of,
                                                spec.decided)
        if deadline["status"] == "known":
            cited += [deadline["reference"], *deadline["counting"]]
    try:
        if spec.kind == "request":
            subject = _line("letter.request.subject", programmes=_programmes(spec))
            body = _request_body(spec, as_of, cited)
            notes = [_line("letter.note.keep_copy")]
        else:
            prefix = "complaint" if spec.kind == "complaint" else "no_decision"
            subject = _line(f"letter.{prefix}.subject", programmes=_programmes(spec))
            body = (_complaint_body(spec, as_of, cited, deadline) if spec.kind == "complaint"
                    else _no_decision_body(spec, as_of, cited))
            notes = [*_complaint_notes(spec, as_of, deadline, flags),
                     _line("letter.note.keep_copy")]
    except _Unknown as unknown:
        out.update({"status": "unknown", "reason": deadlines.UNKNOWN_PERIOD,
                    "unknown_rules": [unknown.rule_id], "deadline": deadline})
        return out
    blocks = _parties(spec)
    day = _blank("date") if spec.template else {"date": as_of.isoformat()}
    blocks.append({"part": "date", "lines": [_line("letter.date_line", date=day)]})
    blocks.append({"part": "subject", "lines": [subject]})
    for item in body:
        blocks.append(item if "part" in item else {"part": "paragraph", "lines": [item]})
    blocks.append({"part": "paragraph", "lines": [_line(
            "letter.contact", contact=_text_or_blank(spec.sender.contact, "contact"))]})
    blocks.append({"part": "closing", "lines": [_line("letter.closing")]})
    blocks.append({"part": "signature", "lines": [
        {"value": _blank("signature")},
        {"value": _text_or_blank(spec.sender.name, "sender_name")}]})
    for note in notes:  # the laws the notes name are references too
        cited += [value for value in note["params"].values() if "law" in value]
    references: list[dict[str, str]] = []
    for ref in cited:
        plain = {"law": ref["law"], "paragraph": ref["paragraph"], "url": ref["url"]}
        if plain not in references:
            references.append(plain)
    out.update({"status": "known", "blocks": blocks, "notes": notes, "references": references,
                "deadline": deadline, "flags": sorted(flags)})
    return out


def letter(params: Mapping[str, Any], as_of: date) -> dict[str, Any]:
    """:func:`parse_spec` then :func:`assemble`: the API's ``letter`` command without text."""
    return assemble(parse_spec(params, as_of), as_of)


# -- rendering -------------------------------------------------------------------


@cache
def bundled_texts() -> dict[str, dict[str, str]]:
    """The letter texts compiled from ``content/ui/<lang>/letters.yaml``, by language."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), TEXTS_RESOURCE)
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    else:  # imported from a zip
        from importlib import resources

        text = resources.files("checker").joinpath(TEXTS_RESOURCE).read_text(encoding="utf-8")
    data: dict[str, dict[str, str]] = json.loads(text)
    return data


def send_language(lang: str, preferred: str | None = None) -> str:
    """The Norwegian language a letter read in ``lang`` is sent in."""
    return lang if lang in NORWEGIAN else (preferred or NORWEGIAN[0])


def texts_for(lang: str) -> dict[str, str]:
    """The bundled texts of one language (one of the site's languages)."""
    if lang not in bundled_texts():
        raise CheckerInputError("lang", "invalid_value")
    return bundled_texts()[lang]


def _join(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def format_date(iso: str, texts: Mapping[str, str]) -> str:
    """A date in words ("2. desember 2026")."""
    day = date.fromisoformat(iso)
    segments = fill(texts["letter.date_format"], {
        "day": {"number": day.day}, "month": {"word": f"letter.month.{day.month}"},
        "year": {"number": day.year}}, texts)
    return "".join(s for s in segments if isinstance(s, str))


def _value(value: Mapping[str, Any], texts: Mapping[str, str]) -> Segment:
    if "text" in value:
        return str(value["text"])
    if "blank" in value:
        return {"blank": str(value["blank"]), "size": str(value.get("size", "short"))}
    if "date" in value:
        return format_date(str(value["date"]), texts)
    if "programmes" in value:
        names = [texts[f"letter.programme.{p}"] for p in value["programmes"]]
        return _join(names, texts["letter.list." + str(value.get("join", "and"))])
    if "programme" in value:
        return texts[f"letter.programme.{value['programme']}"]
    if "law" in value:
        return f"{texts['letter.law.' + str(value['law'])]} {value['paragraph']}"
    if "number" in value:
        return str(value["number"])
    if "word" in value:
        return texts[str(value["word"])]
    raise ValueError(f"unknown value {value!r}")


def fill(template: str, params: Mapping[str, Mapping[str, Any]],
         texts: Mapping[str, str]) -> list[Segment]:
    """``template`` with each ``{name}`` replaced by its value; adjacent text merged."""
    segments: list[Segment] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        segments.append(template[position:match.start()])
        segments.append(_value(params[match.group(1)], texts))
        position = match.end()
    segments.append(template[position:])
    merged: list[Segment] = []
    for segment in segments:
        if isinstance(segment, str) and merged and isinstance(merged[-1], str):
            merged[-1] += segment
        elif segment != "":
            merged.append(segment)
    return merged or [""]


def _render_line(line: Line, texts: Mapping[str, str]) -> list[Segment]:
    if "value" in line:
        return [_value(line["value"], texts)]
    if "choice" in line:
        return [CHECKBOX + " ", *_render_line(line["choice"], texts)]
    return fill(texts[line["key"]], line["params"], texts)


def render_blocks(letter_data: Mapping[str, Any],
                  texts: Mapping[str, str]) -> list[dict[str, Any]]:
    """The letter's blocks with words: ``[{"part", "lines": [[segment, ...], ...]}]``.

    A segment is text, or ``{"blank": field, "size": "short"|"long"}`` where a
    line is left to fill in; an HTML renderer turns those into lines on paper.
    """
    return [{"part": block["part"],
             "lines": [_render_line(line, texts) for line in block["lines"]]}
            for block in letter_data["blocks"]]


def _plain(segments: list[Segment], blank: Callable[[dict[str, str]], str]) -> str:
    return "".join(s if isinstance(s, str) else blank(s) for s in segments)


def _plain_blank(segment: dict[str, str]) -> str:
    return f"\n{BLANK * 3}\n{BLANK * 3}" if segment.get("size") == "long" else BLANK


def render_text(letter_data: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    """The letter as plain text: blocks separated by an empty line, blanks as lines."""
    parts = []
    for block in render_blocks(letter_data, texts):
        lines = [_plain(segments, _plain_blank) for segments in block["lines"]]
        if block["part"] == "signature":
            lines.insert(0, "")  # room to sign
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def render_notes(letter_data: Mapping[str, Any], texts: Mapping[str, str]) -> list[str]:
    """The notes for the writer (not part of the letter), one sentence group each."""
    return [_plain(_render_line(note, texts), _plain_blank) for note in letter_data["notes"]]


def with_text(letter_data: dict[str, Any], lang: str,
              texts: Mapping[str, Mapping[str, str]] | None = None,
              send_lang: str | None = None) -> dict[str, Any]:
    """``letter_data`` plus its words in ``lang``: ``lang``, ``text``, ``notes_text``,
    ``send_lang`` (the Norwegian language to send it in: ``lang`` itself for nb and
    nn, else ``send_lang`` if given (nb or nn, e.g. the municipality's written
    standard), else nb) and, when that is not ``lang``, ``send_text``. ``texts``
    (by language) defaults to the bundled texts."""
    table = texts if texts is not None else bundled_texts()
    if lang not in table:
        raise CheckerInputError("lang", "invalid_value")
    if send_lang is not None and send_lang not in NORWEGIAN:
        raise CheckerInputError("send_lang", "invalid_value")
    out = dict(letter_data)
    out["lang"] = lang
    out["send_lang"] = send_language(lang, send_lang)
    if letter_data.get("status") != "known":
        return out
    out["text"] = render_text(letter_data, table[lang])
    notes = render_notes(letter_data, table[lang])
    if out["send_lang"] != lang:
        notes.append(table[lang]["letter.note.norwegian"])
        out["send_text"] = render_text(letter_data, table[out["send_lang"]])
    out["notes_text"] = notes
    return out


def text_keys() -> frozenset[str]:
    """Every text key the assembly and the renderer can use (the compiled texts must
    have each one in every language)."""
    keys = {"letter.date_format", "letter.list.and", "letter.list.or", "letter.date_line",
            "letter.closing", "letter.contact", "letter.note.norwegian",
            "letter.request.subject", "letter.request.choose", "letter.request.who",
            "letter.request.law", "letter.request.help_today", "letter.request.hard",
            "letter.request.preferred", "letter.request.written_answer", "letter.request.time",
            "letter.no_decision.subject", "letter.no_decision.intro", "letter.no_decision.choose",
            "letter.no_decision.asked", "letter.no_decision.what_happened",
            "letter.no_decision.law", "letter.no_decision.forward"}
    keys |= {f"letter.month.{m}" for m in range(1, 13)}
    keys |= {f"letter.programme.{p}" for p in PROGRAMMES}
    keys |= {f"letter.law.{law}" for law in ("pbrl", "fvl", "dl")}
    keys |= {f"letter.request.ask.{w}" for w in ("any", *FOR_WHOM)}
    keys |= {f"letter.no_decision.situation.{s}" for s in SITUATIONS}
    keys |= {f"letter.complaint.{k}" for k in (
        "subject", "decision", "received", "decided", "case_number", "refused", "late", "law",
        "forward", "wants", "why", "confirm")}
    keys |= {f"letter.note.{k}" for k in (
        "keep_copy", "deadline", "deadline_rule", "moved", "deadline_unknown", "late",
        "help_no_decision",
        "past_late_limit", "proof", "electronic", "nav", "help", "ombud", "no_deadline")}
    keys |= {f"letter.field.{name}" for names in FIELDS.values() for name in names}
    keys |= {f"letter.field.{name}" for name in (
        "sender_name", "sender_address", "sender_postcode", "contact", "addressee_name",
        "addressee_address", "date", "signature", "received", "decided", "asked")}
    return frozenset(keys)
