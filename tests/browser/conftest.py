"""Real-browser fixtures: Debian's Chromium driven by Python Playwright.

Every page opened through `open_page` records each request it makes; the
fixture fails the test if any request goes to a host other than the local
server, if the page reports a Content-Security-Policy violation, or if it
stored anything (cookies, localStorage, sessionStorage).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from sitegen.serve import serve_in_thread

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


@dataclass
class Recorder:
    base: str
    requests: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        host = urlsplit(self.base).netloc
        return [u for u in self.requests
                if not u.startswith(("data:", "blob:")) and urlsplit(u).netloc != host]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    servers = []

    def _serve(directory: Path) -> str:
        server, url = serve_in_thread(directory)
        servers.append(server)
        return url

    yield _serve
    for server in servers:
        server.shutdown()


@dataclass
class Session:
    context: BrowserContext
    recorder: Recorder

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.on("request", lambda r: self.recorder.requests.append(r.url))
        return page


@pytest.fixture
def session(browser: Browser) -> Iterator[Callable[..., Session]]:
    """Make a browser context for a served site; privacy is checked when the test ends."""
    made: list[tuple[Session, list[Page]]] = []

    def _session(base: str, **context_args: object) -> Session:
        context = browser.new_context(**context_args)  # type: ignore[arg-type]
        context.add_init_script(WATCH_SCRIPT)
        s = Session(context, Recorder(base))
        made.append((s, []))
        return s

    yield _session
    for s, _ in made:
        foreign = s.recorder.foreign()
        cookies = s.context.cookies()
        s.context.close()
        assert not foreign, f"requests to other hosts: {foreign}"
        assert not cookies, f"cookies were set: {cookies}"


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
