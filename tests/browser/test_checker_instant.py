"""The checker page answers before Python is ready, from what the build
prepared with the same engine (sitegen/instant.py), and goes on answering
when Python cannot start.

Pyodide is held back by leaving its runtime's requests unanswered (page.route,
service worker blocked so the route sees them); the answers must then equal
the command line's. Each cause of a failed start gets its own test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from sitegen.render import CSP
from tests.browser.support import SIGNAL_TIMEOUT_MS, Session, assert_clean
from tests.browser.test_checker_page import (
    ADULT_DONT_KNOW,
    ELIGIBLE_CHILD,
    NOON,
    PREFIX,
    RECORD_XHR,
    TEXT,
    answer,
    answer_all,
    show_result,
)
from tests.conftest import AS_OF, ROOT

pytestmark = pytest.mark.browser

RUNTIME = "**/pyodide/pyodide.mjs"


def cli(*args: str, stdin: str | None = None) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-m", "checker", *args], input=stdin,
                         capture_output=True, text=True, check=True, cwd=ROOT)
    result: dict[str, object] = json.loads(out.stdout)
    return result


def cli_outcomes(path: list[tuple[str, str]]) -> dict[str, str]:
    """The outcomes the command line gives for the answers of a path."""
    values = {"yes": True, "no": False, "unknown": "unknown", "2_or_more": 2}
    answers: dict[str, object] = {}
    for qid, token in path:
        if "/" in token:
            d, m, y = token.split("/")
            answers[qid] = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
        else:
            answers[qid] = values.get(token, token)
    out = cli("eligibility", "--answers", "-", "--as-of", AS_OF.isoformat(),
              stdin=json.dumps(answers))
    results = out["results"]
    assert isinstance(results, dict)
    return {p: r["outcome"] for p, r in results.items()}


class Held:
    """Pyodide's runtime requests, left unanswered until release()."""

    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.released = False

    def __call__(self, route: Route) -> None:
        if self.released:
            route.continue_()
        else:
            self.routes.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.routes:
            route.continue_()


@contextmanager
def held_checker(s: Session, base: str, lang: str) -> Iterator[tuple[Page, Held]]:
    held = Held()
    page = s.new_page()
    page.clock.set_fixed_time(NOON)
    page.route(RUNTIME, held)
    page.goto(base + PREFIX[lang] + "sjekk/")
    expect(page.locator("[data-k-question=for_whom]")).to_be_visible()
    yield page, held


def complaint(page: Page, day: str, month: str, year: str, basis: str) -> str:
    form = page.locator("form[data-k-tool=complaint]")
    form.locator("[data-k-part=day]").fill(day)
    form.locator("[data-k-part=month]").fill(month)
    form.locator("[data-k-part=year]").fill(year)
    form.locator(f"input[value={basis}]").check()
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-k-tool-result]")).to_be_visible()
    value: str = form.locator(".k-deadline time").get_attribute("datetime") or ""
    return value


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_whole_flow_and_a_deadline_while_python_is_held_back(
        national_site: Path, serve: Callable[[Path], str], session: Callable[..., Session],
        lang: str) -> None:
    base = serve(national_site)
    s = session(base, service_workers="block")
    with held_checker(s, base, lang) as (page, held):
        for path in (ELIGIBLE_CHILD, ADULT_DONT_KNOW):
            answer_all(page, path)
            assert show_result(page) == cli_outcomes(path)
            page.locator("[data-k-clear]").click()
        deadline = complaint(page, "12", "3", "2026", "social")
        expected = cli("deadline", "complaint", "--received", "2026-03-12", "--basis", "social",
                       "--as-of", AS_OF.isoformat())
        assert deadline == expected["deadline"]
        reply = page.locator("form[data-k-tool=reply]")
        reply.locator("[data-k-part=day]").fill("31")
        reply.locator("[data-k-part=month]").fill("1")
        reply.locator("[data-k-part=year]").fill("2026")
        reply.locator("button[type=submit]").click()
        expect(reply.locator(".k-deadline time")).to_have_attribute("datetime", "2026-02-28")
        # Nothing waited, nothing said: Python never came.
        assert held.routes, "the runtime was not requested"
        assert page.locator("[data-k-checker]").get_attribute("data-k-state") == "loading"
        expect(page.locator("[data-k-status]")).to_have_text("")
        assert page.locator("[data-k-working-note]:not(:empty)").count() == 0
        # A date the build did not prepare waits for Python, and says so.
        form = page.locator("form[data-k-tool=complaint]")
        form.locator("[data-k-part=year]").fill("2023")
        form.locator("button[type=submit]").click()
        expect(form.locator("[data-k-working-note]")).to_have_text(TEXT[lang]["checker.working"])
        held.release()
        page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=60_000)
        expect(form.locator("[data-k-working-note]")).to_have_text("")
        expect(form.locator(".k-deadline time")).to_have_attribute(
            "datetime", str(cli("deadline", "complaint", "--received", "2023-03-12",
                                "--basis", "social", "--as-of", AS_OF.isoformat())["deadline"]))
        assert_clean(page)


def test_python_finishing_mid_journey_changes_nothing_shown(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    s = session(base, service_workers="block")
    with held_checker(s, base, "en") as (page, held):
        for qid, token in ELIGIBLE_CHILD[:3]:
            answer(page, qid, token)
        shown = page.locator("[data-k-app]").first.inner_html()
        held.release()
        page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=60_000)
        assert page.locator("[data-k-app]").first.inner_html() == shown
        for qid, token in ELIGIBLE_CHILD[3:]:
            answer(page, qid, token)
        show_result(page)
        live = shown_result(page)
    # The same journey with Python held back the whole way shows the same.
    s2 = session(base, service_workers="block")
    with held_checker(s2, base, "en") as (page2, _held):
        answer_all(page2, ELIGIBLE_CHILD)
        show_result(page2)
        assert page2.locator("[data-k-checker]").get_attribute("data-k-state") == "loading"
        assert shown_result(page2) == live


def shown_result(page: Page) -> list[str]:
    """What the result step shows of the engine's answer: outcomes, reasons,
    dates, the answers and the print line (the municipality list beside them
    is trimmed and refilled on its own schedule)."""
    return [page.locator(f"[data-k-result] {part}").inner_html()
            for part in ("[data-k-outcomes]", "[data-k-unknown]", "[data-k-result-answers]",
                         "[data-k-print-meta]")]


def _serve_with(page: Page, pattern: str, change: Callable[[str], str] | None = None,
                headers: Callable[[dict[str, str]], dict[str, str]] | None = None) -> None:
    def handler(route: Route) -> None:
        response = route.fetch()
        body = response.text() if change else None
        h = headers(dict(response.headers)) if headers else dict(response.headers)
        if change and body is not None:
            h.pop("content-length", None)
            route.fulfill(status=response.status, headers=h, body=change(body))
        else:
            route.fulfill(response=response, headers=h)
    page.route(pattern, handler)


def _still_answers(page: Page, lang: str) -> None:
    """The failure is said once, the no-JS flow offered, and the page answers on."""
    t = TEXT[lang]
    page.wait_for_selector("[data-k-checker][data-k-state=failed]", timeout=60_000)
    expect(page.locator("[data-k-status]")).to_have_text(t["checker.failed"])
    expect(page.locator("[data-k-fallback] a")).to_be_visible()
    answer_all(page, ADULT_DONT_KNOW)
    assert show_result(page) == cli_outcomes(ADULT_DONT_KNOW)
    assert complaint(page, "12", "3", "2026", "health") == "2026-04-09"
    # A date outside what the build prepared: said plainly, no wait.
    form = page.locator("form[data-k-tool=complaint]")
    form.locator("[data-k-part=year]").fill("2023")
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-k-field=received] [data-k-error]")).to_contain_text(
        t["checker.unavailable"])
    expect(page.locator("[data-k-status]")).to_have_text(t["checker.failed"])


def _open(s: Session, base: str, lang: str, prepare: Callable[[Page], None]) -> Page:
    page = s.new_page()
    page.clock.set_fixed_time(NOON)
    prepare(page)
    page.goto(base + PREFIX[lang] + "sjekk/")
    return page


def test_a_host_policy_without_wasm_unsafe_eval(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    s = session(base, service_workers="block")

    def strict(h: dict[str, str]) -> dict[str, str]:
        return {**h, "content-security-policy": CSP}

    page = _open(s, base, "nb", lambda p: _serve_with(p, "**/*", headers=strict))
    _still_answers(page, "nb")
    failure = page.locator("[data-k-checker]").get_attribute("data-k-failure") or ""
    assert "wasm" in failure.lower()


def test_a_browser_without_webassembly(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    s = session(base, service_workers="block")
    s.context.add_init_script("delete window.WebAssembly;")
    page = _open(s, base, "en", lambda p: None)
    _still_answers(page, "en")
    assert page.locator("[data-k-checker]").get_attribute("data-k-failure") == "unsupported"
    assert_clean(page)


def test_a_worker_error(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    s = session(base, service_workers="block")
    s.context.add_init_script(RECORD_XHR)

    def broken(page: Page) -> None:
        page.route("**/checker-worker.js", lambda r: r.fulfill(
            status=200, content_type="text/javascript", body="throw new Error('broken worker');"))

    page = _open(s, base, "nn", broken)
    _still_answers(page, "nn")
    # Search is not held back for good: requested once Python has failed. (The
    # record sets an attribute on <html>; wait_for_function would need eval,
    # which the page's policy refuses.)
    page.wait_for_selector("html[data-k-test-xhr]", state="attached", timeout=SIGNAL_TIMEOUT_MS)
    assert [entry[:2] for entry in page.evaluate("window.__k_xhr")] == [
        ["search_index.json", "failed"]]
    assert_clean(page)


def test_a_start_that_takes_too_long(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    s = session(base, service_workers="block")
    held = Held()

    def slow(page: Page) -> None:
        page.route(RUNTIME, held)
        # The page's own limit (data-k-timeout), shortened for the test.
        _serve_with(page, "**/sjekk/", change=lambda html: html.replace(
            'data-k-timeout="90000"', 'data-k-timeout="2000"'))

    page = _open(s, base, "en", slow)
    _still_answers(page, "en")
    assert page.locator("[data-k-checker]").get_attribute("data-k-failure") == "timeout"
    assert_clean(page)
