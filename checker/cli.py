"""``python -m checker …``: a stable command-line interface (see checker/README.md).

Prints one JSON object on stdout and exits 0 (``letter`` prints the letter as
text unless given ``--format json``). Bad input: exit 2 and one line on stderr
naming the field. This is the only module that reads the clock, to default
``--as-of`` to today's date.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any, NoReturn

from checker import api
from checker.errors import CheckerInputError

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2

HINTS = {
    "invalid_date": "expected a real date as YYYY-MM-DD",
    "after_as_of": "must not be after the as-of date",
    "after_received": "must not be after the date the decision was received",
    "not_an_object": "expected a JSON object",
    "invalid_json": "could not be read as JSON",
    "unreadable_file": "could not be read",
    "unknown_key": "is not a known answer id",
    "invalid_value": "is not one of the allowed values",
    "wrong_type": "has the wrong type",
    "negative": "must be 0 or more",
    "not_integer": "must be a whole number",
    "not_applicable": "only applies when for_whom is child",
    "missing": "is required",
    "out_of_range": "is too far in the future to count from",
}
# Where a letter's codes need other words than the answer set's.
LETTER_HINTS = {
    "not_applicable": "does not belong in this kind of letter",
    "duplicate": "is given twice",
    "too_long": "is too long; shorten it",
    "line_break": "must be one line",
    "control_character": "holds a control character",
    "needs_decision": "a complaint to NAV (social) needs a written decision",
}
# Letter request fields -> the CLI options that give them.
LETTER_OPTIONS = {
    "kind": "letter kind",
    "programmes": "--programme",
    "for_whom": "--for-whom",
    "situation": "--situation",
    "asked": "--asked",
    "template": "--template",
    "lang": "--lang",
    "send_lang": "--send-lang",
    "sender": "--from-name",
    "sender.name": "--from-name",
    "sender.address": "--from-line",
    "sender.contact": "--contact",
    "addressee": "--to-name",
    "addressee.name": "--to-name",
    "addressee.address": "--to-line",
    "addressee.source": "--to-source",
}

OPTION_NAMES = {
    "received": "--received",
    "decided": "--decided",
    "applied": "--applied",
    "birth_date": "--birth-date",
    "as_of": "--as-of",
    "basis": "--basis",
    "answers": "--answers",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        line = " ".join(message.split())
        sys.stderr.write(f"{self.prog}: error: {line}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m checker", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    deadline = commands.add_parser("deadline", help="deadline calculations")
    kinds = deadline.add_subparsers(dest="kind", required=True, parser_class=_Parser)
    complaint = kinds.add_parser("complaint", help="complaint deadline")
    complaint.add_argument("--received", required=True, help="YYYY-MM-DD the decision arrived")
    complaint.add_argument("--basis", choices=["health", "social"], default="health")
    complaint.add_argument("--decided", help="YYYY-MM-DD the decision was made (fvl § 31 limit)")
    reply = kinds.add_parser("reply", help="interim reply date (fvl § 11 a)")
    reply.add_argument("--applied", required=True, help="YYYY-MM-DD the application arrived")
    child = kinds.add_parser("child-coordinator", help="end of the barnekoordinator right")
    child.add_argument("--birth-date", required=True, help="YYYY-MM-DD")

    elig = commands.add_parser("eligibility", help="outcomes for an answer set")
    elig.add_argument("--answers", required=True, help="JSON file with the answers, or - for stdin")

    flow = commands.add_parser("flow", help="the question flow as data")
    flow.add_argument("--states", action="store_true", help="also every reachable state")
    flow.add_argument("--answers", help="JSON answers so far: adds next_question")
    flow.add_argument("--route", action="store_true",
                      help="with --answers: replay the path, keeping the answers on it")

    letter = commands.add_parser("letter", help="a letter to send: request or complaint")
    letter_kinds = letter.add_subparsers(dest="kind", required=True, parser_class=_Parser)
    ask = letter_kinds.add_parser("request", help="ask for an individual plan or a coordinator")
    ask.add_argument("--for-whom", help="self | someone_else | child | expected_child")
    for name, what in (("who", "who it is about"), ("help-today", "the help given today"),
                       ("hard", "what is hard now"),
                       ("preferred-coordinator", "who the family would like as koordinator")):
        ask.add_argument(f"--{name}", help=what)
    claim = letter_kinds.add_parser("complaint", help="complain about a decision, or its lack")
    claim.add_argument("--no-decision", action="store_true",
                       help="no written decision: no answer, an oral no, no plan, no help")
    claim.add_argument("--basis", help="health (pbrl § 7-2, the default) | social (NAV, fvl)")
    claim.add_argument("--received", help="YYYY-MM-DD the decision arrived (gives the deadline)")
    claim.add_argument("--decided", help="YYYY-MM-DD the date on the decision")
    claim.add_argument("--asked", help="with --no-decision: YYYY-MM-DD you asked")
    claim.add_argument("--situation", help="with --no-decision: no_answer | oral_no | "
                       "plan_not_made | coordinator_inactive")
    for name in ("case-number", "refused", "wants", "why", "late-reason", "what-happened"):
        claim.add_argument(f"--{name}", help="free text")
    for sub in (ask, claim):
        sub.add_argument("--programme", action="append", default=None,
                         help="individuell_plan | koordinator | barnekoordinator (repeat)")
        sub.add_argument("--template", action="store_true", help="every blank, to fill by hand")
        sub.add_argument("--from-name", help="the sender's name")
        sub.add_argument("--from-line", action="append", default=[], help="an address line")
        sub.add_argument("--contact", help="the sender's phone or e-mail")
        sub.add_argument("--to-name", help="the unit's name, as in its file or the register")
        sub.add_argument("--to-line", action="append", default=[],
                         help="an address line of the unit (repeat)")
        sub.add_argument("--to-source", help="municipality_file | register")
        sub.add_argument("--lang", default="nb", help="nb | nn | en (default nb)")
        sub.add_argument("--send-lang", help="with --lang en: the Norwegian text to send, "
                         "nb (default) | nn")
        sub.add_argument("--format", choices=["text", "json"], default="text")

    for sub in (complaint, reply, child, elig, flow, ask, claim):
        sub.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
    return parser


LETTER_FIELDS = {
    "request": ("who", "help_today", "hard", "preferred_coordinator"),
    "complaint": ("case_number", "refused", "wants", "why", "late_reason", "what_happened"),
}


def _letter_request(args: argparse.Namespace) -> dict[str, Any]:
    """The API's ``letter`` request from the CLI options (the API checks it)."""
    request: dict[str, Any] = {"command": "letter", "lang": args.lang}
    if args.send_lang is not None:
        request["send_lang"] = args.send_lang
    if args.kind == "request":
        request["kind"] = "request"
        if args.for_whom is not None:
            request["for_whom"] = args.for_whom
    else:
        request["kind"] = "complaint_no_decision" if args.no_decision else "complaint"
        for key in ("basis", "received", "decided", "asked", "situation"):
            if getattr(args, key) is not None:
                request[key] = getattr(args, key)
    if args.programme is not None:
        request["programmes"] = args.programme
    if args.template:
        request["template"] = True
    fields = {name: getattr(args, name) for name in LETTER_FIELDS[args.kind]
              if getattr(args, name) is not None}
    if fields:
        request["fields"] = fields
    sender = {"name": args.from_name, "address": args.from_line, "contact": args.contact}
    sender = {k: v for k, v in sender.items() if v}
    if sender:
        request["sender"] = sender
    addressee = {"name": args.to_name, "address": args.to_line, "source": args.to_source}
    addressee = {k: v for k, v in addressee.items() if v}
    if addressee:
        request["addressee"] = addressee
    return request


def letter_as_text(response: dict[str, Any]) -> str:
    """The letter, then the notes for the writer, then (English) the Norwegian text to send."""
    if response.get("status") != "known":
        return api.encode(response) + "\n"
    rule = "-" * 72
    out = str(response["text"])
    notes = response["notes_text"]
    if notes:
        out += f"\n{rule}\n" + "".join(f"- {note}\n" for note in notes)
    if "send_text" in response:
        out += f"\n{'=' * 72}\n\n" + response["send_text"]
    return out


def _read_answers(source: str) -> object:
    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError):
        raise CheckerInputError("answers", "unreadable_file") from None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise CheckerInputError("answers", "invalid_json") from None


def _request(args: argparse.Namespace) -> dict[str, Any]:
    as_of = args.as_of if args.as_of is not None else date.today().isoformat()
    request: dict[str, Any]
    if args.command == "letter":
        request = _letter_request(args)
    elif args.command == "deadline":
        if args.kind == "complaint":
            request = {
                "command": "deadline.complaint",
                "received": args.received,
                "basis": args.basis,
            }
            if args.decided is not None:
                request["decided"] = args.decided
        elif args.kind == "reply":
            request = {"command": "deadline.reply", "applied": args.applied}
        else:
            request = {"command": "deadline.child_coordinator", "birth_date": args.birth_date}
    elif args.command == "eligibility":
        request = {"command": "eligibility", "answers": _read_answers(args.answers)}
    elif args.states:
        request = {"command": "flow.states"}
    else:  # flow.route without --answers: the API says answers is missing
        request = {"command": "flow.route" if args.route else "flow"}
        if args.answers is not None:
            request["answers"] = _read_answers(args.answers)
    request["as_of"] = as_of
    return request


def _field_name(field: str | None, command: str) -> str:
    if field is None:
        return "input"
    if command == "letter":
        base = field.split("[", 1)[0]
        if base.startswith("fields."):
            return "--" + base.removeprefix("fields.").replace("_", "-")
        return LETTER_OPTIONS.get(base, "--" + base.replace("_", "-"))
    if command in ("eligibility", "flow") and field not in OPTION_NAMES:
        return f"answers.{field}"
    return OPTION_NAMES.get(field, field)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        request = _request(args)
        response = api.dispatch(request)
    except CheckerInputError as error:
        name = _field_name(error.field, args.command)
        hints = {**HINTS, **LETTER_HINTS} if args.command == "letter" else HINTS
        hint = hints.get(error.code, error.code)
        sys.stderr.write(f"python -m checker: error: {name}: {error.code} ({hint})\n")
        return EXIT_BAD_INPUT
    except Exception as error:  # never a traceback on the public interface
        sys.stderr.write(f"python -m checker: internal error: {type(error).__name__}\n")
        return EXIT_INTERNAL
    if args.command == "letter" and args.format == "text":
        sys.stdout.write(letter_as_text(response))
    else:
        sys.stdout.write(api.encode(response) + "\n")
    return EXIT_OK
