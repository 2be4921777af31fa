"""Validate municipality files: every problem, with file, line, key path and hint."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from sitegen.languages import BY_CODE, LANGUAGES
from sitegen.model import Municipality
from sitegen.problems import Problems, Severity
from sitegen.registry import Registry, fold
from sitegen.yamlsource import KeyPath, Located, format_key_path, load_yaml

SCHEMA_LINE = "# yaml-language-server: $schema="
STALE_AFTER_DAYS = 365
MIN_CONTRAST = 4.5


@dataclass(frozen=True)
class LoadedMunicipality:
    municipality: Municipality
    file: str
    located: Located


def display_path(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def load_municipalities(
    files: Sequence[Path],
    problems: Problems,
    *,
    as_of: dt.date,
    page_ids: Sequence[str],
    complaint_weeks: Callable[[dt.date], int | None],
    root: Path,
    registry: Registry | None = None,
) -> list[LoadedMunicipality]:
    """Load and check every file; problems go to `problems`, valid ones are returned.

    With a `registry`, each file is also checked against the national register
    (number, name, county, Statsforvalter)."""
    loaded: list[LoadedMunicipality] = []
    for path in sorted(files):
        file = display_path(path, root)
        located = load_yaml(path, problems, display=file)
        if located is None:
            continue
        if not isinstance(located.data, dict):
            kind = type(located.data).__name__
            problems.add(file, 1, 1, "", f"the file holds a {_kind(kind)}, not a mapping of "
                         "keys to values", "start from content/municipalities/_example.yaml")
            continue
        municipality = _validate_model(located, file, problems)
        _check_schema_line(path, file, problems)
        # The checks below read the raw data, so they run (and report) even
        # when the model found other problems in the same file.
        _check_semantics(located, file, path, problems, as_of, page_ids, complaint_weeks)
        if registry is not None:
            _check_against_register(located, file, problems, registry)
        if municipality is not None:
            loaded.append(LoadedMunicipality(municipality, file, located))
    _check_unique(loaded, problems)
    return loaded


def _kind(python_type: str) -> str:
    return {"list": "list", "str": "single text", "int": "number", "float": "number",
            "bool": "true/false value", "NoneType": "empty value"}.get(python_type, python_type)


def _validate_model(located: Located, file: str, problems: Problems) -> Municipality | None:
    try:
        return Municipality.model_validate(located.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            _report_pydantic_error(error, located, file, problems)
        return None


def _report_pydantic_error(error: Any, located: Located, file: str, problems: Problems) -> None:
    loc: KeyPath = tuple(error["loc"])
    kind = error["type"]
    message = str(error["msg"]).removeprefix("Value error, ")
    line, column = located.position(loc)
    hint = _field_description(loc)
    if kind == "missing":
        message = f"missing required field '{loc[-1]}'"
        hint = "add it; see content/municipalities/_example.yaml"
        line, column = located.position(loc[:-1])
    elif kind == "extra_forbidden":
        line, column = located.key_position(loc)
        allowed = ", ".join(_allowed_keys(loc[:-1]))
        message = f"unknown key '{loc[-1]}'"
        hint = f"check the spelling; allowed here: {allowed}"
    elif kind == "string_type":
        got = _kind(type(error.get("input")).__name__)
        article = "an" if got[:1] in "aeiou" else "a"
        message = f"must be text, got {article} {got}"
        hint = hint or "put the value in quotes"
        if isinstance(error.get("input"), int):
            hint = f"put it in quotes: '{error['input']}'"
    elif kind.startswith("date"):
        message = "must be a date as YYYY-MM-DD, like 2026-11-22"
        hint = "write the date as YYYY-MM-DD"
    elif kind == "string_too_long":
        limit = (error.get("ctx") or {}).get("max_length")
        message = f"is too long: at most {limit} characters"
    elif kind == "string_too_short":
        message = "must not be empty"
        hint = hint or "write the text, or remove the line"
    elif kind == "string_pattern_mismatch":
        message = _pattern_message(loc, error.get("input"))
    elif kind == "list_type":
        message = "must be a list, like [mon, tue] or lines starting with '- '"
    elif kind == "int_parsing" or kind == "int_type":
        message = "must be a whole number, like 4"
    elif kind == "model_type" or kind == "dict_type":
        message = "must be a group of fields, each on its own line indented below this key"
    elif kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "")
        message = f"must be one of: {expected}"
    problems.add(file, line, column, format_key_path(loc), message, hint)


_PATTERN_MESSAGES = {
    "number": "must be the four-digit kommunenummer in quotes, like '4601'",
    "postcode": "must be a four-digit postcode in quotes, like '5300'",
    "primary": "must be a colour as # and six hex digits, like '#005a87'",
    "on_primary": "must be a colour as # and six hex digits, like '#ffffff'",
    "id": "must be lowercase letters a-z, digits and '-', like 'bergen' or 'nord-fron'",
    "name": "must start with 'Statsforvalteren i ', like 'Statsforvalteren i Vestland'",
}


def _pattern_message(loc: KeyPath, value: Any) -> str:
    field = loc[-1] if loc else ""
    if field == "name" and "statsforvalter" not in loc:
        field = ""
    if isinstance(field, str) and field in _PATTERN_MESSAGES:
        return _PATTERN_MESSAGES[field]
    if len(loc) >= 2 and loc[-2] == "local_notes":
        return "a page id must be lowercase letters a-z, digits and '-', like 'klage'"
    if len(loc) >= 1 and isinstance(loc[-1], str) and "local_notes" in loc:
        return "a page id must be lowercase letters a-z, digits and '-', like 'klage'"
    return f"'{value}' does not have the expected form"


def _model_at(loc: KeyPath) -> type[BaseModel] | None:
    """The model class that owns the mapping at `loc`, following field types."""
    current: Any = Municipality
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            if isinstance(part, int) or part not in current.model_fields:
                return None
            current = current.model_fields[part].annotation
        current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Optional[X] → X, list[X] → X, dict[K, V] → V (one level, as a key path walks)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else annotation
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    return annotation


def _allowed_keys(loc: KeyPath) -> list[str]:
    model = _model_at(loc)
    if model is None:
        # a dict field: the walk stopped at a container; try one level up
        model = _model_at(loc[:-1]) if loc else None
    return sorted(model.model_fields) if model else []


def _field_description(loc: KeyPath) -> str:
    for end in range(len(loc), 0, -1):
        model = _model_at(loc[: end - 1])
        name = loc[end - 1]
        if model is not None and isinstance(name, str) and name in model.model_fields:
            return model.model_fields[name].description or ""
    return ""


def _check_schema_line(path: Path, file: str, problems: Problems) -> None:
    try:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    except (OSError, UnicodeDecodeError):
        return
    if not first.startswith(SCHEMA_LINE):
        problems.add(file, 1, 1, "", "the first line should name the schema",
                     f"start the file with '{SCHEMA_LINE}../schema/municipality.schema.json'",
                     Severity.WARNING)


def _check_semantics(
    located: Located,
    file: str,
    path: Path,
    problems: Problems,
    as_of: dt.date,
    page_ids: Sequence[str],
    complaint_weeks: Callable[[dt.date], int | None],
) -> None:
    data: dict[str, Any] = located.data

    def add(loc: KeyPath, message: str, hint: str = "",
            severity: Severity = Severity.ERROR) -> None:
        line, column = located.position(loc)
        problems.add(file, line, column, format_key_path(loc), message, hint, severity)

    def get(*keys: str) -> Any:
        value: Any = data
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    ident = get("id")
    if isinstance(ident, str) and ident != path.stem:
        add(("id",), f"id '{ident}' differs from the file name '{path.stem}'",
            f"rename the file to {ident}.yaml or set id: {path.stem}")
    law_weeks = complaint_weeks(as_of)
    stated = get("complaint", "deadline_weeks")
    if isinstance(stated, int) and law_weeks is not None and stated != law_weeks:
        add(("complaint", "deadline_weeks"),
            f"states {stated} weeks, but the law gives {law_weeks} weeks to complain about "
            "a health and care decision (pasient- og brukerrettighetsloven § 7-5)",
            f"set deadline_weeks: {law_weeks}, and correct your own web page too")
    checked = get("last_checked")
    if isinstance(checked, dt.date):
        age = (as_of - checked).days
        if age > STALE_AFTER_DAYS:
            add(("last_checked",), f"the data was last checked {checked}, more than a "
                "year ago", "check every fact against the sources and update last_checked",
                Severity.WARNING)
        elif age < 0:
            add(("last_checked",), f"last_checked {checked} is in the future",
                "use the day you checked the data")
    primary, on_primary = get("colours", "primary"), get("colours", "on_primary")
    if isinstance(primary, str) and isinstance(on_primary, str) and \
            all(re.fullmatch(r"#[0-9a-fA-F]{6}", c) for c in (primary, on_primary)):
        ratio = contrast_ratio(primary, on_primary)
        if ratio < MIN_CONTRAST:
            add(("colours", "on_primary"), f"contrast with primary is {ratio:.2f}:1, below "
                f"{MIN_CONTRAST}:1 (WCAG 2.1 AA)", "choose a darker primary or a lighter text")
    for loc in (("unit", "name"), ("complaint", "to"), ("apply", "notes")):
        value = get(*loc)
        if isinstance(value, dict) and any(value.get(x) for x in LANGUAGES):
            for lang in LANGUAGES:
                if not value.get(lang):
                    add(loc, f"no '{lang}' text: pages in {BY_CODE[lang].name} show "
                        "another language here",
                        f"add {lang}: with the text in {BY_CODE[lang].name}",
                        Severity.WARNING)
    email = get("unit", "email")
    if isinstance(email, str) and _looks_personal(email):
        add(("unit", "email"), f"'{email}' looks like a person's address; contacts are "
            "units, never persons", "use the unit's shared address, like "
            "postmottak@kommune.no or koordinerende.enhet@kommune.no", Severity.WARNING)
    notes = get("local_notes")
    for page, note in (notes.items() if isinstance(notes, dict) else ()):
        if page not in page_ids:
            add(("local_notes", page), f"no service page is called '{page}'",
                "use one of: " + ", ".join(page_ids))
            continue
        for lang in LANGUAGES:
            if isinstance(note, dict) and not note.get(lang):
                add(("local_notes", page), f"no '{lang}' translation of this note",
                    "add it, or the page in that language shows no local note",
                    Severity.WARNING)


# Words of functional addresses: an address made of such words is a unit's.
_FUNCTIONAL = re.compile(
    r"post|mottak|enhet|eining|koordin|tildel|forvalt|helse|omsorg|kommune|service|"
    r"kontakt|sentral|kontor|tenest|tjenest|info|sak|barn|familie|nav|ip|plan|avd|seksjon|"
    r"bestill|vedtak|fag|team|senter|klage|koord", re.IGNORECASE)


def _looks_personal(email: str) -> bool:
    """'ola.nordmann@…' or 'kari.o.hansen@…': two or three name-like parts, none of
    them a word that functional addresses use."""
    local = email.split("@", 1)[0]
    parts = re.split(r"[._-]", local)
    if not 2 <= len(parts) <= 3 or not all(re.fullmatch(r"[A-Za-z]+", p) for p in parts):
        return False
    return not any(_FUNCTIONAL.search(p) for p in parts)


def _check_against_register(located: Located, file: str, problems: Problems,
                            registry: Registry) -> None:
    """The number, name, county and Statsforvalter, checked against the register."""
    data: dict[str, Any] = located.data

    def add(loc: KeyPath, message: str, hint: str = "",
            severity: Severity = Severity.ERROR) -> None:
        line, column = located.position(loc)
        problems.add(file, line, column, format_key_path(loc), message, hint, severity)

    number, name, ident = data.get("number"), data.get("name"), data.get("id")
    entry = registry.by_number.get(number) if isinstance(number, str) else None
    if isinstance(number, str) and re.fullmatch(r"\d{4}", number) and entry is None:
        add(("number",), f"no municipality in the register has the number {number}",
            "use your kommunenummer, like '4601' for Bergen or '1145' for Bokn")
    if entry is None:
        return
    place = f"{entry.number} {entry.name}"
    forms = {fold(entry.name), *(fold(n) for n in entry.other_names.values())}
    if isinstance(name, str) and fold(name) not in forms:
        own = next((e for e in registry.entries if fold(name) in
                    {fold(e.name), *(fold(n) for n in e.other_names.values())}), None)
        hint = (f"{own.name}'s number is '{own.number}'" if own
                else f"check the number; {entry.number} is {entry.name}")
        add(("number",), f"the number {entry.number} is {entry.name}'s, not {name}'s", hint)
        return
    if isinstance(ident, str) and ident != entry.id:
        add(("id",), f"the register's id for {place} is '{entry.id}', not '{ident}'",
            f"name the file {entry.id}.yaml and set id: {entry.id}")
    county = registry.county(entry)
    embete = registry.embete(entry)
    given_county = data.get("county")
    if isinstance(given_county, str):
        gone = registry.abolished(given_county)
        found = registry.county_by_name(given_county)
        if gone is not None:
            add(("county",), f"{gone.name} has not been a county since {gone.until}; "
                f"{entry.name} is in {county.name}",
                "remove the county line: the register gives it")
        elif found is None:
            add(("county",), f"no county is called '{given_county}'; {entry.name} is in "
                f"{county.name}", "remove the county line: the register gives it")
        elif found[0] != entry.county:
            add(("county",), f"county {given_county} does not match the number "
                f"{entry.number}: {entry.name} is in {county.name}",
                "remove the county line: the register gives it")
        else:
            add(("county",), "county is now taken from the register of municipalities",
                "remove this line", Severity.WARNING)
    given = data.get("statsforvalter")
    if isinstance(given, dict):
        wrong = False
        given_name = given.get("name")
        if isinstance(given_name, str):
            named = registry.embete_by_name(given_name)
            if named is None or named[1] != embete:
                wrong = True
                add(("statsforvalter", "name"),
                    f"complaints from {entry.name} ({county.name}) go to {embete.nb}, "
                    f"not '{given_name}'", "remove the statsforvalter block: the register "
                    "gives the right embete")
        url = given.get("url")
        if isinstance(url, str) and not wrong:
            others = [e.url for e in registry.data.embeter.values()
                      if e.url and e is not embete]
            if not re.match(r"https://(www\.)?statsforvalteren\.no(/|$)", url):
                add(("statsforvalter", "url"), f"'{url}' is not an address of "
                    f"{embete.nb}; the Statsforvalter's pages are on "
                    "https://www.statsforvalteren.no/", "remove the url, or give the "
                    "embete's own page on www.statsforvalteren.no")
            elif (embete.url and not url.startswith(embete.url)) or \
                    any(url.startswith(o) for o in others if o):
                add(("statsforvalter", "url"), f"'{url}' is not the page of {embete.nb}"
                    + (f" ({embete.url})" if embete.url else ""),
                    "remove the url: the register gives it")
        if not wrong:
            add(("statsforvalter",), "statsforvalter is now taken from the register of "
                f"municipalities ({embete.nb})", "remove this block", Severity.WARNING)


def _check_unique(loaded: Sequence[LoadedMunicipality], problems: Problems) -> None:
    for field in ("id", "number"):
        seen: dict[str, LoadedMunicipality] = {}
        for item in loaded:
            value = getattr(item.municipality, field)
            line, column = item.located.position((field,))
            if value in seen:
                problems.add(item.file, line, column, field,
                             f"{field} '{value}' is also used by {seen[value].file}",
                             f"each municipality has its own {field}")
            else:
                seen[value] = item


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
