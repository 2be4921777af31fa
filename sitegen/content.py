"""Shared content: service pages (Markdown with front matter) and UI strings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from sitegen.problems import Problems, Severity
from sitegen.yamlsource import decode_utf8, format_key_path, load_yaml, parse_yaml

# Pages the build makes itself; pages.yaml lists them only for their place.
GENERATED_PAGES = ("sjekk", "kommuner")


class SourceRef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    label: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    url: Annotated[str, StringConstraints(pattern=r"^https://")]


class PageMeta(BaseModel):
    """The front matter of a service page."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    description: Annotated[str, StringConstraints(min_length=1, max_length=160)]
    checked: dt.date
    sources: list[SourceRef] = Field(default_factory=list)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def applies_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class ServicePage:
    page_id: str
    lang: str
    meta: PageMeta
    body: str
    file: str


@dataclass
class Content:
    page_order: list[str]
    pages: dict[tuple[str, str], ServicePage] = field(default_factory=dict)
    ui: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> key -> text

    def page(self, page_id: str, lang: str) -> ServicePage | None:
        return self.pages.get((page_id, lang))

    def service_page_ids(self) -> list[str]:
        return [p for p in self.page_order if p not in GENERATED_PAGES]


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def load_content(
    content_dir: Path, languages: Sequence[str], as_of: dt.date, problems: Problems, root: Path
) -> Content:
    order_file = content_dir / "services" / "pages.yaml"
    located = load_yaml(order_file, problems, display=_rel(order_file, root))
    order: list[str] = []
    if located is not None:
        pages = located.data.get("pages") if isinstance(located.data, dict) else None
        if isinstance(pages, list) and all(isinstance(p, str) for p in pages):
            order = list(pages)
        else:
            problems.add(_rel(order_file, root), 1, 1, "pages",
                         "must be a list of page ids", "see content/README.md")
    content = Content(page_order=order)
    for page_id in content.service_page_ids():
        for lang in languages:
            path = content_dir / "services" / page_id / f"{lang}.md"
            if not path.exists():
                problems.add(_rel(path, root), 1, 1, "", f"missing translation: page "
                             f"'{page_id}' has no '{lang}' text", "write it, or the page is "
                             f"left out of the {lang} site", Severity.WARNING)
                continue
            page = _load_page(path, page_id, lang, problems, root)
            if page is None:
                continue
            if not page.meta.applies_on(as_of):
                problems.add(page.file, 2, 1, "valid_from", f"this text does not apply on "
                             f"{as_of}", "add a text valid on that date", Severity.WARNING)
                continue
            content.pages[(page_id, lang)] = page
    content.ui = _load_ui(content_dir / "ui", languages, problems, root)
    return content


def _load_page(
    path: Path, page_id: str, lang: str, problems: Problems, root: Path
) -> ServicePage | None:
    file = _rel(path, root)
    text = decode_utf8(path.read_bytes(), file, problems)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---" or "---" not in (s.strip() for s in lines[1:]):
        problems.add(file, 1, 1, "", "the page has no front matter",
                     "start it with --- then title, description, checked, sources, then ---")
        return None
    end = next(i for i, s in enumerate(lines[1:], start=1) if s.strip() == "---")
    located = parse_yaml("\n" + "\n".join(lines[1:end]), file, problems)
    if located is None:
        return None
    try:
        meta = PageMeta.model_validate(located.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            line, column = located.position(loc)
            problems.add(file, line, column, format_key_path(loc),
                         str(error["msg"]).removeprefix("Value error, "),
                         "see content/README.md")
        return None
    return ServicePage(page_id, lang, meta, "\n".join(lines[end + 1:]), file)


def _load_ui(
    ui_dir: Path, languages: Sequence[str], problems: Problems, root: Path
) -> dict[str, dict[str, str]]:
    strings: dict[str, dict[str, str]] = {lang: {} for lang in languages}
    where: dict[tuple[str, str], str] = {}
    for lang in languages:
        for path in sorted((ui_dir / lang).glob("*.yaml")):
            file = _rel(path, root)
            located = load_yaml(path, problems, display=file)
            if located is None:
                continue
            if not isinstance(located.data, dict):
                problems.add(file, 1, 1, "", "must be a mapping of key: text")
                continue
            for key, value in located.data.items():
                line, column = located.position((key,))
                if not isinstance(value, str):
                    problems.add(file, line, column, key, "must be text")
                elif key in strings[lang]:
                    problems.add(file, line, column, key, f"also defined in "
                                 f"{where[(lang, key)]}", "keep one")
                else:
                    strings[lang][key] = value
                    where[(lang, key)] = file
    every_key = sorted({k for table in strings.values() for k in table})
    for lang in languages:
        for key in every_key:
            if key not in strings[lang]:
                other = next(where[(o, key)] for o in languages if (o, key) in where)
                problems.add(str(Path(other).parent.parent / lang), 1, 1, key,
                             f"missing translation: no '{lang}' text for '{key}'",
                             "add it; the page shows the key instead", Severity.WARNING)
                strings[lang][key] = f"⟦{key}⟧"
    return strings


def as_plain(value: Any) -> Any:
    """Front matter as plain data for mkdocs (dates as ISO text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_plain(v) for v in value]
    return value
