"""The quality gates' shared work: each site built once, crawled once, validated once.

`sites` are the three site shapes (national; askoy; bokn, whose default
language is nn). The cheap checks read every built file (test_links,
test_privacy, test_static_pages, test_html_validity). The browser `crawl`
opens one page per page structure, site and language (structure.py groups
the pages; `KOORDINERT_FULL_CRAWL=1`, i.e. `make test-full`, opens every
page), in Chromiums working side by side, and records what the test modules
here assert on: axe-core violations at 1280 px and at 390 px, the keyboard
path to the skip link, reflow at 640 px (200 % zoom of a 1280 px window) and
at 320 px, every request, the CSP meta tag, cookies and web storage.
`vnu_job` starts the Nu Html Checker early so it runs while the browsers
crawl.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, sync_playwright

from tests.browser.support import (
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    SIGNAL_TIMEOUT_MS,
    WATCH_SCRIPT,
    foreign,
)
from tests.conftest import ROOT
from tests.quality.stats import STATS
from tests.quality.structure import Group, full_crawl, group_pages, html_files, url_path

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Browsers crawling side by side, each in its own thread with its own
# Playwright: most of a page's time is Chromium's (layout, axe-core), so a
# 2-core machine gains from more than one.
CRAWLERS = 2

AXE_TAGS = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"


@pytest.fixture(scope="session")
def sites(national_site: Path, askoy_site: Path, bokn_site: Path) -> dict[str, Path]:
    return {"national": national_site, "askoy": askoy_site, "bokn": bokn_site}


__all__ = ["Crawl", "Group", "PageResult", "html_files", "url_path"]

# Widths every page kind is opened at: wide (axe, skip link), narrow (axe
# again: Material's mobile layout has its own drawer and search), and the two
# reflow widths of WCAG 1.4.10.
WIDE, NARROW = 1280, 390


@pytest.fixture(scope="session")
def crawl_plan(sites: dict[str, Path]) -> dict[str, list[Group]]:
    """Every built page of every site, grouped by structure and language."""
    return {name: group_pages(name, site) for name, site in sites.items()}


@dataclass
class PageResult:
    site: str
    path: str
    axe: list[dict[str, object]] = field(default_factory=list)          # at WIDE
    axe_narrow: list[dict[str, object]] = field(default_factory=list)   # at NARROW
    skip_link: str = ""          # problem with Tab → skip link, "" when fine
    overflow_640: str = ""
    overflow_320: str = ""
    csp: str | None = None
    csp_violations: list[str] = field(default_factory=list)
    storage: list[int] = field(default_factory=lambda: [0, 0])
    error: str = ""


@dataclass
class Crawl:
    groups: dict[str, list[Group]]            # site -> its page groups (the plan)
    pages: list[PageResult]                   # one per group, its representative
    requests: dict[str, list[str]]            # site -> every request URL
    foreign: dict[str, list[str]]             # site -> requests to other hosts
    by_worker: dict[str, int]                 # site -> how many a service worker made
    cookies: dict[str, list[object]]
    focus_walk: dict[str, list[str]]          # "site path" -> problems found tabbing through


SKIP_CHECK = """async () => {
  const a = document.activeElement;
  // Material fades the skip link in: let its running transitions finish first.
  if (a) await Promise.all(a.getAnimations().map(t => t.finished));
  if (!a || a === document.body) return 'Tab focused nothing';
  const cls = a.className || '';
  if (a.tagName !== 'A' || !/skip/.test(cls) || !(a.getAttribute('href') || '').startsWith('#'))
    return 'first Tab stop is not a skip link: ' + a.outerHTML.slice(0, 120);
  const r = a.getBoundingClientRect();
  if (r.width < 1 || r.height < 1 || r.bottom <= 0 || r.top >= innerHeight || r.right <= 0
      || r.left >= innerWidth) return 'skip link is focused but not visible on screen';
  const s = getComputedStyle(a);
  if (s.visibility === 'hidden' || Number(s.opacity) === 0) return 'skip link is transparent';
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
               || (s.boxShadow && s.boxShadow !== 'none');
  if (!ring) return 'skip link has no visible focus indicator (outline or box-shadow)';
  const target = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
  if (!target) return 'skip link target ' + a.getAttribute('href') + ' does not exist';
  return '';
}"""

FOCUS_RING = """() => {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  const s = getComputedStyle(a);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
               || (s.boxShadow && s.boxShadow !== 'none');
  const r = a.getBoundingClientRect();
  const shown = r.width > 0 && r.height > 0;
  return [a.tagName + (a.id ? '#' + a.id : '') + ' ' + (a.textContent || '').trim().slice(0, 30),
          ring, shown];
}"""

OVERFLOW = """() => {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  if (doc.scrollWidth <= width + 1) return '';
  // Boxes that reach past the viewport, and boxes whose own text spills out.
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return (r.right > width + 1 || e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0
            && getComputedStyle(e).overflowX === 'visible')
      && r.width > 0 && getComputedStyle(e).position !== 'fixed';
  }).slice(0, 4).map(e => e.tagName.toLowerCase()
    + (e.className ? '.' + String(e.className).split(' ')[0] : '')
    + ' right=' + Math.round(e.getBoundingClientRect().right));
  return 'page is ' + doc.scrollWidth + ' px wide in a ' + width + ' px viewport: '
    + wide.join(', ');
}"""


AXE_RUN = """async () => (await axe.run(document, {runOnly: {type: 'tag', values: AXE_TAGS},
                                 resultTypes: ['violations']})).violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map(n => n.target)}))
""".replace("AXE_TAGS", AXE_TAGS)

# Everything read from a page at 1280 px in one round trip: the skip link
# (after one Tab), axe-core, the CSP meta tag, CSP violations, web storage.
READ_PAGE = """async () => ({
  skip: await (SKIP_CHECK)(),
  axe: await (AXE_RUN)(),
  csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null,
  violations: window.__k_csp,
  storage: [localStorage.length, sessionStorage.length],
})""".replace("SKIP_CHECK", SKIP_CHECK).replace("AXE_RUN", AXE_RUN)


def _visit(page: Page, base: str, result: PageResult) -> None:
    page.set_viewport_size({"width": WIDE, "height": 800})
    response = page.goto(base + result.path, wait_until="load")
    if response is None or response.status != 200:
        result.error = f"HTTP {response.status if response else 'no response'}"
        return
    if result.path.endswith("/sjekk/") and page.locator("[data-k-checker]").count():
        # The checker page: assess the question flow as a visitor meets it.
        page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=SIGNAL_TIMEOUT_MS)
    page.keyboard.press("Tab")
    found = page.evaluate(READ_PAGE)
    result.skip_link, result.axe, result.csp = found["skip"], found["axe"], found["csp"]
    result.csp_violations, result.storage = found["violations"], found["storage"]
    page.set_viewport_size({"width": 640, "height": 800})
    result.overflow_640 = page.evaluate(OVERFLOW)
    page.set_viewport_size({"width": NARROW, "height": 800})
    result.axe_narrow = page.evaluate(AXE_RUN)
    page.set_viewport_size({"width": 320, "height": 640})
    result.overflow_320 = page.evaluate(OVERFLOW)


def _focus_walk(page: Page, base: str, path: str, limit: int = 80) -> list[str]:
    """Tab through the page: every stop must show a focus indicator."""
    page.set_viewport_size({"width": WIDE, "height": 800})
    page.goto(base + path, wait_until="load")
    problems, seen = [], 0
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_RING)
        if info is None:
            break
        seen += 1
        label, ring, shown = info
        if not ring:
            problems.append(f"no visible focus indicator on {label}")
        if not shown:
            problems.append(f"focus went to an invisible element {label}")
    if seen < 3:
        problems.append(f"only {seen} Tab stops")
    return problems


@pytest.fixture(scope="session")
def vnu_job(sites: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[subprocess.Popen[bytes], Path]]:
    """The Nu Html Checker over every HTML file of every site, started early."""
    report = tmp_path_factory.mktemp("vnu") / "vnu.json"
    with report.open("wb") as out:
        job = subprocess.Popen(
            ["java", "-Xss8m", "-jar", str(VNU), "--errors-only", "--format", "json",
             "--skip-non-html", *[str(p) for p in sites.values()]],
            stdout=subprocess.DEVNULL, stderr=out)
    yield job, report
    if job.poll() is None:
        job.kill()


@dataclass
class _Share:
    """One crawler's part of the work, and what it found."""
    work: list[tuple[str, str, str]]                 # (site name, base URL, path)
    pages: list[PageResult] = field(default_factory=list)
    requests: dict[str, list[str]] = field(default_factory=dict)
    by_worker: dict[str, int] = field(default_factory=dict)
    cookies: dict[str, list[object]] = field(default_factory=dict)
    failure: BaseException | None = None


def _record(share: _Share, site: str, request: Request) -> None:
    share.requests.setdefault(site, []).append(request.url)
    if request.service_worker is not None:
        share.by_worker[site] = share.by_worker.get(site, 0) + 1


def _crawl_share(share: _Share) -> None:
    """Visit a share of the pages in a Chromium of this thread's own (Playwright
    objects belong to the thread that made them), one context per site."""
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            by_site: dict[str, list[tuple[str, str]]] = {}
            for name, base, path in share.work:
                by_site.setdefault(name, []).append((base, path))
            for name, visits in by_site.items():
                context = browser.new_context(viewport={"width": WIDE, "height": 800})
                context.add_init_script(WATCH_SCRIPT)
                # Injected into every document before its own scripts; the page's
                # CSP does not govern init scripts, and the page cannot tell.
                context.add_init_script(path=str(AXE))
                # On the context, not the page: it also sees the requests the
                # checker's service worker makes on its own (precaching).
                context.on("request", partial(_record, share, name))
                page = context.new_page()
                for base, path in visits:
                    result = PageResult(name, path)
                    try:
                        _visit(page, base, result)
                    except Exception as exc:  # recorded, reported by the tests
                        result.error = f"{type(exc).__name__}: {str(exc)[:300]}"
                    share.pages.append(result)
                share.cookies.setdefault(name, []).extend(context.cookies())
                context.close()
            browser.close()
    except BaseException as exc:  # re-raised in the main thread
        share.failure = exc


def run_crawl(plan: dict[str, list[Group]], bases: dict[str, str],
              during: Callable[[], None] | None = None,
              crawlers: int = CRAWLERS) -> tuple[list[PageResult], dict[str, list[str]],
                                                 dict[str, int], dict[str, list[object]]]:
    """Open each group's representative page, `crawlers` Chromiums side by side;
    `during` runs in this thread meanwhile. Returns the pages' results, every
    request per site, the service worker's request count and cookies per site."""
    work = [(name, bases[name], group.representative)
            for name, groups in plan.items() for group in groups]
    # Dealt round-robin, so each crawler gets pages of every kind.
    shares = [_Share(work[i::crawlers]) for i in range(crawlers)]
    threads = [threading.Thread(target=_crawl_share, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    try:
        if during is not None:
            during()
    finally:
        for thread in threads:
            thread.join()
    for share in shares:
        if share.failure is not None:
            raise share.failure
    pages = sorted((p for share in shares for p in share.pages), key=lambda p: (p.site, p.path))
    requests: dict[str, list[str]] = {name: [] for name in plan}
    cookies: dict[str, list[object]] = {name: [] for name in plan}
    by_worker = dict.fromkeys(plan, 0)
    for share in shares:
        for name, urls in share.requests.items():
            requests[name].extend(urls)
        for name, count in share.by_worker.items():
            by_worker[name] += count
        for name, found in share.cookies.items():
            cookies[name].extend(found)
    return pages, requests, by_worker, cookies


@pytest.fixture(scope="session")
def crawl(sites: dict[str, Path], crawl_plan: dict[str, list[Group]], browser: Browser,
          serve: Callable[[Path], str], vnu_job: object) -> Crawl:
    bases = {name: serve(site) for name, site in sites.items()}
    walks: dict[str, list[str]] = {}

    def focus_walks() -> None:
        """In the session's browser, while the crawlers work: Tab through whole pages."""
        for name in sites:
            context = browser.new_context(viewport={"width": WIDE, "height": 800})
            page = context.new_page()
            prefixes = {"national": ("/", "/nn/", "/en/"), "askoy": ("/", "/nn/", "/en/"),
                        "bokn": ("/", "/nb/", "/en/")}[name]
            for prefix in prefixes:
                for path in (prefix, prefix + "klage/"):
                    walks[f"{name} {path}"] = _focus_walk(page, bases[name], path)
            context.close()

    started = time.monotonic()
    pages, requests, by_worker, cookies = run_crawl(crawl_plan, bases, focus_walks)
    outside = {name: foreign(bases[name], urls) for name, urls in requests.items()}
    # Reported, never asserted (the tests assert on the findings): what the
    # crawl covered and how long it took.
    STATS["crawl"] = "every page (full crawl)" if full_crawl() else "one page per structure"
    STATS["crawl_groups"] = sum(len(g) for g in crawl_plan.values())
    STATS["crawl_pages_covered"] = sum(len(g.members) for gs in crawl_plan.values() for g in gs)
    STATS["crawl_pages_opened"] = len(pages)
    STATS["crawl_widths_px"] = f"{WIDE} and {NARROW} (axe), 640 and 320 (reflow)"
    STATS["crawl_requests"] = sum(len(v) for v in requests.values())
    STATS["crawl_requests_by_service_worker"] = sum(by_worker.values())
    STATS["crawl_foreign_hosts"] = len({urlsplit(u).netloc for v in outside.values() for u in v})
    STATS["crawl_axe_violations"] = sum(len(p.axe) + len(p.axe_narrow) for p in pages)
    STATS["crawl_minutes"] = round((time.monotonic() - started) / 60, 1)
    return Crawl(crawl_plan, pages, requests, outside, by_worker, cookies, walks)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if STATS:
        terminalreporter.section("quality gates")
        for key, value in STATS.items():
            terminalreporter.write_line(f"{key}: {value}")
