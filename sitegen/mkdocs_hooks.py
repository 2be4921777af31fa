"""mkdocs hooks: small, exact corrections to the HTML Material writes.

These live here rather than in theme overrides because the markup sits
outside any template block of Material's base.html, and copying that template
would tie the site to Material's internals (it reaches end of life in 2027).
Each correction matches an exact string and is checked by the quality tests
(vnu and the keyboard crawl), so a Material upgrade that changes the markup
shows up as a failing test, not as a silent no-op.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache

from sitegen.headers import PAGE, kind_for, meta_csp

_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')
_SKIP = re.compile(r'<div data-md-component="skip">.*?</div>', re.DOTALL)
_MAIN = '<main class="md-main" data-md-component="main">'
_HTML_LANG = re.compile(r'<html lang="[^"]*"')


def on_env(env: Environment, config: Any, files: Any) -> Environment:
    """Jinja's compiled templates kept on disk (build option template_cache):
    each mkdocs run compiled Material's templates and ours again, about 0.3 s
    of each language's run. Jinja checks each entry against the template's
    source and its own version, and writes each atomically."""
    folder = config["extra"].get("template_cache")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(folder)
    return env


def on_post_page(output: str, page: Any, config: Any) -> str:
    # <html lang> is the page's language code (sitegen/languages.py); Material
    # writes its interface translation's, which is another for a language it lacks.
    lang = html.escape(config["extra"]["koordinert"]["lang"])
    output = _HTML_LANG.sub(f'<html lang="{lang}"', output, count=1)
    # autocomplete is not allowed on checkboxes (the Nu Html Checker reports it).
    output = _TOGGLE.sub(r"\1", output)
    # Material draws a skip link only on pages with a table of contents, and
    # points it at the first sub-heading. Every page gets one, to the main content.
    label = html.escape(config["extra"]["koordinert"]["ui"]["page.skip"])
    skip = f'<div data-md-component="skip"><a href="#k-main" class="md-skip">{label}</a></div>'
    output = _SKIP.sub(lambda _: skip, output, count=1)
    return output.replace(_MAIN, _MAIN[:-1] + ' id="k-main" tabindex="-1">', 1)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """The 404 page is a theme template, not a page: it gets the same corrections."""
    return on_post_page(output_content, None, config)


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """The page's CSP meta tag, as sitegen.headers decides it for the page's path
    (the path within its language is enough: a language folder does not change the kind)."""
    context["k_csp"] = meta_csp(kind_for("/" + page.url))
    context["k_embed"] = kind_for("/" + page.url) == "embed"
    return context


def on_template_context(context: Any, template_name: str, config: Any) -> Any:
    """Templates that are not pages (the 404 page) are content pages."""
    context["k_csp"] = meta_csp(PAGE)
    context["k_embed"] = False
    return context
