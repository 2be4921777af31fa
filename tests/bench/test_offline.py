"""The checker offline, in Chromium: after one visit to the checker page the
service worker (sw.js at the site's root, see sitegen/offline.py) serves it
with the network cut, and a rebuilt site with new files replaces the old cache.

Behaviour only: nothing here is timed. The browser and the privacy checks
are the shared fixtures of tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from sitegen.build import BuildOptions, build
from tests.browser.support import Session, assert_clean
from tests.conftest import AS_OF

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REQUEST = {"command": "eligibility", "as_of": AS_OF.isoformat(), "answers": {
    "for_whom": "child", "child_birth_date": "2015-05-05", "services_needed": 3,
    "long_term": True, "complex": True, "serious_condition": True,
    "other_welfare_services": True, "wants_plan": True, "wants_coordinator": True}}
WAIT_S = 90


def build_into(out: Path, as_of: dt.date) -> str:
    """Build the national site into `out` and return its service worker's version."""
    result = build(BuildOptions(as_of=as_of, out=out, generated_dir=out.parent / "gen"))
    assert result.ok, [p.format() for p in result.problems.errors]
    assert (out / "sw.js").is_file()
    return manifest(out)["version"]


def manifest(site: Path) -> dict[str, object]:
    text = (site / "sw.js").read_text(encoding="utf-8")
    match = re.search(r"^const MANIFEST = (.*);$", text, re.MULTILINE)
    assert match, "sw.js has no filled-in MANIFEST"
    data: dict[str, object] = json.loads(match.group(1))
    return data


def open_checker(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=WAIT_S * 1000)


def wait_until(page: Page, script: str, what: str) -> object:
    """Poll an async expression in the page until it is truthy (a deadline, not a timing)."""
    deadline = time.monotonic() + WAIT_S
    while True:
        value = page.evaluate(script)
        if value:
            return value
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        page.wait_for_timeout(200)


MUNICIPALITY_IDS = """() => fetch(document.querySelector("[data-k-checker]").dataset.kMuniSrc)
  .then(r => r.json()).then(d => Object.keys(d.municipalities))"""
CACHE_NAMES = "caches.keys().then(k => k.filter(n => n.startsWith('koordinert-checker-')))"
CACHED_URLS = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    out[name] = (await (await caches.open(name)).keys()).map(r => r.url);
  }
  return out;
}"""


def wait_for_cache(page: Page, version: str) -> None:
    wait_until(page, "navigator.serviceWorker.controller !== null", "the worker to take control")
    wait_until(page, f"{CACHE_NAMES}.then(k => k.length === 1 && "
               f"k[0] === 'koordinert-checker-{version}')", f"cache {version}")


def test_checker_loads_and_answers_offline_after_one_visit(
        national_site: Path, serve: Callable[[Path], str], session: Callable[..., Session]) -> None:
    # The session's national site (built as of AS_OF, read only here): a fresh
    # server is a fresh origin, so no service worker has seen it yet.
    site = national_site
    assert (site / "sw.js").is_file()
    version = str(manifest(site)["version"])
    base = serve(site)
    s = session(base)

    first = s.new_page()
    open_checker(first, base + "/sjekk/")
    wait_for_cache(first, version)
    first.close()

    s.context.set_offline(True)
    for prefix in ("/sjekk/", "/nn/sjekk/", "/en/sjekk/"):
        page = s.new_page()
        response = page.goto(base + prefix)
        assert response is not None and response.from_service_worker, prefix
        page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=WAIT_S * 1000)
        answer = page.evaluate("r => window.koordinertChecker.ask(r)", REQUEST)
        assert answer["results"]["barnekoordinator"]["outcome"] == "eligible", answer
        # The municipality details the page fetches when one is chosen.
        names = page.evaluate(MUNICIPALITY_IDS)
        assert "askoy" in names, (prefix, names)
        if prefix == "/sjekk/":
            # The question flow itself, which asks Python for the next question.
            first_question = page.locator("[data-k-checker] form[data-k-question]:visible").first
            first_question.locator("input[type=radio]").first.check()
            first_question.locator("button[type=submit]").click()
            page.wait_for_function(
                "() => { const f = [...document.querySelectorAll("
                "'[data-k-checker] form[data-k-question]')];"
                " return f[0].hidden && f.some(x => !x.hidden); }",
                timeout=WAIT_S * 1000)
        assert_clean(page)
        # Cache Storage holds exactly the listed site files: nothing typed, no query strings.
        cached = page.evaluate(CACHED_URLS)
        assert list(cached) == [f"koordinert-checker-{version}"]
        files = manifest(site)["files"]
        assert isinstance(files, list)
        expected = sorted(base + "/" + f.removeprefix("./") for f in files)
        assert sorted(cached[f"koordinert-checker-{version}"]) == expected
        page.close()
    s.context.set_offline(False)


def test_a_new_build_replaces_the_old_cache(
        tmp_path: Path, serve: Callable[[Path], str], session: Callable[..., Session]) -> None:
    site = tmp_path / "site"
    old = build_into(site, AS_OF)
    base = serve(site)
    s = session(base)
    page = s.new_page()
    open_checker(page, base + "/sjekk/")
    wait_for_cache(page, old)

    # Another day: the checker page's deadline table changes, so does the version.
    new = build_into(site, AS_OF + dt.timedelta(days=1))
    assert new != old
    page.reload()  # the browser looks for a new sw.js on navigation
    page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=WAIT_S * 1000)
    wait_for_cache(page, new)
    page.reload()  # now from the new cache: the new build's page
    page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=WAIT_S * 1000)
    fresh = (site / "sjekk" / "index.html").read_text(encoding="utf-8")
    assert page.evaluate("document.getElementById('k-checker-data').textContent") in fresh
    assert page.evaluate(CACHE_NAMES) == [f"koordinert-checker-{new}"]
