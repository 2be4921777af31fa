"""Cheap checks on every built page of every site, read from the files.

The browser crawl opens one page per structure; these read all of them:

- privacy: no attribute names a URL on another host, except a link the reader
  follows (`a href`) and an XML namespace name (`xmlns`, never fetched); no
  `url(...)` or `@import` to another host in a `<style>`;
- no inline script: every `<script>` loads a local file and has no body of its
  own, or is JSON data (`type="application/json"`, never run); no `on…`
  event attribute, no `javascript:` URL, no `style` attribute (the CSP's
  `style-src 'self'` would silently drop it);
- languages: `<html lang>` is the language of the page's place in the site,
  and every other `lang` and `hreflang` names a language the site knows.

The CSP meta tag of every file is checked in test_privacy, links and anchors
in test_links, HTML validity in test_html_validity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.registry import LANGUAGE_NAMES as REGISTER_NAME_LANGUAGES
from tests.quality.stats import STATS
from tests.quality.structure import html_files, url_path

# The site's default language (served at /) and the others (under /<lang>/).
LANGUAGES = {"national": ("nb", "nn", "en"), "askoy": ("nb", "nn", "en"),
             "bokn": ("nn", "nb", "en")}
# hreflang on links to Lovdata and other Norwegian sources: "Norwegian".
LINK_LANGUAGES = {"no"}
# Official Sámi and Kven names of municipalities carry their own language
# (sitegen.registry), so a screen reader says them right; no other language.
NAME_LANGUAGES = set(REGISTER_NAME_LANGUAGES)
FOREIGN = re.compile(r"(?i)^\s*(?:[a-z][a-z0-9+.-]*:)?//")
CSS_FOREIGN = re.compile(r"(?i)(?:url\(\s*['\"]?|@import\s+['\"])\s*(?:[a-z][a-z0-9+.-]*:)?//")


@dataclass
class _Findings(HTMLParser):
    problems: list[str] = field(default_factory=list)
    html_lang: str | None = None
    langs: set[str] = field(default_factory=set)
    hreflangs: set[str] = field(default_factory=set)
    scripts: int = 0
    _script_body: bool = False
    _style: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>: an inline event handler")
            elif name == "style":
                self.problems.append(f"<{tag} style=…>: an inline style the CSP drops")
            elif value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value[:60]}>: a javascript: URL")
            elif name == "srcset" and any(FOREIGN.match(c) for c in value.split(",")):
                self.problems.append(f"<{tag} srcset={value[:80]}>: another host")
            elif FOREIGN.match(value) and not (
                    (tag == "a" and name == "href") or name == "xmlns"
                    or name.startswith("xmlns:")):
                self.problems.append(f"<{tag} {name}={value[:80]}>: another host")
        if tag == "html":
            self.html_lang = values.get("lang")
        elif "lang" in values:
            self.langs.add(values["lang"] or "")
        if "hreflang" in values:
            self.hreflangs.add(values["hreflang"] or "")
        if tag == "script":
            self.scripts += 1
            src, kind = values.get("src"), values.get("type")
            if kind == "application/json" and src is None:
                return
            if not src:
                self.problems.append("<script> without src: an inline script")
            elif FOREIGN.match(src):
                self.problems.append(f"<script src={src}>: another host")
            self._script_body = True
        elif tag == "style":
            self._style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script_body = False
        elif tag == "style":
            self._style = False

    def handle_data(self, data: str) -> None:
        if self._script_body and data.strip():
            self.problems.append("<script src=…> with a body of its own")
        if self._style and CSS_FOREIGN.search(data):
            self.problems.append("<style> loads from another host")


def _expected_lang(site: str, path: str) -> str:
    default, *others = LANGUAGES[site]
    first = path.strip("/").split("/", 1)[0]
    return first if first in others else default


@pytest.fixture(scope="module")
def findings(sites: dict[str, Path]) -> dict[str, dict[str, _Findings]]:
    found: dict[str, dict[str, _Findings]] = {}
    for name, site in sites.items():
        found[name] = {}
        for file in html_files(site):
            parser = _Findings()
            parser.feed(file.read_text(encoding="utf-8"))
            parser.close()
            found[name][url_path(site, file)] = parser
    STATS["pages_read_by_static_checks"] = sum(len(v) for v in found.values())
    return found


def test_every_site_has_its_pages(findings: dict[str, dict[str, _Findings]]) -> None:
    for name, pages in findings.items():
        assert len(pages) > 1_000, name
        assert {"/", "/klage/", "/sjekk/", "/en/", "/en/klage/"} <= set(pages), name


def test_no_page_loads_or_names_another_host_and_none_has_inline_script(
        findings: dict[str, dict[str, _Findings]]) -> None:
    bad = [f"{name} {path}: {problem}" for name, pages in findings.items()
           for path, found in pages.items() for problem in found.problems]
    assert not bad, f"{len(bad)} problems:\n" + "\n".join(bad[:60])
    # Each page loads its scripts from files (the no-JS pages have none).
    assert all(findings[name]["/klage/"].scripts >= 2 for name in findings)


def test_every_page_says_its_language(findings: dict[str, dict[str, _Findings]]) -> None:
    bad = []
    for name, pages in findings.items():
        known = set(LANGUAGES[name])
        for path, found in pages.items():
            want = _expected_lang(name, path)
            if found.html_lang != want:
                bad.append(f"{name} {path}: <html lang={found.html_lang!r}>, expected {want!r}")
            if found.langs - known - NAME_LANGUAGES:
                bad.append(f"{name} {path}: lang {sorted(found.langs - known - NAME_LANGUAGES)}"
                           " is not a language of the site or of a municipality's name")
            unknown = found.hreflangs - known - LINK_LANGUAGES
            if unknown:
                bad.append(f"{name} {path}: hreflang {sorted(unknown)}")
    assert not bad, f"{len(bad)} problems:\n" + "\n".join(bad[:60])
    # The language switcher marks each choice with its language; Kautokeino's
    # page marks its Sámi name.
    assert findings["national"]["/klage/"].langs == {"nb", "nn", "en"}
    assert "se" in findings["national"]["/kommuner/kautokeino/"].langs


@pytest.mark.parametrize(("html", "problem"), [
    ('<img src="https://cdn.example/x.png">', "another host"),
    ('<link rel="stylesheet" href="//fonts.example/f.css">', "another host"),
    ('<img srcset="a.png 1x, https://cdn.example/b.png 2x">', "another host"),
    ('<form action="http://forms.example/post"></form>', "another host"),
    ("<script>alert(1)</script>", "inline script"),
    ('<script src="x.js">alert(1)</script>', "a body of its own"),
    ('<script src="https://cdn.example/x.js"></script>', "another host"),
    ('<button onclick="go()">Go</button>', "event handler"),
    ('<a href="javascript:go()">Go</a>', "javascript: URL"),
    ('<p style="color:red">x</p>', "inline style"),
    ("<style>@import 'https://fonts.example/f.css';</style>", "<style> loads"),
])
def test_the_scan_catches_what_it_looks_for(html: str, problem: str) -> None:
    parser = _Findings()
    parser.feed(html)
    assert any(problem in p for p in parser.problems), parser.problems


def test_the_scan_lets_links_namespaces_and_json_data_pass() -> None:
    parser = _Findings()
    parser.feed('<a href="https://lovdata.no/x" hreflang="no">Lov</a>'
                '<svg xmlns="http://www.w3.org/2000/svg"></svg>'
                '<script id="__config" type="application/json">{"a": 1}</script>'
                '<script src="../assets/site.js"></script>')
    assert parser.problems == []
