"""The embeddable checker in Chromium, from plain host pages on other loopback
origins (127.0.0.2 is listed in the municipality's file, 127.0.0.3 is not),
with the site served by nginx under the generated configuration."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from sitegen.deploy import NginxServer
from tests.browser.support import AXE, WATCH_SCRIPT
from tests.conftest import ROOT
from tests.publish.conftest import Host, HostPage

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "_artifacts"
PREFIX = {"nb": "", "nn": "nn/", "en": "en/"}


def embedded(page: Page) -> Frame:
    frame = page.frame_locator("iframe[data-koordinert-embed]")
    frame.locator("[data-k-checker][data-k-state=ready]").wait_for(timeout=90_000)
    found = page.frames[1]
    assert "/sjekk/embed/" in found.url
    return found


def frame_height(page: Page) -> float:
    return float(page.locator("iframe[data-koordinert-embed]").evaluate(
        "f => f.getBoundingClientRect().height"))


def content_height(frame: Frame) -> float:
    return float(frame.evaluate(
        "Math.ceil(document.querySelector('[data-k-embed]').getBoundingClientRect().bottom)"))


def tab_to(page: Page, frame: Frame, test: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if frame.evaluate(f"(() => {{ const e = document.activeElement; "
                          f"return !!e && document.hasFocus() && ({test}); }})()"):
            return
    raise AssertionError(f"Tab never reached: {test}")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_embedded_checker_renders_resizes_and_works_by_keyboard(
        nginx: NginxServer, browser: Browser, listed_host: Host, host_page: HostPage,
        lang: str) -> None:
    url = host_page(listed_host, f"embed-{lang}", f"{nginx.url}/{PREFIX[lang]}sjekk/embed/")
    context = browser.new_context(viewport={"width": 800, "height": 900})
    context.add_init_script(WATCH_SCRIPT)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    failed: list[str] = []
    context.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page = context.new_page()
    page.goto(url)
    frame = embedded(page)
    # No site chrome: no Material header, navigation or footer in the frame.
    assert frame.locator(".md-header, .md-tabs, .md-footer, .md-sidebar").count() == 0
    assert frame.evaluate("document.documentElement.lang") == lang
    # Sized by its content: the host script set the height the page reported.
    page.wait_for_function(
        "() => /px$/.test(document.querySelector('iframe[data-koordinert-embed]').style.height)")
    first = frame_height(page)
    assert first != pytest.approx(40 * 16, abs=2), "still the snippet's default height"
    assert abs(first - content_height(frame) - 16) <= 2
    assert frame.evaluate("document.documentElement.scrollHeight") <= first + 1
    # Keyboard: from the host page into the frame, answer, continue.
    tab_to(page, frame, "e.type === 'radio' && e.name === 'for_whom'")
    page.keyboard.press("Space")
    tab_to(page, frame, "e.closest('[data-k-question=for_whom]') && e.type === 'submit'")
    page.keyboard.press("Enter")
    expect(frame.locator("[data-k-question=services_needed]")).to_be_visible()
    # Resized again as the content changed (the next step's height).
    page.wait_for_function(
        "h => Math.abs(document.querySelector('iframe[data-koordinert-embed]')"
        ".getBoundingClientRect().height - h) > 1", arg=first)
    assert abs(frame_height(page) - content_height(frame) - 16) <= 2
    # axe-core inside the frame (evaluated through DevTools, not the page's CSP).
    frame.evaluate(AXE.read_text(encoding="utf-8"))
    result = frame.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    assert [v["id"] for v in result["violations"]] == []
    assert frame.evaluate("window.__k_csp") == []
    # (A third-party frame may not even read web storage; no cookies either.)
    assert context.cookies() == []
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"embed-host-{lang}.png"
    # Tall enough for all of it: Chromium paints a cross-origin frame only
    # within the viewport in a full-page screenshot.
    page.set_viewport_size({"width": 800, "height": int(page.evaluate(
        "document.documentElement.scrollHeight")) + 10})
    page.screenshot(path=str(shot), full_page=True)
    context.close()
    allowed = (nginx.url, listed_host.origin)
    assert [u for u in requests if not u.startswith(allowed)] == []
    # The page one folder deeper still finds the build's answers beside the
    # checker (/sjekk/instant.json), and nothing it asks for is missing.
    assert f"{nginx.url}/{PREFIX[lang]}sjekk/instant.json" in requests
    assert failed == []


def test_an_origin_not_listed_cannot_frame_the_checker(
        nginx: NginxServer, browser: Browser, other_host: Host, host_page: HostPage,
        published: Path) -> None:
    url = host_page(other_host, "not-listed", f"{nginx.url}/sjekk/embed/")
    context = browser.new_context()
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "frame-ancestors" in m.text else None)
    responses: list[int] = []
    page.on("response", lambda r: responses.append(r.status) if "/sjekk/embed/" in r.url else None)
    with page.expect_event("console", predicate=lambda m: "frame-ancestors" in m.text,
                           timeout=30_000):
        page.goto(url)
    assert any(re.search(r"frame-ancestors", text) for text in blocked)
    assert responses == [200]  # served, then refused by the browser
    # The frame holds no checker, and the host page's frame keeps its own height.
    assert [f.url for f in page.frames[1:] if "/sjekk/" in f.url] == []
    assert frame_height(page) == pytest.approx(40 * 16, abs=2)
    context.close()


def test_other_pages_of_the_site_cannot_be_framed_even_by_a_listed_origin(
        nginx: NginxServer, browser: Browser, listed_host: Host, host_page: HostPage) -> None:
    url = host_page(listed_host, "whole-checker", f"{nginx.url}/sjekk/")
    context = browser.new_context()
    page = context.new_page()
    with page.expect_event("console", predicate=lambda m: "frame-ancestors" in m.text,
                           timeout=30_000):
        page.goto(url)
    # The refused frame is left empty (Chromium gives it no URL).
    assert [f.url for f in page.frames[1:] if "/sjekk/" in f.url] == []
    context.close()
