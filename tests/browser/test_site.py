"""The national site in Chromium: languages, the switcher, privacy, and Pyodide booting."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.browser.support import SEARCH_WATCH, SIGNAL_TIMEOUT_MS, Session, assert_clean, search

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("start", "lang", "other", "other_lang"), [
    ("/klage/", "nb", "Norsk nynorsk", "nn"),
    ("/nn/klage/", "nn", "English", "en"),
    ("/en/klage/", "en", "Norsk bokmål", "nb"),
])
def test_language_switcher_keeps_the_page(
        national_site: Path, serve: Callable[[Path], str], session: Callable[..., Session],
        start: str, lang: str, other: str, other_lang: str) -> None:
    base = serve(national_site)
    s = session(base)
    page = s.new_page()
    page.goto(base + start)
    assert page.evaluate("document.documentElement.lang") == lang
    # The switcher opens on hover or focus; follow its link like a user would.
    page.hover(".md-select")
    page.get_by_role("link", name=other).click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == other_lang
    assert page.url.endswith("/klage/")
    assert page.locator("h1").first.inner_text().strip() != ""
    assert_clean(page)
    assert len(s.recorder.requests) > 3
    assert s.recorder.foreign() == []


def test_directory_filters_by_name_and_number(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    page = session(base).new_page()
    page.goto(base + "/kommuner/")
    box = page.get_by_label("Søk etter kommunenavn eller kommunenummer")
    box.fill("bok")
    assert page.locator("li[data-k-search]:visible").all_inner_texts()[0].startswith("Bokn")
    assert page.locator("li[data-k-search]:visible").count() == 1
    box.fill("4627")
    assert page.locator("li[data-k-search]:visible").all_inner_texts()[0].startswith("Askøy")
    box.fill("zzz")
    assert page.locator("#k-filter-status").inner_text() == "Ingen kommuner passer til søket."
    assert_clean(page)


def test_directory_without_javascript_is_a_plain_list(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    page = session(base, java_script_enabled=False).new_page()
    page.goto(base + "/nn/kommuner/")
    assert page.locator("#k-filter").is_hidden()
    assert page.locator("li[data-k-search]").count() == 357
    page.get_by_role("link", name="Bokn").click()
    assert "Koordinerande eining i Bokn kommune" in page.content()


def test_checker_page_boots_self_hosted_pyodide_and_runs_our_python(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    s = session(base)
    page = s.new_page()
    page.goto(base + "/sjekk/")
    page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=SIGNAL_TIMEOUT_MS)
    assert page.get_attribute("[data-k-checker]", "data-k-python").startswith("3.13.")
    answer = page.evaluate(
        "window.koordinertChecker.ask({command: 'deadline.complaint', as_of: '2026-11-22',"
        " received: '2026-03-12', basis: 'social'})")
    assert answer["deadline"] == "2026-04-07"
    assert any(r.endswith("pyodide.asm.wasm") for r in s.recorder.requests)
    assert any(".whl" in r for r in s.recorder.requests)
    assert_clean(page)


# Every worker the page starts (its address and name) and every message the
# page posts to one (its type), recorded before the page's own scripts run.
WORKER_WATCH = """
window.__k_workers = []; window.__k_posted = [];
(function () {
  const Real = window.Worker;
  const post = Real.prototype.postMessage;
  Real.prototype.postMessage = function (message, ...rest) {
    window.__k_posted.push(message && message.type);
    return post.call(this, message, ...rest);
  };
  window.Worker = function (url, options) {
    window.__k_workers.push([String(url), (options && options.name) || ""]);
    return new Real(url, options);
  };
  window.Worker.prototype = Real.prototype;
})();
"""


@pytest.mark.parametrize("link", ["fast", "slow"])
def test_the_worker_starts_pyodide_from_its_name_on_a_fast_link(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session], link: str) -> None:
    """Fast (the page's response within 50 ms): the checker's worker is named
    with Pyodide's folder and starts at once. Slow (the response 200 ms
    late): no name, the page's message once the first question is on screen.
    Python is ready either way."""
    base = serve(national_site)
    s = session(base, service_workers="block")
    s.context.add_init_script(WORKER_WATCH)
    page = s.new_page()
    if link == "slow":  # the page's response 200 ms after its request
        page.route(base + "/sjekk/", lambda route: (
            time.sleep(0.2), route.fulfill(response=route.fetch())))
    page.goto(base + "/sjekk/")
    waited = page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0];"
                           " return n.responseStart - n.requestStart; })()")
    assert (waited < 50) == (link == "fast"), waited
    page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=SIGNAL_TIMEOUT_MS)
    checker = [w for w in page.evaluate("window.__k_workers") if "checker-worker.js" in w[0]]
    assert len(checker) == 1, checker
    address, name = checker[0]
    assert address == base + "/assets/koordinert/checker-worker.js"
    assert name == (base + "/pyodide/" if link == "fast" else "")
    # The page's message comes all the same (the worker starts once).
    assert page.evaluate("window.__k_posted").count("boot") == 1
    if link == "fast":
        # The worker alone, named and sent nothing: it starts Python by itself.
        version = page.evaluate("""(url) => new Promise((resolve, reject) => {
          const w = new Worker(url, { type: "module", name: new URL("../../pyodide/", url).href });
          w.onmessage = (e) => {
            if (e.data.type === "ready") resolve(e.data.version);
            if (e.data.type === "failed") reject(new Error(e.data.reason));
          };
          setTimeout(() => reject(new Error("the worker did not start")), 60000);
        })""", base + "/assets/koordinert/checker-worker.js")
        assert version.startswith("3.13."), version
    assert_clean(page)


def test_content_pages_fetch_nothing_of_pyodide(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    s = session(base)
    page = s.new_page()
    for path in ["/", "/individuell-plan/", "/nn/barnekoordinator/", "/en/klage/"]:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    assert not [r for r in s.recorder.requests if "pyodide" in r or r.endswith(".whl")]


@pytest.mark.parametrize(("prefix", "query", "expected_href"), [
    ("/", "barnekoordinator", "barnekoordinator/"),
    ("/nn/", "klage", "klage/"),
    ("/en/", "complaint", "klage/"),
])
def test_search_works_per_language(
        national_site: Path, serve: Callable[[Path], str], session: Callable[..., Session],
        prefix: str, query: str, expected_href: str) -> None:
    base = serve(national_site)
    s = session(base)
    s.context.add_init_script(SEARCH_WATCH)
    page = s.new_page()
    page.goto(base + prefix)
    # The index is built in Material's worker: search once it says so.
    results = search(page, query)
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert any(prefix + expected_href in h for h in hrefs), hrefs
    # Results come from this language only.
    others = {"/": ("/nn/", "/en/"), "/nn/": ("/en/",), "/en/": ("/nn/",)}[prefix]
    assert not [h for h in hrefs if any(o in h for o in others)]
    assert_clean(page)
