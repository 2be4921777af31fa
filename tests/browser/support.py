"""Real-browser support: Debian's Chromium driven by Python Playwright.

The fixtures (playwright, browser, serve, session) are in tests/conftest.py so
that every test folder shares one Playwright and one browser.

Every page opened through `open_page` records each request it makes; the
fixture fails the test if any request goes to a host other than the local
server, if the page reports a Content-Security-Policy violation, or if it
stored anything (cookies, localStorage, sessionStorage).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Locator, Page

CHROMIUM = os.environ.get("KOORDINERT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

WATCH_SCRIPT = """
window.__k_csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__k_csp.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


# How long a test waits at most for a signal that comes once the machine gets
# to it (Pyodide ready, a search index built). Never a pause: each wait ends
# as soon as its signal comes; the bound only turns a hang into a failure, and
# is generous because a loaded 2-core machine can take a minute to start Pyodide.
SIGNAL_TIMEOUT_MS = 180_000
# The same for every other wait (an action's element, an `expect`): the
# checker answers through its Python worker, which a loaded machine delays.
# Playwright's own defaults (30 s; 5 s for `expect`) were too short there.
STEP_TIMEOUT_MS = 60_000

# Marks when Material's search worker says its index is built: the worker
# posts {type: 1} (SearchMessageType.READY in mkdocs-material 9.x); the page's
# <html> then gets the attribute data-k-test-search-ready. Added to
# a context with add_init_script; other workers (Pyodide's) are untouched.
SEARCH_WATCH = """
window.__k_search_ready = false;
(function () {
  const Native = window.Worker;
  function Watched(url, options) {
    const worker = new Native(url, options);
    if (/\\/workers\\/search\\.[^/]*\\.js/.test(String(url))) {
      worker.addEventListener('message', (e) => {
        if (e.data && e.data.type === 1) {
          window.__k_search_ready = true;
          document.documentElement.setAttribute('data-k-test-search-ready', '');
        }
      });
    }
    return worker;
  }
  Watched.prototype = Native.prototype;
  window.Worker = Watched;
})();
"""


def search(page: Page, query: str) -> Locator:
    """Search with Material's search box once its index is built, as a user
    would who waits for it, and return the result links once they are shown.
    The context needs SEARCH_WATCH."""
    # A selector, not wait_for_function: Playwright polls a function with
    # eval(), which the pages' CSP (no 'unsafe-eval') rightly refuses.
    page.wait_for_selector("html[data-k-test-search-ready]", state="attached",
                           timeout=SIGNAL_TIMEOUT_MS)
    box = page.locator("input.md-search__input")
    box.click()
    # The whole query at once, then a key up (Material searches on keyup):
    # typed letter by letter, the results of "k" could be read for "klage".
    box.fill(query)
    box.press("End")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(state="attached", timeout=SIGNAL_TIMEOUT_MS)
    return results


def foreign(base: str, urls: list[str]) -> list[str]:
    """The requests among urls that went to a host other than base's."""
    host = urlsplit(base).netloc
    return [u for u in urls if not u.startswith(("data:", "blob:")) and urlsplit(u).netloc != host]


@dataclass
class Recorder:
    base: str
    requests: list[str] = field(default_factory=list)      # made by the pages
    everything: list[str] = field(default_factory=list)    # pages and service workers

    def foreign(self) -> list[str]:
        return foreign(self.base, self.everything)


@dataclass
class Session:
    context: BrowserContext
    recorder: Recorder

    def __post_init__(self) -> None:
        # The context also sees what a service worker fetches on its own
        # (Playwright reports service-worker requests on the context in Chromium).
        self.context.on("request", lambda r: self.recorder.everything.append(r.url))

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.on("request", lambda r: self.recorder.requests.append(r.url))
        return page


def assert_clean(page: Page) -> None:
    """No CSP violation and nothing stored in the browser by this page."""
    violations = page.evaluate("window.__k_csp")
    assert violations == [], f"CSP violations on {page.url}: {violations}"
    stored = page.evaluate("[localStorage.length, sessionStorage.length]")
    assert stored == [0, 0], f"{page.url} stored data: {stored}"


def run_axe(page: Page) -> list[dict[str, object]]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now."""
    # Evaluated through the DevTools protocol, which the page's CSP does not
    # govern (an injected <script> tag would be blocked by it, rightly).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [{"id": v["id"], "impact": v["impact"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


# The checker has finished starting Python (checker-boot.js sets the state).
CHECKER_READY = "[data-k-checker][data-k-state=ready]"


def reset_checker(page: Page) -> None:
    """Bring a checker page whose Python is ready back to where a fresh load
    starts, through the page's own "clear my answers": no answer, no result,
    every deadline tool empty, the first question shown; on screen, not in
    print. Raises if the page does not get there (the caller then loads a
    fresh page)."""
    page.emulate_media(media="null")
    # The button is part of the question flow; pressed as the page's own
    # handler sees it, whichever step the last test left on screen.
    page.locator("[data-k-clear]").evaluate("b => b.click()")
    page.locator("[data-k-question=for_whom]").wait_for(state="visible")
    left = page.evaluate("""() => ({
      checked: document.querySelectorAll('[data-k-checker] input:checked').length,
      results: [...document.querySelectorAll('[data-k-result], [data-k-tool-result]')]
        .filter(e => !e.hidden && e.getClientRects().length > 0).length,
      ready: document.querySelector('[data-k-checker]').getAttribute('data-k-state'),
    })""")
    if left != {"checked": 0, "results": 0, "ready": "ready"}:
        raise AssertionError(f"the checker page did not clear: {left}")
