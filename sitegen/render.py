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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from babel.dates import format_date
from markupsafe import Markup

from sitegen.content import Content, ServicePage, as_plain

# The policies are decided in sitegen.headers; CSP is re-exported here for the
# checker's pages without JavaScript (sitegen.checker_page), which use it.
from sitegen.headers import CSP as CSP
from sitegen.headers import CSP_CHECKER as CSP_CHECKER
from sitegen.model import DAYS, Municipality, OpeningHours

TEMPLATES = Path(__file__).parent / "templates"


LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}
# lunr's language support: Norwegian covers both written standards.
SEARCH_LANG = {"nb": "no", "nn": "no", "en": "en"}
NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})
BABEL_LOCALE = {"nb": "nb", "nn": "nn", "en": "en_GB"}


def long_date(day: dt.date, lang: str) -> str:
    """'22. november 2026' / '22 November 2026', as people write dates in each language."""
    return format_date(day, format="long", locale=BABEL_LOCALE[lang])


@dataclass(frozen=True)
class SiteShape:
    """What is being built: the national site, or one municipality's variant."""

    languages: tuple[str, ...]
    default_lang: str
    municipality: Municipality | None  # None: the national site
    municipalities: tuple[Municipality, ...]  # listed in the directory (national only)
    as_of: dt.date

    @property
    def national(self) -> bool:
        return self.municipality is None

    def prefix(self, lang: str) -> str:
        """Where a language lives, relative to the site root."""
        return "" if lang == self.default_lang else f"{lang}/"


def norwegian_sort_key(name: str) -> str:
    return name.lower().translate(NORWEGIAN_ORDER)


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
        ctx = {"m": m, "ui": ui, "lang": lang, "root": root}
        note = m.local_notes.get(page.page_id) if m else None
        counter = iter(range(1, 1000))

        def placeholder(template: str, **extra: Any) -> Callable[[], Markup]:
            return lambda: Markup(self.snippet(template, uid=next(counter), **ctx, **extra))

        body = self.markdown.from_string(page.body).render(
            contact=placeholder("contact.html.j2"),
            complaint_address=placeholder("complaint.html.j2"),
            local_notes=placeholder("notes.html.j2", note=note.get(lang) if note else None),
        )
        meta = as_plain(page.meta.model_dump(exclude_none=True))
        meta["checked_label"] = long_date(page.meta.checked, lang)
        return _with_front_matter(meta, body)

    def directory_page(self, lang: str) -> str:
        ui = self.content.ui[lang]
        listed = sorted(self.shape.municipalities,
                        key=lambda m: norwegian_sort_key(m.display_name(lang)))
        body = self.snippet("directory.html.j2", ui=ui, lang=lang, municipalities=listed)
        meta = {"title": ui["directory.title"], "description": ui["directory.description"],
                "directory": True}
        return _with_front_matter(meta, body)

    def municipality_page(self, m: Municipality, lang: str) -> str:
        ui = self.content.ui[lang]
        name = m.display_name(lang)
        body = self.snippet("municipality.html.j2", ui=ui, lang=lang, m=m)
        # mkdocs puts the title into HTML unescaped: escape it here.
        # Out of the search index: at national scale the contact pages would be
        # most of it, and every page loads the index. The directory (which is
        # indexed) lists every name and number.
        meta = {"title": html.escape(name),
                "description": html.escape(f"{ui['municipality.description']} {name}."),
                "search": {"exclude": True}}
        return _with_front_matter(meta, body)

    def checker_page(self, lang: str, root: str, pyodide_url: str) -> str:
        from sitegen.checker_page import checker_page

        return checker_page(self, lang, root, pyodide_url)


def _brand(m: Municipality | None, lang: str) -> dict[str, str] | None:
    """The municipality's name, website and logo for the header of its own site."""
    if m is None:
        return None
    from sitegen.branding import LOGO_NAME

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
) -> Path:
    """Write docs/ and mkdocs.yml for one language; return the config path."""
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
                for m in shape.municipalities:
                    _write(docs / "kommuner" / f"{m.id}.md",
                           renderer.municipality_page(m, lang))
            nav.append("kommuner/index.md")
        elif page_id == "sjekk":
            from sitegen.checker_page import write_checker

            # The pages without JavaScript are written into the built site
            # afterwards (build.py), not through mkdocs.
            write_checker(renderer, lang, docs, up)
            nav.append("sjekk.md")
            if shape.municipality is not None:
                from sitegen.embed import embed_page

                # The embeddable checker (sitegen/embed.py), out of the navigation.
                _write(docs / "sjekk" / "embed.md", embed_page(renderer, lang, up))
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
    theme.update({"name": "material", "custom_dir": str(theme_dir), "language": lang,
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
