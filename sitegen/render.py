"""Render content and municipality data into one mkdocs source tree per language.

Service texts are Markdown with a few placeholders; the placeholders become
HTML blocks made from `sitegen/templates/`, where every value that came from
a municipality file is autoescaped. The Markdown itself comes from the
project's own reviewed content, so it is not escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from babel.dates import format_date
from markupsafe import Markup

from checker import rules  # compiled rules: see sitegen.checker_wheel
from sitegen.branding import LOGO_NAME
from sitegen.content import Content, ServicePage, as_plain

# The policies are decided in sitegen.headers; CSP is re-exported here for the
# checker's pages without JavaScript (sitegen.checker_page), which use it.
from sitegen.headers import CSP as CSP
from sitegen.headers import CSP_CHECKER as CSP_CHECKER
from sitegen.languages import BY_CODE
from sitegen.languages import TABLE as LANGUAGE_TABLE
from sitegen.model import DAYS, OpeningHours
from sitegen.registry import Place, norwegian_key

TEMPLATES = Path(__file__).parent / "templates"


# From the one table of language facts (sitegen/languages.py).
LANGUAGE_NAMES = {x.code: x.name for x in LANGUAGE_TABLE}
SEARCH_LANG = {x.code: x.search for x in LANGUAGE_TABLE}
BABEL_LOCALE = {x.code: x.babel_locale for x in LANGUAGE_TABLE}
# The page for municipalities: what their file holds, how to publish a variant.
PUBLISH_SLUG = "for-kommuner"

# Writes one generated page's Markdown: (renderer, lang, docs dir, up to the site root).
PageWriter = Callable[["Renderer", str, Path, str], None]


def long_date(day: dt.date, lang: str) -> str:
    """'22. november 2026' / '22 November 2026', as people write dates in each language."""
    return format_date(day, format="long", locale=BABEL_LOCALE[lang])


@dataclass(frozen=True)
class SiteShape:
    """What is being built: the national site, or one municipality's variant."""

    languages: tuple[str, ...]
    default_lang: str
    municipality: Place | None  # None: the national site
    municipalities: tuple[Place, ...]  # every municipality of the register (national only)
    as_of: dt.date

    @property
    def national(self) -> bool:
        return self.municipality is None

    def prefix(self, lang: str) -> str:
        """Where a language lives, relative to the site root."""
        return "" if lang == self.default_lang else f"{lang}/"


def complaint_weeks_by_law(on: dt.date) -> int | None:
    """The complaint deadline for health and care decisions, from the checker's rule data."""
    value = rules.lookup("complaint.weeks.health", on)
    return None if value is None else int(value.value)


def _day_span(hours: OpeningHours, ui: dict[str, str]) -> str:
    """'mandag til fredag' for consecutive days, else a list."""
    idx = sorted(DAYS.index(d) for d in hours.days)
    if len(idx) > 2 and idx == list(range(idx[0], idx[-1] + 1)):
        return f"{ui['days.' + DAYS[idx[0]]]} {ui['days.range_sep']} {ui['days.' + DAYS[idx[-1]]]}"
    return ", ".join(ui["days." + DAYS[i]] for i in idx)


def _html_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["day_span"] = _day_span
    env.filters["long_date"] = long_date
    env.filters["tel"] = lambda phone: re.sub(r"[^0-9+]", "", phone)
    return env


class Renderer:
    def __init__(self, content: Content, shape: SiteShape) -> None:
        self.content = content
        self.shape = shape
        self._environments()

    def _environments(self) -> None:
        self.html = _html_env()
        self.markdown = jinja2.Environment(
            undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)

    # A renderer goes to a worker process per language; jinja environments do
    # not pickle, so they are made again there.
    def __getstate__(self) -> dict[str, Any]:
        return {"content": self.content, "shape": self.shape}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.content = state["content"]
        self.shape = state["shape"]
        self._environments()

    def snippet(self, template: str, **context: Any) -> str:
        # Blank lines around, so Markdown treats the HTML as a block and leaves it alone.
        out = self.html.get_template(template).render(**context).strip()
        return f"\n\n{out}\n\n" if out else ""

    def render_page(self, page: ServicePage, root: str) -> str:
        lang, m = page.lang, self.shape.municipality
        ui = self.content.ui[lang]
        ctx = {"m": m, "ui": ui, "lang": lang, "root": root,
               "weeks": self.complaint_weeks()}
        note = m.local_notes.get(page.page_id) if m else None
        counter = iter(range(1, 1000))

        def placeholder(template: str, **extra: Any) -> Callable[[], Markup]:
            return lambda: Markup(self.snippet(template, uid=next(counter), **ctx, **extra))

        body = self.markdown.from_string(page.body).render(
            contact=placeholder("contact.html.j2"),
            complaint_address=placeholder("complaint.html.j2"),
            local_notes=placeholder("notes.html.j2", note=note.get(lang) if note else None,
                                    page_title=page.meta.title),
        )
        meta = as_plain(page.meta.model_dump(exclude_none=True))
        meta["checked_label"] = long_date(page.meta.checked, lang)
        return _with_front_matter(meta, body)

    def directory_page(self, lang: str) -> str:
        ui = self.content.ui[lang]
        listed = sorted(self.shape.municipalities,
                        key=lambda m: norwegian_key(m.display_name(lang)))
        body = self.snippet("directory.html.j2", ui=ui, lang=lang, municipalities=listed,
                            publish=PUBLISH_SLUG)
        meta = {"title": ui["directory.title"], "description": ui["directory.description"],
                "directory": True}
        return _with_front_matter(meta, body)

    def complaint_weeks(self) -> int | None:
        """The complaint deadline for health and care decisions on the build's date."""
        return complaint_weeks_by_law(self.shape.as_of)

    def shared_checked(self, lang: str) -> dt.date | None:
        """The latest day the shared service texts in this language were checked."""
        days = [p.meta.checked for p in self.content.pages.values() if p.lang == lang]
        return max(days) if days else None

    def municipality_page(self, m: Place, lang: str) -> str:
        ui = self.content.ui[lang]
        name = m.display_name(lang)
        titles = {pid: page.meta.title for pid in self.content.service_page_ids()
                  if (page := self.content.page(pid, lang)) is not None}
        body = self.snippet("municipality.html.j2", ui=ui, lang=lang, m=m,
                            weeks=self.complaint_weeks(), titles=titles,
                            shared_checked=self.shared_checked(lang),
                            national=self.shape.national)
        # mkdocs puts the title into HTML unescaped: escape it here. On a
        # municipality's own site the site name already has its name, so the
        # <title> says what the page is instead of repeating it.
        title = name if self.shape.national else ui["municipality.page_title"]
        # Out of the search index: at national scale the contact pages would be
        # most of it, and every page loads the index. The directory (which is
        # indexed) lists every name and number.
        meta = {"title": html.escape(title),
                "description": html.escape(f"{ui['municipality.description']} {name}."),
                "search": {"exclude": True}}
        return _with_front_matter(meta, body)

    def for_municipalities_page(self, lang: str) -> str:
        ui = self.content.ui[lang]
        body = self.snippet("for_municipalities.html.j2", ui=ui, lang=lang)
        meta = {"title": ui["publish.title"], "description": ui["publish.description"]}
        return _with_front_matter(meta, body)


def _brand(m: Place | None, lang: str) -> dict[str, str] | None:
    """The municipality's name, website and logo for the header of its own site."""
    if m is None:
        return None
    website = m.publish.website or ""
    host = website.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")
    return {"name": m.display_name(lang), "website": website, "website_host": host,
            "logo": (LOGO_NAME + m.publish.logo[-4:]) if m.publish.logo else ""}


def _with_front_matter(meta: dict[str, Any], body: str) -> str:
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000)
    return f"---\n{head}---\n{body.lstrip()}"


def write_language_tree(
    renderer: Renderer,
    lang: str,
    dest: Path,
    base_config: dict[str, Any],
    site_dir: Path,
    theme_dir: Path,
    site_name: str,
    extra_css: Sequence[str],
    generated: Mapping[str, PageWriter],
) -> Path:
    """Write docs/ and mkdocs.yml for one language; return the config path.

    `generated`: the pages made by their own modules, by page id (the checker
    page: sitegen.checker_page.write_checker), each writing `<id>.md` into docs/."""
    shape, content = renderer.shape, renderer.content
    docs = dest / "docs"
    docs.mkdir(parents=True)
    up = "" if lang == shape.default_lang else "../"
    nav: list[Any] = []
    for page_id in content.page_order:
        if page_id == "kommuner":
            if shape.municipality is not None:
                # A municipality's own site: "kommuner/" is its contact page.
                _write(docs / "kommuner" / "index.md",
                       renderer.municipality_page(shape.municipality, lang))
            else:
                _write(docs / "kommuner" / "index.md", renderer.directory_page(lang))
                _write(docs / "kommuner" / f"{PUBLISH_SLUG}.md",
                       renderer.for_municipalities_page(lang))
                for m in shape.municipalities:
                    _write(docs / "kommuner" / f"{m.id}.md",
                           renderer.municipality_page(m, lang))
            nav.append("kommuner/index.md")
        elif page_id in generated:
            # The checker's pages without JavaScript are written into the built
            # site afterwards (build.py), not through mkdocs; the embeddable
            # checker (sitegen/embed.py) beside it, out of the navigation.
            generated[page_id](renderer, lang, docs, up)
            nav.append(f"{page_id}.md")
        else:
            page = content.page(page_id, lang)
            if page is None:
                continue  # reported as a missing translation
            name = "index.md" if page_id == "index" else f"{page_id}.md"
            root = "" if page_id == "index" else "../"
            _write(docs / name, renderer.render_page(page, root))
            nav.append(name)

    config = dict(base_config)
    theme = dict(config.get("theme", {}))
    theme.update({"name": "material", "custom_dir": str(theme_dir),
                  "language": BY_CODE[lang].theme,
                  "font": False})
    config.update({
        "site_name": site_name,
        "site_description": content.ui[lang]["site.description"],
        "docs_dir": str(docs),
        "site_dir": str(site_dir),
        "theme": theme,
        "nav": nav,
        "plugins": [{"search": {"lang": [SEARCH_LANG[lang]]}}],
        "hooks": [str(Path(__file__).with_name("mkdocs_hooks.py"))],
        "extra_css": [*config.get("extra_css", []), *extra_css],
    })
    extra = dict(config.get("extra", {}))
    extra["generator"] = False
    extra["alternate"] = [{"name": LANGUAGE_NAMES[x], "lang": x} for x in shape.languages]
    extra["koordinert"] = {
        "lang": lang,
        "up": up,
        "languages": [{"lang": x, "name": LANGUAGE_NAMES[x], "prefix": shape.prefix(x)}
                      for x in shape.languages],
        "ui": content.ui[lang],
        "brand": _brand(shape.municipality, lang),
    }
    config["extra"] = extra
    public_url = shape.municipality.publish.public_url if shape.municipality else None
    if public_url:
        # Absolute addresses for sitemap.xml and the canonical links.
        config["site_url"] = public_url + shape.prefix(lang)
    config_path = dest / "mkdocs.yml"
    # JSON is valid YAML, and this keeps every string exactly as given.
    config_path.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return config_path


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
