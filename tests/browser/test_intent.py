"""Download on intent (issue 13): a content page loads nothing of Pyodide until
the visitor shows they are going to the checker; then site.js asks the browser
to fetch the runtime into its cache, from this site only, within the page's CSP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request

from tests.browser.support import Session, assert_clean

pytestmark = pytest.mark.browser

RUNTIME = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
           "pyodide-lock.json")


def pyodide_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if "/pyodide/" in url]


def is_wasm(request: Request) -> bool:
    return request.url.endswith("/pyodide/pyodide.asm.wasm")


def other_link(page: Page) -> None:
    """Point at and focus a link that does not go to the checker."""
    other = page.locator("article a[href]:not([href*='sjekk'])").first
    other.hover()
    other.focus()


@pytest.mark.parametrize(("path", "checker"), [
    ("/individuell-plan/", "/sjekk/"),
    ("/nn/individuell-plan/", "/nn/sjekk/"),
])
def test_content_page_fetches_pyodide_only_after_focus_on_a_checker_link(
        national_site: Path, serve: Callable[[Path], str], session: Callable[..., Session],
        path: str, checker: str) -> None:
    base = serve(national_site)
    s = session(base, service_workers="block")
    page = s.new_page()
    page.goto(base + path, wait_until="networkidle")
    other_link(page)
    page.wait_for_load_state("networkidle")
    assert pyodide_requests(s.recorder.requests) == []

    link = page.locator("a[href$='sjekk/']").first
    assert link.evaluate("a => new URL(a.href).pathname") == checker
    with page.expect_request(is_wasm) as first:
        link.focus()
    assert first.value.url == base + "/pyodide/pyodide.asm.wasm"
    page.wait_for_load_state("networkidle")
    fetched = sorted(url.rsplit("/", 1)[1] for url in pyodide_requests(s.recorder.requests))
    assert fetched == sorted(RUNTIME)
    # Once is enough: pointing at it again asks for nothing more.
    link.hover()
    page.wait_for_load_state("networkidle")
    assert len(pyodide_requests(s.recorder.requests)) == len(RUNTIME)
    assert_clean(page)
    assert s.recorder.foreign() == []

