"""Privacy: no request leaves the local server, the CSP allows only 'self', nothing is stored.

The browser half reads the crawl (conftest.crawl); the file half checks the
CSP meta tag of every built HTML file, as the server sends it to any browser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.headers import PAGE, kind_for
from tests.quality.conftest import Crawl, html_files, url_path

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')


def csp_problems(policy: str | None, checker_page: bool) -> list[str]:
    if policy is None:
        return ["no Content-Security-Policy meta tag"]
    policy = policy.replace("&#39;", "'")
    directives = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name, *sources = part.split()
        directives[name] = sources
    problems = []
    if directives.get("default-src") != ["'self'"]:
        problems.append(f"default-src is {directives.get('default-src')}, not 'self'")
    for name, sources in directives.items():
        for source in sources:
            if source in ("'self'", "'none'"):
                continue
            # data: images are inline bytes (Material's icons), no host is contacted.
            if name == "img-src" and source == "data:":
                continue
            if name == "script-src" and source == "'wasm-unsafe-eval'" and checker_page:
                continue
            problems.append(f"{name} allows {source}")
    return problems


def test_every_built_file_has_a_strict_csp(sites: dict[str, Path]) -> None:
    bad, count = [], 0
    for name, site in sites.items():
        for file in html_files(site):
            count += 1
            path = url_path(site, file)
            match = CSP_META.search(file.read_text(encoding="utf-8"))
            # Which pages may compile WebAssembly is decided in sitegen.headers.
            checker = kind_for(path) != PAGE
            for problem in csp_problems(match.group(1) if match else None, checker):
                bad.append(f"{name} {path}: {problem}")
    assert count > 1_000
    assert not bad, f"{len(bad)} CSP problems:\n" + "\n".join(bad[:40])


@pytest.mark.browser
def test_no_request_to_another_host(crawl: Crawl) -> None:
    assert all(crawl.requests.values())
    # The record includes what the checker's service worker fetched on its
    # own (its precache), so a worker calling out would be caught too.
    assert sum(crawl.by_worker.values()) > 0
    assert crawl.foreign == {"national": [], "askoy": [], "bokn": []}


@pytest.mark.browser
def test_the_csp_meta_seen_in_the_browser_is_strict(crawl: Crawl) -> None:
    bad = [f"{p.site} {p.path}: {problem}" for p in crawl.pages if not p.error
           for problem in csp_problems(p.csp, kind_for(p.path) != PAGE)]
    assert not bad, "\n".join(bad[:40])
    violations = [f"{p.site} {p.path}: {p.csp_violations}" for p in crawl.pages
                  if p.csp_violations]
    assert not violations, "\n".join(violations[:40])


@pytest.mark.browser
def test_no_cookies_and_no_web_storage(crawl: Crawl) -> None:
    assert crawl.cookies == {"national": [], "askoy": [], "bokn": []}
    stored = [f"{p.site} {p.path}: {p.storage}" for p in crawl.pages
              if not p.error and p.storage != [0, 0]]
    assert not stored, "\n".join(stored[:40])
