"""The quality gates' shared work: each site built once, crawled once, validated once.

`sites` are the three site shapes (national; askoy; bokn, whose default
language is nn). `crawl` visits pages of all three in one Chromium and records
what every test module here asserts on: axe-core violations, the keyboard path
to the skip link, reflow at 640 px (200 % zoom of a 1280 px window) and at
320 px, every request, the CSP meta tag, cookies and web storage. `vnu_job`
starts the Nu Html Checker early so it runs while the browser crawls.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.support import AXE, WATCH_SCRIPT
from tests.conftest import ROOT
from tests.quality.stats import STATS

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
STATIC_STATES = "/uten-js/"
# Per site and language, how many kinds of no-JavaScript checker page to open.
STATIC_KINDS = {"national": 30, "askoy": 6, "bokn": 6}

AXE_TAGS = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"


@pytest.fixture(scope="session")
def sites(national_site: Path, askoy_site: Path, bokn_site: Path) -> dict[str, Path]:
    return {"national": national_site, "askoy": askoy_site, "bokn": bokn_site}


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def url_path(site: Path, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def _skeleton(html: str) -> str:
    """The page's structure without its words or values, repeated rows folded."""
    text = re.sub(r">[^<]*<", "><", html)
    text = re.sub(r'="[^"]*"', "", text)
    text = re.sub(r"(<div><dt></dt><dd></dd><dd><a><span></span></a></dd></div>)+", r"\1", text)
    text = re.sub(r"(<li><a></a></li>)+", r"\1", text)
    return hashlib.sha1(text.encode()).hexdigest()


def pages_to_open(name: str, site: Path) -> list[str]:
    """Every page built by mkdocs, plus one no-JavaScript checker page of each kind.

    The no-JavaScript checker pages (about 2,700 per language) come from one
    template and differ only in words; every one of them is still checked by
    the HTML validator, the link checker and the CSP check, which read files.
    """
    chosen, kinds = [], {}
    for file in html_files(site):
        path = url_path(site, file)
        if STATIC_STATES not in path:
            chosen.append(path)
            continue
        lang = path.split("/")[1] if path.split("/")[1] in ("nn", "en", "nb") else "default"
        kind = (lang, _skeleton(file.read_text(encoding="utf-8")))
        if kind not in kinds:
            kinds[kind] = path
    limit = STATIC_KINDS[name]
    by_lang: dict[str, list[str]] = {}
    for (lang, _), path in sorted(kinds.items(), key=lambda item: item[1]):
        by_lang.setdefault(lang, []).append(path)
    for paths in by_lang.values():
        chosen.extend(paths if limit is None else paths[:limit])
    return chosen


@dataclass
class PageResult:
    site: str
    path: str
    axe: list[dict[str, object]] = field(default_factory=list)
    skip_link: str = ""          # problem with Tab → skip link, "" when fine
    overflow_640: str = ""
    overflow_320: str = ""
    csp: str | None = None
    csp_violations: list[str] = field(default_factory=list)
    storage: list[int] = field(default_factory=lambda: [0, 0])
    error: str = ""


@dataclass
class Crawl:
    pages: list[PageResult]
    requests: dict[str, list[str]]            # site -> every request URL
    foreign: dict[str, list[str]]             # site -> requests to other hosts
    cookies: dict[str, list[object]]
    focus_walk: dict[str, list[str]]          # "site path" -> problems found tabbing through


SKIP_CHECK = """async () => {
  const a = document.activeElement;
  // Material fades the skip link in: let a running transition finish first.
  if (a && Number(getComputedStyle(a).opacity) < 1) await new Promise(r => setTimeout(r, 450));
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
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.right > width + 1 && r.width > 0 && getComputedStyle(e).position !== 'fixed';
  }).slice(0, 4).map(e => e.tagName.toLowerCase()
    + (e.className ? '.' + String(e.className).split(' ')[0] : '')
    + ' right=' + Math.round(e.getBoundingClientRect().right));
  return 'page is ' + doc.scrollWidth + ' px wide in a ' + width + ' px viewport: '
    + wide.join(', ');
}"""


def _visit(page: Page, base: str, result: PageResult) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    response = page.goto(base + result.path, wait_until="load")
    if response is None or response.status != 200:
        result.error = f"HTTP {response.status if response else 'no response'}"
        return
    if result.path.endswith("/sjekk/") and page.locator("[data-k-checker]").count():
        # The checker page: assess the question flow as a visitor meets it.
        page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=60_000)
    page.keyboard.press("Tab")
    result.skip_link = page.evaluate(SKIP_CHECK)
    axe = page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {AXE_TAGS}}}}})")
    result.axe = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                   "nodes": [n["target"] for n in v["nodes"]][:4]} for v in axe["violations"]]
    page.set_viewport_size({"width": 640, "height": 800})
    result.overflow_640 = page.evaluate(OVERFLOW)
    page.set_viewport_size({"width": 320, "height": 640})
    result.overflow_320 = page.evaluate(OVERFLOW)
    result.csp = page.evaluate(
        "document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')?.content ?? null")
    result.csp_violations = page.evaluate("window.__k_csp")
    result.storage = page.evaluate("[localStorage.length, sessionStorage.length]")


def _focus_walk(page: Page, base: str, path: str, limit: int = 80) -> list[str]:
    """Tab through the page: every stop must show a focus indicator."""
    page.set_viewport_size({"width": 1280, "height": 800})
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


@pytest.fixture(scope="session")
def crawl(sites: dict[str, Path], browser: Browser, serve: object,
          vnu_job: object) -> Crawl:
    pages: list[PageResult] = []
    requests: dict[str, list[str]] = {}
    foreign: dict[str, list[str]] = {}
    cookies: dict[str, list[object]] = {}
    walks: dict[str, list[str]] = {}
    for name, site in sites.items():
        base = serve(site)  # type: ignore[operator]
        host = urlsplit(base).netloc
        seen: list[str] = []
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.add_init_script(WATCH_SCRIPT)
        # Injected into every document before its own scripts; the page's CSP
        # does not govern init scripts, and the page cannot see the difference.
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.on("request", lambda r, seen=seen: seen.append(r.url))
        for path in pages_to_open(name, site):
            result = PageResult(name, path)
            try:
                _visit(page, base, result)
            except Exception as exc:  # recorded, reported by the tests
                result.error = f"{type(exc).__name__}: {str(exc)[:300]}"
            pages.append(result)
        prefixes = {"national": ("/", "/nn/", "/en/"), "askoy": ("/", "/nn/", "/en/"),
                    "bokn": ("/", "/nb/", "/en/")}[name]
        for prefix in prefixes:
            for path in (prefix, prefix + "klage/"):
                walks[f"{name} {path}"] = _focus_walk(page, base, path)
        page.close()
        requests[name] = seen
        foreign[name] = [u for u in seen if not u.startswith(("data:", "blob:"))
                         and urlsplit(u).netloc != host]
        cookies[name] = list(context.cookies())
        context.close()
    STATS["pages_crawled"] = len(pages)
    STATS["requests_seen"] = sum(len(v) for v in requests.values())
    return Crawl(pages, requests, foreign, cookies, walks)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if STATS:
        terminalreporter.section("quality gates")
        for key, value in STATS.items():
            terminalreporter.write_line(f"{key}: {value}")
