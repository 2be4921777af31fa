#!/usr/bin/env python3
"""Build the Koordinert site: `python build_site.py --help`.

A thin command line over sitegen.build. Exit codes: 0 built, 1 invalid
content or a failed build (nothing published), 2 wrong arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from sitegen.build import BuildOptions, build, summarise
from sitegen.languages import LANGUAGES


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD") from None


def default_as_of() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH so that a rebuild gives the same site."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_site.py", description="Build the national site or one municipality's site.")
    parser.add_argument("--municipality", metavar="ID",
                        help="build this municipality's own site: the id or four-digit "
                        "number of any of the 357 (e.g. askoy, 4627)")
    parser.add_argument("--lang", metavar="LANG", action="append", choices=LANGUAGES,
                        help="build only this language (repeat for more); default: "
                        f"{' '.join(LANGUAGES)}")
    parser.add_argument("--strict", action="store_true", help="warnings fail the build")
    parser.add_argument("--out", metavar="DIR", type=Path, default=Path("site"),
                        help="output folder (default: site/)")
    parser.add_argument("--as-of", metavar="DATE", type=_date, default=None,
                        help="texts and rules as of this date (default: today)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel mkdocs runs (default 2)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    options = BuildOptions(
        as_of=args.as_of or default_as_of(),
        out=args.out.resolve(),
        municipality=args.municipality,
        languages=tuple(dict.fromkeys(args.lang)) if args.lang else None,
        strict=args.strict,
        jobs=max(1, args.jobs),
    )
    result = build(options)
    if not result.ok:
        return 1
    print(summarise(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
