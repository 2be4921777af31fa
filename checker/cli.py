"""``python -m checker …``: a stable command-line interface (see checker/README.md).

Prints one JSON object on stdout and exits 0. Bad input: exit 2 and one line
on stderr naming the field. This is the only module that reads the clock, to
default ``--as-of`` to today's date.
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

    for sub in (complaint, reply, child, elig, flow):
        sub.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
    return parser


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
    if args.command == "deadline":
        if args.kind == "complaint":
            request: dict[str, Any] = {
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
        hint = HINTS.get(error.code, error.code)
        sys.stderr.write(f"python -m checker: error: {name}: {error.code} ({hint})\n")
        return EXIT_BAD_INPUT
    except Exception as error:  # never a traceback on the public interface
        sys.stderr.write(f"python -m checker: internal error: {type(error).__name__}\n")
        return EXIT_INTERNAL
    sys.stdout.write(api.encode(response) + "\n")
    return EXIT_OK
